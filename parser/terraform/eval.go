package terraform

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/milint/milint/parser"
	"github.com/zclconf/go-cty/cty"
)

// scope evaluates expressions of one module. iter binds dynamic-block
// iterators; count.index and each.* are unknown (one resource per
// declaration).
type scope struct {
	u    *unit
	m    *module // nil for tfvars files (constants only)
	iter map[string]*parser.Value
}

func refsOf(v *parser.Value) []parser.Reference { return parser.AppendRefs(nil, v) }

func (s *scope) with(name string, v *parser.Value) *scope {
	it := make(map[string]*parser.Value, len(s.iter)+1)
	for k, x := range s.iter {
		it[k] = x
	}
	it[name] = v
	return &scope{u: s.u, m: s.m, iter: it}
}

func (s *scope) text(e hcl.Expression) string { return exprText(s.u, e) }

func rerange(v *parser.Value, r parser.Range) *parser.Value {
	if v == nil {
		return nil
	}
	c := *v
	c.Range = r
	return &c
}

// deepRerange copies v giving every node range r.
func deepRerange(v *parser.Value, r parser.Range, depth int) *parser.Value {
	if v == nil || depth > parser.DefaultMaxDepth {
		return v
	}
	c := *v
	c.Range = r
	if len(v.Items) > 0 {
		c.Items = make([]*parser.Value, len(v.Items))
		for i, it := range v.Items {
			c.Items[i] = deepRerange(it, r, depth+1)
		}
	}
	if len(v.Fields) > 0 {
		c.Fields = make([]*parser.Field, len(v.Fields))
		for i, f := range v.Fields {
			c.Fields[i] = &parser.Field{Key: f.Key, KeyRange: r, Value: deepRerange(f.Value, r, depth+1)}
		}
	}
	return &c
}

// expr converts an expression to a model value.
func (s *scope) expr(e hcl.Expression) *parser.Value {
	if e == nil {
		return nil
	}
	r := rng(e.Range())
	s.u.depth++
	defer func() { s.u.depth-- }()
	if s.u.depth > s.u.l.opts.MaxDepth {
		return parser.UnknownValue(s.text(e), r)
	}
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return fromCty(x.Val, r, s.text(e), 0)
	case *hclsyntax.TemplateWrapExpr:
		return rerange(s.expr(x.Wrapped), r)
	case *hclsyntax.ParenthesesExpr:
		return rerange(s.expr(x.Expression), r)
	case *hclsyntax.TemplateExpr:
		return s.template(x, r)
	case *hclsyntax.ScopeTraversalExpr:
		v, ok := s.traversal(x.Traversal, r)
		if !ok {
			return parser.UnknownValue(s.text(e), r)
		}
		return v
	case *hclsyntax.RelativeTraversalExpr:
		src := s.expr(x.Source)
		if src.Kind == parser.KindRef && src.Ref.Path == "" {
			if native := s.u.natives[src.Ref.Resource]; native != "" {
				return parser.RefValue(src.Ref.Resource, refPath(native, stepsPath(x.Traversal)), r)
			}
		}
		if v, ok := applySteps(src, x.Traversal, r, s.text(e)); ok {
			return v
		}
		return parser.UnknownValue(s.text(e), r, refsOf(src)...)
	case *hclsyntax.IndexExpr:
		coll := s.expr(x.Collection)
		if coll.Kind == parser.KindRef && coll.Ref.Path == "" && s.u.natives[coll.Ref.Resource] != "" {
			return rerange(coll, r) // one resource per declaration: the instance key is dropped
		}
		key := s.expr(x.Key)
		if v, ok := index(coll, key); ok {
			return rerange(v, r)
		}
		return parser.UnknownValue(s.text(e), r, append(refsOf(coll), refsOf(key)...)...)
	case *hclsyntax.TupleConsExpr:
		items := make([]*parser.Value, len(x.Exprs))
		for i, it := range x.Exprs {
			items[i] = s.expr(it)
		}
		return parser.ArrayValue(items, r)
	case *hclsyntax.ObjectConsExpr:
		fields := make([]*parser.Field, 0, len(x.Items))
		for _, it := range x.Items {
			key := ""
			if k := hcl.ExprAsKeyword(it.KeyExpr); k != "" {
				key = k
			} else {
				kv := s.expr(it.KeyExpr)
				switch kv.Kind {
				case parser.KindString:
					key = kv.Str
				case parser.KindNumber, parser.KindBool:
					key = kv.Text()
				default:
					key = s.text(it.KeyExpr)
				}
			}
			fields = append(fields, &parser.Field{Key: key, KeyRange: rng(it.KeyExpr.Range()), Value: s.expr(it.ValueExpr)})
		}
		return parser.ObjectValue(fields, r)
	case *hclsyntax.ConditionalExpr:
		c := s.expr(x.Condition)
		if c.Kind == parser.KindBool {
			if c.Bool {
				return s.expr(x.TrueResult)
			}
			return s.expr(x.FalseResult)
		}
		t, f := s.expr(x.TrueResult), s.expr(x.FalseResult)
		return parser.UnknownValue(s.text(e), r, mergeRefs(refsOf(c), refsOf(t), refsOf(f))...)
	case *hclsyntax.FunctionCallExpr:
		if x.Name == "jsondecode" && len(x.Args) == 1 {
			// jsondecode(azapi_resource.x.output) keeps the reference.
			if a := s.expr(x.Args[0]); a.Kind == parser.KindRef {
				return rerange(a, r)
			}
		}
	}
	return s.fallback(e, r)
}

// template concatenates the parts of a string template when all are known.
func (s *scope) template(x *hclsyntax.TemplateExpr, r parser.Range) *parser.Value {
	var sb strings.Builder
	var refs []parser.Reference
	known := true
	for _, p := range x.Parts {
		v := s.expr(p)
		switch v.Kind {
		case parser.KindString:
			sb.WriteString(v.Str)
		case parser.KindNumber, parser.KindBool:
			sb.WriteString(v.Text())
		default:
			known = false
			refs = append(refs, refsOf(v)...)
		}
	}
	if !known {
		return parser.UnknownValue(s.text(x), r, mergeRefs(refs)...)
	}
	return parser.StrValue(sb.String(), r)
}

func mergeRefs(lists ...[]parser.Reference) []parser.Reference {
	var out []parser.Reference
	seen := map[parser.Reference]bool{}
	for _, l := range lists {
		for _, r := range l {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// index looks key up in coll.
func index(coll, key *parser.Value) (*parser.Value, bool) {
	if coll == nil || key == nil {
		return nil, false
	}
	switch coll.Kind {
	case parser.KindArray:
		n, ok := ctyInt(key)
		if !ok && key.Kind == parser.KindString {
			if i, err := strconv.Atoi(key.Str); err == nil && i >= 0 {
				n, ok = i, true
			}
		}
		if ok && n < len(coll.Items) {
			return coll.Items[n], true
		}
	case parser.KindObject:
		k := key.Text()
		if key.Kind == parser.KindString || key.Kind == parser.KindNumber || key.Kind == parser.KindBool {
			for _, f := range coll.Fields {
				if f.Key == k {
					return f.Value, true
				}
			}
		}
	}
	return nil, false
}

// applySteps follows traversal steps into v. The result gets range r.
func applySteps(v *parser.Value, steps hcl.Traversal, r parser.Range, text string) (*parser.Value, bool) {
	cur := v
	for _, st := range steps {
		if cur == nil {
			return nil, false
		}
		switch t := st.(type) {
		case hcl.TraverseAttr:
			if cur.Kind != parser.KindObject {
				return nil, false
			}
			var next *parser.Value
			for _, f := range cur.Fields {
				if f.Key == t.Name {
					next = f.Value
					break
				}
			}
			if next == nil {
				return nil, false
			}
			cur = next
		case hcl.TraverseIndex:
			nv, ok := index(cur, fromCty(t.Key, r, text, 0))
			if !ok {
				return nil, false
			}
			cur = nv
		default:
			return nil, false
		}
	}
	return rerange(cur, r), true
}

// traversal resolves an absolute traversal (var.x, local.y, a resource
// reference, ...). ok is false when it names nothing that exists.
func (s *scope) traversal(t hcl.Traversal, r parser.Range) (*parser.Value, bool) {
	root := t.RootName()
	text := travText(t)
	if v, ok := s.iter[root]; ok {
		if v == nil {
			return parser.UnknownValue(text, r), true
		}
		return applySteps(v, t[1:], r, text)
	}
	attr := func(i int) string {
		if i < len(t) {
			if a, ok := t[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	switch root {
	case "count", "each", "self":
		return parser.UnknownValue(text, r), true
	case "path":
		if s.m == nil {
			return parser.UnknownValue(text, r), true
		}
		switch attr(1) {
		case "module":
			return parser.StrValue(s.m.dir, r), true
		case "root":
			return parser.StrValue(s.u.rootDir, r), true
		case "cwd":
			return parser.StrValue(".", r), true
		}
		return nil, false
	case "terraform":
		if attr(1) == "workspace" {
			return parser.StrValue("default", r), true
		}
		return parser.UnknownValue(text, r), true
	}
	if s.m == nil {
		return parser.UnknownValue(text, r), true
	}
	switch root {
	case "var":
		v := s.m.vars[attr(1)]
		if v == nil {
			return nil, false
		}
		val := s.varValue(v)
		if v.input != nil {
			// values passed in by a caller land in the module's own file
			val = deepRerange(val, r, 0)
		}
		return applySteps(val, t[2:], r, text)
	case "local":
		l := s.m.locals[attr(1)]
		if l == nil {
			return nil, false
		}
		return applySteps(s.local(l), t[2:], r, text)
	case "module":
		return s.moduleOutput(t, r, text)
	case "data":
		return s.dataRef(t, r, text)
	}
	d := s.m.decls[root+"."+attr(1)]
	if d == nil || d.kind != "resource" {
		return parser.UnknownValue(text, r), true
	}
	return s.resourceRef(d, t[2:], r), true
}

func travText(t hcl.Traversal) string {
	var sb strings.Builder
	for i, st := range t {
		switch x := st.(type) {
		case hcl.TraverseRoot:
			sb.WriteString(x.Name)
		case hcl.TraverseAttr:
			sb.WriteByte('.')
			sb.WriteString(x.Name)
		case hcl.TraverseIndex:
			sb.WriteByte('[')
			if x.Key.IsKnown() && !x.Key.IsNull() && x.Key.Type() == cty.String {
				sb.WriteString(strconv.Quote(x.Key.AsString()))
			} else if x.Key.IsKnown() && !x.Key.IsNull() && x.Key.Type() == cty.Number {
				sb.WriteString(x.Key.AsBigFloat().Text('f', -1))
			}
			sb.WriteByte(']')
		default:
			if i > 0 {
				sb.WriteString("[*]")
			}
		}
	}
	return sb.String()
}

// varValue is the value in effect of a variable: a tfvars value, the
// caller's input, or the default; unknown when none is given.
func (s *scope) varValue(v *variable) *parser.Value {
	if v.state == 2 {
		return v.resolved
	}
	if v.state == 1 {
		return parser.UnknownValue("var."+v.name, rng(v.block.DefRange))
	}
	v.state = 1
	var val *parser.Value
	switch {
	case v.value != nil:
		val = v.value
	case v.input != nil && v.inputMod != nil:
		val = (&scope{u: s.u, m: v.inputMod}).expr(v.input)
	case v.def != nil:
		val = s.varDefault(v)
	default:
		val = parser.UnknownValue("var."+v.name, rng(v.block.DefRange))
	}
	if val != nil && val.Kind == parser.KindNull && v.def != nil && v.input != nil {
		// a null input means "use the default" for non-nullable variables;
		// Terraform's default is nullable, but callers pass null to mean
		// default far more often than they mean null.
		val = s.varDefault(v)
	}
	v.resolved, v.state = convertPrimitive(v, val), 2
	return v.resolved
}

// convertPrimitive applies a primitive type constraint (bool, number,
// string) to a known scalar, as Terraform does for tfvars and inputs
// ("true" for a bool variable is true).
func convertPrimitive(v *variable, val *parser.Value) *parser.Value {
	if v.typ == nil || val == nil {
		return val
	}
	kw := hcl.ExprAsKeyword(v.typ)
	switch {
	case kw == "bool" && val.Kind == parser.KindString:
		switch val.Str {
		case "true":
			return parser.BoolValue(true, val.Range)
		case "false":
			return parser.BoolValue(false, val.Range)
		}
	case kw == "number" && val.Kind == parser.KindString:
		if f, err := strconv.ParseFloat(val.Str, 64); err == nil {
			return parser.NumValue(f, val.Range)
		}
	case kw == "string" && (val.Kind == parser.KindBool || val.Kind == parser.KindNumber):
		return parser.StrValue(val.Text(), val.Range)
	}
	return val
}

func (s *scope) varDefault(v *variable) *parser.Value {
	if v.defVal == nil && v.def != nil {
		v.defVal = (&scope{u: s.u, m: s.m}).expr(v.def)
	}
	return v.defVal
}

// local evaluates a local value, reporting cycles between locals.
func (s *scope) local(l *local) *parser.Value {
	switch l.state {
	case 2:
		return l.val
	case 1:
		s.u.diags = append(s.u.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "cycle between locals",
			Detail: "local." + l.name + " refers to itself through " + s.localChain(l), Subject: rng(l.attr.NameRange)})
		l.val, l.state = parser.UnknownValue("local."+l.name, rng(l.attr.Expr.Range())), 2
		return l.val
	}
	l.state = 1
	s.u.localStack = append(s.u.localStack, l)
	v := (&scope{u: s.u, m: s.m}).expr(l.attr.Expr)
	s.u.localStack = s.u.localStack[:len(s.u.localStack)-1]
	if l.state == 2 { // a cycle was reported while evaluating
		return l.val
	}
	l.val, l.state = v, 2
	return v
}

func (s *scope) localChain(l *local) string {
	var names []string
	start := -1
	for i, x := range s.u.localStack {
		if x == l {
			start = i
		}
	}
	if start < 0 {
		return "local." + l.name
	}
	for _, x := range s.u.localStack[start:] {
		names = append(names, "local."+x.name)
	}
	names = append(names, "local."+l.name)
	return strings.Join(names, " -> ")
}

// moduleOutput resolves module.NAME[.key].OUTPUT in the child's scope.
func (s *scope) moduleOutput(t hcl.Traversal, r parser.Range, text string) (*parser.Value, bool) {
	if len(t) < 2 {
		return parser.UnknownValue(text, r), true
	}
	a, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return parser.UnknownValue(text, r), true
	}
	call := s.m.calls[a.Name]
	if call == nil {
		return nil, false
	}
	rest := t[2:]
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok {
			rest = rest[1:]
		}
	}
	if call.child == nil || len(rest) == 0 {
		return parser.UnknownValue(text, r), true
	}
	oa, ok := rest[0].(hcl.TraverseAttr)
	if !ok {
		return parser.UnknownValue(text, r), true
	}
	o := call.child.outputs[oa.Name]
	if o == nil {
		return parser.UnknownValue(text, r), true
	}
	switch o.state {
	case 1:
		return parser.UnknownValue(text, r), true
	case 0:
		o.state = 1
		o.val = (&scope{u: s.u, m: call.child}).expr(o.attr.Expr)
		o.state = 2
	}
	v, ok := applySteps(o.val, rest[1:], r, text)
	if !ok {
		return parser.UnknownValue(text, r, refsOf(o.val)...), true
	}
	if v.Kind != parser.KindRef && v.Kind != parser.KindUnknown {
		// keep nested ranges of values defined in the child
		return v, true
	}
	return v, true
}

// Context placeholders (the same strings the ARM and Bicep front ends use).
const (
	subscriptionID = "/subscriptions/{subscriptionId}"
	rgPlaceholder  = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
)

// dataRef resolves references to data sources: the client config is the
// deployer, subscription and resource group ids are placeholders, anything
// else is unknown (data sources are not resources of the unit).
func (s *scope) dataRef(t hcl.Traversal, r parser.Range, text string) (*parser.Value, bool) {
	var names []string
	for _, st := range t[1:] {
		if a, ok := st.(hcl.TraverseAttr); ok {
			names = append(names, a.Name)
		} else if len(names) < 2 {
			continue
		} else {
			break
		}
	}
	if len(names) < 3 {
		return parser.UnknownValue(text, r), true
	}
	typ, name, attr := names[0], names[1], names[2]
	switch typ {
	case "azurerm_client_config", "azuread_client_config":
		switch attr {
		case "object_id":
			return parser.RefValue("deployer", "objectId", r), true
		case "tenant_id":
			return parser.StrValue("{tenantId}", r), true
		case "subscription_id":
			return parser.StrValue("{subscriptionId}", r), true
		}
	case "azurerm_subscription":
		switch attr {
		case "id":
			return parser.StrValue(subscriptionID, r), true
		case "subscription_id":
			return parser.StrValue("{subscriptionId}", r), true
		case "tenant_id":
			return parser.StrValue("{tenantId}", r), true
		}
	case "azurerm_resource_group":
		switch attr {
		case "id":
			if n, ok := s.dataAttr("data."+typ+"."+name, "name").String(); ok {
				return parser.StrValue("/subscriptions/{subscriptionId}/resourceGroups/"+n, r), true
			}
			return parser.StrValue(rgPlaceholder, r), true
		case "name":
			if v := s.dataAttr("data."+typ+"."+name, "name"); v != nil && v.IsKnown() {
				return rerange(v, r), true
			}
			return parser.StrValue("{resourceGroupName}", r), true
		case "location":
			return parser.StrValue("{location}", r), true
		}
	case "azurerm_role_definition":
		if attr == "id" || attr == "role_definition_id" {
			if v := s.dataAttr("data."+typ+"."+name, "role_definition_id"); v != nil {
				if id, ok := v.String(); ok {
					return parser.StrValue("/providers/Microsoft.Authorization/roleDefinitions/"+id, r), true
				}
			}
		}
	}
	return parser.UnknownValue(text, r), true
}

// dataAttr evaluates attribute name of a data block, or nil.
func (s *scope) dataAttr(addr, name string) *parser.Value {
	d := s.m.decls[addr]
	if d == nil || d.block == nil {
		return nil
	}
	attrs, _ := d.block.Body.JustAttributes()
	a := attrs[name]
	if a == nil {
		return nil
	}
	return (&scope{u: s.u, m: d.mod}).expr(a.Expr)
}

// resourceRef builds the reference for a resource attribute traversal
// (steps after TYPE.NAME).
func (s *scope) resourceRef(d *decl, steps hcl.Traversal, r parser.Range) *parser.Value {
	id := s.m.resID(d.addr)
	if len(steps) > 0 {
		if _, ok := steps[0].(hcl.TraverseIndex); ok {
			steps = steps[1:] // one resource per declaration
		}
	}
	path := stepsPath(steps)
	if d.typ == "azurerm_resource_group" && len(path) > 0 {
		switch path[0] {
		case "id":
			if n, ok := s.dataAttr(d.addr, "name").String(); ok {
				return parser.StrValue("/subscriptions/{subscriptionId}/resourceGroups/"+n, r)
			}
			return parser.StrValue(rgPlaceholder, r)
		case "location":
			if v := s.dataAttr(d.addr, "location"); v != nil && v.IsKnown() {
				return rerange(v, r)
			}
		}
	}
	if len(path) == 1 && path[0] == "name" {
		if v := s.dataAttr(d.addr, "name"); v != nil && v.IsKnown() {
			return rerange(v, r)
		}
	}
	return parser.RefValue(id, refPath(d.typ, path), r)
}

// fallback evaluates e with hcl and the function table, giving it the
// values of the traversals it mentions; unknown when not wholly known.
func (s *scope) fallback(e hcl.Expression, r parser.Range) *parser.Value {
	vars := e.Variables()
	text := s.text(e)
	var refs []parser.Reference
	tree := &ctyNode{}
	for _, t := range vars {
		prefix := t
		for i := 1; i < len(t); i++ {
			if _, ok := t[i].(hcl.TraverseAttr); !ok {
				prefix = t[:i]
				break
			}
		}
		v, ok := s.traversal(prefix, rng(t.SourceRange()))
		if !ok {
			continue
		}
		refs = append(refs, refsOf(v)...)
		tree.insert(prefix, toCty(v, 0))
	}
	ctx := &hcl.EvalContext{Variables: tree.vars(), Functions: functions()}
	val, diags := e.Value(ctx)
	if diags.HasErrors() || !val.IsWhollyKnown() {
		return parser.UnknownValue(text, r, mergeRefs(refs)...)
	}
	return fromCty(val, r, text, 0)
}

// ctyNode builds nested cty objects from traversal prefixes.
type ctyNode struct {
	leaf     *cty.Value
	children map[string]*ctyNode
}

func (n *ctyNode) insert(t hcl.Traversal, v cty.Value) {
	cur := n
	for _, st := range t {
		var name string
		switch x := st.(type) {
		case hcl.TraverseRoot:
			name = x.Name
		case hcl.TraverseAttr:
			name = x.Name
		default:
			return
		}
		if cur.leaf != nil {
			return // a shorter prefix already gives the whole value
		}
		if cur.children == nil {
			cur.children = map[string]*ctyNode{}
		}
		next := cur.children[name]
		if next == nil {
			next = &ctyNode{}
			cur.children[name] = next
		}
		cur = next
	}
	cur.leaf = &v
	cur.children = nil
}

func (n *ctyNode) vars() map[string]cty.Value {
	out := make(map[string]cty.Value, len(n.children))
	for k, c := range n.children {
		out[k] = c.value()
	}
	return out
}

func (n *ctyNode) value() cty.Value {
	if n.leaf != nil {
		return *n.leaf
	}
	return cty.ObjectVal(n.vars())
}

// stepsPath turns traversal steps into path elements ("identity", "[0]").
func stepsPath(steps hcl.Traversal) []string {
	var path []string
	for _, st := range steps {
		switch x := st.(type) {
		case hcl.TraverseAttr:
			path = append(path, x.Name)
		case hcl.TraverseIndex:
			if x.Key.IsKnown() && !x.Key.IsNull() && x.Key.Type() == cty.Number {
				path = append(path, "["+x.Key.AsBigFloat().Text('f', -1)+"]")
			} else if x.Key.IsKnown() && !x.Key.IsNull() && x.Key.Type() == cty.String {
				path = append(path, x.Key.AsString())
			}
		}
	}
	return path
}
