package terraform

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/milint/milint/parser"
)

// A block body becomes an object value: attributes by name, nested blocks
// as arrays of objects under their type name. That is the shape Terraform
// itself uses for nested blocks in plan JSON and for "attributes as blocks"
// lists, so the mapping reads one shape for all three spellings.

// Meta-arguments are not attributes of the resource.
var metaAttrs = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}

// bodyOpts says how to convert a body.
type bodyOpts struct {
	top bool
	// jsonAttr names an attribute whose jsonencode(...) argument is kept
	// as a structured value (azapi v1 "body").
	jsonAttr string
}

func (s *scope) body(b hcl.Body, r parser.Range, o bodyOpts) *parser.Value {
	obj := parser.ObjectValue(nil, r)
	if sb, ok := b.(*hclsyntax.Body); ok {
		attrs := make([]*hclsyntax.Attribute, 0, len(sb.Attributes))
		for _, a := range sb.Attributes {
			attrs = append(attrs, a)
		}
		sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
		for _, a := range attrs {
			if o.top && metaAttrs[a.Name] {
				continue
			}
			var v *parser.Value
			if o.top && a.Name == o.jsonAttr {
				if fc, ok := a.Expr.(*hclsyntax.FunctionCallExpr); ok && fc.Name == "jsonencode" && len(fc.Args) == 1 {
					v = s.expr(fc.Args[0])
				}
			}
			if v == nil {
				v = s.expr(a.Expr)
			}
			obj.Fields = append(obj.Fields, &parser.Field{Key: a.Name, KeyRange: rng(a.NameRange), Value: v})
		}
		for _, blk := range sb.Blocks {
			if o.top && metaBlocks[blk.Type] {
				continue
			}
			if blk.Type == "dynamic" && len(blk.Labels) == 1 {
				items := s.dynamic(blk)
				appendBlocks(obj, blk.Labels[0], rng(blk.LabelRanges[0]), rng(blk.Range()), items)
				continue
			}
			item := s.body(blk.Body, rng(blk.Range()), bodyOpts{})
			appendBlocks(obj, blk.Type, rng(blk.TypeRange), rng(blk.Range()), []*parser.Value{item})
		}
		return obj
	}
	// JSON syntax: object-valued properties are nested blocks.
	attrs, _ := b.JustAttributes()
	for _, a := range sortedAttrs(attrs) {
		if (o.top && metaAttrs[a.Name]) || a.Name == "dynamic" || a.Name == "//" {
			continue
		}
		if o.top && metaBlocks[a.Name] {
			continue
		}
		txt := strings.TrimSpace(exprText(s.u, a.Expr))
		if strings.HasPrefix(txt, "{") || (strings.HasPrefix(txt, "[") && strings.HasPrefix(strings.TrimSpace(txt[1:]), "{")) {
			c, _, _ := b.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: a.Name}}})
			if c != nil && len(c.Blocks) > 0 {
				var items []*parser.Value
				for _, blk := range c.Blocks {
					items = append(items, s.body(blk.Body, rng(blk.DefRange), bodyOpts{}))
				}
				appendBlocks(obj, a.Name, rng(a.NameRange), rng(a.Range), items)
				continue
			}
		}
		obj.Fields = append(obj.Fields, &parser.Field{Key: a.Name, KeyRange: rng(a.NameRange), Value: s.jsonExpr(a.Expr)})
	}
	return obj
}

// jsonExpr converts an expression of a .tf.json file. A JSON string is a
// template: it is re-parsed in native syntax so references keep their
// meaning and ranges.
func (s *scope) jsonExpr(e hcl.Expression) *parser.Value {
	r := e.Range()
	txt := exprText(s.u, e)
	if len(txt) >= 2 && txt[0] == '"' && txt[len(txt)-1] == '"' {
		var str string
		if json.Unmarshal([]byte(txt), &str) == nil && str == txt[1:len(txt)-1] && strings.Contains(str, "${") {
			start := r.Start
			start.Byte++
			start.Column++
			if te, d := hclsyntax.ParseTemplate([]byte(str), r.Filename, start); !d.HasErrors() {
				return s.expr(te)
			}
		}
	}
	return s.expr(e)
}

func appendBlocks(obj *parser.Value, name string, keyRange, r parser.Range, items []*parser.Value) {
	for _, f := range obj.Fields {
		if f.Key == name && f.Value.Kind == parser.KindArray {
			f.Value.Items = append(f.Value.Items, items...)
			return
		}
	}
	obj.Fields = append(obj.Fields, &parser.Field{Key: name, KeyRange: keyRange, Value: parser.ArrayValue(items, r)})
}

// dynamic expands a dynamic block over its for_each collection (the
// semantics of hcl's ext/dynblock, done on the syntax tree so iterated
// values keep their own source ranges). An unknown collection yields one
// instance with an unknown iterator, so the block's literal content is
// still seen.
func (s *scope) dynamic(blk *hclsyntax.Block) []*parser.Value {
	iter := blk.Labels[0]
	if a := blk.Body.Attributes["iterator"]; a != nil {
		if k := hcl.ExprAsKeyword(a.Expr); k != "" {
			iter = k
		}
	}
	var content *hclsyntax.Block
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c
			break
		}
	}
	if content == nil {
		return nil
	}
	cr := rng(content.Range())
	fe := blk.Body.Attributes["for_each"]
	if fe == nil {
		return nil
	}
	coll := s.expr(fe.Expr)
	var out []*parser.Value
	inst := func(key, val *parser.Value) {
		it := parser.ObjectValue([]*parser.Field{
			{Key: "key", Value: key, KeyRange: key.Range},
			{Key: "value", Value: val, KeyRange: val.Range},
		}, coll.Range)
		out = append(out, s.with(iter, it).body(content.Body, cr, bodyOpts{}))
	}
	switch coll.Kind {
	case parser.KindArray:
		for i, it := range coll.Items {
			key := parser.NumValue(float64(i), it.Range)
			if it.Kind == parser.KindString {
				key = it // sets iterate with key == value
			}
			inst(key, it)
		}
	case parser.KindObject:
		for _, f := range coll.Fields {
			inst(parser.StrValue(f.Key, f.KeyRange), f.Value)
		}
	case parser.KindNull:
	default:
		out = append(out, s.with(iter, nil).body(content.Body, cr, bodyOpts{}))
	}
	return out
}

// attrsOf returns the attributes of a body (both syntaxes).
func attrsOf(b hcl.Body) map[string]hcl.Expression {
	out := map[string]hcl.Expression{}
	if sb, ok := b.(*hclsyntax.Body); ok {
		for n, a := range sb.Attributes {
			out[n] = a.Expr
		}
		return out
	}
	attrs, _ := b.JustAttributes()
	for n, a := range attrs {
		out[n] = a.Expr
	}
	return out
}

func attrRange(b hcl.Body, name string) parser.Range {
	if sb, ok := b.(*hclsyntax.Body); ok {
		if a := sb.Attributes[name]; a != nil {
			return rng(a.SrcRange)
		}
	}
	attrs, _ := b.JustAttributes()
	if a := attrs[name]; a != nil {
		return rng(a.Range)
	}
	return parser.Range{}
}
