package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/parser"
)

var update = flag.Bool("update", false, "rewrite golden files")

func rng(file string, line, col, endCol int) parser.Range {
	return parser.Range{File: file, Start: parser.Pos{Line: line, Column: col}, End: parser.Pos{Line: line, Column: endCol}}
}

func sampleResult() *lint.Result {
	src := "{\n  \"properties\": {\n\t\"enableRbacAuthorization\": false,\n    \"accessPolicies\": [\"all\"]\n  }\n}\n"
	long := strings.Repeat("x", 300) + `"purge"` + strings.Repeat("y", 300) + "\n"
	return &lint.Result{
		Findings: []lint.Finding{
			{Rule: "MI201", Slug: "kv-access-policy-model", Severity: lint.SevWarning, Message: "kv uses access policies",
				Range: rng("infra/kv.json", 3, 2, 27), Resource: "kv", Path: "properties.enableRbacAuthorization",
				Fingerprint: lint.Fingerprint("MI201", "infra/kv.json", "kv", "properties.enableRbacAuthorization")},
			{Rule: "MI101", Slug: "kv-policy-wildcard", Severity: lint.SevError, Message: "app is granted all secrets permissions",
				Range: rng("infra/kv.json", 4, 24, 29), Resource: "kv", Path: "properties.accessPolicies[0]",
				Fingerprint: lint.Fingerprint("MI101", "infra/kv.json", "kv", "properties.accessPolicies[0]")},
			{Rule: "MI102", Slug: "kv-policy-purge", Severity: lint.SevError, Message: "purge on a long line",
				Range: rng("min.json", 1, 301, 308), Resource: "v", Path: "properties.x",
				Fingerprint: lint.Fingerprint("MI102", "min.json", "v", "properties.x")},
			{Rule: "MI303", Slug: "uami-unused", Severity: lint.SevNote, Message: "no source for this one",
				Range: rng("gone.json", 9, 1, 2), Resource: "id", Fingerprint: "00"},
		},
		Errors:  parser.Diagnostics{{Severity: parser.SevError, Summary: "unexpected '}'", Detail: "expected a value", Subject: rng("bad.json", 2, 5, 6)}},
		Notes:   parser.Diagnostics{{Severity: parser.SevNote, Summary: "skipped: not an ARM template, Bicep or Terraform file", Subject: rng("package.json", 1, 1, 1)}},
		Summary: lint.Summary{Files: 3, Units: 2, Resources: 5, Findings: 4, Suppressed: 1},
		Sources: map[string][]byte{"infra/kv.json": []byte(src), "min.json": []byte(long), "bad.json": []byte("{\n    }\n")},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func write(t *testing.T, format string, cfg Config, r *lint.Result) []byte {
	t.Helper()
	f, err := Lookup(format, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf, r, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONGolden(t *testing.T) {
	golden(t, "result.json", write(t, "json", Config{}, sampleResult()))
}

// The JSON shape is the contract of DESIGN.md: exactly these keys.
func TestJSONShape(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(write(t, "json", Config{}, sampleResult()), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		return sorted(out)
	}
	if got := keys(doc); !reflect.DeepEqual(got, []string{"errors", "findings", "notes", "summary"}) {
		t.Errorf("top-level keys %v", got)
	}
	f := doc["findings"].([]any)[0].(map[string]any)
	want := sorted([]string{"rule", "slug", "severity", "message", "file", "line", "column", "endLine", "endColumn", "resource", "fingerprint"})
	if got := keys(f); !reflect.DeepEqual(got, want) {
		t.Errorf("finding keys %v, want %v", got, want)
	}
	e := doc["errors"].([]any)[0].(map[string]any)
	if got := keys(e); !reflect.DeepEqual(got, []string{"column", "file", "line", "message"}) {
		t.Errorf("error keys %v", got)
	}
	if got := keys(doc["summary"].(map[string]any)); !reflect.DeepEqual(got, []string{"files", "findings", "resources", "suppressed", "units"}) {
		t.Errorf("summary keys %v", got)
	}
	// Empty lists are [], not null.
	out := string(write(t, "json", Config{}, &lint.Result{}))
	for _, k := range []string{`"findings": []`, `"errors": []`, `"notes": []`} {
		if !strings.Contains(out, k) {
			t.Errorf("empty result lacks %s:\n%s", k, out)
		}
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestTextGolden(t *testing.T) {
	golden(t, "result.txt", write(t, "text", Config{}, sampleResult()))
	golden(t, "result-color.txt", write(t, "text", Config{Color: true}, sampleResult()))
}

func TestText(t *testing.T) {
	plain := string(write(t, "text", Config{}, sampleResult()))
	if strings.Contains(plain, "\x1b[") {
		t.Error("colour codes without Color")
	}
	for _, want := range []string{
		"infra/kv.json:3:2: warning MI201 kv uses access policies\n    \t\"enableRbacAuthorization\": false,\n    \t^~~~~~~~~~~~~~~~~~~~~~~~~\n",
		"infra/kv.json:4:24: error MI101 app is granted all secrets permissions\n",
		"bad.json:2:5: error: unexpected '}': expected a value\n        }\n        ^\n",
		"gone.json:9:1: note MI303 no source for this one\nmilint:", // no excerpt without source
		"milint: 4 findings (2 errors, 1 warning, 1 note) in 3 files, 2 units, 5 resources; 1 suppressed; 1 input error\n",
	} {
		if !strings.Contains(plain, want) {
			t.Errorf("text output lacks %q:\n%s", want, plain)
		}
	}
	// A long line is cut around the column and the caret still points at it.
	for _, l := range strings.Split(plain, "\n") {
		if strings.Contains(l, `"purge"`) {
			if n := len([]rune(l)); n > maxShown+10 {
				t.Errorf("long line not cut: %d runes", n)
			}
		}
	}
	i := strings.Index(plain, `"purge"`)
	lineStart := strings.LastIndex(plain[:i], "\n") + 1
	next := plain[strings.Index(plain[i:], "\n")+i+1:]
	caretCol := strings.Index(next, "^")
	if caretCol != i-lineStart {
		t.Errorf("caret at %d, want %d", caretCol, i-lineStart)
	}
	if quiet := string(write(t, "text", Config{Quiet: true}, sampleResult())); strings.Contains(quiet, "milint:") {
		t.Error("quiet output has a summary")
	}
	if got := string(write(t, "text", Config{}, &lint.Result{})); got != "milint: no findings in 0 files, 0 units, 0 resources\n" {
		t.Errorf("empty: %q", got)
	}
	color := string(write(t, "text", Config{Color: true}, sampleResult()))
	if !strings.Contains(color, "\x1b[1;33mwarning\x1b[0m") || !strings.Contains(color, "\x1b[1;31merror:\x1b[0m") {
		t.Errorf("colour output lacks coloured severities:\n%q", color)
	}
}

func TestLookup(t *testing.T) {
	if _, err := Lookup("yaml", Config{}); err == nil || !strings.Contains(err.Error(), `unknown format "yaml"`) {
		t.Fatalf("unknown format: %v", err)
	}
	names := Names()
	if !reflect.DeepEqual(names[:0:0], []string{}) && len(names) < 2 {
		t.Fatalf("names %v", names)
	}
}
