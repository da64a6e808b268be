package bicep_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/milint/milint/lint"
)

// End to end: the rules fire on Bicep fixtures, on the lines a person
// edits, and a finding inside a module lands once, in the module's file.
func TestRulesOnBicepFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "bicep", "rules")
	tests := []struct {
		entry string
		want  []string // "file:line rule"
	}{
		{"policies.bicep", []string{"policies.bicep:16 MI201", "policies.bicep:23 MI101", "policies.bicep:27 MI102"}},
		{"caller.bicep", []string{"vault.bicep:16 MI201", "vault.bicep:22 MI101"}},
	}
	for _, tt := range tests {
		t.Run(tt.entry, func(t *testing.T) {
			res, err := lint.Run(context.Background(), lint.Options{Paths: []string{filepath.Join(dir, tt.entry)}, Root: dir,
				Enable: []string{"MI101", "MI102", "MI201"}, Jobs: 1})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%s:%d %s", filepath.Base(f.Range.File), f.Range.Start.Line, f.Rule))
			}
			sort.Strings(got)
			if strings.Join(got, ", ") != strings.Join(tt.want, ", ") {
				t.Errorf("findings:\n got  %v\n want %v", got, tt.want)
			}
		})
	}
}
