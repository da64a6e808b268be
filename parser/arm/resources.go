package arm

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/milint/milint/parser"
)

// collectDeployment reads the template of a Microsoft.Resources/deployments
// resource: inline (properties.template) or a local linked template
// (properties.templateLink.relativePath). Its resources join the unit with
// ids prefixed "<deployment id>>" and Module set to the deployment id.
func (st *loadState) collectDeployment(ev *evaluator, re *resEntry) {
	props := re.obj.Get("properties")
	if props == nil || props.Kind != parser.KindObject {
		return
	}
	tmpl := props.Get("template")
	link := props.Get("templateLink")
	if tmpl == nil && link == nil {
		return
	}
	if st.depth+1 > st.opts.MaxModuleDepth {
		r := re.r.TypeRange
		st.diags.Errorf(r, "nested deployments are nested too deeply (limit %d)", st.opts.MaxModuleDepth)
		return
	}
	st.depth++
	defer func() { st.depth-- }()
	id := re.r.ID
	prefix := id + ">"
	inner := false
	if s, ok := props.Get("expressionEvaluationOptions").Get("scope").String(); ok && strings.EqualFold(s, "inner") {
		inner = true
	}
	if tmpl != nil {
		re.propsDrop = "template"
		if tmpl.Kind != parser.KindObject {
			// An expression (e.g. a template built with json()) is not
			// followed.
			st.diags.Notef(tmpl.Range, "nested template is not an object literal; not followed")
			return
		}
		var ne *evaluator
		if inner {
			ne = st.innerEvaluator(ev, re, props, tmpl, ev.file)
		} else {
			// Outer scope (the default): the nested template sees the
			// parent's parameters and variables.
			ne = &evaluator{st: st, file: ev.file, module: id, params: ev.params, paramSeq: ev.paramSeq, vars: ev.vars}
		}
		st.collectTemplate(ne, tmpl, prefix, id, ev.file)
		return
	}
	if link.Kind != parser.KindObject {
		return
	}
	if rp := link.Get("relativePath"); rp != nil {
		v := ev.evalJSON(rp)
		rel, ok := v.String()
		if !ok {
			st.diags.Notef(rp.Range, "linked template path %s is not static; not followed", rp.Text())
			return
		}
		st.followLink(ev, re, props, rel, rp.Range)
		return
	}
	what := link.Get("uri")
	if what == nil {
		what = link.Get("id")
	}
	text := ""
	if what != nil {
		text = what.Text()
	}
	st.diags = append(st.diags, parser.Diagnostic{Severity: parser.SevNote,
		Summary: "linked template not followed",
		Detail:  "milint reads only local templates (templateLink.relativePath); " + truncate(text, 120),
		Subject: link.Range})
}

// followLink reads a linked template relative to the file that links it.
func (st *loadState) followLink(ev *evaluator, re *resEntry, props *parser.Value, rel string, from parser.Range) {
	if filepath.IsAbs(rel) || strings.Contains(rel, "://") {
		st.diags.Errorf(from, "linked template path %q must be relative", rel)
		return
	}
	path := filepath.Join(filepath.Dir(ev.file), filepath.FromSlash(rel))
	if !st.opts.Within(path) {
		st.diags.Errorf(from, "linked template %s is outside the repository root %s; not read", path, st.opts.Root)
		return
	}
	abs := absPath(path)
	for i, s := range st.stack {
		if s == abs {
			chain := append(append([]string{}, st.stack[i:]...), abs)
			for j := range chain {
				chain[j] = filepath.Base(chain[j])
			}
			st.diags.Errorf(from, "linked template cycle: %s", strings.Join(chain, " -> "))
			return
		}
	}
	if _, err := os.Stat(path); err != nil {
		st.diags.Errorf(from, "linked template %s not found", path)
		return
	}
	cf := st.l.file(path, from)
	if cf.read != nil {
		st.diags = append(st.diags, *cf.read)
		return
	}
	st.addFile(path, cf.data)
	if Classify(cf.data) != Template {
		st.diags.Errorf(from, "linked template %s is not a deployment template", path)
		return
	}
	st.diags = append(st.diags, cf.diags...)
	if cf.root == nil || cf.root.Kind != parser.KindObject {
		return
	}
	st.stack = append(st.stack, abs)
	defer func() { st.stack = st.stack[:len(st.stack)-1] }()
	ne := st.innerEvaluator(ev, re, props, cf.root, path)
	st.collectTemplate(ne, cf.root, re.r.ID+">", re.r.ID, path)
}

// innerEvaluator makes the scope of an inner-scoped (or linked) template:
// its own parameters and variables, the parameters bound to the values
// the deployment passes, evaluated lazily in the outer scope.
func (st *loadState) innerEvaluator(outer *evaluator, re *resEntry, props, tmpl *parser.Value, file string) *evaluator {
	ne := newEvaluator(st, file, re.r.ID)
	ne.declare(tmpl)
	if ps := props.Get("parameters"); ps != nil && ps.Kind == parser.KindObject {
		for _, f := range ps.Fields {
			p := ne.params[strings.ToLower(f.Key)]
			if p == nil {
				continue
			}
			if f.Value.Kind != parser.KindObject {
				continue
			}
			if v := f.Value.Get("value"); v != nil {
				p.givenRaw, p.givenIn = v, outer
			} else if f.Value.Get("reference") != nil {
				p.given = parser.UnknownValue("reference("+f.Key+")", f.Value.Range)
			}
		}
	} else if ps != nil && ps.Kind == parser.KindString {
		// parameters given as one expression: unknown values.
		for _, p := range ne.paramSeq {
			p.given = parser.UnknownValue(ps.Str, ps.Range)
		}
	}
	// The inner template's parameters are listed in the unit, prefixed
	// with the deployment id so names stay unique.
	st.innerParams = append(st.innerParams, innerParamSet{ev: ne, prefix: re.r.ID + ">"})
	return ne
}

type innerParamSet struct {
	ev     *evaluator
	prefix string
}

// finishResource is pass 2 for one resource.
func (st *loadState) finishResource(re *resEntry) {
	r, obj, ev := re.r, re.obj, re.ev
	var extra []*parser.Field
	for _, f := range obj.Fields {
		switch strings.ToLower(f.Key) {
		case "type", "apiversion", "name", "resources", "dependson", "comments", "existing":
		case "condition":
			r.Condition = ev.evalJSON(f.Value)
		case "copy":
			r.Loop = &parser.Loop{Kind: "copy", Range: f.Value.Range}
			if f.Value.Kind == parser.KindObject {
				if n, ok := asInt(ev.evalJSON(f.Value.Get("count"))); ok && n >= 0 {
					c := int(n)
					r.Loop.Count = &c
				}
			}
		case "properties":
			r.Properties = st.properties(ev, f, re.propsDrop)
		case "identity":
			r.Identity = st.identity(ev, f.Value)
		case "scope":
			r.Scope = st.scopeValue(ev, ev.evalJSON(f.Value))
		case "metadata":
			r.Metadata = f.Value
		default:
			extra = append(extra, &parser.Field{Key: f.Key, KeyRange: f.KeyRange, Value: ev.evalJSON(f.Value)})
		}
	}
	if len(extra) > 0 {
		r.Extra = parser.ObjectValue(extra, obj.Range)
	}
	if re.legacyBase != "" {
		r.Scope = st.legacyScope(re)
	}
	if r.Parent == nil && re.legacyBase == "" && strings.Count(r.Type, "/") >= 2 {
		// A child declared at the top level: find its parent by type and
		// name ("vault/add" -> vault).
		segs := splitPattern(re.namePat)
		if len(segs) >= 2 {
			ptype := r.Type[:strings.LastIndexByte(r.Type, '/')]
			if p := st.find(re.module, ptype, strings.Join(segs[:len(segs)-1], "/")); p != nil {
				r.Parent = parser.RefValue(p.r.ID, "", r.TypeRange)
			}
		}
	}
}

// properties evaluates a resource's properties. The Range of the result
// is the whole `"properties": {...}` member, starting at the key, so that
// a finding about an absent flag lands on the line of the "properties"
// key; the members inside keep their own ranges.
func (st *loadState) properties(ev *evaluator, f *parser.Field, drop string) *parser.Value {
	raw := f.Value
	if drop != "" && raw.Kind == parser.KindObject {
		fields := make([]*parser.Field, 0, len(raw.Fields))
		for _, g := range raw.Fields {
			if !strings.EqualFold(g.Key, drop) {
				fields = append(fields, g)
			}
		}
		raw = parser.ObjectValue(fields, raw.Range)
	}
	v := ev.evalJSON(raw)
	cp := *v
	cp.Range = parser.Range{File: f.KeyRange.File, Start: f.KeyRange.Start, End: v.Range.End}
	if v.Range.File != f.KeyRange.File || v.Range.End.Byte < f.KeyRange.Start.Byte {
		cp.Range.End = raw.Range.End
	}
	return &cp
}

// identity normalises a resource's identity block.
func (st *loadState) identity(ev *evaluator, raw *parser.Value) *parser.Identity {
	id := &parser.Identity{Range: raw.Range}
	v := raw
	if raw.Kind == parser.KindString {
		v = ev.evalJSON(raw)
	}
	if v.Kind != parser.KindObject {
		return id
	}
	if t, ok := ev.evalJSON(v.Get("type")).String(); ok {
		id.Type = parser.NormalizeIdentityType(t)
	}
	ua := v.Get("userAssignedIdentities")
	if ua != nil && ua.Kind == parser.KindString {
		ua = ev.evalJSON(ua)
	}
	if ua == nil {
		return id
	}
	switch ua.Kind {
	case parser.KindObject:
		for _, f := range ua.Fields {
			var kv *parser.Value
			if IsExpression(f.Key) {
				kv = ev.evalString(parser.StrValue(f.Key, f.KeyRange))
			} else {
				kv = parser.StrValue(UnescapeLiteral(f.Key), f.KeyRange)
			}
			id.UserAssigned = append(id.UserAssigned, st.uamiRef(ev, kv))
		}
	case parser.KindUnknown:
		id.UserAssigned = append(id.UserAssigned, ua)
	}
	return id
}

// uamiRef turns an identity key into ref{uami, "id"} when it names a
// resource of the unit.
func (st *loadState) uamiRef(ev *evaluator, v *parser.Value) *parser.Value {
	if v.Kind == parser.KindRef {
		return v
	}
	if re := st.matchIDString(ev, v); re != nil {
		return parser.RefValue(re.r.ID, "id", v.Range)
	}
	return v
}

// scopeValue resolves a top-level "scope": a resourceId() of the unit or a
// relative "<type>/<name>" naming one becomes ref{resource, ""}.
func (st *loadState) scopeValue(ev *evaluator, v *parser.Value) *parser.Value {
	if v == nil {
		return nil
	}
	if v.Kind == parser.KindRef {
		if v.Ref.Path == "id" {
			return parser.RefValue(v.Ref.Resource, "", v.Range)
		}
		return v
	}
	if re := st.matchIDString(ev, v); re != nil {
		return parser.RefValue(re.r.ID, "", v.Range)
	}
	return v
}

// matchIDString finds the unit resource named by an id-like string (or the
// pattern of an unknown one): "/subscriptions/.../providers/<type>/<name>"
// or the relative "<ns>/<type>/<name>" form Bicep emits for scopes.
func (st *loadState) matchIDString(ev *evaluator, v *parser.Value) *resEntry {
	if v.Kind != parser.KindString && v.Kind != parser.KindUnknown {
		return nil
	}
	p := st.pattern(v)
	if i := strings.LastIndex(p, "/providers/"); i >= 0 {
		p = p[i+len("/providers/"):]
	} else if strings.HasPrefix(p, "/") {
		return nil
	}
	segs := splitPattern(p)
	if len(segs) < 3 || len(segs)%2 == 0 {
		return nil
	}
	typ := segs[0] + "/" + segs[1]
	names := []string{segs[2]}
	for i := 3; i+1 < len(segs); i += 2 {
		typ += "/" + segs[i]
		names = append(names, segs[i+1])
	}
	if strings.ContainsRune(typ, 0) {
		return nil
	}
	return st.find(ev.module, typ, strings.Join(names, "/"))
}

// legacyScope resolves the scope of a "<type>/providers/<extType>"
// resource: the base resource named by the first name segments.
func (st *loadState) legacyScope(re *resEntry) *parser.Value {
	segs := splitPattern(re.namePat)
	r := re.r.Name.Range
	if len(segs) <= re.legacyNames {
		return parser.UnknownValue(re.r.Name.Text(), r)
	}
	basePat := strings.Join(segs[:re.legacyNames], "/")
	if b := st.find(re.module, re.legacyBase, basePat); b != nil {
		return parser.RefValue(b.r.ID, "", r)
	}
	if strings.ContainsRune(basePat, 0) {
		return parser.UnknownValue(re.r.Name.Text(), r, refsOf(re.r.Name)...)
	}
	// Not in the unit: the base resource's id, with the name as written.
	orig := basePat
	if s, ok := re.obj.Get("name").String(); ok && !IsExpression(s) {
		orig = strings.Join(strings.Split(s, "/")[:re.legacyNames], "/")
	} else if s, ok := re.ev.evalJSON(re.obj.Get("name")).String(); ok {
		orig = strings.Join(strings.Split(s, "/")[:re.legacyNames], "/")
	}
	pp, ok := providerPath(re.legacyBase, strings.Split(orig, "/"))
	if !ok {
		return parser.UnknownValue(re.r.Name.Text(), r)
	}
	return parser.StrValue(phRGID+"/providers/"+pp, r)
}

// find returns the resource of type typ whose name pattern is namePat,
// preferring one declared in module.
func (st *loadState) find(module, typ, namePat string) *resEntry {
	list := st.byType[strings.ToLower(typ)]
	var other *resEntry
	for _, re := range list {
		if re.namePat != namePat {
			continue
		}
		if re.module == module {
			return re
		}
		if other == nil {
			other = re
		}
	}
	return other
}

// resolveTarget finds the resource a reference()/list*() call is about: a
// resourceId() of the unit, a symbolic name (languageVersion 2.0), a
// resource id string, or a resource name.
func (st *loadState) resolveTarget(ev *evaluator, v *parser.Value) *resEntry {
	switch v.Kind {
	case parser.KindRef:
		if v.Ref.Path == "id" || v.Ref.Path == "" {
			return st.byID[v.Ref.Resource]
		}
		return nil
	case parser.KindString:
		s := v.Str
		prefix := ""
		if ev.module != "" {
			prefix = ev.module + ">"
		}
		if re := st.byID[prefix+s]; re != nil && ev.lang2 {
			return re
		}
		if re := st.matchIDString(ev, v); re != nil {
			return re
		}
	case parser.KindUnknown:
		if re := st.matchIDString(ev, v); re != nil {
			return re
		}
	default:
		return nil
	}
	// A bare resource name (old templates write reference(parameters('name'))).
	p := st.pattern(v)
	var found *resEntry
	for _, re := range st.all {
		if re.namePat == p {
			if re.module == ev.module {
				return re
			}
			if found == nil {
				found = re
			}
		}
	}
	return found
}

// bindParamFiles applies the parameter files of the template at path:
// explicit ones (Options.ParamFiles) named after it, or any unmatched one
// when exactly one template is being loaded, else `<name>.parameters.json`
// beside it.
//
// A parameter file value is literal JSON. Where the template uses it
// ("[parameters('rbac')]") the evaluated value carries the range of that
// expression string in the template: the place a person edits, and the
// place a finding should point at. Elements inside an array or object value
// keep their ranges in the parameter file (which is then one of the unit's
// files).
func (st *loadState) bindParamFiles(ev *evaluator, path string) {
	files := st.l.paramFilesFor(path)
	for _, pf := range files {
		cf := st.l.file(pf, parser.Range{})
		if cf.read != nil {
			st.diags = append(st.diags, *cf.read)
			continue
		}
		st.addFile(pf, cf.data)
		if Classify(cf.data) != Parameters {
			st.diags.Errorf(parser.Range{File: pf, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}},
				"%s is not a deployment parameter file (its $schema is not deploymentParameters)", pf)
			continue
		}
		st.diags = append(st.diags, cf.diags...)
		ps := cf.root.Get("parameters")
		if ps == nil || ps.Kind != parser.KindObject {
			continue
		}
		for _, f := range ps.Fields {
			p := ev.params[strings.ToLower(f.Key)]
			if p == nil || f.Value.Kind != parser.KindObject {
				continue
			}
			if v := f.Value.Get("value"); v != nil {
				p.fileValue = v
			} else if ref := f.Value.Get("reference"); ref != nil {
				// A Key Vault reference: the value is a secret only known
				// at deployment time.
				secret, _ := ref.Get("secretName").String()
				p.fileValue = parser.UnknownValue("reference(keyVault secret "+secret+")", ref.Range)
			}
		}
	}
}

func templateStem(path string) string {
	b := filepath.Base(path)
	return strings.ToLower(strings.TrimSuffix(b, filepath.Ext(b)))
}

// paramStem is the template name a parameter file is named after:
// "azuredeploy.parameters.json" and "azuredeploy.parameters.dev.json" are
// "azuredeploy"; "" when the name does not follow the convention.
func paramStem(path string) string {
	b := strings.ToLower(filepath.Base(path))
	i := strings.Index(b, ".parameters.")
	if i <= 0 {
		return ""
	}
	return b[:i]
}

func (l *Loader) paramFilesFor(path string) []string {
	stem := templateStem(path)
	var named, unmatched []string
	for _, pf := range l.opts.ParamFiles {
		switch ps := paramStem(pf); {
		case ps == stem:
			named = append(named, pf)
		default:
			unmatched = append(unmatched, pf)
		}
	}
	if len(named) > 0 {
		return named
	}
	l.mu.Lock()
	single := len(l.entries) == 1 && l.entries[0] == filepath.Clean(path)
	l.mu.Unlock()
	if single && len(unmatched) > 0 {
		return unmatched
	}
	conv := filepath.Join(filepath.Dir(path), strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".parameters.json")
	if st, err := os.Stat(conv); err == nil && st.Mode().IsRegular() {
		return []string{conv}
	}
	return nil
}
