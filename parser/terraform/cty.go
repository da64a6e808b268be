package terraform

import (
	"math/big"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/milint/milint/parser"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// Conversions between the model's Value and cty.Value, and the function
// table handed to hcl when an expression is evaluated.

// rng converts an hcl range to a model range. hcl columns already count
// characters, and both are 1-based with exclusive ends.
func rng(r hcl.Range) parser.Range {
	return parser.Range{
		File:  r.Filename,
		Start: parser.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:   parser.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// toCty converts a model value to cty. Unknowns and references become
// cty.DynamicVal (an unknown of any type).
func toCty(v *parser.Value, depth int) cty.Value {
	if v == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if depth > parser.DefaultMaxDepth {
		return cty.DynamicVal
	}
	switch v.Kind {
	case parser.KindNull:
		return cty.NullVal(cty.DynamicPseudoType)
	case parser.KindBool:
		return cty.BoolVal(v.Bool)
	case parser.KindNumber:
		return cty.NumberFloatVal(v.Num)
	case parser.KindString:
		return cty.StringVal(v.Str)
	case parser.KindArray:
		if len(v.Items) == 0 {
			return cty.EmptyTupleVal
		}
		vals := make([]cty.Value, len(v.Items))
		for i, it := range v.Items {
			vals[i] = toCty(it, depth+1)
		}
		return cty.TupleVal(vals)
	case parser.KindObject:
		if len(v.Fields) == 0 {
			return cty.EmptyObjectVal
		}
		m := make(map[string]cty.Value, len(v.Fields))
		for _, f := range v.Fields {
			m[f.Key] = toCty(f.Value, depth+1)
		}
		return cty.ObjectVal(m)
	}
	return cty.DynamicVal
}

// fromCty converts a wholly known cty value to a model value; every node
// gets range r. Unknown parts become unknowns with source text text.
func fromCty(v cty.Value, r parser.Range, text string, depth int) *parser.Value {
	v, _ = v.Unmark()
	if !v.IsKnown() || depth > parser.DefaultMaxDepth {
		return parser.UnknownValue(text, r)
	}
	if v.IsNull() {
		return parser.NullValue(r)
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return parser.StrValue(v.AsString(), r)
	case ty == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return parser.NumValue(f, r)
	case ty == cty.Bool:
		return parser.BoolValue(v.True(), r)
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		items := make([]*parser.Value, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			items = append(items, fromCty(ev, r, text, depth+1))
		}
		return parser.ArrayValue(items, r)
	case ty.IsMapType() || ty.IsObjectType():
		fields := make([]*parser.Field, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			fields = append(fields, &parser.Field{Key: k.AsString(), KeyRange: r, Value: fromCty(ev, r, text, depth+1)})
		}
		return parser.ObjectValue(fields, r)
	}
	return parser.UnknownValue(text, r)
}

// ctyInt returns v as an int when it is a known whole number.
func ctyInt(v *parser.Value) (int, bool) {
	if v == nil || v.Kind != parser.KindNumber {
		return 0, false
	}
	bf := big.NewFloat(v.Num)
	if !bf.IsInt() || v.Num < 0 || v.Num > 1<<31 {
		return 0, false
	}
	return int(v.Num), true
}

var (
	funcsOnce sync.Once
	funcs     map[string]function.Function
)

// functions is the Terraform function table, built from go-cty's standard
// library. Functions Terraform has but the library lacks (file, uuid,
// timestamp, base64*, ...) are absent: calls to them evaluate to unknown.
func functions() map[string]function.Function {
	funcsOnce.Do(func() {
		funcs = map[string]function.Function{
			"abs":             stdlib.AbsoluteFunc,
			"ceil":            stdlib.CeilFunc,
			"floor":           stdlib.FloorFunc,
			"log":             stdlib.LogFunc,
			"max":             stdlib.MaxFunc,
			"min":             stdlib.MinFunc,
			"parseint":        stdlib.ParseIntFunc,
			"pow":             stdlib.PowFunc,
			"signum":          stdlib.SignumFunc,
			"chomp":           stdlib.ChompFunc,
			"format":          stdlib.FormatFunc,
			"formatlist":      stdlib.FormatListFunc,
			"indent":          stdlib.IndentFunc,
			"join":            stdlib.JoinFunc,
			"lower":           stdlib.LowerFunc,
			"upper":           stdlib.UpperFunc,
			"regex":           stdlib.RegexFunc,
			"regexall":        stdlib.RegexAllFunc,
			"replace":         stdlib.ReplaceFunc,
			"regex_replace":   stdlib.RegexReplaceFunc,
			"split":           stdlib.SplitFunc,
			"strrev":          stdlib.ReverseFunc,
			"substr":          stdlib.SubstrFunc,
			"title":           stdlib.TitleFunc,
			"trim":            stdlib.TrimFunc,
			"trimprefix":      stdlib.TrimPrefixFunc,
			"trimsuffix":      stdlib.TrimSuffixFunc,
			"trimspace":       stdlib.TrimSpaceFunc,
			"chunklist":       stdlib.ChunklistFunc,
			"coalesce":        stdlib.CoalesceFunc,
			"coalescelist":    stdlib.CoalesceListFunc,
			"compact":         stdlib.CompactFunc,
			"concat":          stdlib.ConcatFunc,
			"contains":        stdlib.ContainsFunc,
			"distinct":        stdlib.DistinctFunc,
			"element":         stdlib.ElementFunc,
			"flatten":         stdlib.FlattenFunc,
			"keys":            stdlib.KeysFunc,
			"length":          stdlib.LengthFunc,
			"lookup":          stdlib.LookupFunc,
			"merge":           stdlib.MergeFunc,
			"range":           stdlib.RangeFunc,
			"reverse":         stdlib.ReverseListFunc,
			"setintersection": stdlib.SetIntersectionFunc,
			"setproduct":      stdlib.SetProductFunc,
			"setsubtract":     stdlib.SetSubtractFunc,
			"setunion":        stdlib.SetUnionFunc,
			"slice":           stdlib.SliceFunc,
			"sort":            stdlib.SortFunc,
			"values":          stdlib.ValuesFunc,
			"zipmap":          stdlib.ZipmapFunc,
			"jsonencode":      stdlib.JSONEncodeFunc,
			"jsondecode":      stdlib.JSONDecodeFunc,
			"csvdecode":       stdlib.CSVDecodeFunc,
			"formatdate":      stdlib.FormatDateFunc,
			"timeadd":         stdlib.TimeAddFunc,
			"tostring":        stdlib.MakeToFunc(cty.String),
			"tonumber":        stdlib.MakeToFunc(cty.Number),
			"tobool":          stdlib.MakeToFunc(cty.Bool),
			"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
			"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
			"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
			"try":             tryfunc.TryFunc,
			"can":             tryfunc.CanFunc,
		}
	})
	return funcs
}
