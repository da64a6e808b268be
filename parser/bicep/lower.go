package bicep

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/milint/milint/parser"
)

type paramState struct {
	decl      *ParamDecl
	value     *parser.Value // bound (module argument / .bicepparam) or evaluated default
	bound     bool
	evaluated bool
	// fromParamFile: the value comes from a .bicepparam file, whose ranges
	// are kept (that is where a person edits it); module arguments are
	// moved to where the module uses them.
	fromParamFile bool
}

type varState struct {
	decl          *VarDecl
	state         int // 0 new, 1 evaluating, 2 done
	value         *parser.Value
	cycleReported bool
}

// symbol is a resource or module declaration of one instance.
type symbol struct {
	id       string
	name     string
	decl     *ResourceDecl
	module   *ModuleDecl
	typ, api string
	looped   bool
	parent   *symbol
	children map[string]*symbol
	env      *env // loop variables visible in the body
	loopEnv  *env // the environment the loop collection is evaluated in

	nameState int
	nameVal   *parser.Value

	modState int
	child    *instance
	outputs  *parser.Value
	res      *parser.Resource
}

// instance is one file lowered with one set of parameter values: the
// entry, or a module call.
type instance struct {
	ld        *loadState
	f         *File
	prefix    string // id prefix of resources ("" or "call>")
	module    string // the module call id ("" at the top)
	chain     []string
	params    map[string]*paramState
	pOrder    []*paramState
	vars      map[string]*varState
	syms      map[string]*symbol
	order     []*symbol
	outputs   []*OutputDecl
	imports   map[string]importRef
	diags     *parser.Diagnostics
	evalDepth int
	scope     string
}

type importRef struct {
	from     *String
	name     string // original name; "" for a wildcard import
	wildcard bool
}

func newInstance(ld *loadState, f *File, prefix, module string, chain []string) *instance {
	in := &instance{ld: ld, f: f, prefix: prefix, module: module, chain: chain,
		params: map[string]*paramState{}, vars: map[string]*varState{}, syms: map[string]*symbol{},
		imports: map[string]importRef{}, diags: &ld.diags}
	in.declare()
	return in
}

func (in *instance) declare() {
	for _, d := range in.f.Decls {
		switch d := d.(type) {
		case *ParamDecl:
			if d.Name != "" {
				p := &paramState{decl: d}
				in.params[d.Name] = p
				in.pOrder = append(in.pOrder, p)
			}
		case *VarDecl:
			if d.Name != "" {
				in.vars[d.Name] = &varState{decl: d}
			}
		case *ResourceDecl:
			in.declareResource(d, nil)
		case *ModuleDecl:
			if d.Name == "" {
				continue
			}
			s := &symbol{id: in.prefix + d.Name, name: d.Name, module: d}
			_, loop, _ := unwrapBody(d.Body)
			s.looped = loop != nil
			s.env, s.loopEnv = loopEnv(loop, nil)
			in.syms[d.Name] = s
			in.order = append(in.order, s)
		case *OutputDecl:
			in.outputs = append(in.outputs, d)
		case *TargetScopeDecl:
			if s, ok := d.Value.(*String); ok && len(s.Holes) == 0 {
				in.scope = s.Parts[0]
			}
		case *ImportDecl:
			if d.From == nil {
				continue
			}
			if d.Wildcard != "" {
				in.imports[d.Wildcard] = importRef{from: d.From, wildcard: true}
			}
			for _, it := range d.Items {
				in.imports[it.Alias] = importRef{from: d.From, name: it.Name}
			}
		}
	}
}

func loopEnv(loop *For, parent *env) (body, coll *env) {
	if loop == nil {
		return parent, parent
	}
	body = parent.with(loop.Item, parser.UnknownValue(loop.Item, loop.Collection.Range())).
		with(loop.IndexVar, parser.UnknownValue(loop.IndexVar, loop.Collection.Range()))
	return body, parent
}

// unwrapBody splits a resource/module body into its object, loop and
// condition.
func unwrapBody(e Expr) (obj *Object, loop *For, cond *If) {
	if f, ok := e.(*For); ok {
		loop = f
		e = f.Body
	}
	if c, ok := e.(*If); ok {
		cond = c
		e = c.Body
	}
	obj, _ = e.(*Object)
	return obj, loop, cond
}

func splitType(s string) (string, string) {
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func (in *instance) declareResource(d *ResourceDecl, parent *symbol) {
	if d.Name == "" || d.Type == nil {
		return
	}
	s := &symbol{name: d.Name, decl: d, parent: parent}
	tstr := strings.Join(d.Type.Parts, "")
	s.typ, s.api = splitType(tstr)
	// extension-qualified types ('az:My.Rp/Type@v')
	if i := strings.IndexByte(s.typ, ':'); i >= 0 && !strings.Contains(s.typ[:i], "/") {
		s.typ = s.typ[i+1:]
	}
	_, loop, _ := unwrapBody(d.Body)
	var penv *env
	if parent != nil {
		s.id = parent.id + "::" + d.Name
		if !strings.Contains(s.typ, "/") {
			s.typ = parent.typ + "/" + s.typ
		}
		if s.api == "" {
			s.api = parent.api
		}
		s.looped = parent.looped
		penv = parent.env
		if parent.children == nil {
			parent.children = map[string]*symbol{}
		}
		parent.children[d.Name] = s
	} else {
		s.id = in.prefix + d.Name
		in.syms[d.Name] = s
	}
	if loop != nil {
		s.looped = true
	}
	s.env, s.loopEnv = loopEnv(loop, penv)
	in.order = append(in.order, s)
	obj, _, _ := unwrapBody(d.Body)
	if obj != nil {
		for _, c := range obj.Resources {
			in.declareResource(c, s)
		}
	}
}

// findResource finds a resource of this instance by type and static name.
func (in *instance) findResource(typ, name string) *symbol {
	for _, s := range in.order {
		if s.decl == nil || !strings.EqualFold(s.typ, typ) {
			continue
		}
		if n := in.resourceName(s); n != nil && n.Kind == parser.KindString && strings.EqualFold(n.Str, name) {
			return s
		}
	}
	return nil
}

func propOf(o *Object, key string) *ObjectProp {
	if o == nil {
		return nil
	}
	for _, p := range o.Props {
		if p.Key == key {
			return p
		}
	}
	return nil
}

// resourceName evaluates a resource's (full) name once.
func (in *instance) resourceName(s *symbol) *parser.Value {
	switch s.nameState {
	case 1:
		return parser.UnknownValue(s.name+".name", s.decl.NameRange)
	case 2:
		return s.nameVal
	}
	s.nameState = 1
	obj, _, _ := unwrapBody(s.decl.Body)
	var v *parser.Value
	if p := propOf(obj, "name"); p != nil && p.Value != nil {
		v = in.eval(p.Value, s.env)
	} else {
		v = parser.UnknownValue(s.name+".name", s.decl.NameRange)
	}
	var parentName *parser.Value
	var parentRefs []parser.Reference
	if s.parent != nil {
		parentName = in.resourceName(s.parent)
		parentRefs = []parser.Reference{{Resource: s.parent.id}}
	} else if p := propOf(obj, "parent"); p != nil && p.Value != nil {
		if ps := in.resolveSymbol(p.Value, s.env); ps != nil && ps.decl != nil {
			parentName = in.resourceName(ps)
			parentRefs = []parser.Reference{{Resource: ps.id}}
		}
	}
	if parentName != nil {
		if pn, ok := parentName.String(); ok {
			if cn, ok := v.String(); ok {
				v = parser.StrValue(pn+"/"+cn, v.Range)
			} else {
				v = parser.UnknownValue(pn+"/"+v.Text(), v.Range, append(parentRefs, refsOf(v)...)...)
			}
		} else {
			v = parser.UnknownValue(parentName.Text()+"/"+v.Text(), v.Range, append(refsOf(parentName, v), parentRefs...)...)
		}
	}
	s.nameVal = v
	s.nameState = 2
	return v
}

// build lowers every declaration of the instance into the unit.
func (in *instance) build() {
	for _, s := range in.order {
		if s.module != nil {
			in.ensureModule(s)
			continue
		}
		in.ld.u.Resources = append(in.ld.u.Resources, in.lowerResource(s))
	}
}

func declRange(n Node) parser.Range { return n.Range() }

func (in *instance) lowerResource(s *symbol) *parser.Resource {
	d := s.decl
	obj, loop, cond := unwrapBody(d.Body)
	res := &parser.Resource{ID: s.id, Type: s.typ, APIVersion: s.api, Existing: d.Existing, Module: in.module,
		Range: declRange(d), TypeRange: d.Type.Rng}
	s.res = res
	if loop != nil {
		res.Loop = in.loopOf(loop, s.loopEnv)
	} else if s.parent != nil && s.parent.res != nil && s.parent.res.Loop != nil {
		l := *s.parent.res.Loop
		res.Loop = &l
	}
	if cond != nil && cond.Cond != nil {
		res.Condition = in.eval(cond.Cond, s.env)
	}
	res.Name = in.resourceName(s)
	if s.parent != nil {
		res.Parent = parser.RefValue(s.parent.id, "", d.NameRange)
	}
	if obj == nil {
		return res
	}
	var extra []*parser.Field
	for _, p := range obj.Props {
		if p.Value == nil {
			continue
		}
		switch p.Key {
		case "name", "dependsOn":
			continue
		case "properties":
			v := in.eval(p.Value, s.env)
			res.Properties = at(v, p.KeyRange)
		case "identity":
			res.Identity = in.identity(p, s.env)
		case "scope":
			res.Scope = in.scopeValue(in.eval(p.Value, s.env))
		case "parent":
			v := in.eval(p.Value, s.env)
			if v.Kind == parser.KindRef {
				v = parser.RefValue(v.Ref.Resource, "", v.Range)
			}
			res.Parent = v
		default:
			extra = append(extra, &parser.Field{Key: p.Key, KeyRange: p.KeyRange, Value: in.eval(p.Value, s.env)})
		}
	}
	if len(obj.Spreads) > 0 {
		for _, sp := range obj.Spreads {
			v := in.eval(sp.X, s.env)
			if v.Kind == parser.KindObject {
				for _, f := range v.Fields {
					if f.Key == "properties" && res.Properties == nil {
						res.Properties = f.Value
					} else {
						extra = append(extra, f)
					}
				}
			}
		}
	}
	if len(extra) > 0 {
		res.Extra = parser.ObjectValue(extra, obj.Rng)
	}
	return res
}

func (in *instance) loopOf(loop *For, en *env) *parser.Loop {
	l := &parser.Loop{Kind: "for", Range: loop.Rng}
	coll := in.eval(loop.Collection, en)
	switch coll.Kind {
	case parser.KindArray:
		n := len(coll.Items)
		l.Count = &n
	case parser.KindObject:
		n := len(coll.Fields)
		l.Count = &n
	}
	return l
}

func (in *instance) scopeValue(v *parser.Value) *parser.Value {
	switch v.Kind {
	case parser.KindObject:
		if id := v.Get("id"); id != nil && id.Kind == parser.KindString {
			return parser.StrValue(id.Str, v.Range)
		}
	case parser.KindRef:
		if v.Ref.Path == "" || v.Ref.Path == "id" {
			return parser.RefValue(v.Ref.Resource, "", v.Range)
		}
	}
	return v
}

func (in *instance) identity(p *ObjectProp, en *env) *parser.Identity {
	v := in.eval(p.Value, en)
	id := &parser.Identity{Range: p.Value.Range()}
	if t := v.Get("type"); t != nil {
		if s, ok := t.String(); ok {
			id.Type = parser.NormalizeIdentityType(s)
		}
	}
	ua := v.Get("userAssignedIdentities")
	if ua == nil || ua.Kind != parser.KindObject {
		if ua != nil && ua.Kind != parser.KindNull {
			id.UserAssigned = append(id.UserAssigned, ua)
		}
		return id
	}
	for _, f := range ua.Fields {
		kv := in.ld.keyVals[f]
		if kv == nil {
			kv = parser.StrValue(f.Key, f.KeyRange)
		}
		if kv.Kind == parser.KindRef {
			kv = parser.RefValue(kv.Ref.Resource, "id", kv.Range)
		}
		id.UserAssigned = append(id.UserAssigned, kv)
	}
	return id
}

// moduleProperty evaluates m.name, m.outputs, m.outputs.x.
func (in *instance) moduleProperty(s *symbol, x *Property, en *env) *parser.Value {
	switch x.Name {
	case "outputs":
		in.ensureModule(s)
		if s.outputs != nil {
			return rebase(s.outputs, in.f.Name, x.Rng)
		}
	case "name":
		obj, _, _ := unwrapBody(s.module.Body)
		if p := propOf(obj, "name"); p != nil && p.Value != nil {
			return in.eval(p.Value, s.env)
		}
	}
	return parser.UnknownValue(in.f.Text(x), x.Rng, parser.Reference{Resource: s.id, Path: x.Name})
}

// ensureModule lowers a module call (once).
func (in *instance) ensureModule(s *symbol) {
	if s.modState != 0 {
		return
	}
	s.modState = 1
	defer func() { s.modState = 2 }()
	d := s.module
	obj, loop, cond := unwrapBody(d.Body)
	res := &parser.Resource{ID: s.id, Type: "Microsoft.Resources/deployments", APIVersion: "2022-09-01",
		Module: in.module, Range: declRange(d)}
	if d.Path != nil {
		res.TypeRange = d.Path.Rng
	}
	s.res = res
	if loop != nil {
		res.Loop = in.loopOf(loop, s.loopEnv)
	}
	if cond != nil && cond.Cond != nil {
		res.Condition = in.eval(cond.Cond, s.env)
	}
	res.Name = parser.StrValue(d.Name, d.NameRange)
	var params *parser.Value
	var paramsRange = d.NameRange
	var extra []*parser.Field
	if obj != nil {
		for _, p := range obj.Props {
			if p.Value == nil {
				continue
			}
			switch p.Key {
			case "name":
				res.Name = in.eval(p.Value, s.env)
			case "scope":
				res.Scope = in.scopeValue(in.eval(p.Value, s.env))
			case "params":
				params = in.eval(p.Value, s.env)
				paramsRange = p.KeyRange
			case "dependsOn":
			case "identity":
				res.Identity = in.identity(p, s.env)
			default:
				extra = append(extra, &parser.Field{Key: p.Key, KeyRange: p.KeyRange, Value: in.eval(p.Value, s.env)})
			}
		}
	}
	if len(extra) > 0 {
		res.Extra = parser.ObjectValue(extra, obj.Rng)
	}
	pfields := []*parser.Field{}
	if params != nil && params.Kind == parser.KindObject {
		for _, f := range params.Fields {
			pfields = append(pfields, &parser.Field{Key: f.Key, KeyRange: f.KeyRange,
				Value: parser.ObjectValue([]*parser.Field{{Key: "value", KeyRange: f.KeyRange, Value: f.Value}}, f.Value.Range)})
		}
	}
	res.Properties = parser.ObjectValue([]*parser.Field{
		{Key: "mode", KeyRange: paramsRange, Value: parser.StrValue("Incremental", paramsRange)},
		{Key: "expressionEvaluationOptions", KeyRange: paramsRange, Value: obj2("scope", "inner", paramsRange)},
		{Key: "parameters", KeyRange: paramsRange, Value: parser.ObjectValue(pfields, paramsRange)},
	}, paramsRange)
	in.ld.u.Resources = append(in.ld.u.Resources, res)

	if d.Path == nil {
		return
	}
	if len(d.Path.Holes) > 0 {
		in.diags.Errorf(d.Path.Rng, "module path must be a literal string")
		return
	}
	path := d.Path.Parts[0]
	if isRegistry(path) {
		in.diags.Notef(d.Path.Rng, "registry module not followed: %s", path)
		return
	}
	args := map[string]*parser.Value{}
	if params != nil && params.Kind == parser.KindObject {
		for _, f := range params.Fields {
			args[f.Key] = f.Value
		}
	}
	child := in.ld.l.loadModuleFile(in, s, path, d.Path.Rng, args, res)
	if child == nil {
		return
	}
	s.child = child
	child.build()
	// outputs
	outs := parser.ObjectValue(nil, d.Rng)
	for _, o := range child.outputs {
		if o.Value == nil || o.Name == "" {
			continue
		}
		outs.Fields = append(outs.Fields, &parser.Field{Key: o.Name, KeyRange: o.Rng, Value: child.eval(o.Value, nil)})
	}
	s.outputs = outs
	// a looped module call repeats everything it declares
	if res.Loop != nil {
		for _, r := range in.ld.u.Resources {
			if strings.HasPrefix(r.ID, s.id+">") && r.Loop == nil {
				l := *res.Loop
				r.Loop = &l
			}
		}
	}
}

func obj2(k, v string, r parser.Range) *parser.Value {
	return parser.ObjectValue([]*parser.Field{{Key: k, KeyRange: r, Value: parser.StrValue(v, r)}}, r)
}

func isRegistry(p string) bool {
	return strings.HasPrefix(p, "br:") || strings.HasPrefix(p, "br/") || strings.HasPrefix(p, "ts:") || strings.HasPrefix(p, "ts/")
}

// bind sets module arguments / .bicepparam values.
func (in *instance) bind(args map[string]*parser.Value, fromParamFile bool) {
	for k, v := range args {
		if p := in.params[k]; p != nil {
			p.value, p.bound, p.evaluated, p.fromParamFile = v, true, true, fromParamFile
		}
	}
}

// parameters returns the model parameters of the instance.
func (in *instance) parameters() []*parser.Parameter {
	out := make([]*parser.Parameter, 0, len(in.pOrder))
	for _, p := range in.pOrder {
		d := p.decl
		mp := &parser.Parameter{Name: d.Name, Range: d.Rng}
		if d.Type != nil {
			mp.Type = d.Type.Text
			if d.Type.Resource != nil {
				mp.Type = "resource"
			}
		}
		if d.Decorator("secure") != nil {
			mp.Secure = true
			switch mp.Type {
			case "string":
				mp.Type = "securestring"
			case "object":
				mp.Type = "secureObject"
			}
		}
		if d.Default != nil {
			mp.Default = in.eval(d.Default, nil)
			mp.DefaultGenerated = generated(d.Default)
		}
		if p.bound {
			mp.Value = p.value
		} else {
			mp.Value = mp.Default
		}
		out = append(out, mp)
	}
	return out
}

// generated reports whether a default is computed at deployment time.
func generated(e Expr) bool {
	found := false
	walk(e, func(n Expr) {
		var name string
		switch c := n.(type) {
		case *Call:
			name = c.Name
		case *MethodCall:
			name = c.Name
		}
		switch strings.ToLower(name) {
		case "newguid", "utcnow", "uniquestring", "guid":
			found = true
		}
	})
	return found
}

// walk visits e and its sub-expressions.
func walk(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch x := e.(type) {
	case *String:
		for _, h := range x.Holes {
			walk(h, fn)
		}
	case *Call:
		for _, a := range x.Args {
			walk(a, fn)
		}
	case *MethodCall:
		walk(x.Target, fn)
		for _, a := range x.Args {
			walk(a, fn)
		}
	case *Property:
		walk(x.Target, fn)
	case *Index:
		walk(x.Target, fn)
		walk(x.Index, fn)
	case *ResourceAccess:
		walk(x.Target, fn)
	case *NonNull:
		walk(x.X, fn)
	case *Unary:
		walk(x.X, fn)
	case *Binary:
		walk(x.L, fn)
		walk(x.R, fn)
	case *Ternary:
		walk(x.Cond, fn)
		walk(x.Then, fn)
		walk(x.Else, fn)
	case *Paren:
		walk(x.X, fn)
	case *Array:
		for _, it := range x.Items {
			walk(it, fn)
		}
	case *Object:
		for _, p := range x.Props {
			walk(p.Value, fn)
		}
		for _, s := range x.Spreads {
			walk(s.X, fn)
		}
	case *Spread:
		walk(x.X, fn)
	case *Lambda:
		walk(x.Body, fn)
	case *For:
		walk(x.Collection, fn)
		walk(x.Body, fn)
	case *If:
		walk(x.Cond, fn)
		walk(x.Body, fn)
	}
}

// importedValue evaluates a variable imported with import {...} from.
func (in *instance) importedValue(name string, x Node) *parser.Value {
	ref, ok := in.imports[name]
	if !ok || ref.from == nil || len(ref.from.Holes) > 0 {
		return nil
	}
	path := ref.from.Parts[0]
	if isRegistry(path) || !strings.HasSuffix(strings.ToLower(path), ".bicep") {
		return nil
	}
	other := in.ld.l.importInstance(in, filepath.Join(filepath.Dir(in.f.Name), filepath.FromSlash(path)))
	if other == nil {
		return nil
	}
	if ref.wildcard {
		o := parser.ObjectValue(nil, x.Range())
		names := make([]string, 0, len(other.vars))
		for n := range other.vars {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			v := other.vars[n]
			o.Fields = append(o.Fields, &parser.Field{Key: n, KeyRange: x.Range(), Value: other.varUse(v, v.decl)})
		}
		return rebase(o, in.f.Name, x.Range())
	}
	if v := other.vars[ref.name]; v != nil {
		return rebase(other.varUse(v, v.decl), in.f.Name, x.Range())
	}
	return nil
}
