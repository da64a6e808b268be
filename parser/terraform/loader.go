// Package terraform reads Terraform configurations (HCL native syntax and
// .tf.json) and Terraform plan JSON into milint's common model, mapping the
// azurerm and azapi resources onto ARM-shaped resources (see mapping.go).
//
// A unit is a root module directory with its local child modules (and the
// registry/git modules already installed under .terraform/modules). Values
// the configuration decides statically (variables, tfvars, locals,
// conditionals, go-cty standard-library functions) are resolved; references
// to resources become model references; everything else stays unknown.
package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"weak"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/milint/milint/parser"
)

// Loader reads Terraform modules. It is safe for concurrent use and caches
// parsed files, so a child module called from several roots is parsed once.
type Loader struct {
	opts parser.Options

	mu    sync.Mutex
	files map[string]weak.Pointer[fileEntry] // weak: a parsed file lives as long as a unit uses it
}

type fileEntry struct {
	once  sync.Once
	src   []byte
	file  *hcl.File
	diags parser.Diagnostics
}

// NewLoader returns a loader with the given options (limits defaulted).
func NewLoader(opts parser.Options) *Loader {
	return &Loader{opts: opts.WithDefaults(), files: map[string]weak.Pointer[fileEntry]{}}
}

// parseFile reads and parses one file (cached). JSON syntax is chosen by
// the .json extension.
func (l *Loader) parseFile(path string, from parser.Range) *fileEntry {
	l.mu.Lock()
	e := l.files[path].Value()
	if e == nil {
		e = &fileEntry{}
		l.files[path] = weak.Make(e)
	}
	l.mu.Unlock()
	e.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				e.file = nil
				e.diags = append(e.diags, parser.Diagnostic{Severity: parser.SevError,
					Summary: "internal error while parsing", Detail: fmt.Sprint(r),
					Subject: parser.Range{File: path, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}}})
			}
		}()
		src, d := l.opts.ReadFile(path, from)
		if d != nil {
			e.diags = append(e.diags, *d)
			return
		}
		e.src = src
		body := parser.StripBOM(src)
		start := hcl.Pos{Line: 1, Column: 1, Byte: len(src) - len(body)}
		if at, ok := tooDeep(body, l.opts.MaxDepth); ok {
			p := posAt(src, start.Byte+at)
			e.diags = append(e.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "nesting too deep",
				Detail:  fmt.Sprintf("brackets nest more than %d levels", l.opts.MaxDepth),
				Subject: parser.Range{File: path, Start: p, End: p}})
			return
		}
		var f *hcl.File
		var hd hcl.Diagnostics
		if strings.HasSuffix(path, ".json") {
			f, hd = hcljson.ParseWithStartPos(body, path, start)
		} else {
			f, hd = hclsyntax.ParseConfig(body, path, start)
		}
		e.file = f
		e.diags = append(e.diags, convDiags(hd)...)
	})
	return e
}

// tooDeep reports whether brackets in src nest deeper than limit (a cheap
// guard that keeps hostile input from exhausting the parser's stack).
// Brackets in strings and comments count too: real configurations never
// come near the limit, and skipping them would open a way around it.
func tooDeep(src []byte, limit int) (int, bool) {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '(', '[', '{':
			depth++
			if depth > limit {
				return i, true
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, false
}

func posAt(src []byte, off int) parser.Pos {
	line, col := 1, 1
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else if src[i]&0xC0 != 0x80 {
			col++
		}
	}
	return parser.Pos{Line: line, Column: col, Byte: off}
}

func convDiags(hd hcl.Diagnostics) parser.Diagnostics {
	var out parser.Diagnostics
	for _, d := range hd {
		sev := parser.SevError
		if d.Severity == hcl.DiagWarning {
			sev = parser.SevNote
		}
		if d.Summary == "Attribute redefined" {
			// Terraform 0.11 (HCL1) allowed repeating an argument as a
			// block; hcl keeps the first definition, which is what is read.
			sev = parser.SevNote
		}
		var subj parser.Range
		if d.Subject != nil {
			subj = rng(*d.Subject)
		}
		out = append(out, parser.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Subject: subj})
	}
	return out
}

// unit is the state of one Load.
type unit struct {
	l       *Loader
	u       *parser.Unit
	diags   parser.Diagnostics
	seen    map[string]bool
	rootDir string
	// installed maps modules.json keys to module directories.
	installed map[string]string
	depth     int
	// natives maps resource ids to their Terraform types.
	natives map[string]string
	// localStack is the chain of locals being evaluated (cycle reports).
	localStack []*local
	// pendingNames are child resources whose full name needs the parent's.
	pendingNames []pendingName
}

type pendingName struct {
	res    *parser.Resource
	parent *parser.Value
	leaf   *parser.Value
}

func (u *unit) addFile(path string, src []byte) {
	if u.seen[path] {
		return
	}
	u.seen[path] = true
	u.u.Files = append(u.u.Files, path)
	if src != nil {
		u.u.Sources[path] = src
	}
}

func dirRange(dir string) parser.Range {
	return parser.Range{File: dir, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}}
}

// Load reads the module in dir (the root) with its child modules as one
// unit. The unit is returned even when there are errors.
func (l *Loader) Load(dir string) (out *parser.Unit, diags parser.Diagnostics) {
	dir = filepath.Clean(dir)
	u := &unit{l: l, seen: map[string]bool{}, rootDir: dir, natives: map[string]string{},
		u: &parser.Unit{Entry: dir, Format: "terraform", Sources: map[string][]byte{}}}
	defer func() {
		if r := recover(); r != nil {
			u.diags = append(u.diags, parser.Diagnostic{Severity: parser.SevError,
				Summary: "internal error", Detail: fmt.Sprintf("%v\n%s", r, debug.Stack()), Subject: dirRange(dir)})
		}
		out, diags = u.u, u.diags.Sort()
	}()
	u.readInstalled()
	root := u.loadModule(dir, "", "", nil, parser.Range{}, nil)
	if root == nil {
		return
	}
	u.applyVarFiles(root)
	u.emit(root)
	u.fixNames()
	u.u.Parameters = append(u.u.Parameters, u.params(root)...)
	return
}

// readInstalled reads .terraform/modules/modules.json of the root.
func (u *unit) readInstalled() {
	p := filepath.Join(u.rootDir, ".terraform", "modules", "modules.json")
	if _, err := os.Stat(p); err != nil {
		return
	}
	data, d := u.l.opts.ReadFile(p, parser.Range{})
	if d != nil {
		u.diags = append(u.diags, *d)
		return
	}
	var mf struct {
		Modules []struct {
			Key    string `json:"Key"`
			Source string `json:"Source"`
			Dir    string `json:"Dir"`
		} `json:"Modules"`
	}
	if err := json.Unmarshal(data, &mf); err != nil {
		u.diags.Errorf(dirRange(p), "invalid modules.json: %v", err)
		return
	}
	u.installed = map[string]string{}
	for _, m := range mf.Modules {
		if m.Key == "" || m.Dir == "" {
			continue
		}
		d := m.Dir
		if !filepath.IsAbs(d) {
			d = filepath.Join(u.rootDir, filepath.FromSlash(d))
		}
		u.installed[m.Key] = d
	}
}

// Top-level schema of a Terraform module file.
var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
}}

// module is one Terraform module (a directory) in a unit.
type module struct {
	id     string // "" for the root, "module.kv", "module.a>module.b"
	key    string // modules.json key: "", "kv", "a.b"
	dir    string
	parent *module
	u      *unit

	vars     map[string]*variable
	varOrder []*variable
	locals   map[string]*local
	outputs  map[string]*output
	decls    map[string]*decl // "azurerm_x.y" and "data.azurerm_x.y"
	items    []*decl          // resources and module calls in source order
	calls    map[string]*decl
}

type variable struct {
	name      string
	block     *hcl.Block
	def       hcl.Expression
	typ       hcl.Expression
	sensitive bool
	// value set by a tfvars file or a module input (input is lazy).
	value    *parser.Value
	input    hcl.Expression
	inputMod *module
	state    int
	resolved *parser.Value
	defVal   *parser.Value
}

type local struct {
	name  string
	attr  *hcl.Attribute
	state int // 0 todo, 1 in progress, 2 done
	val   *parser.Value
}

type output struct {
	attr  *hcl.Attribute
	state int
	val   *parser.Value
}

// decl is a resource, data source or module call.
type decl struct {
	kind  string // "resource", "data", "module"
	typ   string // native type ("" for module)
	name  string
	addr  string // "azurerm_x.y", "data.x.y", "module.n"
	block *hcl.Block
	mod   *module
	// module calls
	child    *module
	source   string
	srcRange parser.Range
	attrs    hcl.Attributes
}

func (m *module) resID(addr string) string {
	if m.id == "" {
		return addr
	}
	return m.id + ">" + addr
}

// loadModule reads the files of dir and the modules they call. stack holds
// the absolute directories of the calling chain.
func (u *unit) loadModule(dir, id, key string, parent *module, from parser.Range, stack []string) *module {
	entries, err := os.ReadDir(dir)
	subject := from
	if subject.IsZero() {
		subject = dirRange(dir)
	}
	if err != nil {
		u.diags = append(u.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "cannot read module directory",
			Detail: err.Error(), Subject: subject})
		return nil
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") {
			continue
		}
		if strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		u.diags = append(u.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "no Terraform files in module directory",
			Detail: dir, Subject: subject})
		return nil
	}
	m := &module{id: id, key: key, dir: dir, parent: parent, u: u,
		vars: map[string]*variable{}, locals: map[string]*local{}, outputs: map[string]*output{},
		decls: map[string]*decl{}, calls: map[string]*decl{}}
	abs, _ := filepath.Abs(dir)
	stack = append(stack, abs)
	for _, n := range names {
		path := filepath.Join(dir, n)
		fe := u.l.parseFile(path, parser.Range{})
		u.addFile(path, fe.src)
		u.diags = append(u.diags, fe.diags...)
		if fe.file == nil || fe.file.Body == nil {
			continue
		}
		content, _, _ := fe.file.Body.PartialContent(fileSchema)
		if content == nil {
			continue
		}
		for _, b := range content.Blocks {
			m.declare(b)
		}
	}
	for _, it := range m.items {
		if it.kind == "module" {
			u.loadCall(m, it, stack)
		}
	}
	return m
}

var varSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "type"}, {Name: "sensitive"}, {Name: "description"}, {Name: "nullable"}, {Name: "ephemeral"},
}}

func (m *module) declare(b *hcl.Block) {
	switch b.Type {
	case "variable":
		c, _, _ := b.Body.PartialContent(varSchema)
		v := &variable{name: b.Labels[0], block: b}
		if c != nil {
			if a := c.Attributes["default"]; a != nil {
				v.def = a.Expr
			}
			if a := c.Attributes["type"]; a != nil {
				v.typ = a.Expr
			}
			if a := c.Attributes["sensitive"]; a != nil {
				if val, d := a.Expr.Value(nil); !d.HasErrors() && val.IsKnown() && !val.IsNull() && val.Type().FriendlyName() == "bool" {
					v.sensitive = val.True()
				}
			}
		}
		if _, dup := m.vars[v.name]; !dup {
			m.vars[v.name] = v
			m.varOrder = append(m.varOrder, v)
		}
	case "locals":
		attrs, _ := b.Body.JustAttributes()
		for _, a := range sortedAttrs(attrs) {
			if _, dup := m.locals[a.Name]; !dup {
				m.locals[a.Name] = &local{name: a.Name, attr: a}
			}
		}
	case "output":
		c, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}})
		if c != nil && c.Attributes["value"] != nil {
			m.outputs[b.Labels[0]] = &output{attr: c.Attributes["value"]}
		}
	case "resource", "data":
		d := &decl{kind: b.Type, typ: b.Labels[0], name: b.Labels[1], block: b, mod: m}
		d.addr = d.typ + "." + d.name
		if b.Type == "data" {
			d.addr = "data." + d.addr
		}
		if _, dup := m.decls[d.addr]; dup {
			return
		}
		m.decls[d.addr] = d
		if b.Type == "resource" {
			m.items = append(m.items, d)
			m.u.natives[m.resID(d.addr)] = d.typ
		}
	case "module":
		d := &decl{kind: "module", name: b.Labels[0], addr: "module." + b.Labels[0], block: b, mod: m}
		if _, dup := m.calls[d.name]; dup {
			return
		}
		d.attrs, _ = b.Body.JustAttributes()
		m.calls[d.name] = d
		m.items = append(m.items, d)
	}
}

func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Range, out[j].Range
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
	return out
}

func isLocalSource(s string) bool {
	return s == "." || s == ".." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") ||
		strings.HasPrefix(s, `.\`) || strings.HasPrefix(s, `..\`)
}

// loadCall resolves the source of module call d and loads the child.
func (u *unit) loadCall(m *module, d *decl, stack []string) {
	src := d.attrs["source"]
	if src == nil {
		u.diags.Errorf(rng(d.block.DefRange), "module %q has no source", d.name)
		return
	}
	d.srcRange = rng(src.Expr.Range())
	val, hd := src.Expr.Value(nil)
	if hd.HasErrors() || !val.IsKnown() || val.IsNull() || val.Type().FriendlyName() != "string" {
		u.diags.Notef(d.srcRange, "module not followed: source is not a literal string")
		return
	}
	d.source = val.AsString()
	key := d.name
	if m.key != "" {
		key = m.key + "." + d.name
	}
	var dir string
	switch {
	case isLocalSource(d.source):
		dir = filepath.Join(m.dir, filepath.FromSlash(strings.ReplaceAll(d.source, `\`, "/")))
	case u.installed[key] != "":
		dir = u.installed[key]
	default:
		u.diags = append(u.diags, parser.Diagnostic{Severity: parser.SevNote, Summary: "module not followed",
			Detail:  fmt.Sprintf("%q is a registry or remote source; run terraform init so it is under .terraform/modules", d.source),
			Subject: d.srcRange})
		return
	}
	if !u.l.opts.Within(dir) {
		u.diags = append(u.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "module source escapes the repository",
			Detail: fmt.Sprintf("%q resolves to %s, outside %s; not read", d.source, dir, u.l.opts.Root), Subject: d.srcRange})
		return
	}
	abs, _ := filepath.Abs(dir)
	for i, s := range stack {
		if s == abs {
			chain := append(append([]string{}, stack[i:]...), abs)
			u.diags = append(u.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "module calls itself",
				Detail: "cycle: " + strings.Join(chain, " -> "), Subject: d.srcRange})
			return
		}
	}
	if len(stack) >= u.l.opts.MaxModuleDepth {
		u.diags.Errorf(d.srcRange, "modules nest more than %d levels", u.l.opts.MaxModuleDepth)
		return
	}
	id := m.resID(d.addr)
	child := u.loadModule(dir, id, key, m, d.srcRange, stack)
	if child == nil {
		return
	}
	d.child = child
	for name, a := range d.attrs {
		switch name {
		case "source", "version", "count", "for_each", "providers", "depends_on":
			continue
		}
		if v := child.vars[name]; v != nil {
			v.input = a.Expr
			v.inputMod = m
		}
	}
}

// applyVarFiles binds terraform.tfvars, *.auto.tfvars and Options.VarFiles
// to the root module's variables, in Terraform's precedence order.
func (u *unit) applyVarFiles(root *module) {
	var files []string
	for _, n := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		p := filepath.Join(root.dir, n)
		if _, err := os.Stat(p); err == nil {
			files = append(files, p)
		}
	}
	if entries, err := os.ReadDir(root.dir); err == nil {
		var auto []string
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
				auto = append(auto, filepath.Join(root.dir, n))
			}
		}
		sort.Strings(auto)
		files = append(files, auto...)
	}
	for _, f := range u.l.opts.VarFiles {
		files = append(files, filepath.Clean(f))
	}
	cs := &scope{u: u}
	for _, p := range files {
		fe := u.l.parseFile(p, parser.Range{})
		u.addFile(p, fe.src)
		u.diags = append(u.diags, fe.diags...)
		if fe.file == nil || fe.file.Body == nil {
			continue
		}
		attrs, _ := fe.file.Body.JustAttributes()
		for _, a := range sortedAttrs(attrs) {
			if v := root.vars[a.Name]; v != nil {
				v.value = cs.expr(a.Expr)
			}
		}
	}
}

// params lists the variables of m and its children as unit parameters;
// child variables are named "<module id>><name>".
func (u *unit) params(m *module) []*parser.Parameter {
	var out []*parser.Parameter
	s := &scope{u: u, m: m}
	for _, v := range m.varOrder {
		name := v.name
		if m.id != "" {
			name = m.id + ">" + name
		}
		p := &parser.Parameter{Name: name, Secure: v.sensitive, Range: blockRange(v.block)}
		if v.typ != nil {
			p.Type = exprText(u, v.typ)
		}
		if v.def != nil {
			p.Default = s.varDefault(v)
		}
		p.Value = s.varValue(v)
		if p.Value != nil && p.Value.Kind == parser.KindUnknown && v.def == nil && v.value == nil && v.input == nil {
			p.Value = nil
		}
		out = append(out, p)
	}
	for _, it := range m.items {
		if it.kind == "module" && it.child != nil {
			out = append(out, u.params(it.child)...)
		}
	}
	return out
}

// blockRange is the whole block: from its type keyword to the closing brace.
func blockRange(b *hcl.Block) parser.Range {
	r := rng(b.DefRange)
	r.Start = rng(b.TypeRange).Start
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		r.End = rng(sb.SrcRange).End
	}
	return r
}

// exprText returns the source text of e.
func exprText(u *unit, e hcl.Expression) string {
	return rangeText(u, e.Range())
}

func rangeText(u *unit, r hcl.Range) string {
	src := u.u.Sources[r.Filename]
	if src == nil {
		u.l.mu.Lock()
		if fe := u.l.files[r.Filename].Value(); fe != nil {
			src = fe.src
		}
		u.l.mu.Unlock()
	}
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}
