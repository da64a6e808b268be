package lint

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/milint/milint/parser"
)

const customPolicy = `# METADATA
# title: Things must set flag
# description: A custom organisation rule.
# related_resources:
#   - ref: https://wiki.example.invalid/ACME001
# custom:
#   id: ACME001
#   slug: acme-flag
#   severity: warning
package milint.rules.acme001

deny contains f if {
	some r in input.resources
	r.properties.flag == false
	f := {"msg": sprintf("%s must set flag", [r.id]), "resource": r.id, "path": "properties.flag"}
}
`

func writePolicy(t *testing.T, name, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCustomPolicy(t *testing.T) {
	pdir := writePolicy(t, "acme001.rego", customPolicy)
	// A test file beside it is not loaded as a rule.
	if err := os.WriteFile(filepath.Join(pdir, "acme001_test.rego"), []byte("package milint.rules.acme001_test\n\ntest_x if { true }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tree(t, map[string]string{"t.json": templateJSON})
	const f = "t.json"
	u := unit(f, nil, flagRes(f, "thing", 2, 5))
	fe := &frontEnds{arm: &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){f: fixed(u)}}, classify: sniffJSON}
	runP := func(o Options) *Result {
		t.Helper()
		o.fe, o.PolicyDirs = fe, []string{pdir}
		r, err := Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := runP(Options{})
	var got []Finding
	for _, x := range r.Findings {
		if x.Rule == "ACME001" {
			got = append(got, x)
		}
	}
	if len(got) != 1 || got[0].Slug != "acme-flag" || got[0].Severity != SevWarning || got[0].Message != "thing must set flag" ||
		got[0].Range.Start.Line != 5 {
		t.Fatalf("custom findings %+v", got)
	}
	known := false
	for _, m := range r.Rules {
		if m.ID == "ACME001" && m.DocsURL == "https://wiki.example.invalid/ACME001" && m.Title == "Things must set flag" {
			known = true
		}
	}
	if !known {
		t.Errorf("ACME001 metadata not among the rules that ran")
	}
	// Severity overrides and --disable / --enable apply to custom rules.
	r = runP(Options{Severity: map[string]Severity{"ACME001": SevError}, Enable: []string{"acme001"}})
	if len(r.Findings) != 1 || r.Findings[0].Severity != SevError || len(r.Rules) != 1 {
		t.Errorf("override/enable: %+v rules %d", r.Findings, len(r.Rules))
	}
	r = runP(Options{Disable: []string{"ACME001"}})
	for _, x := range r.Findings {
		if x.Rule == "ACME001" {
			t.Errorf("disabled custom rule reported: %+v", x)
		}
	}
	// The policy is part of the rule list for config checks.
	all, err := AvailableRules([]string{pdir})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := ParseConfig("c.yaml", []byte("rules:\n  ACME001: {severity: note}\n"))
	if err := c.CheckRules(all); err != nil {
		t.Error(err)
	}
}

func TestPolicyForbiddenBuiltins(t *testing.T) {
	head := "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: ACME002\n#   slug: x\n#   severity: error\npackage milint.rules.acme002\n\n"
	tests := []struct {
		name, body, builtin string
		line, col           int
	}{
		{"http.send", "deny contains f if {\n\tr := http.send({\"method\": \"GET\", \"url\": \"https://attacker.invalid\"})\n\tf := {\"msg\": r.body}\n}\n", "http.send", 11, 7},
		{"net.lookup_ip_addr", "deny contains f if {\n\tips := net.lookup_ip_addr(\"attacker.invalid\")\n\tf := {\"msg\": sprintf(\"%v\", [ips])}\n}\n", "net.lookup_ip_addr", 11, 9},
		{"net.cidr_contains", "deny contains f if {\n\tnet.cidr_contains(\"10.0.0.0/8\", \"10.1.1.1\")\n\tf := {\"msg\": \"x\"}\n}\n", "net.cidr_contains", 11, 2},
		{"opa.runtime env", "deny contains f if {\n\tenv := opa.runtime().env\n\tf := {\"msg\": env.GITHUB_TOKEN}\n}\n", "opa.runtime", 11, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePolicy(t, "evil.rego", head+tt.body)
			mods, err := LoadPolicyDirs(nil, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			_, err = NewEngine(mods)
			if err == nil {
				t.Fatal("policy compiled")
			}
			want := filepath.Join(dir, "evil.rego") + ":" + itoa(tt.line) + ":" + itoa(tt.col) + ": milint forbids " + tt.builtin + " in policies: "
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q\nwant prefix %q", err, want)
			}
			if tt.builtin == "http.send" && !strings.Contains(err.Error(), "exfiltration channel") {
				t.Errorf("error does not say why: %q", err)
			}
			// And through Run (--policy): an error before any input is read.
			if _, err := Run(context.Background(), Options{PolicyDirs: []string{dir}, Paths: []string{dir}}); err == nil ||
				!strings.Contains(err.Error(), "milint forbids "+tt.builtin) {
				t.Errorf("Run: %v", err)
			}
		})
	}
	// The capabilities themselves lack the builtins, so a policy that
	// slipped past the check still would not compile.
	caps := Capabilities()
	for _, b := range caps.Builtins {
		if b.Name == "http.send" || b.Name == "opa.runtime" || strings.HasPrefix(b.Name, "net.") {
			t.Errorf("capabilities keep %s", b.Name)
		}
	}
	// Harmless builtins pass the check.
	dir := writePolicy(t, "ok.rego", head+"deny contains f if {\n\tx := lower(\"A\")\n\tf := {\"msg\": sprintf(\"%s\", [x])}\n}\n")
	mods, err := LoadPolicyDirs(nil, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewEngine(mods); err != nil {
		t.Errorf("harmless policy refused: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
