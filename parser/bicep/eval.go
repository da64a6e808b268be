package bicep

import (
	"math"
	"strconv"
	"strings"

	"github.com/milint/milint/parser"
)

// env is a chain of local variables (loop items, lambda parameters).
type env struct {
	name   string
	val    *parser.Value
	parent *env
}

func refsOf(vs ...*parser.Value) []parser.Reference { return parser.AppendRefs(nil, vs...) }

func (e *env) lookup(name string) (*parser.Value, bool) {
	for ; e != nil; e = e.parent {
		if e.name == name {
			return e.val, true
		}
	}
	return nil, false
}

func (e *env) with(name string, v *parser.Value) *env {
	if name == "" {
		return e
	}
	return &env{name: name, val: v, parent: e}
}

// maxEvalDepth guards evaluation recursion (left-deep operator chains are
// not limited by the parser's depth guard).
const maxEvalDepth = 20000

// maxStaticItems caps arrays built statically (range(), for-expressions).
const maxStaticItems = 10000

// ---- value helpers ----

// at returns a shallow copy of v located at r.
func at(v *parser.Value, r parser.Range) *parser.Value {
	if v == nil {
		return parser.NullValue(r)
	}
	c := *v
	c.Range = r
	return &c
}

// rebase deep-copies v, moving every range that is not in file to r (so a
// value passed into a module is located where the module uses it).
func rebase(v *parser.Value, file string, r parser.Range) *parser.Value {
	if v == nil {
		return nil
	}
	c := *v
	if c.Range.File != file {
		c.Range = r
	}
	if len(v.Items) > 0 {
		c.Items = make([]*parser.Value, len(v.Items))
		for i, it := range v.Items {
			c.Items[i] = rebase(it, file, r)
		}
	}
	if len(v.Fields) > 0 {
		c.Fields = make([]*parser.Field, len(v.Fields))
		for i, f := range v.Fields {
			nf := *f
			if nf.KeyRange.File != file {
				nf.KeyRange = r
			}
			nf.Value = rebase(f.Value, file, r)
			c.Fields[i] = &nf
		}
	}
	return &c
}

func joinPath(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

func known(vs ...*parser.Value) bool {
	for _, v := range vs {
		if !v.IsKnown() {
			return false
		}
	}
	return true
}

// toStr converts a known scalar to its string form as ARM's string() or
// format() would.
func toStr(v *parser.Value) (string, bool) {
	switch v.Kind {
	case parser.KindString:
		return v.Str, true
	case parser.KindNumber:
		return strconv.FormatFloat(v.Num, 'f', -1, 64), true
	case parser.KindBool:
		if v.Bool {
			return "True", true
		}
		return "False", true
	case parser.KindNull:
		return "", true
	case parser.KindArray, parser.KindObject:
		if v.IsKnown() {
			var b strings.Builder
			parser.WriteJSON(&b, v, 0)
			return b.String(), true
		}
	}
	return "", false
}

// ---- evaluation ----

func (in *instance) unknown(e Node, parts ...*parser.Value) *parser.Value {
	return parser.UnknownValue(in.f.Text(e), e.Range(), refsOf(parts...)...)
}

func (in *instance) eval(e Expr, en *env) *parser.Value {
	in.evalDepth++
	defer func() { in.evalDepth-- }()
	if in.evalDepth > maxEvalDepth {
		return in.unknown(e)
	}
	switch x := e.(type) {
	case *Literal:
		switch x.Kind {
		case LitBool:
			return parser.BoolValue(x.Bool, x.Rng)
		case LitInt:
			return parser.NumValue(float64(x.Int), x.Rng)
		}
		return parser.NullValue(x.Rng)
	case *String:
		return in.evalString(x, en)
	case *Paren:
		return at(in.eval(x.X, en), x.Rng)
	case *NonNull:
		return at(in.eval(x.X, en), x.Rng)
	case *Ident:
		return in.evalIdent(x, en)
	case *Array:
		return in.evalArray(x, en)
	case *Object:
		return in.evalObject(x, en)
	case *Unary:
		v := in.eval(x.X, en)
		switch {
		case x.Op == TBang && v.Kind == parser.KindBool:
			return parser.BoolValue(!v.Bool, x.Rng)
		case x.Op == TMinus && v.Kind == parser.KindNumber:
			return parser.NumValue(-v.Num, x.Rng)
		case x.Op == TPlus && v.Kind == parser.KindNumber:
			return at(v, x.Rng)
		}
		return in.unknown(x, v)
	case *Binary:
		return in.evalBinary(x, en)
	case *Ternary:
		c := in.eval(x.Cond, en)
		if c.Kind == parser.KindBool {
			if c.Bool {
				return in.eval(x.Then, en)
			}
			return in.eval(x.Else, en)
		}
		return in.unknown(x, c, in.eval(x.Then, en), in.eval(x.Else, en))
	case *Call:
		return in.evalCall(x, x.Name, x.Args, en)
	case *MethodCall:
		return in.evalMethod(x, en)
	case *Property:
		return in.evalProperty(x, en)
	case *Index:
		return in.evalIndex(x, en)
	case *ResourceAccess:
		if sym := in.resolveSymbol(x, en); sym != nil {
			return parser.RefValue(sym.id, "", x.Rng)
		}
		return in.unknown(x, in.eval(x.Target, en))
	case *For:
		return in.evalFor(x, en)
	case *Lambda:
		// evaluate the body once to learn what it references
		inner := en
		for _, p := range x.Params {
			inner = inner.with(p, parser.UnknownValue(p, x.Rng))
		}
		return in.unknown(x, in.eval(x.Body, inner))
	case *Spread:
		return in.eval(x.X, en)
	}
	return in.unknown(e)
}

func (in *instance) evalString(x *String, en *env) *parser.Value {
	if len(x.Holes) == 0 {
		return parser.StrValue(x.Parts[0], x.Rng)
	}
	vals := make([]*parser.Value, len(x.Holes))
	for i, h := range x.Holes {
		vals[i] = in.eval(h, en)
	}
	if len(vals) == 1 && x.Parts[0] == "" && x.Parts[1] == "" {
		v := vals[0]
		if v.Kind == parser.KindRef || v.Kind == parser.KindUnknown || v.Kind == parser.KindString {
			return at(v, x.Rng)
		}
	}
	var b strings.Builder
	gen := false
	for i, p := range x.Parts {
		b.WriteString(p)
		if i < len(vals) {
			s, ok := toStr(vals[i])
			if !ok {
				return in.unknown(x, vals...)
			}
			b.WriteString(s)
			gen = gen || vals[i].Generated
		}
	}
	v := parser.StrValue(b.String(), x.Rng)
	v.Generated = gen
	return v
}

func (in *instance) evalArray(x *Array, en *env) *parser.Value {
	items := make([]*parser.Value, 0, len(x.Items))
	for _, it := range x.Items {
		if sp, ok := it.(*Spread); ok {
			v := in.eval(sp.X, en)
			if v.Kind != parser.KindArray {
				return in.unknown(x, v)
			}
			items = append(items, v.Items...)
			continue
		}
		items = append(items, in.eval(it, en))
	}
	return parser.ArrayValue(items, x.Rng)
}

func (in *instance) evalObject(x *Object, en *env) *parser.Value {
	o := parser.ObjectValue(make([]*parser.Field, 0, len(x.Props)), x.Rng)
	for _, m := range x.Order {
		switch m := m.(type) {
		case *ObjectProp:
			if m.Value == nil {
				continue
			}
			key := m.Key
			var kv *parser.Value
			if m.KeyExpr != nil && key == "" {
				kv = in.eval(m.KeyExpr, en)
				key = kv.Text()
			}
			f := &parser.Field{Key: key, KeyRange: m.KeyRange, Value: in.eval(m.Value, en)}
			if kv != nil && kv.Kind != parser.KindString {
				in.ld.keyVals[f] = kv
			}
			o.Fields = append(o.Fields, f)
		case *Spread:
			v := in.eval(m.X, en)
			if v.Kind != parser.KindObject {
				return in.unknown(x, v)
			}
			for _, f := range v.Fields {
				o.Set(f.Key, f.Value)
			}
		}
	}
	return o
}

func (in *instance) evalBinary(x *Binary, en *env) *parser.Value {
	l := in.eval(x.L, en)
	switch x.Op {
	case TAnd:
		if l.Kind == parser.KindBool && !l.Bool {
			return parser.BoolValue(false, x.Rng)
		}
	case TOr:
		if l.Kind == parser.KindBool && l.Bool {
			return parser.BoolValue(true, x.Rng)
		}
	case TCoalesce:
		if l.Kind == parser.KindNull {
			return in.eval(x.R, en)
		}
		if l.Kind != parser.KindUnknown {
			// a value (even a reference or one with unknown parts) is not null
			return at(l, x.Rng)
		}
	}
	r := in.eval(x.R, en)
	if !known(l, r) {
		return in.unknown(x, l, r)
	}
	switch x.Op {
	case TAnd, TOr:
		if l.Kind == parser.KindBool && r.Kind == parser.KindBool {
			if x.Op == TAnd {
				return parser.BoolValue(l.Bool && r.Bool, x.Rng)
			}
			return parser.BoolValue(l.Bool || r.Bool, x.Rng)
		}
	case TCoalesce:
		return at(r, x.Rng)
	case TEq, TNotEq, TEqI, TNotEqI:
		eq := parser.Equal(l, r, x.Op == TEqI || x.Op == TNotEqI)
		if x.Op == TNotEq || x.Op == TNotEqI {
			eq = !eq
		}
		return parser.BoolValue(eq, x.Rng)
	case TLess, TLessEq, TGreater, TGreaterEq:
		var c int
		switch {
		case l.Kind == parser.KindNumber && r.Kind == parser.KindNumber:
			c = cmpF(l.Num, r.Num)
		case l.Kind == parser.KindString && r.Kind == parser.KindString:
			c = strings.Compare(l.Str, r.Str)
		default:
			return in.unknown(x, l, r)
		}
		var b bool
		switch x.Op {
		case TLess:
			b = c < 0
		case TLessEq:
			b = c <= 0
		case TGreater:
			b = c > 0
		default:
			b = c >= 0
		}
		return parser.BoolValue(b, x.Rng)
	case TPlus, TMinus, TStar, TSlash, TPercent:
		if l.Kind == parser.KindNumber && r.Kind == parser.KindNumber {
			a, b := l.Num, r.Num
			switch x.Op {
			case TPlus:
				return parser.NumValue(a+b, x.Rng)
			case TMinus:
				return parser.NumValue(a-b, x.Rng)
			case TStar:
				return parser.NumValue(a*b, x.Rng)
			case TSlash:
				if b != 0 {
					return parser.NumValue(math.Trunc(a/b), x.Rng)
				}
			case TPercent:
				if b != 0 {
					return parser.NumValue(math.Mod(a, b), x.Rng)
				}
			}
		}
	}
	return in.unknown(x, l, r)
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (in *instance) evalIdent(x *Ident, en *env) *parser.Value {
	if v, ok := en.lookup(x.Name); ok {
		return at(v, x.Rng)
	}
	if p := in.params[x.Name]; p != nil {
		return in.paramUse(p, x)
	}
	if v := in.vars[x.Name]; v != nil {
		return in.varUse(v, x)
	}
	if s := in.syms[x.Name]; s != nil {
		return parser.RefValue(s.id, "", x.Rng)
	}
	if v := in.importedValue(x.Name, x); v != nil {
		return v
	}
	return parser.UnknownValue(x.Name, x.Rng)
}

func (in *instance) paramUse(p *paramState, x Node) *parser.Value {
	v := p.value
	if v == nil {
		if !p.evaluated {
			p.evaluated = true
			if p.decl.Default != nil {
				p.value = in.eval(p.decl.Default, nil)
			}
			v = p.value
		}
		if v == nil {
			return parser.UnknownValue(in.f.Text(x), x.Range())
		}
	}
	if v.Range.File != in.f.Name && !p.fromParamFile {
		return rebase(v, in.f.Name, x.Range())
	}
	return at(v, x.Range())
}

func (in *instance) varUse(v *varState, x Node) *parser.Value {
	switch v.state {
	case 1:
		if !v.cycleReported {
			v.cycleReported = true
			in.diags.Errorf(v.decl.NameRange, "variable %s refers to itself", v.decl.Name)
		}
		return parser.UnknownValue(in.f.Text(x), x.Range())
	case 0:
		v.state = 1
		if v.decl.Value != nil {
			v.value = in.eval(v.decl.Value, nil)
		} else {
			v.value = parser.UnknownValue(v.decl.Name, v.decl.NameRange)
		}
		v.state = 2
	}
	return at(v.value, x.Range())
}

// resolveSymbol resolves an expression naming a resource or module
// (sym, sym[i], parent::child) to its symbol.
func (in *instance) resolveSymbol(e Expr, en *env) *symbol {
	switch x := e.(type) {
	case *Ident:
		if _, ok := en.lookup(x.Name); ok {
			return nil
		}
		if in.params[x.Name] != nil || in.vars[x.Name] != nil {
			return nil
		}
		return in.syms[x.Name]
	case *Index:
		if s := in.resolveSymbol(x.Target, en); s != nil && s.looped {
			return s
		}
	case *NonNull:
		return in.resolveSymbol(x.X, en)
	case *Paren:
		return in.resolveSymbol(x.X, en)
	case *ResourceAccess:
		if s := in.resolveSymbol(x.Target, en); s != nil && s.children != nil {
			return s.children[x.Name]
		}
	}
	return nil
}

func (in *instance) evalProperty(x *Property, en *env) *parser.Value {
	if sym := in.resolveSymbol(x.Target, en); sym != nil {
		if sym.module != nil {
			return in.moduleProperty(sym, x, en)
		}
		switch x.Name {
		case "name":
			if n := in.resourceName(sym); n != nil && n.IsKnown() {
				return at(n, x.Rng)
			}
		case "type":
			return parser.StrValue(sym.typ, x.Rng)
		case "apiVersion":
			return parser.StrValue(sym.api, x.Rng)
		}
		return parser.RefValue(sym.id, x.Name, x.Rng)
	}
	t := in.eval(x.Target, en)
	switch t.Kind {
	case parser.KindRef:
		return parser.RefValue(t.Ref.Resource, joinPath(t.Ref.Path, x.Name), x.Rng)
	case parser.KindObject:
		if f := t.Get(x.Name); f != nil {
			return at(f, f.Range)
		}
		if x.Safe {
			return parser.NullValue(x.Rng)
		}
	case parser.KindNull:
		if x.Safe {
			return parser.NullValue(x.Rng)
		}
	}
	return in.unknown(x, t)
}

func (in *instance) evalIndex(x *Index, en *env) *parser.Value {
	if sym := in.resolveSymbol(x.Target, en); sym != nil && sym.looped {
		in.eval(x.Index, en)
		return parser.RefValue(sym.id, "", x.Rng)
	}
	t := in.eval(x.Target, en)
	i := in.eval(x.Index, en)
	switch t.Kind {
	case parser.KindRef:
		seg := "[*]"
		switch i.Kind {
		case parser.KindNumber:
			seg = "[" + strconv.FormatFloat(i.Num, 'f', -1, 64) + "]"
		case parser.KindString:
			return parser.RefValue(t.Ref.Resource, joinPath(t.Ref.Path, i.Str), x.Rng)
		}
		return parser.RefValue(t.Ref.Resource, t.Ref.Path+seg, x.Rng)
	case parser.KindArray:
		if i.Kind == parser.KindNumber {
			n := int(i.Num)
			if x.FromEnd {
				n = len(t.Items) - n
			}
			if n >= 0 && n < len(t.Items) {
				it := t.Items[n]
				return at(it, it.Range)
			}
			if x.Safe {
				return parser.NullValue(x.Rng)
			}
		}
	case parser.KindObject:
		if i.Kind == parser.KindString {
			if f := t.Get(i.Str); f != nil {
				return at(f, f.Range)
			}
			if x.Safe {
				return parser.NullValue(x.Rng)
			}
		}
	}
	return in.unknown(x, t, i)
}

func (in *instance) evalMethod(x *MethodCall, en *env) *parser.Value {
	if id, ok := x.Target.(*Ident); ok && (id.Name == "sys" || id.Name == "az") && in.resolveSymbol(id, en) == nil {
		if _, local := en.lookup(id.Name); !local && in.params[id.Name] == nil && in.vars[id.Name] == nil {
			return in.evalCall(x, x.Name, x.Args, en)
		}
	}
	if sym := in.resolveSymbol(x.Target, en); sym != nil && sym.module == nil {
		args := make([]*parser.Value, len(x.Args))
		for i, a := range x.Args {
			args[i] = in.eval(a, en)
		}
		if strings.EqualFold(x.Name, "getSecret") {
			return parser.UnknownValue(in.f.Text(x), x.Rng, append([]parser.Reference{{Resource: sym.id, Path: "getSecret()"}}, refsOf(args...)...)...)
		}
		return parser.RefValue(sym.id, x.Name+"()", x.Rng)
	}
	t := in.eval(x.Target, en)
	if t.Kind == parser.KindRef {
		return parser.RefValue(t.Ref.Resource, joinPath(t.Ref.Path, x.Name+"()"), x.Rng)
	}
	args := []*parser.Value{t}
	for _, a := range x.Args {
		args = append(args, in.eval(a, en))
	}
	return in.unknown(x, args...)
}

func (in *instance) evalFor(x *For, en *env) *parser.Value {
	coll := in.eval(x.Collection, en)
	if coll.Kind == parser.KindArray && len(coll.Items) <= maxStaticItems {
		out := make([]*parser.Value, 0, len(coll.Items))
		for i, it := range coll.Items {
			inner := en.with(x.Item, it).with(x.IndexVar, parser.NumValue(float64(i), x.Rng))
			body := x.Body
			if ifb, ok := body.(*If); ok {
				c := in.eval(ifb.Cond, inner)
				if c.Kind != parser.KindBool {
					return in.unknown(x, coll, c)
				}
				if !c.Bool {
					continue
				}
				body = ifb.Body
			}
			out = append(out, in.eval(body, inner))
		}
		return parser.ArrayValue(out, x.Rng)
	}
	inner := en.with(x.Item, parser.UnknownValue(x.Item, x.Collection.Range(), refsOf(coll)...)).
		with(x.IndexVar, parser.UnknownValue(x.IndexVar, x.Collection.Range()))
	return in.unknown(x, coll, in.eval(x.Body, inner))
}
