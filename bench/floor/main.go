// Command floor is the parse-only floor of bench/compare.sh: it reads every
// file of the given paths that milint would look at (.json, .jsonc, .bicep,
// .bicepparam, .tf, .tfvars), decodes the JSON ones with encoding/json and
// runs a byte-level token count over the others, with a fixed number of
// workers. It does nothing else, so its time is the cost of reading and
// tokenising the input, a lower bound for any linter on the same files.
//
// Usage: floor [-j N] PATH...
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

type result struct {
	files, bytes, docs, tokens, jsonErrs int64
}

func main() {
	jobs := flag.Int("j", 2, "workers")
	flag.Parse()
	start := time.Now()

	paths := make(chan string, 256)
	var wg sync.WaitGroup
	results := make([]result, *jobs)
	for w := range *jobs {
		wg.Add(1)
		go func(r *result) {
			defer wg.Done()
			for p := range paths {
				work(p, r)
			}
		}(&results[w])
	}

	roots := flag.Args()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable entries are skipped, as a linter would report and go on
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if wanted(p) {
				paths <- p
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
		}
	}
	close(paths)
	wg.Wait()

	var total result
	for _, r := range results {
		total.files += r.files
		total.bytes += r.bytes
		total.docs += r.docs
		total.tokens += r.tokens
		total.jsonErrs += r.jsonErrs
	}
	fmt.Printf("floor: %d files, %d bytes, %d JSON documents decoded (%d not strict JSON, tokenised), %d tokens, %.3fs\n",
		total.files, total.bytes, total.docs, total.jsonErrs, total.tokens, time.Since(start).Seconds())
}

func wanted(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json", ".jsonc", ".bicep", ".bicepparam", ".tf", ".tfvars":
		return true
	}
	return false
}

func work(p string, r *result) {
	data, err := os.ReadFile(p)
	if err != nil {
		return
	}
	r.files++
	r.bytes += int64(len(data))
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json", ".jsonc":
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			// JSONC (comments) or broken files: tokenise instead, so the
			// bytes are still looked at once.
			r.jsonErrs++
			r.tokens += tokens(data)
		} else {
			r.docs++
		}
	default:
		r.tokens += tokens(data)
	}
}

// tokens counts identifier/number runs, quoted strings and punctuation in one
// pass over the bytes: the minimum work of a lexer for Bicep or HCL.
func tokens(b []byte) int64 {
	var n int64
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '"' || c == '\'':
			n++
			i++
			for i < len(b) && b[i] != c {
				if b[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case isWord(c):
			n++
			for i < len(b) && isWord(b[i]) {
				i++
			}
		default:
			n++
			i++
		}
	}
	return n
}

func isWord(c byte) bool {
	return c == '_' || c == '.' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
