package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestUnresolvedValueGuard is the false-positive guard end to end: a vault
// whose enableRbacAuthorization is [parameters('rbac')] with no default
// produces no finding; bound to a parameter file that sets it to false it
// produces MI201 on the flag's line.
func TestUnresolvedValueGuard(t *testing.T) {
	const vault = "../../testdata/arm/rbac-param/vault.json"
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantLine int // 0: no MI201
	}{
		{"no default, no parameter file", []string{"lint", "-f", "json", vault}, 0, 0},
		{"parameter file sets false", []string{"lint", "-f", "json", "--param-file", "../../testdata/arm/rbac-param/vault.parameters.rbacfalse.json", vault}, 1, 17},
		{"<name>.parameters.json beside the template", []string{"lint", "-f", "json", "../../testdata/arm/rbac-conv/azuredeploy.json"}, 1, 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, &out, &errb)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.wantCode, errb.String())
			}
			var doc struct {
				Findings []struct {
					Rule string `json:"rule"`
					Line int    `json:"line"`
				} `json:"findings"`
			}
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, f := range doc.Findings {
				if f.Rule == "MI201" {
					lines = append(lines, f.Line)
				}
			}
			switch {
			case tt.wantLine == 0 && len(lines) != 0:
				t.Errorf("MI201 on an unresolved parameter: lines %v", lines)
			case tt.wantLine != 0 && (len(lines) != 1 || lines[0] != tt.wantLine):
				t.Errorf("MI201 lines %v, want [%d]", lines, tt.wantLine)
			}
		})
	}
}
