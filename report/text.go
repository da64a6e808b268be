package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
)

// Text writes compiler-like output:
//
//	infra/kv.json:14:9: warning MI201 kv-prod uses access policies ...
//	        "enableRbacAuthorization": false,
//	        ^~~~~~~~~~~~~~~~~~~~~~~~~
//
// followed by input errors as "file:line:col: error: message" and a summary
// line. Notes are not part of it (the command line prints them on stderr).
type Text struct {
	Color bool
	Quiet bool
	// ShowSuppressed lists suppressed findings too, marked as such.
	ShowSuppressed bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiGreen  = "\x1b[1;32m"
	ansiDim    = "\x1b[2m"
)

// maxShown is the widest source excerpt shown; longer lines (minified JSON)
// are cut around the column.
const maxShown = 120

func (t *Text) paint(code, s string) string {
	if !t.Color || s == "" {
		return s
	}
	return code + s + ansiReset
}

func sevColor(s string) string {
	switch s {
	case "error":
		return ansiRed
	case "warning":
		return ansiYellow
	}
	return ansiCyan
}

// Write implements Formatter.
func (t *Text) Write(w io.Writer, r *lint.Result, _ []rules.Metadata) error {
	bw := bufio.NewWriter(w)
	lines := &lineIndex{src: r.Source, idx: map[string][]int{}}
	for _, d := range r.Errors {
		fmt.Fprintf(bw, "%s: %s %s\n", t.paint(ansiBold, pos(d.Subject)), t.paint(ansiRed, "error:"), d.Message())
		t.excerpt(bw, lines, d.Subject)
	}
	findings := r.Findings
	if t.ShowSuppressed {
		findings = withSuppressed(r)
	}
	for _, f := range findings {
		sev := f.Severity.String()
		if f.Suppressed {
			fmt.Fprintf(bw, "%s: %s %s %s %s\n", t.paint(ansiBold, pos(f.Range)), t.paint(ansiDim, "suppressed "+sev), t.paint(ansiBold, f.Rule), f.Message,
				t.paint(ansiDim, "("+suppressedWhy(f)+")"))
			continue
		}
		fmt.Fprintf(bw, "%s: %s %s %s\n", t.paint(ansiBold, pos(f.Range)), t.paint(sevColor(sev), sev), t.paint(ansiBold, f.Rule), f.Message)
		t.excerpt(bw, lines, f.Range)
	}
	if !t.Quiet {
		fmt.Fprintln(bw, t.summary(r))
	}
	return bw.Flush()
}

func pos(r parser.Range) string {
	if r.Start.Line <= 0 {
		return r.File
	}
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, max(r.Start.Column, 1))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (t *Text) summary(r *lint.Result) string {
	var sb strings.Builder
	s := r.Summary
	if len(r.Findings) == 0 {
		sb.WriteString("no findings")
	} else {
		var e, w, n int
		for _, f := range r.Findings {
			switch f.Severity {
			case lint.SevError:
				e++
			case lint.SevWarning:
				w++
			default:
				n++
			}
		}
		var parts []string
		if e > 0 {
			parts = append(parts, plural(e, "error", "errors"))
		}
		if w > 0 {
			parts = append(parts, plural(w, "warning", "warnings"))
		}
		if n > 0 {
			parts = append(parts, plural(n, "note", "notes"))
		}
		fmt.Fprintf(&sb, "%s (%s)", plural(len(r.Findings), "finding", "findings"), strings.Join(parts, ", "))
	}
	fmt.Fprintf(&sb, " in %s, %s, %s", plural(s.Files, "file", "files"), plural(s.Units, "unit", "units"), plural(s.Resources, "resource", "resources"))
	if s.Suppressed > 0 {
		fmt.Fprintf(&sb, "; %d suppressed", s.Suppressed)
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(&sb, "; %s", plural(len(r.Errors), "input error", "input errors"))
	}
	return t.paint(ansiDim, "milint: ") + sb.String()
}

// excerpt prints the source line of r and a caret under its column (with
// tildes to its end when it ends on the same line).
func (t *Text) excerpt(w io.Writer, lines *lineIndex, r parser.Range) {
	text, ok := lines.line(r.File, r.Start.Line)
	if !ok {
		return
	}
	runes := []rune(text)
	col := max(r.Start.Column, 1) - 1
	if col > len(runes) {
		col = len(runes)
	}
	width := 1
	if r.End.Line == r.Start.Line && r.End.Column > r.Start.Column {
		width = r.End.Column - r.Start.Column
	}
	// Cut long lines around the column.
	lead := ""
	if len(runes) > maxShown {
		start := max(col-maxShown/3, 0)
		end := min(start+maxShown, len(runes))
		if start > 0 {
			lead = "..."
		}
		tail := ""
		if end < len(runes) {
			tail = "..."
		}
		col -= start
		runes = []rune(lead + string(runes[start:end]) + tail)
		col += len(lead)
	}
	width = min(width, max(len(runes)-col, 1))
	var caret strings.Builder
	for _, c := range runes[:col] {
		if c == '\t' {
			caret.WriteByte('\t')
		} else {
			caret.WriteByte(' ')
		}
	}
	marks := "^" + strings.Repeat("~", width-1)
	fmt.Fprintf(w, "    %s\n    %s%s\n", string(runes), caret.String(), t.paint(ansiGreen, marks))
}

// lineIndex finds source lines quickly: line start offsets per file,
// computed once per file.
type lineIndex struct {
	src func(file string) ([]byte, bool)
	idx map[string][]int
}

func (li *lineIndex) line(file string, n int) (string, bool) {
	src, ok := li.src(file)
	if !ok || n <= 0 {
		return "", false
	}
	starts, ok := li.idx[file]
	if !ok {
		starts = []int{0}
		for i := 0; i < len(src); {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			starts = append(starts, i)
		}
		li.idx[file] = starts
	}
	if n > len(starts) {
		return "", false
	}
	s := starts[n-1]
	e := len(src)
	if n < len(starts) {
		e = starts[n] - 1
	}
	if s > e {
		return "", false
	}
	line := src[s:e]
	line = bytes.TrimSuffix(line, []byte("\r"))
	if n == 1 {
		line = parser.StripBOM(line)
	}
	if !utf8.Valid(line) {
		line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
	}
	return string(line), true
}
