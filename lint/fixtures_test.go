package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/milint/milint/rules"
	"github.com/open-policy-agent/opa/v1/ast"
)

// corpusDir finds ../shared/corpus next to the repository root.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(c); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus not found at %s", c)
		}
		tb.Skipf("corpus not found at %s", c)
	}
	return c
}

// corpusInputs loads a corpus subdirectory and converts every unit to its
// Rego input once.
func corpusInputs(b *testing.B, sub string) []ast.Value {
	b.Helper()
	l := Load(context.Background(), Options{Paths: []string{filepath.Join(corpusDir(b), sub)}})
	var out []ast.Value
	for _, u := range l.Units {
		v, err := ast.InterfaceToValue(u.Document())
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		b.Skip("no units")
	}
	return out
}

func benchRules(b *testing.B, inputs []ast.Value, ids []string) {
	eng, err := DefaultEngine()
	if err != nil {
		b.Fatal(err)
	}
	var enabled []rules.Metadata
	for _, m := range eng.Rules() {
		if ids == nil {
			enabled = append(enabled, m)
			continue
		}
		for _, id := range ids {
			if m.ID == id {
				enabled = append(enabled, m)
			}
		}
	}
	q, err := eng.Prepare(context.Background(), enabled)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, in := range inputs {
			if _, err := q.Eval(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCatalog compares the evaluation cost of the whole catalog with
// the foundation's three rules over the ARM corpus (units loaded once).
func BenchmarkCatalog(b *testing.B) {
	inputs := corpusInputs(b, "arm-quickstarts")
	b.Run("MI101+MI102+MI201", func(b *testing.B) { benchRules(b, inputs, []string{"MI101", "MI102", "MI201"}) })
	b.Run("all", func(b *testing.B) { benchRules(b, inputs, nil) })
	for _, id := range []string{"MI103", "MI110", "MI111", "MI112", "MI113", "MI114", "MI202", "MI301", "MI302", "MI303", "MI304", "MI401", "MI402"} {
		b.Run(id, func(b *testing.B) { benchRules(b, inputs, []string{id}) })
	}
}

// TestCorpusFindings lints the corpus with the whole catalog and logs the
// number of findings per rule (and a few samples with MILINT_SAMPLES=1). It
// fails on a panic (internal error) only.
func TestCorpusFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run")
	}
	dir := corpusDir(t)
	subs := []string{"arm-quickstarts", "avm-bicep", "bicep-samples", "terraform", "checkov-arm-bicep"}
	if s := os.Getenv("MILINT_CORPUS"); s != "" {
		subs = strings.Split(s, ",")
	}
	for _, sub := range subs {
		res, err := Run(context.Background(), Options{Paths: []string{filepath.Join(dir, sub)}})
		if err != nil {
			t.Fatal(err)
		}
		per := map[string]int{}
		for _, f := range res.Findings {
			per[f.Rule]++
		}
		for _, e := range res.Errors {
			if strings.Contains(e.Summary, "internal error") {
				t.Errorf("%s: %s", sub, e.Error())
			}
		}
		ids := make([]string, 0, len(per))
		for id := range per {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, " %s=%d", id, per[id])
		}
		t.Logf("%s: %d units, %d findings:%s", sub, res.Summary.Units, len(res.Findings), b.String())
		if os.Getenv("MILINT_SAMPLES") != "" {
			seen := map[string]int{}
			for _, f := range res.Findings {
				if seen[f.Rule] < 10 && (os.Getenv("MILINT_RULE") == "" || os.Getenv("MILINT_RULE") == f.Rule) {
					seen[f.Rule]++
					t.Logf("  %s %s: %s", f.Rule, f.Range, f.Message)
				}
			}
		}
	}
}
