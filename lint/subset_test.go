package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/milint/milint/rules"
	"github.com/open-policy-agent/opa/v1/ast"
)

// TestSubsetCompileIsSound checks the rule-set compiles of the bundled
// engine (runFew, --enable): every rule compiled alone, with the helper
// library cut down to what it uses (setModules), finds exactly what the
// whole bundle finds for it over every fixture.
func TestSubsetCompileIsSound(t *testing.T) {
	mods, err := rules.Modules()
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{filepath.Join("..", "testdata")}
	whole, err := NewEngine(mods)
	if err != nil {
		t.Fatal(err)
	}
	full, err := Run(context.Background(), Options{engine: whole, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	byRule := map[string][]string{}
	key := func(f Finding) string {
		return fmt.Sprintf("%s:%d:%d %s", f.Range.File, f.Range.Start.Line, f.Range.Start.Column, f.Message)
	}
	for _, f := range append(full.Findings, full.Suppressed...) {
		byRule[f.Rule] = append(byRule[f.Rule], key(f))
	}
	for _, md := range rules.Catalog() {
		t.Run(md.ID, func(t *testing.T) {
			e, err := newEngine(mods, false) // fresh: no whole-bundle compile to fall back on
			if err != nil {
				t.Fatal(err)
			}
			c, err := e.compiler([]rules.Metadata{md})
			if err != nil {
				t.Fatalf("compiling %s alone: %v", md.ID, err)
			}
			libRules := 0
			for _, m := range c.Modules {
				if m.Package.Path.String() == "data.milint.lib" {
					libRules += len(m.Rules)
				}
			}
			if all := len(mods["lib.rego"].Rules); libRules >= all {
				t.Errorf("%s alone compiles all %d library rules", md.ID, all)
			}
			res, err := Run(context.Background(), Options{engine: e, Enable: []string{md.ID}, Paths: paths})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range append(res.Findings, res.Suppressed...) {
				got = append(got, key(f))
			}
			want := byRule[md.ID]
			sort.Strings(got)
			sort.Strings(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s compiled alone: %d findings, the whole bundle %d\n got %v\nwant %v", md.ID, len(got), len(want), got, want)
			}
			if len(want) == 0 {
				t.Errorf("%s has no finding in testdata: the comparison proves nothing", md.ID)
			}
		})
	}
}

// BenchmarkSetCompile compiles the rules a one-file run of the
// 101-key-vault-create quickstart needs (eight rules), with the whole
// helper library and with the library cut down by setModules.
func BenchmarkSetCompile(b *testing.B) {
	mods, _ := rules.Modules()
	e, _ := newEngine(mods, false)
	var set []rules.Metadata
	for _, md := range e.Rules() {
		switch md.ID {
		case "MI101", "MI102", "MI103", "MI201", "MI202", "MI301", "MI302", "MI401":
			set = append(set, md)
		}
	}
	for _, trim := range []bool{false, true} {
		b.Run(map[bool]string{true: "trimmed", false: "whole-lib"}[trim], func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var m map[string]*ast.Module
				if trim {
					m = setModules(mods, e.meta, set)
				} else {
					m = map[string]*ast.Module{"lib.rego": mods["lib.rego"]}
					for _, md := range set {
						m[md.File] = mods[md.File]
					}
				}
				c := ast.NewCompiler().WithCapabilities(Capabilities())
				c.Compile(m)
				if c.Failed() {
					b.Fatal(c.Errors)
				}
			}
		})
	}
}
