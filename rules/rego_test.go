package rules

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestRego runs every *_test.rego of the bundle through OPA's tester.
func TestRego(t *testing.T) {
	ruleMods, err := Modules()
	if err != nil {
		t.Fatal(err)
	}
	testMods, err := TestModules()
	if err != nil {
		t.Fatal(err)
	}
	if len(testMods) == 0 {
		t.Fatal("no *_test.rego in the bundle")
	}
	mods := map[string]*ast.Module{}
	for k, m := range ruleMods {
		mods[k] = m
	}
	for k, m := range testMods {
		mods[k] = m
	}
	compiler := ast.NewCompiler()
	compiler.Compile(mods)
	if compiler.Failed() {
		t.Fatal(compiler.Errors)
	}
	runner := tester.NewRunner().SetCompiler(compiler)
	ch, err := runner.RunTests(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		switch {
		case r.Error != nil:
			t.Errorf("%s.%s: error: %v", r.Package, r.Name, r.Error)
		case r.Fail:
			t.Errorf("%s.%s: FAIL (%s)", r.Package, r.Name, r.Location)
		}
	}
	if n == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests", n)
}
