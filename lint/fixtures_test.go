package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/milint/milint/internal/testcorpus"
	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
	"github.com/open-policy-agent/opa/v1/ast"
)

// corpusDir returns ../shared/corpus (see testcorpus.Dir).
func corpusDir(tb testing.TB) string { return testcorpus.Dir(tb) }

// benchInput is one unit's rule input with its facets.
type benchInput struct {
	input  ast.Value
	facets Facets
}

// corpusInputs loads a corpus subdirectory and builds every unit's rule
// input (as the engine does) once.
func corpusInputs(b *testing.B, sub string) []benchInput {
	b.Helper()
	l := Load(context.Background(), Options{Paths: []string{filepath.Join(corpusDir(b), sub)}})
	var out []benchInput
	for _, u := range l.Units {
		x := parser.ScanUnit(u)
		out = append(out, benchInput{unitInput(u, x, nil), unitFacets(u, x)})
	}
	if len(out) == 0 {
		b.Skip("no units")
	}
	return out
}

// benchRules evaluates the rules ids (all when nil) over inputs; gated
// evaluates only the rules whose triggers match, as the engine does.
func benchRules(b *testing.B, inputs []benchInput, ids []string, gated bool) {
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
			f := in.facets
			if !gated {
				f = nil
			}
			if _, err := q.Eval(ctx, func(func(*parser.Resource) bool) ast.Value { return in.input }, f); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCatalog compares the evaluation cost of the whole catalog with
// the foundation's three rules over the ARM corpus (units loaded and their
// inputs built once), as the engine runs them (gated by triggers) and with
// every rule on every unit (ungated), and per rule.
func BenchmarkCatalog(b *testing.B) {
	inputs := corpusInputs(b, "arm-quickstarts")
	three := []string{"MI101", "MI102", "MI201"}
	b.Run("gated/MI101+MI102+MI201", func(b *testing.B) { benchRules(b, inputs, three, true) })
	b.Run("gated/all", func(b *testing.B) { benchRules(b, inputs, nil, true) })
	b.Run("ungated/MI101+MI102+MI201", func(b *testing.B) { benchRules(b, inputs, three, false) })
	b.Run("ungated/all", func(b *testing.B) { benchRules(b, inputs, nil, false) })
	for _, id := range []string{"MI103", "MI110", "MI111", "MI112", "MI113", "MI114", "MI202", "MI301", "MI302", "MI303", "MI304", "MI401", "MI402"} {
		b.Run("ungated/"+id, func(b *testing.B) { benchRules(b, inputs, []string{id}, false) })
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

// expectRe matches an expected-finding marker at the end of a fixture line:
// "// expect: MI101" (Bicep, JSONC) or "# expect: MI101" (Terraform).
var expectRe = regexp.MustCompile(`(?://|#) expect: (MI\d{3}(?:\s*,\s*MI\d{3})*)\s*$`)

// expectations reads the markers of a fixture file: rule → set of lines.
func expectations(t *testing.T, file string) map[string]map[int]bool {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[int]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		m := expectRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, id := range strings.Split(m[1], ",") {
			id = strings.TrimSpace(id)
			if out[id] == nil {
				out[id] = map[int]bool{}
			}
			out[id][i+1] = true
		}
	}
	return out
}

// TestRuleFixtures lints every fixture under testdata/rules/MIxxx: bad.bicep,
// bad.json and tf-bad/ must produce exactly the findings their "expect:"
// markers name (rule and line), for every rule a marker names; good.bicep,
// good.json and tf-good/ must produce no finding of MIxxx. No fixture may
// fail to parse.
func TestRuleFixtures(t *testing.T) {
	root := filepath.Join("..", "testdata", "rules")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := DefaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]int{}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		rule := d.Name()
		if _, ok := eng.Rule(rule); !ok {
			t.Errorf("%s: no such rule", rule)
			continue
		}
		for _, fx := range []struct{ path, file string }{
			{"bad.bicep", "bad.bicep"}, {"bad.json", "bad.json"}, {"tf-bad", "tf-bad/main.tf"},
			{"good.bicep", "good.bicep"}, {"good.json", "good.json"}, {"tf-good", "tf-good/main.tf"},
		} {
			path := filepath.Join(root, rule, fx.path)
			file := filepath.Join(root, rule, fx.file)
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s: missing fixture %s", rule, file)
				continue
			}
			t.Run(rule+"/"+fx.path, func(t *testing.T) {
				res, err := Run(context.Background(), Options{Paths: []string{path}})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range res.Errors {
					t.Errorf("error: %s", e.Error())
				}
				got := map[string]map[int]bool{}
				for _, f := range res.Findings {
					if filepath.Clean(f.Range.File) != filepath.Clean(file) {
						continue
					}
					if got[f.Rule] == nil {
						got[f.Rule] = map[int]bool{}
					}
					got[f.Rule][f.Range.Start.Line] = true
				}
				want := expectations(t, file)
				bad := strings.HasPrefix(fx.path, "bad") || strings.HasPrefix(fx.path, "tf-bad")
				if bad {
					if len(want[rule]) == 0 {
						t.Fatalf("bad fixture %s has no expect: %s marker", file, rule)
					}
					for id, lines := range want {
						if !equalLines(lines, got[id]) {
							t.Errorf("%s: %s at lines %v, want %v%s", file, id, keys(got[id]), keys(lines), messages(res, id))
						}
					}
					covered[rule]++
				} else if len(got[rule]) > 0 {
					t.Errorf("good fixture %s: %s at lines %v%s", file, rule, keys(got[rule]), messages(res, rule))
				}
			})
		}
	}
	t.Logf("bad fixtures per rule: %v", covered)
}

// TestSemanticFixtures lints the other fixtures of testdata/rules/MIxxx (a
// file, or a directory for Terraform): the findings of MIxxx, and of every
// rule a marker names, must be exactly at the marked lines (no marker means
// silent).
func TestSemanticFixtures(t *testing.T) {
	root := filepath.Join("..", "testdata", "rules")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	std := map[string]bool{"bad.bicep": true, "bad.json": true, "tf-bad": true, "good.bicep": true, "good.json": true, "tf-good": true}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		rule := d.Name()
		entries, _ := os.ReadDir(filepath.Join(root, rule))
		for _, e := range entries {
			if std[e.Name()] {
				continue
			}
			path := filepath.Join(root, rule, e.Name())
			file := path
			if e.IsDir() {
				file = filepath.Join(path, "main.tf")
			}
			n++
			t.Run(rule+"/"+e.Name(), func(t *testing.T) {
				res, err := Run(context.Background(), Options{Paths: []string{path}})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range res.Errors {
					t.Errorf("error: %s", e.Error())
				}
				got := map[string]map[int]bool{}
				for _, f := range res.Findings {
					if filepath.Clean(f.Range.File) == filepath.Clean(file) {
						if got[f.Rule] == nil {
							got[f.Rule] = map[int]bool{}
						}
						got[f.Rule][f.Range.Start.Line] = true
					}
				}
				want := expectations(t, file)
				if want[rule] == nil {
					want[rule] = map[int]bool{}
				}
				for id, lines := range want {
					if !equalLines(lines, got[id]) {
						t.Errorf("%s: %s at lines %v, want %v%s", file, id, keys(got[id]), keys(lines), messages(res, id))
					}
				}
			})
		}
	}
	t.Logf("%d semantic fixtures", n)
}

func equalLines(a, b map[int]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func messages(res *Result, rule string) string {
	var b strings.Builder
	for _, f := range res.Findings {
		if f.Rule == rule {
			fmt.Fprintf(&b, "\n\t%s: %s", f.Range, f.Message)
		}
	}
	return b.String()
}
