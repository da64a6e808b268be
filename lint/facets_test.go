package lint

import (
	"context"
	"fmt"
	"testing"
)

// TestGatingIsSound checks that skipping rules by their triggers and
// leaving out the properties no evaluated rule reads (custom.reads) change
// no finding: the gated, projected engine and the ungated engine over the
// full document agree on every fixture and on the corpus.
func TestGatingIsSound(t *testing.T) {
	paths := []string{"../testdata"}
	if !testing.Short() {
		for _, sub := range []string{"arm-quickstarts", "avm-bicep", "bicep-samples", "checkov-arm-bicep", "terraform"} {
			paths = append(paths, sharedCorpus(t, sub))
		}
	}
	for _, p := range paths {
		gated, err := Run(context.Background(), Options{Paths: []string{p}})
		if err != nil {
			t.Fatal(err)
		}
		full, err := Run(context.Background(), Options{Paths: []string{p}, noGating: true})
		if err != nil {
			t.Fatal(err)
		}
		key := func(r *Result) map[string]int {
			m := map[string]int{}
			for _, f := range append(r.Findings, r.Suppressed...) {
				m[fmt.Sprintf("%s %s:%d:%d %s", f.Rule, f.Range.File, f.Range.Start.Line, f.Range.Start.Column, f.Message)]++
			}
			return m
		}
		g, a := key(gated), key(full)
		for k, n := range a {
			if g[k] != n {
				t.Errorf("%s: gating lost %s", p, k)
			}
		}
		for k, n := range g {
			if a[k] != n {
				t.Errorf("%s: gating added %s", p, k)
			}
		}
		if len(a) == 0 && p == "../testdata" {
			t.Errorf("%s: no findings at all; the comparison proves nothing", p)
		}
		t.Logf("%s: %d findings agree", p, len(a))
	}
}
