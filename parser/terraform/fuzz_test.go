package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/milint/milint/parser"
)

// FuzzHCLToModel parses arbitrary bytes as a .tf file and maps it to the
// model. It must never panic (Load turns a panic into an "internal error"
// diagnostic, which fails here), and every resource has an id and a type.
func FuzzHCLToModel(f *testing.F) {
	for _, dir := range []string{"basic", "dynamic", "kvap-count", "azapi-v1", "azapi-v2", "attr-list", "types", "tfvars-true", "bad/locals-cycle"} {
		matches, _ := filepath.Glob(filepath.Join(fixtures, dir, "*.tf"))
		for _, m := range matches {
			if b, err := os.ReadFile(m); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(`resource "a" "b" { dynamic "x" { for_each = [1, 2] content { y = x.value } } }`))
	f.Add([]byte(`locals { a = [for k, v in {x = 1} : "${k}=${v}" if v > 0] }` + "\nresource \"azurerm_key_vault\" \"k\" { name = local.a[0] }"))
	f.Add([]byte(`module "m" { source = "./" }`))
	f.Add([]byte("resource \"x\" \"y\" {\n  a = <<EOT\nhello ${var.z}\nEOT\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		type result struct {
			u     *parser.Unit
			diags parser.Diagnostics
		}
		done := make(chan result, 1)
		go func() {
			u, diags := NewLoader(parser.Options{Root: dir}).Load(dir)
			done <- result{u, diags}
		}()
		var res result
		select {
		case res = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Load did not finish in 10s on %q", data)
		}
		u, diags := res.u, res.diags
		for _, d := range diags {
			if strings.HasPrefix(d.Summary, "internal error") {
				t.Fatalf("%s", d.Detail)
			}
		}
		if u == nil {
			t.Fatal("nil unit")
		}
		for _, r := range u.Resources {
			if r.ID == "" || r.Type == "" || r.Range.IsZero() {
				t.Fatalf("resource without id/type/range: %+v", r)
			}
		}
		_ = u.Document()
	})
}

// FuzzLoadPlan reads arbitrary bytes as plan JSON.
func FuzzLoadPlan(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join(fixtures, "plan", "plan.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b[0]","mode":"managed","type":"azapi_resource","name":"b","index":0,"values":{"type":"X/y@1","body":"{\"properties\":{}}"}}]}}}`))
	f.Add([]byte(`{"format_version":"1.2","configuration":{"root_module":{"resources":[{"address":"a.b","mode":"managed","expressions":{"x":{"references":["azurerm_x.y.id"]},"y":[{"z":{"references":["var.q"]}}]}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "plan.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_ = IsPlan(data)
		u, diags := NewLoader(parser.Options{}).LoadPlan(p)
		for _, d := range diags {
			if strings.HasPrefix(d.Summary, "internal error") {
				t.Fatalf("%s", d.Detail)
			}
		}
		_ = u.Document()
	})
}
