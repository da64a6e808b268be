package lint

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/milint/milint/parser"
)

// termBuilder builds the rule input as OPA terms straight from the model,
// through the one shape definition in parser/document.go: no JSON round
// trip and no intermediate map[string]any. Object keys repeat in every
// resource (the model's field names, templates' property names), so each
// distinct key gets one term per unit (terms are immutable, as OPA's
// interned ones are): two allocations saved per key.
type termBuilder struct {
	keys map[string]*ast.Term
}

func newTermBuilder() *termBuilder { return &termBuilder{keys: make(map[string]*ast.Term, 128)} }

func (tb *termBuilder) key(k string) *ast.Term {
	t := tb.keys[k]
	if t == nil {
		t = ast.StringTerm(k)
		tb.keys[k] = t
	}
	return t
}

var (
	nullTerm  = ast.NullTerm()
	trueTerm  = ast.BooleanTerm(true)
	falseTerm = ast.BooleanTerm(false)
)

func (*termBuilder) Null() *ast.Term { return nullTerm }
func (*termBuilder) Bool(b bool) *ast.Term {
	if b {
		return trueTerm
	}
	return falseTerm
}
func (*termBuilder) Int(n int64) *ast.Term     { return ast.InternedTerm(int(n)) }
func (*termBuilder) Float(f float64) *ast.Term { return ast.FloatNumberTerm(f) }
func (*termBuilder) String(s string) *ast.Term { return ast.StringTerm(s) }
func (*termBuilder) Array(items []*ast.Term) *ast.Term {
	return ast.ArrayTerm(items...)
}
func (tb *termBuilder) Object(fields []parser.KV[*ast.Term]) *ast.Term {
	pairs := make([][2]*ast.Term, len(fields))
	for i, f := range fields {
		pairs[i] = [2]*ast.Term{tb.key(f.Key), f.Val}
	}
	return ast.ObjectTerm(pairs...)
}

// unitInput is the rule input of a unit; x is its parser.ScanUnit (nil
// computes it), keep whose properties to encode (nil: all; see
// parser.BuildUnitFor).
func unitInput(u *parser.Unit, x *parser.Index, keep func(*parser.Resource) bool) ast.Value {
	return parser.BuildUnitFor[*ast.Term](newTermBuilder(), u, x, keep).Value
}
