package lint

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/milint/milint/parser"
)

// termBuilder builds the rule input as OPA terms straight from the model,
// through the one shape definition in parser/document.go: no JSON round
// trip and no intermediate map[string]any.
type termBuilder struct{}

var (
	nullTerm  = ast.NullTerm()
	trueTerm  = ast.BooleanTerm(true)
	falseTerm = ast.BooleanTerm(false)
)

func (termBuilder) Null() *ast.Term { return nullTerm }
func (termBuilder) Bool(b bool) *ast.Term {
	if b {
		return trueTerm
	}
	return falseTerm
}
func (termBuilder) Int(n int64) *ast.Term     { return ast.InternedTerm(int(n)) }
func (termBuilder) Float(f float64) *ast.Term { return ast.FloatNumberTerm(f) }
func (termBuilder) String(s string) *ast.Term { return ast.StringTerm(s) }
func (termBuilder) Array(items []*ast.Term) *ast.Term {
	return ast.ArrayTerm(items...)
}
func (termBuilder) Object(fields []parser.KV[*ast.Term]) *ast.Term {
	pairs := make([][2]*ast.Term, len(fields))
	for i, f := range fields {
		pairs[i] = [2]*ast.Term{keyTerm(f.Key), f.Val}
	}
	return ast.ObjectTerm(pairs...)
}

// keyTerms holds one term per object key seen: the model's field names
// and the property names of templates repeat in every resource, and a
// shared term (terms are immutable, as OPA's interned ones are) saves two
// allocations per key.
var keyTerms sync.Map // string -> *ast.Term

func keyTerm(k string) *ast.Term {
	if t, ok := keyTerms.Load(k); ok {
		return t.(*ast.Term)
	}
	t, _ := keyTerms.LoadOrStore(k, ast.StringTerm(k))
	return t.(*ast.Term)
}

// unitInput is the rule input of a unit; x is its parser.ScanUnit (nil
// computes it).
func unitInput(u *parser.Unit, x *parser.Index) ast.Value {
	return parser.BuildUnit[*ast.Term](termBuilder{}, u, x).Value
}
