package arm

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"weak"

	"github.com/milint/milint/parser"
)

// Loader reads ARM templates into units. It is safe for concurrent use and
// caches the files it has parsed (a linked template shared by several
// entries is read once).
type Loader struct {
	opts parser.Options

	mu      sync.Mutex
	cache   map[string]weak.Pointer[cachedFile] // weak: a parsed file lives as long as a unit uses it
	entries []string
}

type cachedFile struct {
	once  sync.Once
	data  []byte
	root  *parser.Value
	diags parser.Diagnostics // JSON syntax errors
	read  *parser.Diagnostic // read error (missing, too large)
}

// NewLoader returns a loader with opts (limits defaulted).
func NewLoader(opts parser.Options) *Loader {
	return &Loader{opts: opts.WithDefaults(), cache: map[string]weak.Pointer[cachedFile]{}}
}

// SetEntries tells the loader which templates the caller is going to load.
// An explicit parameter file (Options.ParamFiles) whose name matches no
// template (`<name>.parameters.json` for `<name>.json`) is bound to the
// template when exactly one entry is loaded.
func (l *Loader) SetEntries(paths []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = make([]string, len(paths))
	for i, p := range paths {
		l.entries[i] = filepath.Clean(p)
	}
}

// file returns the parsed file at path (read once, then cached).
func (l *Loader) file(path string, from parser.Range) *cachedFile {
	return l.fileWith(path, from, nil)
}

// fileWith is file for a path whose bytes the caller may already have
// read (data non-nil): they are used instead of reading the file again.
func (l *Loader) fileWith(path string, from parser.Range, data []byte) *cachedFile {
	key := filepath.Clean(path)
	l.mu.Lock()
	cf := l.cache[key].Value()
	if cf == nil {
		cf = &cachedFile{}
		l.cache[key] = weak.Make(cf)
	}
	l.mu.Unlock()
	cf.once.Do(func() {
		if data == nil {
			var d *parser.Diagnostic
			if data, d = l.opts.ReadFile(path, from); d != nil {
				cf.read = d
				return
			}
		}
		cf.data = data
		if Classify(data) == Other {
			return
		}
		cf.root, cf.diags = ParseJSON(path, data, l.opts.MaxDepth)
	})
	return cf
}

// loadState is the state of one Load / LoadModule call.
type loadState struct {
	l        *Loader
	opts     parser.Options
	unit     *parser.Unit
	diags    parser.Diagnostics
	byID     map[string]*resEntry
	byType   map[string][]*resEntry
	all      []*resEntry
	evals    []*evaluator
	pat      map[*parser.Value]string
	pending  []*resEntry
	stack    []string // absolute paths of the templates being read (cycles)
	depth    int      // nested deployment depth
	expanded int      // elements expanded by copy loops
	// innerParams are the scopes of inner-scoped nested and linked
	// templates, whose parameters are listed in the unit too.
	innerParams []innerParamSet
	exprs       map[string]parsedExpr
	exprSlab    []Expr
	strBytes    int
}

// resEntry is a resource and what pass 2 needs to finish it.
type resEntry struct {
	r       *parser.Resource
	obj     *parser.Value
	ev      *evaluator
	parent  *resEntry
	namePat string
	module  string
	// Legacy extension form "<type>/providers/<extType>": the base type
	// and how many name segments belong to the base resource.
	legacyBase  string
	legacyNames int
	propsDrop   string // a properties field left out (a nested deployment's template)
}

func newLoadState(l *Loader, u *parser.Unit) *loadState {
	return &loadState{l: l, opts: l.opts, unit: u, byID: map[string]*resEntry{}, byType: map[string][]*resEntry{}}
}

func (st *loadState) addFile(path string, data []byte) {
	for _, f := range st.unit.Files {
		if f == path {
			return
		}
	}
	st.unit.Files = append(st.unit.Files, path)
	if st.unit.Sources == nil {
		st.unit.Sources = map[string][]byte{}
	}
	st.unit.Sources[path] = data
}

// Load reads the template at path with its nested deployments, local
// linked templates and parameter files. A file that is not a deployment
// template (package.json, a parameter file) gives a nil unit and no
// diagnostic: the caller decides whether to mention it. The unit is
// returned even when there are errors, with as much as could be read.
func (l *Loader) Load(path string) (u *parser.Unit, diags parser.Diagnostics) {
	return l.LoadSource(path, nil)
}

// LoadSource is Load for a template whose bytes the caller has already
// read (data; nil reads the file), so the file is not read twice.
func (l *Loader) LoadSource(path string, data []byte) (u *parser.Unit, diags parser.Diagnostics) {
	defer func() {
		if rec := recover(); rec != nil {
			diags = append(diags, internalError(path, rec))
		}
	}()
	cf := l.fileWith(path, parser.Range{}, data)
	if cf.read != nil {
		return nil, parser.Diagnostics{*cf.read}
	}
	if Classify(cf.data) != Template {
		return nil, nil
	}
	u = &parser.Unit{Entry: path, Format: "arm", TargetScope: targetScope(cf.data)}
	st := newLoadState(l, u)
	st.addFile(path, cf.data)
	st.diags = append(st.diags, cf.diags...)
	if cf.root == nil || cf.root.Kind != parser.KindObject {
		if !cf.diags.HasErrors() {
			st.diags.Errorf(parser.Range{File: path, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}}, "a template must be a JSON object")
		}
		return u, st.diags.Sort()
	}
	st.stack = append(st.stack, absPath(path))
	ev := newEvaluator(st, path, "")
	ev.declare(cf.root)
	st.bindParamFiles(ev, path)
	st.collectTemplate(ev, cf.root, "", "", "")
	st.finishAll()
	u.Parameters = st.allParameters(ev)
	return u, st.diags.Sort()
}

// LoadModule reads the ARM JSON template at path as the module of a Bicep
// module call: params are the values the caller passes (already
// evaluated), callID the id of the module call (a
// Microsoft.Resources/deployments resource of the caller's unit) and from
// the place of the call (for read errors). The resources come back with
// ids prefixed "<callID>>" and Module set to callID, with the template's
// parameters and every file read (the template first).
func (l *Loader) LoadModule(path string, params map[string]*parser.Value, callID string, from parser.Range) (res []*parser.Resource, ps []*parser.Parameter, files []string, diags parser.Diagnostics) {
	defer func() {
		if rec := recover(); rec != nil {
			diags = append(diags, internalError(path, rec))
		}
	}()
	cf := l.file(path, from)
	if cf.read != nil {
		return nil, nil, nil, parser.Diagnostics{*cf.read}
	}
	if Classify(cf.data) != Template {
		d := parser.Diagnostics{}
		d.Errorf(from, "%s is not an ARM deployment template", path)
		return nil, nil, []string{path}, d
	}
	u := &parser.Unit{Entry: path, Format: "arm"}
	st := newLoadState(l, u)
	st.addFile(path, cf.data)
	st.diags = append(st.diags, cf.diags...)
	if cf.root == nil || cf.root.Kind != parser.KindObject {
		return nil, nil, u.Files, st.diags.Sort()
	}
	st.stack = append(st.stack, absPath(path))
	ev := newEvaluator(st, path, callID)
	ev.declare(cf.root)
	for name, v := range params {
		if p := ev.params[strings.ToLower(name)]; p != nil {
			p.given = v
		}
	}
	prefix := ""
	if callID != "" {
		prefix = callID + ">"
	}
	st.collectTemplate(ev, cf.root, prefix, callID, "")
	st.finishAll()
	ps = st.allParameters(ev)
	return u.Resources, ps, u.Files, st.diags.Sort()
}

func internalError(path string, rec any) parser.Diagnostic {
	return parser.Diagnostic{Severity: parser.SevError, Summary: "internal error while reading the template",
		Detail:  fmt.Sprintf("%v (please report this)\n%s", rec, debug.Stack()),
		Subject: parser.Range{File: path, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}}}
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	return a
}

// finishAll runs pass 2: every resource is known now, so memoised values
// are dropped and the rest of each resource is evaluated.
func (st *loadState) finishAll() {
	for _, e := range st.evals {
		e.reset()
	}
	for i := 0; i < len(st.pending); i++ {
		st.finishResource(st.pending[i])
	}
}

// allParameters lists the entry template's parameters, then those of its
// inner-scoped nested and linked templates (named "<deployment id>>name").
func (st *loadState) allParameters(ev *evaluator) []*parser.Parameter {
	out := st.parameters(ev, "")
	for _, s := range st.innerParams {
		out = append(out, st.parameters(s.ev, s.prefix)...)
	}
	return out
}

// parameters lists the parameters of evaluator ev's template.
func (st *loadState) parameters(ev *evaluator, prefix string) []*parser.Parameter {
	out := make([]*parser.Parameter, 0, len(ev.paramSeq))
	for _, p := range ev.paramSeq {
		lt := strings.ToLower(p.typ)
		pp := &parser.Parameter{
			Name:   prefix + p.name,
			Type:   p.typ,
			Secure: lt == "securestring" || lt == "secureobject",
			Range:  parser.Range{File: p.keyRange.File, Start: p.keyRange.Start, End: p.decl.Range.End},
		}
		if p.def != nil {
			pp.Default = ev.paramDefault(p)
			if s, ok := p.def.String(); ok && IsExpression(s) {
				n := normText(s)
				pp.DefaultGenerated = strings.Contains(n, "newguid(") || strings.Contains(n, "utcnow(") ||
					strings.Contains(n, "uniquestring(") || strings.Contains(n, "guid(")
			}
		}
		pp.Value = ev.paramValue(p, &ectx{r: p.keyRange}, nil)
		out = append(out, pp)
	}
	return out
}

// collectTemplate is pass 1 over one template's resources: types, names
// and ids, so that resourceId() and reference() can find them in pass 2.
func (st *loadState) collectTemplate(ev *evaluator, tmpl *parser.Value, prefix, module, _ string) {
	if lv, ok := tmpl.Get("languageVersion").String(); ok && strings.HasPrefix(lv, "2") {
		ev.lang2 = true
	}
	res := tmpl.Get("resources")
	if res == nil {
		return
	}
	switch res.Kind {
	case parser.KindArray:
		for _, it := range res.Items {
			st.collectResource(ev, it, nil, prefix, module, "", parser.Range{})
		}
	case parser.KindObject:
		for _, f := range res.Fields {
			st.collectResource(ev, f.Value, nil, prefix, module, f.Key, f.KeyRange)
		}
	default:
		st.diags.Errorf(res.Range, "\"resources\" must be an array (or an object in languageVersion 2.0)")
	}
}

func field(obj *parser.Value, key string) *parser.Field {
	if obj == nil || obj.Kind != parser.KindObject {
		return nil
	}
	for _, f := range obj.Fields {
		if f.Key == key {
			return f
		}
	}
	for _, f := range obj.Fields {
		if strings.EqualFold(f.Key, key) {
			return f
		}
	}
	return nil
}

// nameText is the id form of a name: the evaluated string when static,
// else the raw expression text.
func nameText(evaluated, raw *parser.Value) string {
	if s, ok := evaluated.String(); ok {
		return s
	}
	if raw != nil && raw.Kind == parser.KindString {
		return raw.Str
	}
	return evaluated.Text()
}

func (st *loadState) collectResource(ev *evaluator, obj *parser.Value, parent *resEntry, prefix, module, sym string, keyRange parser.Range) {
	if obj == nil || obj.Kind != parser.KindObject {
		if obj != nil {
			st.diags.Errorf(obj.Range, "a resource must be a JSON object")
		}
		return
	}
	typF := field(obj, "type")
	typ, ok := fieldString(typF)
	if !ok {
		r := obj.Range
		if typF != nil {
			r = typF.Value.Range
		}
		st.diags.Errorf(r, "resource has no type")
		return
	}
	typ = strings.TrimSpace(typ)
	if parent != nil && !isTypeName(typ) {
		typ = parent.r.Type + "/" + typ
	}
	r := &parser.Resource{Type: typ, Module: module, Range: obj.Range, TypeRange: typF.Value.Range}
	if !keyRange.IsZero() {
		r.Range.Start = keyRange.Start
	}
	if v, ok := obj.Get("apiVersion").String(); ok {
		r.APIVersion = v
	}
	if b := obj.Get("existing"); b != nil && b.Kind == parser.KindBool {
		r.Existing = b.Bool
	}
	re := &resEntry{r: r, obj: obj, ev: ev, parent: parent, module: module}

	// Name (evaluated now: pass 2 looks resources up by name).
	rawName := obj.Get("name")
	name := ev.evalJSON(rawName)
	if name == nil {
		name = parser.UnknownValue("", obj.Range)
	}
	text := nameText(name, rawName)
	pat := st.pattern(name)
	if parent != nil {
		pn := parent.r.Name
		ptext := nameText(pn, parent.obj.Get("name"))
		if ps, ok := pn.String(); ok {
			if cs, ok := name.String(); ok {
				name = parser.StrValue(ps+"/"+cs, name.Range)
			} else {
				u := parser.UnknownValue(ptext+"/"+text, name.Range, name.Refs...)
				name = u
			}
		} else {
			name = parser.UnknownValue(ptext+"/"+text, name.Range, refsOf(name)...)
		}
		text = ptext + "/" + text
		pat = parent.namePat + "/" + pat
		st.setPat(name, pat)
		r.Parent = parser.RefValue(parent.r.ID, "", obj.Range)
	}
	re.namePat = pat

	// The legacy extension form: Microsoft.KeyVault/vaults/providers/roleAssignments
	// named "<vault>/Microsoft.Authorization/<guid>".
	if i := strings.Index(strings.ToLower(typ), "/providers/"); i > 0 {
		base := typ[:i]
		ext := typ[i+len("/providers/"):]
		nBase := strings.Count(base, "/")
		segs := splitPattern(pat)
		extNS := "Microsoft.Authorization"
		if len(segs) > nBase {
			if s, ok := name.String(); ok {
				if parts := strings.Split(s, "/"); len(parts) > nBase {
					extNS = parts[nBase]
				}
			}
		}
		if !isTypeName(ext) {
			ext = extNS + "/" + ext
		}
		re.legacyBase, re.legacyNames = base, nBase
		r.Type = ext
		if s, ok := name.String(); ok {
			if parts := strings.Split(s, "/"); len(parts) > nBase+1 {
				name = parser.StrValue(strings.Join(parts[nBase+1:], "/"), name.Range)
				text = name.Str
			}
		}
	}
	r.Name = name

	if sym != "" {
		r.ID = prefix + sym
	} else {
		r.ID = prefix + r.Type + "/" + text
	}
	if _, dup := st.byID[r.ID]; dup {
		base := r.ID
		for n := 2; ; n++ {
			id := fmt.Sprintf("%s#%d", base, n)
			if _, dup := st.byID[id]; !dup {
				r.ID = id
				break
			}
		}
	}
	st.byID[r.ID] = re
	lt := strings.ToLower(r.Type)
	st.byType[lt] = append(st.byType[lt], re)
	st.all = append(st.all, re)
	st.unit.Resources = append(st.unit.Resources, r)
	st.pending = append(st.pending, re)

	if children := obj.Get("resources"); children != nil && children.Kind == parser.KindArray {
		for _, c := range children.Items {
			st.collectResource(ev, c, re, prefix, module, "", parser.Range{})
		}
	}
	if strings.EqualFold(r.Type, "Microsoft.Resources/deployments") {
		st.collectDeployment(ev, re)
	}
}

func fieldString(f *parser.Field) (string, bool) {
	if f == nil {
		return "", false
	}
	return f.Value.String()
}
