// Package lint is milint's engine: it finds the lint units among the input
// paths, reads them with the right front end, builds the derived views,
// evaluates the Rego rules over every unit in parallel and returns the
// findings with exact locations.
package lint

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/milint/milint/parser"
	"github.com/milint/milint/parser/derive"
	"github.com/milint/milint/rules"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Options say what to lint and how. They are independent of the output
// format.
type Options struct {
	// Paths are files and directories to lint; none means ".".
	Paths []string
	// ParamFiles are explicit ARM/Bicep parameter files (--param-file).
	ParamFiles []string
	// VarFiles are explicit Terraform .tfvars files (--var-file).
	VarFiles []string
	// Jobs is the number of parallel workers; <= 0 means GOMAXPROCS.
	Jobs int
	// Enable, when not empty, restricts the run to these rule IDs; Disable
	// removes rule IDs. Unknown IDs are an error.
	Enable  []string
	Disable []string
	// Severity overrides a rule's default severity (from the config file).
	Severity map[string]Severity
	// FailOn is the --fail-on threshold; 0 means SevWarning.
	FailOn Severity
	// Root is the repository root; empty means the nearest parent of the
	// working directory with .git, else the working directory.
	Root string
	// PolicyDirs hold extra Rego rules (--policy).
	PolicyDirs []string
	// MaxFileSize overrides parser.DefaultMaxFileSize when > 0.
	MaxFileSize int64

	// Exclude is a hook for path excludes (config globs): it drops files
	// and directories from directory walks.
	Exclude func(path string, dir bool) bool
	// Suppress is a hook for inline suppressions and the baseline: it is
	// called for every finding of a unit and may set f.Suppressed and
	// f.SuppressReason. It may also return diagnostics (a suppression
	// without a reason, an expired one), which are added to the result.
	Suppress func(u *parser.Unit, f *Finding) parser.Diagnostics
	// Progress, when set, is called as entries are read ("load") and units
	// evaluated ("eval"), from worker goroutines (it must be safe for
	// concurrent use).
	Progress func(phase string, done, total int)

	// fe replaces the front ends and engine the rule engine (tests);
	// noGating evaluates every rule on every unit (the soundness test).
	fe       *frontEnds
	engine   *Engine
	noGating bool
}

// Summary counts what a run saw.
type Summary struct {
	Files      int // files read into the linted units
	Units      int
	Resources  int
	Findings   int // reported (not suppressed)
	Suppressed int
}

// Result is the outcome of a run.
type Result struct {
	Findings   []Finding // sorted by file, line, column, rule
	Suppressed []Finding // hidden by a suppression or the baseline
	Errors     parser.Diagnostics
	Notes      parser.Diagnostics
	Summary    Summary
	// Units are the linted units (module units linted through their callers
	// are not in it).
	Units []*parser.Unit
	// Sources holds the bytes of the files that carry suppression comments
	// (and, once Source read them, of the files reports showed); reports
	// get a file's bytes through Source.
	Sources map[string][]byte
	// Rules are the rules that ran.
	Rules []rules.Metadata
}

// ExitCode is milint's exit code for the result: 2 when milint could not do
// its job (an input error), 1 when a finding is at or above failOn, else 0.
func (r *Result) ExitCode(failOn Severity) int {
	if r.Errors.HasErrors() {
		return 2
	}
	if failOn == 0 {
		failOn = SevWarning
	}
	for _, f := range r.Findings {
		if f.Severity >= failOn {
			return 1
		}
	}
	return 0
}

// FindRoot returns the nearest parent of dir (inclusive) that holds .git,
// else dir.
func FindRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		d = parent
	}
}

// InputRoot is the repository root for a run over paths: the repository of
// the working directory (nearest .git, else the working directory) when
// every input lies inside it. Inputs outside it (linting another checkout,
// a vendored copy) are bounded by their own repository, else by their
// common directory, so their modules are not refused as "escaping" a
// repository they were never part of.
func InputRoot(paths []string) string {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	root := FindRoot(wd)
	probe := parser.Options{Root: root}
	var outside []string
	for _, p := range paths {
		if !probe.Within(p) {
			outside = append(outside, p)
		}
	}
	if len(outside) == 0 {
		return root
	}
	common := ""
	for _, p := range outside {
		a, err := filepath.Abs(p)
		if err != nil {
			return root
		}
		if st, err := os.Stat(a); err == nil && !st.IsDir() {
			a = filepath.Dir(a)
		}
		common = commonDir(common, a)
	}
	if len(outside) < len(paths) {
		common = commonDir(common, root)
	}
	if r := FindRoot(common); isRepo(r) {
		return r
	}
	return common
}

func isRepo(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}

// commonDir is the deepest directory holding both a and b ("" is neutral).
func commonDir(a, b string) string {
	if a == "" {
		return b
	}
	for !(b == a || strings.HasPrefix(b, strings.TrimSuffix(a, string(filepath.Separator))+string(filepath.Separator))) {
		parent := filepath.Dir(a)
		if parent == a {
			return a
		}
		a = parent
	}
	return a
}

func (o *Options) parserOptions() parser.Options {
	root := o.Root
	if root == "" {
		root = InputRoot(o.Paths)
	}
	return parser.Options{
		Root:        root,
		MaxFileSize: o.MaxFileSize,
		ParamFiles:  o.ParamFiles,
		VarFiles:    o.VarFiles,
	}.WithDefaults()
}

func (o *Options) jobs() int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return runtime.GOMAXPROCS(0)
}

// SelectRules applies Enable/Disable to a rule list. Unknown IDs are an
// error.
func SelectRules(all []rules.Metadata, enable, disable []string) ([]rules.Metadata, error) {
	known := map[string]bool{}
	for _, m := range all {
		known[strings.ToUpper(m.ID)] = true
	}
	norm := func(ids []string, flag string) (map[string]bool, error) {
		set := map[string]bool{}
		for _, id := range ids {
			id = strings.ToUpper(strings.TrimSpace(id))
			if id == "" {
				continue
			}
			if !known[id] {
				return nil, fmt.Errorf("%s: unknown rule %q (see `milint rules`)", flag, id)
			}
			set[id] = true
		}
		return set, nil
	}
	en, err := norm(enable, "--enable")
	if err != nil {
		return nil, err
	}
	dis, err := norm(disable, "--disable")
	if err != nil {
		return nil, err
	}
	var out []rules.Metadata
	for _, m := range all {
		id := strings.ToUpper(m.ID)
		if len(en) > 0 && !en[id] {
			continue
		}
		if dis[id] {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// Loaded is the outcome of reading the inputs without evaluating rules:
// what `milint parse` prints.
type Loaded struct {
	Units   []*parser.Unit // derived views filled
	Errors  parser.Diagnostics
	Notes   parser.Diagnostics
	Sources map[string][]byte
}

// Load discovers and reads the units of the inputs and builds their derived
// views, without evaluating rules.
func Load(ctx context.Context, opts Options) *Loaded {
	units, diags := loadUnits(ctx, &opts, func(u *parser.Unit, diags *syncDiags) {
		safeDerive(u, diags)
	})
	l := &Loaded{Units: units}
	l.Errors, l.Notes = splitDiags(diags.list())
	l.Sources = sources(units)
	return l
}

// Run lints the inputs. The error is for things that stop milint before it
// reads any input (unknown rule ids, a broken policy); input problems are
// Result.Errors.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if fewFiles(&opts) {
		return runFew(ctx, opts)
	}
	// The rule bundle is compiled while the inputs are discovered and
	// read, and a worker waits for the query only once it has a derived
	// unit to evaluate. A broken policy or an unknown rule ID cancels the
	// loading.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		q       *Query
		enabled []rules.Metadata
		qErr    error
		ready   = make(chan struct{})
	)
	go func() {
		defer close(ready)
		var eng *Engine
		if eng, enabled, qErr = runEngine(&opts); qErr == nil {
			q, qErr = eng.Prepare(ctx, enabled)
		}
		if qErr != nil {
			cancel()
		}
	}()
	// Each unit is derived, evaluated and slimmed in the worker that read
	// it, so only findings and what reports need stay in memory.
	ev := newEvaluation(&opts)
	units, diags := loadUnits(ctx, &opts, func(u *parser.Unit, diags *syncDiags) {
		safeDerive(u, diags)
		<-ready
		if qErr == nil {
			ev.unit(ctx, q, u, nil, diags)
		}
	})
	<-ready
	if qErr != nil {
		return nil, qErr
	}
	return ev.result(units, enabled, diags), nil
}

// fewFilesMax is the most files a run names for it to be linted in two
// phases (runFew).
const fewFilesMax = 16

// fewFiles reports whether a run lints a few named files with the bundled
// rules: the pre-commit case.
func fewFiles(opts *Options) bool {
	if opts.engine != nil || len(opts.PolicyDirs) > 0 || len(opts.Paths) == 0 || len(opts.Paths) > fewFilesMax {
		return false
	}
	for _, p := range opts.Paths {
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// runFew lints a few named files in two phases: it reads and derives them
// all first, then compiles only the rules their facets can trigger, and
// evaluates. For a one-file run the Rego compile is most of the time, and
// a file that can trigger three rules compiles three rules (none, when it
// can trigger none).
func runFew(ctx context.Context, opts Options) (*Result, error) {
	eng, enabled, err := runEngine(&opts)
	if err != nil {
		return nil, err
	}
	type scanned struct {
		x      *parser.Index // nil when the scan failed (an internal error)
		facets Facets
	}
	var (
		mu   sync.Mutex
		read = map[*parser.Unit]scanned{}
	)
	units, diags := loadUnits(ctx, &opts, func(u *parser.Unit, diags *syncDiags) {
		safeDerive(u, diags)
		x := safeScan(u, diags)
		var f Facets
		if x != nil {
			f = unitFacets(u, x)
		}
		mu.Lock()
		read[u] = scanned{x, f}
		mu.Unlock()
	})
	var needed []rules.Metadata
	for _, md := range enabled {
		for _, u := range units {
			if sc := read[u]; sc.x != nil && (opts.noGating || sc.facets.matches(md.Triggers)) {
				needed = append(needed, md)
				break
			}
		}
	}
	ev := newEvaluation(&opts)
	var q *Query
	if len(needed) > 0 {
		if q, err = eng.Prepare(ctx, needed); err != nil {
			return nil, err
		}
	}
	parallel(ctx, opts.jobs(), len(units), func(i int) {
		u := units[i]
		if read[u].x == nil {
			ev.unit(ctx, nil, u, nil, diags) // reported by safeScan; counted, not evaluated
			return
		}
		ev.unit(ctx, q, u, read[u].x, diags)
	})
	return ev.result(units, enabled, diags), nil
}

// evaluation collects the findings of a run's units.
type evaluation struct {
	opts      *Options
	mu        sync.Mutex
	perUnit   map[*parser.Unit][]Finding
	resources map[*parser.Unit]int
	evaluated atomic.Int64
}

func newEvaluation(opts *Options) *evaluation {
	return &evaluation{opts: opts, perUnit: map[*parser.Unit][]Finding{}, resources: map[*parser.Unit]int{}}
}

// unit evaluates a derived unit (x is its index; nil computes it) and
// slims it. q is nil when no rule can fire on any unit of the run.
func (ev *evaluation) unit(ctx context.Context, q *Query, u *parser.Unit, x *parser.Index, diags *syncDiags) {
	var fs []Finding
	if q != nil {
		var ds parser.Diagnostics
		fs, ds = evalUnit(ctx, q, u, x, ev.opts)
		diags.add(ds...)
	}
	n := len(u.Resources)
	slimUnit(u)
	ev.mu.Lock()
	ev.perUnit[u], ev.resources[u] = fs, n
	ev.mu.Unlock()
	if ev.opts.Progress != nil {
		ev.opts.Progress("eval", int(ev.evaluated.Add(1)), 0)
	}
}

// result assembles the result of the run's units.
func (ev *evaluation) result(units []*parser.Unit, enabled []rules.Metadata, diags *syncDiags) *Result {
	res := &Result{Units: units, Rules: enabled, Sources: sources(units)}
	var all []Finding
	for _, u := range units {
		all = append(all, ev.perUnit[u]...)
	}
	all = dedupe(all)
	for _, f := range all {
		if f.Suppressed {
			res.Suppressed = append(res.Suppressed, f)
		} else {
			res.Findings = append(res.Findings, f)
		}
	}
	res.Errors, res.Notes = splitDiags(diags.list())
	files := map[string]bool{}
	for _, u := range units {
		for _, f := range u.Files {
			files[f] = true
		}
		res.Summary.Resources += ev.resources[u]
	}
	res.Summary.Files = len(files)
	res.Summary.Units = len(units)
	res.Summary.Findings = len(res.Findings)
	res.Summary.Suppressed = len(res.Suppressed)
	return res
}

// runEngine returns the engine of a run and its enabled rules.
func runEngine(opts *Options) (*Engine, []rules.Metadata, error) {
	eng := opts.engine
	var err error
	if eng == nil {
		eng, err = engineFor(opts.PolicyDirs)
	}
	if err != nil {
		return nil, nil, err
	}
	enabled, err := SelectRules(eng.Rules(), opts.Enable, opts.Disable)
	if err != nil {
		return nil, nil, err
	}
	return eng, enabled, nil
}

func engineFor(policyDirs []string) (*Engine, error) {
	if len(policyDirs) == 0 {
		return DefaultEngine()
	}
	base, err := rules.Modules()
	if err != nil {
		return nil, err
	}
	mods, err := LoadPolicyDirs(base, policyDirs)
	if err != nil {
		return nil, err
	}
	return NewEngine(mods)
}

// evalUnit evaluates the rules over one unit and turns the deny objects
// into findings.
func evalUnit(ctx context.Context, q *Query, u *parser.Unit, x *parser.Index, opts *Options) (out []Finding, diags parser.Diagnostics) {
	defer func() {
		if p := recover(); p != nil {
			diags = append(diags, internalError(u, p))
		}
	}()
	if x == nil {
		x = parser.ScanUnit(u)
	}
	var facets Facets
	if !opts.noGating {
		facets = unitFacets(u, x)
	}
	raw, err := q.Eval(ctx, func(keep func(*parser.Resource) bool) ast.Value {
		if opts.noGating {
			keep = nil // the soundness test compares against the full input
		}
		return unitInput(u, x, keep)
	}, facets)
	if err != nil {
		return nil, parser.Diagnostics{{Severity: parser.SevError, Summary: "rule evaluation failed", Detail: err.Error(), Subject: unitRange(u)}}
	}
	for _, rf := range raw {
		f := toFinding(u, rf, opts.Severity)
		if opts.Suppress != nil {
			diags = append(diags, opts.Suppress(u, &f)...)
		}
		out = append(out, f)
	}
	return out, diags
}

func internalError(u *parser.Unit, p any) parser.Diagnostic {
	return parser.Diagnostic{Severity: parser.SevError, Summary: "internal error",
		Detail: fmt.Sprintf("%v (please report this with the input file)\n%s", p, debug.Stack()), Subject: unitRange(u)}
}

// safeScan is parser.ScanUnit that turns a panic into an internal error
// (and a nil index).
func safeScan(u *parser.Unit, diags *syncDiags) (x *parser.Index) {
	defer func() {
		if p := recover(); p != nil {
			diags.add(internalError(u, p))
			x = nil
		}
	}()
	return parser.ScanUnit(u)
}

func safeDerive(u *parser.Unit, diags *syncDiags) {
	defer func() {
		if p := recover(); p != nil {
			diags.add(internalError(u, p))
		}
	}()
	derive.Build(u)
}

// unitRange is line 1 of the unit's entry file.
func unitRange(u *parser.Unit) parser.Range {
	if u == nil {
		return parser.Range{}
	}
	f := u.Entry
	if len(u.Files) > 0 {
		f = u.Files[0]
	}
	return fileRange(f)
}

func sources(units []*parser.Unit) map[string][]byte {
	out := map[string][]byte{}
	for _, u := range units {
		for k, v := range u.Sources {
			out[k] = v
		}
	}
	return out
}

// splitDiags normalises, sorts and de-duplicates diagnostics, and splits
// errors from notes.
func splitDiags(ds parser.Diagnostics) (errs, notes parser.Diagnostics) {
	for _, d := range ds {
		if d.Subject.File != "" && d.Subject.Start.Line <= 0 {
			d.Subject.Start = parser.Pos{Line: 1, Column: 1}
			if d.Subject.End.Line <= 0 {
				d.Subject.End = d.Subject.Start
			}
		}
		if d.Subject.Start.Column <= 0 && d.Subject.Start.Line > 0 {
			d.Subject.Start.Column = 1
		}
		if d.Severity == parser.SevError {
			errs = append(errs, d)
		} else {
			notes = append(notes, d)
		}
	}
	return uniqDiags(errs.Sort()), uniqDiags(notes.Sort())
}

// uniqDiags drops repeated diagnostics (the same problem reported by two
// units that read the same file); ds is sorted.
func uniqDiags(ds parser.Diagnostics) parser.Diagnostics {
	seen := make(map[parser.Diagnostic]bool, len(ds))
	out := ds[:0]
	for _, d := range ds {
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, d)
	}
	return out
}

// dedupe drops findings with the same rule, file, line, column and message
// (a module with many callers reports once) and sorts by file, line,
// column, rule.
func dedupe(fs []Finding) []Finding {
	SortFindings(fs)
	out := fs[:0]
	for i, f := range fs {
		if i > 0 {
			p := out[len(out)-1]
			if p.Rule == f.Rule && p.Range.File == f.Range.File && p.Range.Start.Line == f.Range.Start.Line &&
				p.Range.Start.Column == f.Range.Start.Column && p.Message == f.Message {
				// Keep the suppressed state if any copy is unsuppressed.
				if p.Suppressed && !f.Suppressed {
					out[len(out)-1] = f
				}
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// SortFindings orders findings as every report does: by file, line,
// column, rule, then message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Range.File != b.Range.File {
			return a.Range.File < b.Range.File
		}
		if a.Range.Start.Line != b.Range.Start.Line {
			return a.Range.Start.Line < b.Range.Start.Line
		}
		if a.Range.Start.Column != b.Range.Start.Column {
			return a.Range.Start.Column < b.Range.Start.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// parallel runs fn(0..n-1) on up to jobs goroutines.
func parallel(ctx context.Context, jobs, n int, fn func(i int)) {
	if jobs > n {
		jobs = n
	}
	if jobs <= 1 {
		for i := 0; i < n; i++ {
			if ctx.Err() != nil {
				return
			}
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}

// syncDiags is a diagnostics list shared by workers.
type syncDiags struct {
	mu sync.Mutex
	ds parser.Diagnostics
}

func (s *syncDiags) add(ds ...parser.Diagnostic) {
	if len(ds) == 0 {
		return
	}
	s.mu.Lock()
	s.ds = append(s.ds, ds...)
	s.mu.Unlock()
}

func (s *syncDiags) list() parser.Diagnostics {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append(parser.Diagnostics(nil), s.ds...)
}

// Source returns the bytes of a file of the run, for caret excerpts: from
// Sources, else read again from disk (the engine keeps only the sources
// with suppression comments in memory, so memory does not grow with the
// files that have findings). ok is false when the file cannot be read.
func (r *Result) Source(file string) ([]byte, bool) {
	if src, ok := r.Sources[file]; ok {
		return src, true
	}
	st, err := os.Stat(file)
	if err != nil || st.Size() > parser.DefaultMaxFileSize {
		return nil, false
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	if r.Sources == nil {
		r.Sources = map[string][]byte{}
	}
	r.Sources[file] = src
	return src, true
}

// slimUnit drops what nothing needs once a unit is evaluated: the resources
// (but those carrying ARM metadata, which may hold suppressions), the
// derived views, and the sources of files without a suppression comment
// (reports read those again through Result.Source). Entry, Files and the
// remaining sources stay for the reports, caller dropping and suppression
// checks.
func slimUnit(u *parser.Unit) {
	keep := u.Resources[:0]
	for _, r := range u.Resources {
		if r.Metadata != nil {
			keep = append(keep, r)
		}
	}
	clear(u.Resources[len(keep):])
	u.Resources = keep
	u.Parameters, u.Grants, u.Identities = nil, nil, nil
	for file, src := range u.Sources {
		if !bytes.Contains(src, suppressMarker) {
			delete(u.Sources, file)
		}
	}
}

var suppressMarker = []byte("milint:ignore")
