package lint

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/milint/milint/parser"
)

// File-name runs (pre-commit passes the changed files): a changed module is
// linted through the entry files that call it, so its findings carry the
// values its callers pass. callerJobs finds, for the Bicep, ARM and
// Terraform files named explicitly, the files of the repository that may
// call them (they mention the module's file or directory name), repeatedly
// up to the entries. The candidates are loaded like any entry; those that
// turn out not to include a named file are dropped (keepCallers), and the
// named module's own unit is then dropped by dropCalled because a caller
// read it.

// maxCallerDepth bounds the caller search (module nesting).
const maxCallerDepth = 8

// callerJobs returns the caller candidates of the explicit jobs, as jobs
// not already among jobs.
func callerJobs(jobs []job, root string, exclude func(string, bool) bool) []job {
	var targets []job
	for _, j := range jobs {
		if !j.explicit {
			continue
		}
		switch j.kind {
		case jobBicep:
			if strings.HasSuffix(j.path, ".bicep") {
				targets = append(targets, j)
			}
		case jobJSON, jobTerraform:
			targets = append(targets, j)
		}
	}
	if len(targets) == 0 || root == "" {
		return nil
	}
	// Only a repository bounds the search: without a .git (the root fell
	// back to the working directory, which may be a home directory) milint
	// does not walk the whole tree looking for callers.
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		return nil
	}
	idx := indexIaCFiles(root, exclude)
	have := map[string]bool{}
	for _, j := range jobs {
		have[absPath(j.path)] = true
	}
	var out []job
	frontier := targets
	for depth := 0; depth < maxCallerDepth && len(frontier) > 0; depth++ {
		var next []job
		for _, t := range frontier {
			for _, c := range idx.callersOf(t) {
				a := absPath(c.path)
				if have[a] {
					continue
				}
				have[a] = true
				out = append(out, c)
				next = append(next, c)
			}
		}
		frontier = next
	}
	return out
}

// iacIndex holds the Bicep, JSON and Terraform files of a repository, read
// lazily.
type iacIndex struct {
	bicep, json, tf []string
	cache           map[string][]byte
}

func indexIaCFiles(root string, exclude func(string, bool) bool) *iacIndex {
	idx := &iacIndex{cache: map[string][]byte{}}
	start := root
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, root); err == nil && !strings.HasPrefix(rel, "..") {
			start = rel // keep paths relative to the working directory, as the user gave them
		}
	}
	_ = filepath.WalkDir(start, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if e != nil && e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if p != start && (skipDir(e.Name()) || exclude != nil && exclude(p, true)) {
				return fs.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() || exclude != nil && exclude(p, false) {
			return nil
		}
		name := strings.ToLower(e.Name())
		switch {
		case strings.HasSuffix(name, ".bicep"):
			idx.bicep = append(idx.bicep, p)
		case strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".jsonc"):
			if !strings.HasSuffix(name, ".tf.json") {
				idx.json = append(idx.json, p)
			}
		}
		if isTerraformFile(e.Name()) {
			idx.tf = append(idx.tf, p)
		}
		return nil
	})
	return idx
}

func (idx *iacIndex) read(p string) []byte {
	if b, ok := idx.cache[p]; ok {
		return b
	}
	var b []byte
	if st, err := os.Stat(p); err == nil && st.Size() <= parser.DefaultMaxFileSize {
		b, _ = os.ReadFile(p)
	}
	idx.cache[p] = b
	return b
}

// callersOf returns the files (as jobs) that mention t's file (Bicep
// modules, ARM linked templates) or directory (Terraform module sources).
func (idx *iacIndex) callersOf(t job) []job {
	var out []job
	self := absPath(t.path)
	switch t.kind {
	case jobBicep, jobJSON:
		base := []byte(filepath.Base(t.path))
		for _, p := range idx.bicep {
			if absPath(p) != self && bytes.Contains(idx.read(p), base) {
				out = append(out, job{kind: jobBicep, path: p})
			}
		}
		if t.kind == jobJSON {
			for _, p := range idx.json {
				if absPath(p) == self {
					continue
				}
				src := idx.read(p)
				if bytes.Contains(src, base) && bytes.Contains(src, []byte("relativePath")) {
					out = append(out, job{kind: jobJSON, path: p})
				}
			}
		}
	case jobTerraform:
		base := []byte(filepath.Base(t.path))
		seen := map[string]bool{}
		for _, p := range idx.tf {
			dir := filepath.Dir(p)
			if absPath(dir) == self || seen[dir] {
				continue
			}
			src := idx.read(p)
			if bytes.Contains(src, []byte("source")) && bytes.Contains(src, base) {
				seen[dir] = true
				out = append(out, job{kind: jobTerraform, path: dir})
			}
		}
	}
	return out
}

// keepCallers drops the units of caller candidates that do not include any
// explicitly named file (or, for Terraform, a file of a named directory).
func keepCallers(units []*parser.Unit, jobs []job, callers map[string]bool) {
	named := map[string]bool{}
	namedDirs := map[string]bool{}
	for _, j := range jobs {
		if !j.explicit {
			continue
		}
		if j.kind == jobTerraform {
			namedDirs[absPath(j.path)] = true
		} else {
			named[absPath(j.path)] = true
		}
	}
	for i, j := range jobs {
		if i >= len(units) || units[i] == nil || !callers[absPath(j.path)] {
			continue
		}
		keep := false
		for _, f := range units[i].Files {
			a := absPath(f)
			if named[a] || namedDirs[filepath.Dir(a)] {
				keep = true
				break
			}
		}
		if !keep {
			units[i] = nil
		}
	}
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	return a
}
