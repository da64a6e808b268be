package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// compileCount counts Rego bundle compilations in this process. The engine
// compiles the bundle once however many units are linted; a test holds it
// to that.
var compileCount atomic.Int64

// CompileCount returns how many times a Rego bundle has been compiled in
// this process.
func CompileCount() int64 { return compileCount.Load() }

// Engine is a rule bundle. It is safe for concurrent use; create it once
// (DefaultEngine does that for the bundled rules) and prepare queries from
// it. A bundle is compiled once per rule set a query needs: NewEngine
// compiles the whole bundle up front (a custom policy that does not compile
// stops the run before any input is read), DefaultEngine compiles on the
// first Prepare only the helper libraries and the rules asked for, so a
// one-file run whose file can trigger three rules compiles three rules.
type Engine struct {
	modules map[string]*ast.Module
	meta    []rules.Metadata

	mu        sync.Mutex
	compilers map[string]*ast.Compiler // rule set key (allRules for all) → compiled bundle
}

// allRules is the compiler key of the whole bundle.
const allRules = "*"

// Rules returns the metadata of every rule of the engine, sorted by ID.
func (e *Engine) Rules() []rules.Metadata { return e.meta }

// Rule returns a rule's metadata by ID (case-insensitive).
func (e *Engine) Rule(id string) (rules.Metadata, bool) {
	for _, m := range e.meta {
		if strings.EqualFold(m.ID, id) {
			return m, true
		}
	}
	return rules.Metadata{}, false
}

var (
	defaultOnce   sync.Once
	defaultEngine *Engine
	defaultErr    error
)

// DefaultEngine returns the engine of the bundled rules, compiled once per
// process.
func DefaultEngine() (*Engine, error) {
	defaultOnce.Do(func() {
		mods, err := rules.Modules()
		if err != nil {
			defaultErr = fmt.Errorf("bundled rules: %w", err)
			return
		}
		defaultEngine, defaultErr = newEngine(mods, false)
	})
	return defaultEngine, defaultErr
}

// Capabilities are the OPA capabilities rules are compiled with: no network,
// no environment, no runtime introspection. A policy that uses http.send,
// net.*, opa.runtime and friends fails to compile. They are computed once;
// callers must not modify them.
func Capabilities() *ast.Capabilities { return capabilities() }

var capabilities = sync.OnceValue(func() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0:0]
	for _, b := range caps.Builtins {
		if deniedBuiltin(b.Name) {
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
})

func deniedBuiltin(name string) bool {
	switch name {
	case "http.send", "opa.runtime":
		return true
	}
	return strings.HasPrefix(name, "net.")
}

// NewEngine compiles rule modules (file name → parsed module, no tests) into
// an engine. Every rule must carry valid METADATA and define deny.
func NewEngine(modules map[string]*ast.Module) (*Engine, error) {
	return newEngine(modules, true)
}

func newEngine(modules map[string]*ast.Module, compileNow bool) (*Engine, error) {
	if err := checkPolicies(modules); err != nil {
		return nil, err
	}
	meta, err := rules.MetadataOf(modules)
	if err != nil {
		return nil, err
	}
	for _, md := range meta {
		if !definesDeny(modules[md.File]) {
			return nil, fmt.Errorf("%s: rule %s defines no deny rule", md.File, md.ID)
		}
	}
	e := &Engine{modules: modules, meta: meta, compilers: map[string]*ast.Compiler{}}
	if compileNow {
		if _, err := e.compiler(meta); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// compiler returns the compiled bundle that holds the rules of set: the
// whole bundle when it is compiled already, else the helper libraries
// (every module that is not a rule) with the rules of set, compiled once
// and kept.
func (e *Engine) compiler(set []rules.Metadata) (*ast.Compiler, error) {
	key := allRules
	if len(set) < len(e.meta) {
		ids := make([]string, len(set))
		for i, md := range set {
			ids[i] = md.ID
		}
		sort.Strings(ids)
		key = strings.Join(ids, ",")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if c := e.compilers[allRules]; c != nil {
		return c, nil
	}
	if c := e.compilers[key]; c != nil {
		return c, nil
	}
	mods := e.modules
	if key != allRules {
		mods = setModules(e.modules, e.meta, set)
	}
	c := ast.NewCompiler().WithCapabilities(Capabilities())
	compileCount.Add(1)
	c.Compile(mods)
	if c.Failed() {
		return nil, fmt.Errorf("compiling rules: %w", c.Errors)
	}
	e.compilers[key] = c
	return c, nil
}

// setModules returns the modules a compile of the rules of set needs: the
// set's rule modules, and the helper libraries (every module that is not a
// rule) cut down to the rules the set uses, directly or through other
// library rules. A library rule is kept when its name appears as a
// variable or a reference in something kept (an over-approximation: a
// local variable of the same name keeps it too, which only costs compile
// time). TestSubsetCompileIsSound compares every rule compiled alone with
// the whole bundle over every fixture.
func setModules(modules map[string]*ast.Module, meta []rules.Metadata, set []rules.Metadata) map[string]*ast.Module {
	isRule := map[string]bool{}
	for _, md := range meta {
		isRule[md.File] = true
	}
	out := make(map[string]*ast.Module, len(set)+4)
	for _, md := range set {
		out[md.File] = modules[md.File]
	}
	// Library rules by package path and name.
	type libRule struct {
		file string
		rule *ast.Rule
	}
	defined := map[string]map[string][]libRule{} // package path → name → rules
	for file, m := range modules {
		if isRule[file] {
			continue
		}
		pkg := m.Package.Path.String()
		if defined[pkg] == nil {
			defined[pkg] = map[string][]libRule{}
		}
		for _, r := range m.Rules {
			name := r.Head.Ref()[0].Value.String()
			defined[pkg][name] = append(defined[pkg][name], libRule{file, r})
		}
	}
	need := map[string]map[string]bool{} // package path → needed names
	var work []libRule
	want := func(pkg, name string) {
		rs := defined[pkg][name]
		if len(rs) == 0 || need[pkg][name] {
			return
		}
		if need[pkg] == nil {
			need[pkg] = map[string]bool{}
		}
		need[pkg][name] = true
		work = append(work, rs...)
	}
	wantAll := func(pkg string) {
		for name := range defined[pkg] {
			want(pkg, name)
		}
	}
	// uses records what a module's rule refers to: names of its own
	// package, and names of imported or data.-qualified library packages.
	uses := func(m *ast.Module, r *ast.Rule) {
		own := m.Package.Path.String()
		alias := map[string]string{} // import alias → package path
		for _, imp := range m.Imports {
			ref, ok := imp.Path.Value.(ast.Ref)
			if !ok {
				continue
			}
			a := imp.Alias.String()
			if imp.Alias == "" {
				a = ref[len(ref)-1].Value.String()
				if s, ok := ref[len(ref)-1].Value.(ast.String); ok {
					a = string(s)
				}
			}
			alias[a] = ref.String()
		}
		ast.WalkVars(r, func(v ast.Var) bool {
			want(own, string(v))
			return false
		})
		ast.WalkRefs(r, func(ref ast.Ref) bool {
			head, ok := ref[0].Value.(ast.Var)
			if !ok {
				return false
			}
			var pkg string
			rest := ref[1:]
			if p, ok := alias[string(head)]; ok {
				pkg = p
			} else if head.Equal(ast.DefaultRootDocument.Value) {
				// data.<package...>.<name>: the longest library package
				// the reference starts with.
				best := 0
				for p := range defined {
					pr := ast.MustParseRef(p)
					if len(pr) > best && len(pr) <= len(ref) && ref.HasPrefix(pr) {
						best, pkg, rest = len(pr), p, ref[len(pr):]
					}
				}
			}
			if pkg == "" || defined[pkg] == nil {
				return false
			}
			if len(rest) == 0 {
				wantAll(pkg)
				return false
			}
			if s, ok := rest[0].Value.(ast.String); ok {
				want(pkg, string(s))
			} else {
				wantAll(pkg) // a computed name: keep the whole library
			}
			return false
		})
	}
	for _, md := range set {
		m := modules[md.File]
		for _, r := range m.Rules {
			uses(m, r)
		}
	}
	for len(work) > 0 {
		lr := work[len(work)-1]
		work = work[:len(work)-1]
		uses(modules[lr.file], lr.rule)
	}
	for file, m := range modules {
		if isRule[file] {
			continue
		}
		names := need[m.Package.Path.String()]
		if len(names) == 0 {
			continue
		}
		trimmed := *m
		trimmed.Rules = nil
		for _, r := range m.Rules {
			if names[r.Head.Ref()[0].Value.String()] {
				trimmed.Rules = append(trimmed.Rules, r)
			}
		}
		out[file] = &trimmed
	}
	return out
}

func definesDeny(m *ast.Module) bool {
	if m == nil {
		return false
	}
	for _, r := range m.Rules {
		if r.Head.Name == "deny" || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.Compare(ast.Var("deny")) == 0) {
			return true
		}
	}
	return false
}

// LoadPolicyDirs parses the *.rego files of extra policy directories
// (--policy), skipping *_test.rego, and returns them merged with base.
func LoadPolicyDirs(base map[string]*ast.Module, dirs []string) (map[string]*ast.Module, error) {
	out := make(map[string]*ast.Module, len(base))
	for k, v := range base {
		out[k] = v
	}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || filepath.Ext(p) != ".rego" || rules.IsTest(p) {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m, err := ast.ParseModuleWithOpts(p, string(src), rules.ParserOptions())
			if err != nil {
				return err
			}
			out[p] = m
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("--policy %s: %w", dir, err)
		}
	}
	return out, nil
}

// Query evaluates a set of enabled rules. Each unit is evaluated with one
// prepared query over the rules whose triggers its facets match; a query is
// prepared once per distinct rule subset (there are few) and reused. Eval
// is safe for concurrent use.
type Query struct {
	compiler *ast.Compiler
	enabled  []rules.Metadata          // sorted by ID
	rules    map[string]rules.Metadata // package leaf ("mi101") → rule

	mu       sync.Mutex
	prepared map[string]*preparedSubset // subset mask → query
}

// preparedSubset is the query over one subset of the rules, with what of
// the input they read.
type preparedSubset struct {
	pq *rego.PreparedEvalQuery
	// keep says whose properties the rules read (custom.reads); nil when
	// one of them reads any resource's.
	keep func(*parser.Resource) bool
}

// Prepare prepares the query that evaluates the deny sets of the given
// rules (all the engine's rules when ids is nil).
func (e *Engine) Prepare(ctx context.Context, enabled []rules.Metadata) (*Query, error) {
	enabled = append([]rules.Metadata(nil), enabled...)
	sort.Slice(enabled, func(i, j int) bool { return enabled[i].ID < enabled[j].ID })
	c, err := e.compiler(enabled)
	if err != nil {
		return nil, err
	}
	q := &Query{compiler: c, enabled: enabled, rules: map[string]rules.Metadata{}, prepared: map[string]*preparedSubset{}}
	for _, md := range enabled {
		q.rules[strings.TrimPrefix(md.Package, rules.PackagePrefix+".")] = md
	}
	// The full set is prepared now: it validates the query up front.
	if _, err := q.forFacets(ctx, nil); err != nil {
		return nil, err
	}
	return q, nil
}

// forFacets returns the prepared query over the rules that can fire on a
// unit with these facets (all rules for nil facets), or nil when none can.
func (q *Query) forFacets(ctx context.Context, f Facets) (*preparedSubset, error) {
	mask := make([]byte, len(q.enabled))
	hit := false
	for i, md := range q.enabled {
		mask[i] = '0'
		if f.matches(md.Triggers) {
			mask[i] = '1'
			hit = true
		}
	}
	if !hit {
		return nil, nil
	}
	key := string(mask)
	q.mu.Lock()
	defer q.mu.Unlock()
	if ps := q.prepared[key]; ps != nil {
		return ps, nil
	}
	var b strings.Builder
	b.WriteString("x = {")
	n := 0
	reads := map[string]bool{}
	readsAll := false
	for i, md := range q.enabled {
		if mask[i] != '1' {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(strconv.Quote(strings.TrimPrefix(md.Package, rules.PackagePrefix+".")))
		b.WriteString(": data.")
		b.WriteString(md.Package)
		b.WriteString(".deny")
		if md.Reads == nil {
			readsAll = true
		}
		for _, t := range md.Reads {
			reads[t] = true
		}
	}
	b.WriteString("}")
	pq, err := rego.New(
		rego.Compiler(q.compiler),
		rego.Query(b.String()),
		rego.Capabilities(Capabilities()),
		rego.StrictBuiltinErrors(false),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("preparing the rule query: %w", err)
	}
	ps := &preparedSubset{pq: &pq}
	if !readsAll {
		ps.keep = func(r *parser.Resource) bool { return reads[strings.ToLower(r.Type)] }
	}
	q.prepared[key] = ps
	return ps, nil
}

// rawFinding is one element of a rule's deny set.
type rawFinding struct {
	rule rules.Metadata
	obj  map[string]any
}

// Eval evaluates the rules whose triggers match facets (all rules for nil
// facets) over one unit's input document, which input builds: it is not
// built when no rule can fire, and it is given what the rules read (keep,
// see parser.BuildUnitFor).
func (q *Query) Eval(ctx context.Context, input func(keep func(*parser.Resource) bool) ast.Value, f Facets) ([]rawFinding, error) {
	ps, err := q.forFacets(ctx, f)
	if err != nil || ps == nil {
		return nil, err
	}
	rs, err := ps.pq.Eval(ctx, rego.EvalParsedInput(input(ps.keep)))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, nil
	}
	x, ok := rs[0].Bindings["x"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("rule query returned %T", rs[0].Bindings["x"])
	}
	var out []rawFinding
	leaves := make([]string, 0, len(x))
	for k := range x {
		leaves = append(leaves, k)
	}
	sort.Strings(leaves)
	for _, leaf := range leaves {
		md := q.rules[leaf]
		set, _ := x[leaf].([]any)
		for _, el := range set {
			obj, ok := el.(map[string]any)
			if !ok {
				obj = map[string]any{"msg": fmt.Sprint(el)}
			}
			out = append(out, rawFinding{rule: md, obj: obj})
		}
	}
	return out, nil
}
