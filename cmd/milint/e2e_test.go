package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var findingLine = regexp.MustCompile(`(?m)^(\S+):(\d+):(\d+): (error|warning|note) (MI\d+) `)

// TestExamples lints testdata/examples end to end and checks every finding's
// place.
func TestExamples(t *testing.T) {
	root := repoRoot(t)
	code, out, stderr := milint(t, root, "lint", "testdata/examples")
	if code != 1 {
		t.Errorf("exit %d, want 1 (stderr %q)", code, stderr)
	}
	const f = "testdata/examples/arm/keyvault-access-policies.json"
	var got []string
	for _, m := range findingLine.FindAllStringSubmatch(out, -1) {
		got = append(got, filepath.ToSlash(m[1])+":"+m[2]+":"+m[3]+" "+m[4]+" "+m[5])
	}
	want := []string{
		f + ":45:36 warning MI201",                               // "enableRbacAuthorization": false
		f + ":52:17 error MI101",                                 // "all"
		f + ":56:17 error MI102",                                 // "purge"
		"testdata/examples/bicep/app.bicep:33:23 error MI110",    // roleDefinitionId: Key Vault Administrator
		"testdata/examples/terraform/main.tf:11:1 warning MI201", // vault without rbac_authorization_enabled
		"testdata/examples/terraform/main.tf:21:49 error MI102",  // "Purge"
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n got %q\nwant %q\n%s", got, want, out)
	}
	if !strings.Contains(out, "    \"all\"\n                    ^~~~~\n") {
		t.Errorf("no source line and caret under \"all\":\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour on a non-terminal")
	}

	// JSON: same findings, DESIGN.md shape.
	code, out, _ = milint(t, root, "lint", "--format", "json", "testdata/examples")
	if code != 1 {
		t.Errorf("json exit %d", code)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Errors   []any            `json:"errors"`
		Notes    []any            `json:"notes"`
		Summary  map[string]int   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(doc.Findings) != 6 || doc.Findings[1]["rule"] != "MI101" || doc.Findings[1]["line"] != 52.0 || doc.Findings[1]["slug"] != "kv-policy-wildcard" {
		t.Errorf("json findings %v", doc.Findings)
	}
	if doc.Summary["findings"] != 6 || doc.Summary["units"] != 4 || doc.Errors == nil || doc.Notes == nil {
		t.Errorf("json summary %v errors %v notes %v", doc.Summary, doc.Errors, doc.Notes)
	}

	// -o writes the file, stdout stays empty.
	outFile := filepath.Join(t.TempDir(), "r.json")
	code, out, _ = milint(t, root, "lint", "-f", "json", "-o", outFile, "testdata/examples")
	if b, err := os.ReadFile(outFile); err != nil || code != 1 || out != "" || !strings.Contains(string(b), `"MI102"`) {
		t.Errorf("-o: exit %d stdout %q file %q %v", code, out, b, err)
	}
}

func TestFailOn(t *testing.T) {
	root := repoRoot(t)
	tests := []struct {
		args []string
		want int
	}{
		{nil, 1},
		{[]string{"--fail-on", "warning"}, 1},
		{[]string{"--fail-on", "error"}, 1}, // MI101, MI102 are errors
		{[]string{"--fail-on", "never"}, 0},
		{[]string{"--fail-on", "error", "--enable", "MI201"}, 0}, // only a warning left
		{[]string{"--disable", "MI101,MI102,MI110,MI201"}, 0},
		{[]string{"-j", "1", "--no-color", "-q"}, 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append(append([]string{}, tt.args...), "testdata/examples")
			if code, out, stderr := milint(t, root, args...); code != tt.want {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.want, out, stderr)
			}
		})
	}
}

// A malformed file is an error with file:line:col and exit 2; the good
// file's findings are still reported.
func TestBadInput(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"bad.json":  "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n  \"resources\": [\n    {\"type\": }\n  ]\n}\n",
		"good.json": goodTemplate,
	})
	code, out, _ := milint(t, dir, ".")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !regexp.MustCompile(`(?m)^bad\.json:4:\d+: error: `).MatchString(out) {
		t.Errorf("no bad.json:4:col error:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^good\.json:13:\d+: warning MI201 `).MatchString(out) {
		t.Errorf("good file's finding missing:\n%s", out)
	}
	if code, _, _ := milint(t, dir, "--fail-on", "never", "."); code != 2 {
		t.Errorf("--fail-on never with an input error: exit %d, want 2", code)
	}
	// With JSON on stdout, the error is in the object and on stderr.
	code, out, stderr := milint(t, dir, "-f", "json", ".")
	if code != 2 || !strings.Contains(out, `"file": "bad.json"`) || !strings.HasPrefix(stderr, "bad.json:4:") {
		t.Errorf("json: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
}

func TestParse(t *testing.T) {
	root := repoRoot(t)
	code, out, stderr := milint(t, root, "parse", "testdata/examples")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Units  []map[string]any `json:"units"`
		Errors []any            `json:"errors"`
		Notes  []any            `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Units) != 4 || doc.Errors == nil || doc.Notes == nil {
		t.Fatalf("units %d errors %v notes %v", len(doc.Units), doc.Errors, doc.Notes)
	}
	for _, k := range []string{"entry", "files", "resources", "grants", "identities"} {
		if _, ok := doc.Units[0][k]; !ok {
			t.Errorf("unit lacks %q", k)
		}
	}
	if g, _ := doc.Units[0]["grants"].([]any); len(g) == 0 {
		t.Error("derived grants missing from parse output")
	}
	dir := writeFiles(t, map[string]string{"bad.json": "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": [\n}\n"})
	code, out, stderr = milint(t, dir, "parse", "bad.json")
	if code != 2 || !strings.Contains(out, `"errors": [`) || !strings.HasPrefix(stderr, "bad.json:2:1: error: ") {
		t.Errorf("parse bad: exit %d\n%s\n%s", code, out, stderr)
	}
}
