package lint

import (
	"context"
	"os"
	"path/filepath"
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
