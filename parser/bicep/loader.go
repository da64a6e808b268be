package bicep

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"weak"

	"github.com/milint/milint/parser"
)

// Loader reads Bicep entries into units. It is safe for concurrent use and
// parses each file at most once.
type Loader struct {
	opts  parser.Options
	mu    sync.Mutex
	files map[string]weak.Pointer[cacheEntry] // weak: a parsed file lives as long as a unit uses it
	arm   armBridge
}

type cacheEntry struct {
	once sync.Once
	f    *File
	read *parser.Diagnostic
}

// NewLoader returns a loader with the given options (limits defaulted).
func NewLoader(opts parser.Options) *Loader {
	return &Loader{opts: opts.WithDefaults(), files: map[string]weak.Pointer[cacheEntry]{}}
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	return a
}

// ParseFile returns the parsed file at path (cached), or the diagnostic of
// reading it.
func (l *Loader) ParseFile(path string, from parser.Range) (*File, *parser.Diagnostic) {
	key := absPath(path)
	l.mu.Lock()
	e := l.files[key].Value()
	if e == nil {
		e = &cacheEntry{}
		l.files[key] = weak.Make(e)
	}
	l.mu.Unlock()
	e.once.Do(func() {
		data, d := l.opts.ReadFile(path, from)
		if d != nil {
			e.read = d
			return
		}
		e.f = Parse(path, data, l.opts.MaxDepth)
	})
	return e.f, e.read
}

// loadState is the state of one Load.
type loadState struct {
	l       *Loader
	u       *parser.Unit
	diags   parser.Diagnostics
	seen    map[string]bool // files added to the unit
	keyVals map[*parser.Field]*parser.Value
	imports map[string]*instance
}

func (ld *loadState) addFile(f *File) {
	if ld.seen[f.Name] {
		return
	}
	ld.seen[f.Name] = true
	ld.u.Files = append(ld.u.Files, f.Name)
	ld.u.Sources[f.Name] = f.Src
	ld.diags = append(ld.diags, f.Diags...)
}

// Load reads a .bicep entry (with its local modules), or a .bicepparam file
// (the unit of the template its using declaration names, with its values).
// A unit is returned even when there are errors.
func (l *Loader) Load(path string) (u *parser.Unit, diags parser.Diagnostics) {
	u = &parser.Unit{Entry: path, Format: "bicep", Sources: map[string][]byte{}}
	ld := &loadState{l: l, u: u, seen: map[string]bool{}, keyVals: map[*parser.Field]*parser.Value{}, imports: map[string]*instance{}}
	defer func() {
		if r := recover(); r != nil {
			ld.diags = append(ld.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "internal error",
				Detail:  fmt.Sprintf("%v (please report this bug)\n%s", r, debug.Stack()),
				Subject: parser.Range{File: path, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}}})
			diags = ld.diags.Sort()
		}
	}()
	if strings.HasSuffix(strings.ToLower(path), ".bicepparam") {
		l.loadParams(ld, path)
	} else {
		l.loadTemplate(ld, path, nil, parser.Range{})
	}
	return u, ld.diags.Sort()
}

func (l *Loader) loadTemplate(ld *loadState, path string, values map[string]*parser.Value, from parser.Range) {
	f, rd := l.ParseFile(path, from)
	if rd != nil {
		ld.diags = append(ld.diags, *rd)
		return
	}
	ld.addFile(f)
	if values == nil {
		values = l.explicitParamValues(ld, path)
	}
	in := newInstance(ld, f, "", "", []string{absPath(path)})
	ld.u.TargetScope = in.scope
	in.bind(values, true)
	in.build()
	ld.u.Parameters = in.parameters()
}

// explicitParamValues binds an explicit .bicepparam (Options.ParamFiles)
// whose using declaration names the template.
func (l *Loader) explicitParamValues(ld *loadState, template string) map[string]*parser.Value {
	abs := absPath(template)
	for _, pf := range l.opts.ParamFiles {
		if !strings.HasSuffix(strings.ToLower(pf), ".bicepparam") {
			continue
		}
		f, rd := l.ParseFile(pf, parser.Range{})
		if rd != nil || f == nil {
			continue
		}
		for _, d := range f.Decls {
			if u, ok := d.(*UsingDecl); ok && u.Path != nil && len(u.Path.Holes) == 0 {
				if absPath(filepath.Join(filepath.Dir(pf), filepath.FromSlash(u.Path.Parts[0]))) == abs {
					ld.addFile(f)
					return l.paramValues(ld, f, 0)
				}
			}
		}
	}
	return nil
}

// paramValues evaluates the param assignments of a .bicepparam file,
// following extends.
func (l *Loader) paramValues(ld *loadState, f *File, depth int) map[string]*parser.Value {
	vals := map[string]*parser.Value{}
	for _, d := range f.Decls {
		ext, ok := d.(*ExtendsDecl)
		if !ok || ext.Path == nil || len(ext.Path.Holes) > 0 {
			continue
		}
		if depth >= l.opts.MaxModuleDepth {
			ld.diags.Errorf(ext.Path.Rng, "too many nested extends (limit %d)", l.opts.MaxModuleDepth)
			continue
		}
		p := filepath.Join(filepath.Dir(f.Name), filepath.FromSlash(ext.Path.Parts[0]))
		if !l.opts.Within(p) {
			ld.diags.Errorf(ext.Path.Rng, "parameters file path escapes the repository root: %s", ext.Path.Parts[0])
			continue
		}
		base, rd := l.ParseFile(p, ext.Path.Rng)
		if rd != nil {
			ld.diags = append(ld.diags, *rd)
			continue
		}
		ld.addFile(base)
		for k, v := range l.paramValues(ld, base, depth+1) {
			vals[k] = v
		}
	}
	in := newInstance(ld, f, "", "", nil)
	for _, p := range in.pOrder {
		if p.decl.Default != nil {
			vals[p.decl.Name] = in.eval(p.decl.Default, nil)
		}
	}
	return vals
}

func (l *Loader) loadParams(ld *loadState, path string) {
	f, rd := l.ParseFile(path, parser.Range{})
	if rd != nil {
		ld.diags = append(ld.diags, *rd)
		return
	}
	ld.addFile(f)
	var using *UsingDecl
	for _, d := range f.Decls {
		if u, ok := d.(*UsingDecl); ok {
			using = u
			break
		}
	}
	if using == nil {
		ld.diags.Errorf(parser.Range{File: path, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}},
			"parameters file has no using declaration")
		return
	}
	vals := l.paramValues(ld, f, 0)
	if using.Path == nil {
		// using none: just the values
		names := make([]string, 0, len(vals))
		for _, d := range f.Decls {
			if p, ok := d.(*ParamDecl); ok {
				names = append(names, p.Name)
			}
		}
		for _, n := range names {
			if v := vals[n]; v != nil {
				ld.u.Parameters = append(ld.u.Parameters, &parser.Parameter{Name: n, Value: v, Range: v.Range})
			}
		}
		return
	}
	if len(using.Path.Holes) > 0 {
		ld.diags.Errorf(using.Path.Rng, "using path must be a literal string")
		return
	}
	tp := using.Path.Parts[0]
	if isRegistry(tp) {
		ld.diags.Notef(using.Path.Rng, "registry template not followed: %s", tp)
		return
	}
	full := filepath.Join(filepath.Dir(path), filepath.FromSlash(tp))
	if !l.opts.Within(full) {
		ld.diags.Errorf(using.Path.Rng, "template path escapes the repository root: %s", tp)
		return
	}
	if strings.HasSuffix(strings.ToLower(full), ".json") {
		ld.diags.Notef(using.Path.Rng, "ARM template named by using is not followed here; lint it with its parameters file")
		return
	}
	if _, err := os.Stat(full); err != nil {
		ld.diags.Errorf(using.Path.Rng, "template file not found: %s", full)
		return
	}
	l.loadTemplate(ld, full, vals, using.Path.Rng)
}

// loadModuleFile resolves and reads the module of a call; for a Bicep
// module it returns the bound instance (not yet built). JSON modules are
// added to the unit directly.
func (l *Loader) loadModuleFile(in *instance, s *symbol, path string, at parser.Range, args map[string]*parser.Value, call *parser.Resource) *instance {
	full := filepath.Clean(filepath.Join(filepath.Dir(in.f.Name), filepath.FromSlash(path)))
	ld := in.ld
	if !l.opts.Within(full) {
		ld.diags = append(ld.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "module path escapes the repository root",
			Detail: fmt.Sprintf("%s is outside %s; it was not read", path, l.opts.Root), Subject: at})
		return nil
	}
	abs := absPath(full)
	for _, c := range in.chain {
		if c == abs {
			ld.diags = append(ld.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "module cycle",
				Detail: fmt.Sprintf("%s includes itself (directly or through other modules)", path), Subject: at})
			return nil
		}
	}
	if len(in.chain) >= l.opts.MaxModuleDepth {
		ld.diags = append(ld.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "modules nested too deeply",
			Detail: fmt.Sprintf("the limit is %d levels", l.opts.MaxModuleDepth), Subject: at})
		return nil
	}
	if st, err := os.Stat(full); err != nil || st.IsDir() {
		ld.diags = append(ld.diags, parser.Diagnostic{Severity: parser.SevError, Summary: "module file not found",
			Detail: full, Subject: at})
		return nil
	}
	if strings.HasSuffix(strings.ToLower(full), ".json") {
		res, files, diags, ok := l.arm.loadJSONModule(l.opts, full, args, s.id, at)
		if !ok {
			ld.diags.Notef(at, "JSON module not followed: %s", path)
			return nil
		}
		for _, r := range res {
			if r.Module == "" {
				r.Module = s.id
			}
		}
		ld.u.Resources = append(ld.u.Resources, res...)
		for _, fname := range files {
			if !ld.seen[fname] {
				ld.seen[fname] = true
				ld.u.Files = append(ld.u.Files, fname)
				if data, err := os.ReadFile(fname); err == nil {
					ld.u.Sources[fname] = data
				}
			}
		}
		ld.diags = append(ld.diags, diags...)
		return nil
	}
	f, rd := l.ParseFile(full, at)
	if rd != nil {
		ld.diags = append(ld.diags, *rd)
		return nil
	}
	ld.addFile(f)
	chain := append(append([]string(nil), in.chain...), abs)
	child := newInstance(ld, f, s.id+">", s.id, chain)
	child.bind(args, false)
	_ = call
	return child
}

// importInstance returns an instance of a file imported from (for its
// exported variables).
func (l *Loader) importInstance(in *instance, path string) *instance {
	ld := in.ld
	abs := absPath(path)
	if other, ok := ld.imports[abs]; ok {
		return other
	}
	ld.imports[abs] = nil
	if !l.opts.Within(path) {
		return nil
	}
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return nil
	}
	f, rd := l.ParseFile(path, parser.Range{})
	if rd != nil || f == nil {
		return nil
	}
	ld.addFile(f)
	other := newInstance(ld, f, "", "", nil)
	ld.imports[abs] = other
	return other
}
