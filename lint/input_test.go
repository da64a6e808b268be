package lint

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestUnitInputMatchesDocument checks that the OPA input built directly
// from the model equals the JSON document `milint parse` prints.
func TestUnitInputMatchesDocument(t *testing.T) {
	res := Load(context.Background(), Options{Paths: []string{"../testdata"}})
	if len(res.Units) == 0 {
		t.Fatal("no units in testdata/examples")
	}
	for _, u := range res.Units {
		want, err := ast.InterfaceToValue(u.Document())
		if err != nil {
			t.Fatal(err)
		}
		if got := unitInput(u, nil, nil); got.Compare(want) != 0 {
			t.Errorf("%s: direct input differs from the document\n got %v\nwant %v", u.Entry, got, want)
		}
	}
}

func BenchmarkUnitInput(b *testing.B) {
	res := Load(context.Background(), Options{Paths: []string{"../testdata/examples"}})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, u := range res.Units {
			_ = unitInput(u, nil, nil)
		}
	}
}
