package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type readCase struct {
	name, path string
	limit      int64
	want       string // data, or the start of the diagnostic
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := write("small.json", `{"a": 1}`)
	empty := write("empty.json", "")
	big := write("big.json", strings.Repeat("x", 100))
	tests := []readCase{
		{"regular", small, 0, `{"a": 1}`},
		{"empty", empty, 0, ""},
		{"at the limit", big, 100, strings.Repeat("x", 100)},
		{"over the limit", big, 99, "file too large: " + big + " is 100 bytes; the limit is 99"},
		{"missing", filepath.Join(dir, "nope.json"), 0, "cannot read file: open " + filepath.Join(dir, "nope.json")},
		{"directory", dir, 0, "cannot read file: read " + dir},
	}
	if fifo := makeFIFO(t, dir); fifo != "" {
		// Opening a FIFO for reading blocks until a writer comes; the
		// reader must fail at once instead.
		tests = append(tests, readCase{"fifo", fifo, 0, "cannot read file: read " + fifo + ": not a regular file"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, d := Options{MaxFileSize: tc.limit}.ReadFile(tc.path, Range{})
			if d != nil {
				got := d.Summary + ": " + d.Detail
				if !strings.HasPrefix(got, tc.want) {
					t.Fatalf("diagnostic %q, want %q", got, tc.want)
				}
				if d.Subject.File != tc.path || d.Subject.Start.Line != 1 {
					t.Errorf("diagnostic at %v, want line 1 of %s", d.Subject, tc.path)
				}
				return
			}
			if string(data) != tc.want {
				t.Errorf("read %q, want %q", data, tc.want)
			}
		})
	}
}
