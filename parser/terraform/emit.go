package terraform

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/milint/milint/parser"
)

func sortStrings(s []string) { sort.Strings(s) }

// emit appends the resources of m (and, after each module call, those of
// the called module) to the unit.
func (u *unit) emit(m *module) {
	s := &scope{u: u, m: m}
	for _, it := range m.items {
		switch it.kind {
		case "resource":
			u.u.Resources = append(u.u.Resources, s.resource(it))
		case "module":
			u.u.Resources = append(u.u.Resources, s.moduleCall(it))
			if it.child != nil {
				u.emit(it.child)
			}
		}
	}
	// evaluate every local so that cycles are reported even when unused
	names := make([]string, 0, len(m.locals))
	for n := range m.locals {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s.local(m.locals[n])
	}
}

// loop reads count / for_each of a block body.
func (s *scope) loop(b hcl.Body) (*parser.Loop, *parser.Value) {
	attrs := attrsOf(b)
	if e := attrs["count"]; e != nil {
		l := &parser.Loop{Kind: "count", Range: attrRange(b, "count")}
		v := s.expr(e)
		if n, ok := ctyInt(v); ok {
			l.Count = &n
			if n == 0 {
				return l, parser.BoolValue(false, rng(e.Range()))
			}
		}
		return l, nil
	}
	if e := attrs["for_each"]; e != nil {
		l := &parser.Loop{Kind: "for_each", Range: attrRange(b, "for_each")}
		v := s.expr(e)
		switch v.Kind {
		case parser.KindArray:
			n := len(v.Items)
			l.Count = &n
		case parser.KindObject:
			n := len(v.Fields)
			l.Count = &n
		}
		return l, nil
	}
	return nil, nil
}

func (s *scope) resource(d *decl) *parser.Resource {
	b := d.block
	r := &parser.Resource{ID: s.m.resID(d.addr), Native: d.typ, Module: s.m.id, Range: blockRange(b)}
	if len(b.LabelRanges) > 0 {
		r.TypeRange = rng(b.LabelRanges[0])
	}
	r.Loop, r.Condition = s.loop(b.Body)
	o := bodyOpts{top: true}
	if strings.HasPrefix(d.typ, "azapi_") {
		o.jsonAttr = "body"
	}
	body := s.body(b.Body, r.Range, o)
	mapResource(s, r, d.typ, body)
	return r
}

// moduleCall is the Microsoft.Resources/deployments resource of a call.
func (s *scope) moduleCall(d *decl) *parser.Resource {
	b := d.block
	r := &parser.Resource{ID: s.m.resID(d.addr), Type: "Microsoft.Resources/deployments", Native: "module",
		Module: s.m.id, Range: blockRange(b), TypeRange: rng(b.DefRange)}
	if len(b.LabelRanges) > 0 {
		r.TypeRange = rng(b.LabelRanges[0])
		r.Name = parser.StrValue(d.name, rng(b.LabelRanges[0]))
	}
	r.Loop, r.Condition = s.loop(b.Body)
	params := parser.ObjectValue(nil, r.Range)
	extra := parser.ObjectValue(nil, r.Range)
	for _, a := range sortedAttrs(d.attrs) {
		switch a.Name {
		case "count", "for_each", "depends_on", "providers":
			continue
		case "source", "version":
			extra.Fields = append(extra.Fields, &parser.Field{Key: a.Name, KeyRange: rng(a.NameRange), Value: s.expr(a.Expr)})
		default:
			params.Fields = append(params.Fields, &parser.Field{Key: a.Name, KeyRange: rng(a.NameRange), Value: s.expr(a.Expr)})
		}
	}
	r.Properties = parser.ObjectValue([]*parser.Field{{Key: "parameters", KeyRange: r.Range, Value: params}}, r.Range)
	if len(extra.Fields) > 0 {
		r.Extra = extra
	}
	return r
}

// fixNames gives child resources their full ARM name "<parent>/<leaf>".
func (u *unit) fixNames() {
	for _, p := range u.pendingNames {
		fixName(u.u, p)
	}
}

func fixName(un *parser.Unit, p pendingName) {
	leaf := p.leaf
	if leaf == nil {
		return
	}
	var parentName *parser.Value
	if p.parent != nil && p.parent.Kind == parser.KindRef {
		if pr := un.Resource(p.parent.Ref.Resource); pr != nil {
			parentName = pr.Name
		}
	}
	ls, lok := leaf.String()
	if parentName != nil {
		if ps, ok := parentName.String(); ok && lok {
			p.res.Name = parser.StrValue(ps+"/"+ls, leaf.Range)
			return
		}
		p.res.Name = parser.UnknownValue(parentName.Text()+"/"+leaf.Text(), leaf.Range, refsOf(leaf)...)
		return
	}
	if p.parent != nil {
		p.res.Name = parser.UnknownValue(p.parent.Text()+"/"+leaf.Text(), leaf.Range)
	}
}
