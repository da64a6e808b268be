package lint

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestUnknownValuesAreSilent is the false-positive guard in all three
// formats: in testdata/unknown every value a rule judges (the RBAC flag,
// the access-policy permissions, the role) comes from a parameter or
// variable without a default, so the template alone decides nothing and
// milint reports nothing. With the bad-values file bound, the same
// templates give MI101, MI110 and MI201: the fixtures do exercise the
// rules.
func TestUnknownValuesAreSilent(t *testing.T) {
	dir := filepath.Join("..", "testdata", "unknown")
	tests := []struct {
		name, entry, values string
		tf                  bool
	}{
		{"bicep", "bicep/main.bicep", "bicep/bad-values.bicepparam", false},
		{"arm", "arm/azuredeploy.json", "arm/bad-values.parameters.json", false},
		{"terraform", "terraform", "terraform/bad-values.tfvars", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entry := filepath.Join(dir, tc.entry)
			res, err := Run(context.Background(), Options{Paths: []string{entry}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) != 0 || len(res.Findings) != 0 || res.Summary.Resources != 3 {
				t.Fatalf("unresolved values: %d errors, findings %v, %d resources", len(res.Errors), res.Findings, res.Summary.Resources)
			}
			opts := Options{Paths: []string{entry}}
			values := filepath.Join(dir, tc.values)
			if tc.tf {
				opts.VarFiles = []string{values}
			} else {
				opts.ParamFiles = []string{values}
			}
			res, err = Run(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			var rules []string
			for _, f := range res.Findings {
				rules = append(rules, f.Rule)
			}
			sort.Strings(rules)
			if got := strings.Join(rules, " "); got != "MI101 MI110 MI201" {
				t.Errorf("with %s: findings %s, want MI101 MI110 MI201", tc.values, got)
			}
			for _, n := range res.Notes {
				if strings.Contains(n.Summary, "not bound") {
					t.Errorf("note %s", n.Error())
				}
			}
		})
	}
}

// TestUnboundParameterFileIsNoted checks that a parameter file that binds
// to no linted template is reported, not ignored: with two templates an
// unmatched --param-file is ambiguous.
func TestUnboundParameterFileIsNoted(t *testing.T) {
	dir := filepath.Join("..", "testdata", "unknown", "arm")
	pf := filepath.Join(dir, "bad-values.parameters.json")
	res, err := Run(context.Background(), Options{
		Paths:      []string{filepath.Join(dir, "azuredeploy.json"), filepath.Join("..", "testdata", "rules", "MI101", "good.json")},
		ParamFiles: []string{pf},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Notes {
		if n.Subject.File == pf && strings.Contains(n.Summary, "not bound to any linted template") {
			return
		}
	}
	t.Errorf("no note for the unbound parameter file; notes %v", res.Notes)
}
