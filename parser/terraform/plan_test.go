package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/milint/milint/parser"
)

func TestIsPlan(t *testing.T) {
	plan, err := os.ReadFile(filepath.Join(fixtures, "plan", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"fixture", string(plan), true},
		{"minimal planned_values", `{"format_version":"1.2","planned_values":{}}`, true},
		{"minimal resource_changes", "\ufeff" + `{"resource_changes":[],"format_version":"1.0"}`, true},
		{"no format_version", `{"planned_values":{}}`, false},
		{"state file", `{"format_version":"1.0","values":{}}`, false},
		{"nested keys only", `{"x":{"format_version":"1","planned_values":{}}}`, false},
		{"arm template", `{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}`, false},
		{"not json", `format_version planned_values`, false},
		{"truncated", `{"format_version":"1.2","planned_values":{`, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		if got := IsPlan([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: IsPlan = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestPlanMatchesConfiguration: the hand-written plan of testdata/terraform/plan
// gives the same resources and values as its configuration.
func TestPlanMatchesConfiguration(t *testing.T) {
	cfg := loadOK(t, "plan")
	l := NewLoader(parser.Options{})
	plan, diags := l.LoadPlan(filepath.Join(fixtures, "plan", "plan.json"))
	if diags.HasErrors() {
		t.Fatalf("plan errors: %v", diags)
	}
	if plan.Format != "terraform-plan" {
		t.Errorf("format %q", plan.Format)
	}
	ids := func(u *parser.Unit) []string {
		var out []string
		for _, r := range u.Resources {
			out = append(out, r.ID)
		}
		sort.Strings(out)
		return out
	}
	if a, b := doc(ids(cfg)), doc(ids(plan)); a != b {
		t.Fatalf("resources differ:\nconfig %s\nplan   %s", a, b)
	}
	for _, cr := range cfg.Resources {
		pr := plan.Resource(cr.ID)
		cd, pd := cr.Document(), pr.Document()
		fields := []string{"type", "apiVersion", "module", "native"}
		if cr.Type != "Microsoft.Resources/deployments" {
			fields = append(fields, "name", "properties", "identity", "scope", "parent", "loop")
		}
		for _, f := range fields {
			if a, b := doc(cd[f]), doc(pd[f]); a != b {
				t.Errorf("%s %s:\nconfig %s\nplan   %s", cr.ID, f, a, b)
			}
		}
		if pr.Range.File != filepath.Join(fixtures, "plan", "plan.json") || pr.Range.Start.Line < 2 {
			t.Errorf("%s: plan location %s", pr.ID, pr.Range)
		}
	}
	// the deleted secret is not a resource
	if plan.Resource("azurerm_key_vault_secret.old") != nil {
		t.Error("pure delete kept")
	}
	kv := plan.Resource("azurerm_key_vault.kv")
	want := 11 // "address": "azurerm_key_vault.kv" under planned_values
	if kv.Range.Start.Line != want {
		t.Errorf("kv at line %d, want %d", kv.Range.Start.Line, want)
	}
	if len(plan.Parameters) != 1 || valDoc(plan.Parameters[0].Value) != "false" {
		t.Errorf("parameters %+v", plan.Parameters)
	}
}

func TestPlanBadInput(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(p, []byte("{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {,\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	u, diags := NewLoader(parser.Options{}).LoadPlan(p)
	if !diags.HasErrors() || diags[0].Subject.Start.Line != 3 {
		t.Errorf("diags = %v", diags)
	}
	if u == nil || len(u.Files) != 1 {
		t.Errorf("unit = %+v", u)
	}
	_, diags = NewLoader(parser.Options{}).LoadPlan(filepath.Join(dir, "missing.json"))
	if !diags.HasErrors() {
		t.Error("no error for a missing plan")
	}
}
