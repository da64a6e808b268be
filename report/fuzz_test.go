package report

import (
	"bytes"
	"testing"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/parser"
)

// FuzzTextExcerpt renders findings at arbitrary positions over arbitrary
// sources: the caret code must never panic, and every finding gets its
// header line.
func FuzzTextExcerpt(f *testing.F) {
	f.Add([]byte("{\n\t\"a\": 1\n}\n"), 2, 2, 2, 5)
	f.Add([]byte("\xef\xbb\xbfx\r\ny"), 1, 1, 1, 99)
	f.Add([]byte("\xff\xfe\tbad utf8 \xc3"), 1, 4, 0, 0)
	f.Add(bytes.Repeat([]byte("é"), 500), 1, 400, 1, 300)
	f.Add([]byte(""), 0, -3, -1, -1)
	f.Fuzz(func(t *testing.T, src []byte, line, col, endLine, endCol int) {
		r := &lint.Result{
			Findings: []lint.Finding{{Rule: "MI101", Severity: lint.SevError, Message: "m",
				Range: parser.Range{File: "f", Start: parser.Pos{Line: line, Column: col}, End: parser.Pos{Line: endLine, Column: endCol}}}},
			Errors:  parser.Diagnostics{{Summary: "e", Subject: parser.Range{File: "f", Start: parser.Pos{Line: line, Column: col}}}},
			Sources: map[string][]byte{"f": src},
		}
		for _, color := range []bool{false, true} {
			var buf bytes.Buffer
			if err := (&Text{Color: color}).Write(&buf, r, nil); err != nil {
				t.Fatal(err)
			}
			header := "MI101 m\n"
			if color {
				header = "MI101\x1b[0m m\n"
			}
			if !bytes.Contains(buf.Bytes(), []byte(header)) {
				t.Fatalf("no header line:\n%s", buf.Bytes())
			}
		}
	})
}
