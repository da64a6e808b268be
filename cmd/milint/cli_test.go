package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// milint runs the command line in dir and returns exit code, stdout, stderr.
func milint(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	t.Setenv("NO_COLOR", "")
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodTemplate = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults",
      "apiVersion": "2023-07-01",
      "name": "kv",
      "location": "westeurope",
      "properties": {
        "tenantId": "[subscription().tenantId]",
        "sku": {"family": "A", "name": "standard"},
        "enableRbacAuthorization": false
      }
    }
  ]
}
`

func TestFlagErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{"t.json": goodTemplate})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--frobnicate"}, "unknown flag: --frobnicate"},
		{"bad fail-on", []string{"--fail-on", "sometimes", "."}, `--fail-on: "sometimes" is not one of error, warning, note, never`},
		{"unknown format", []string{"-f", "yaml", "."}, `unknown format "yaml"`},
		{"unknown rule", []string{"--enable", "MI999", "."}, `--enable: unknown rule "MI999"`},
		{"unknown rule disabled", []string{"--disable", "XX1", "."}, `--disable: unknown rule "XX1"`},
		{"negative jobs", []string{"-j", "-1", "."}, "--jobs"},
		{"explain unknown rule", []string{"explain", "MI999"}, `unknown rule "MI999"`},
		{"explain without rule", []string{"explain"}, "usage: milint explain RULE"},
		{"parse unknown format", []string{"parse", "--format", "text", "."}, `parse --format: "text" is not supported`},
		{"rules unknown format", []string{"rules", "--format", "xml"}, `rules --format: "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := milint(t, dir, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", stderr, tt.want)
			}
		})
	}
}

func TestNonTemplateJSONNamedExplicitly(t *testing.T) {
	dir := writeFiles(t, map[string]string{"package.json": `{"name": "web", "version": "1.0.0"}`, "tsconfig.json": `{"compilerOptions": {}}`})
	code, stdout, stderr := milint(t, dir, "package.json")
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if stderr != "package.json:1:1: note: skipped: not an ARM template, Bicep or Terraform file\n" {
		t.Errorf("stderr %q, want one note line", stderr)
	}
	if !strings.Contains(stdout, "no findings") {
		t.Errorf("stdout %q", stdout)
	}
	// In a directory run they are skipped silently.
	code, _, stderr = milint(t, dir, ".")
	if code != 0 || stderr != "" {
		t.Errorf("dir run: exit %d stderr %q", code, stderr)
	}
	// -q drops the note.
	if code, _, stderr = milint(t, dir, "-q", "package.json"); code != 0 || stderr != "" {
		t.Errorf("quiet: exit %d stderr %q", code, stderr)
	}
}

func TestVersionRulesExplain(t *testing.T) {
	root := repoRoot(t)
	code, out, _ := milint(t, root, "version")
	if code != 0 || !strings.HasPrefix(out, "milint ") || !strings.Contains(out, "go1.") {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, _ = milint(t, root, "rules")
	if code != 0 || !regexp.MustCompile(`(?m)^MI101\s+error\s+kv-policy-wildcard\s+\S`).MatchString(out) {
		t.Errorf("rules: %d %q", code, out)
	}
	code, out, _ = milint(t, root, "rules", "--format", "json")
	var rs []map[string]any
	if err := json.Unmarshal([]byte(out), &rs); err != nil || code != 0 || len(rs) < 3 {
		t.Fatalf("rules json: %d %v %q", code, err, out)
	}
	for _, k := range []string{"id", "slug", "severity", "title", "description"} {
		if _, ok := rs[0][k]; !ok {
			t.Errorf("rules json lacks %q", k)
		}
	}
	code, out, _ = milint(t, root, "explain", "mi201")
	if code != 0 || !strings.Contains(out, "MI201") {
		t.Errorf("explain: %d %q", code, out)
	}
}
