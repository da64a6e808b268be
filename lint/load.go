package lint

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/milint/milint/parser"
)

// loadUnits discovers the entries of the inputs, loads them in parallel and
// drops the units that are linted through a caller. When process is set it
// is called in the loading worker for every unit as soon as it is read, so
// a unit can be evaluated and slimmed while it is hot (see Run); the units
// returned are then what process left of them.
func loadUnits(ctx context.Context, opts *Options, process func(*parser.Unit, *syncDiags)) ([]*parser.Unit, *syncDiags) {
	popts := opts.parserOptions()
	fe := opts.fe
	if fe == nil {
		fe = defaultFrontEnds(popts)
	}
	diags := &syncDiags{}
	disc := discover(opts.Paths, opts.Exclude)
	diags.add(disc.diags...)

	// Explicit parameter files name their template; they are loaded with
	// it, so add the template to the entries.
	jobs := disc.jobs
	// File-name runs: a named module is linted through its callers.
	callers := callerJobs(jobs, popts.Root, opts.Exclude)
	callerSet := make(map[string]bool, len(callers))
	for _, c := range callers {
		callerSet[absPath(c.path)] = true
	}
	jobs = append(jobs[:len(jobs):len(jobs)], callers...)
	// The ARM loader binds an explicit parameter file named after no
	// template to the template when it is the only one linted.
	if es, ok := fe.arm.(entrySetter); ok {
		explicit := map[string]bool{}
		for _, pf := range popts.ParamFiles {
			explicit[filepath.Clean(pf)] = true
		}
		var entries []string
		for _, j := range jobs {
			if j.kind == jobJSON && !explicit[j.path] {
				entries = append(entries, j.path)
			}
		}
		es.SetEntries(entries)
	}
	order := callerFirst(jobs)
	called := calledModules(ctx, opts, jobs, fe)
	units := make([]*parser.Unit, len(jobs))
	var extraMu syncJobs
	var loaded atomic.Int64
	read := &readSet{files: map[string]bool{}, dirs: map[string]bool{}}
	parallel(ctx, opts.jobs(), len(jobs), func(k int) {
		i := order[k]
		if called[i] || read.has(jobs[i]) {
			// A unit loaded earlier read this entry: it is linted through
			// that caller (dropCalled would drop its own unit anyway).
			if opts.Progress != nil {
				opts.Progress("load", int(loaded.Add(1)), len(jobs))
			}
			return
		}
		u, ds, more := loadJob(jobs[i], fe, popts)
		if u != nil {
			read.add(u)
		}
		units[i] = u
		diags.add(ds...)
		if u != nil && process != nil {
			process(u, diags)
		}
		if more != nil {
			extraMu.add(*more)
		}
		if opts.Progress != nil {
			opts.Progress("load", int(loaded.Add(1)), len(jobs))
		}
	})
	if len(callers) > 0 {
		keepCallers(units, jobs, callerSet)
	}
	extra := extraMu.list()
	if len(extra) > 0 {
		have := map[string]bool{}
		for _, j := range jobs {
			have[j.path] = true
		}
		var todo []job
		for _, j := range extra {
			if !have[j.path] {
				have[j.path] = true
				todo = append(todo, j)
			}
		}
		more := make([]*parser.Unit, len(todo))
		parallel(ctx, opts.jobs(), len(todo), func(i int) {
			u, ds, _ := loadJob(todo[i], fe, popts)
			more[i] = u
			diags.add(ds...)
			if u != nil && process != nil {
				process(u, diags)
			}
		})
		units = append(units, more...)
	}
	kept := units[:0]
	for _, u := range units {
		if u != nil {
			kept = append(kept, u)
		}
	}
	kept = dropCalled(kept)
	diags.add(unboundFiles(kept, popts.ParamFiles, "parameter file", "name it after its template (<name>.parameters.json) or lint that template alone")...)
	diags.add(unboundFiles(kept, popts.VarFiles, "variable file", "name the configuration directory it belongs to")...)
	return kept, diags
}

// entrySetter is a front end told which entries a run loads
// (arm.Loader.SetEntries).
type entrySetter interface {
	SetEntries(paths []string)
}

// unboundFiles notes the explicit parameter or variable files no unit
// read: a value file that binds to nothing must not be ignored silently.
func unboundFiles(units []*parser.Unit, files []string, what, hint string) parser.Diagnostics {
	if len(files) == 0 {
		return nil
	}
	read := map[string]bool{}
	for _, u := range units {
		for _, f := range u.Files {
			read[absPath(f)] = true
		}
	}
	var out parser.Diagnostics
	for _, f := range files {
		if !read[absPath(f)] {
			out = append(out, parser.Diagnostic{Severity: parser.SevNote, Summary: what + " not bound to any linted template",
				Detail: hint, Subject: fileRange(f)})
		}
	}
	return out
}

// loadJob reads one entry. It never panics: a front end panic becomes an
// error diagnostic.
func loadJob(j job, fe *frontEnds, popts parser.Options) (u *parser.Unit, diags parser.Diagnostics, more *job) {
	defer func() {
		if p := recover(); p != nil {
			u = nil
			diags = append(diags, internalError(&parser.Unit{Entry: j.path, Files: []string{j.path}}, p))
		}
	}()
	switch j.kind {
	case jobBicep:
		if fe.bicep == nil {
			return nil, notSupported(j, "Bicep"), nil
		}
		u, diags = fe.bicep.Load(j.path)
		return u, diags, nil
	case jobTerraform:
		if fe.terraform == nil {
			return nil, notSupported(j, "Terraform"), nil
		}
		u, diags = fe.terraform.Load(j.path)
		return u, diags, nil
	}
	data, d := popts.ReadFile(j.path, parser.Range{})
	if d != nil {
		return nil, parser.Diagnostics{*d}, nil
	}
	classify := fe.classify
	if classify == nil {
		classify = sniffJSON
	}
	switch classify(data) {
	case jsonTemplate:
		if fe.arm == nil {
			return nil, notSupported(j, "ARM"), nil
		}
		if sl, ok := fe.arm.(sourceLoader); ok {
			u, diags = sl.LoadSource(j.path, data)
			return u, diags, nil
		}
		u, diags = fe.arm.Load(j.path)
		return u, diags, nil
	case jsonPlan:
		if fe.plan == nil {
			return nil, notSupported(j, "Terraform plan"), nil
		}
		u, diags = fe.plan.Load(j.path)
		return u, diags, nil
	case jsonParameters:
		if j.explicit {
			if t := templateFor(j.path); t != "" {
				return nil, nil, &job{kind: jobJSON, path: t}
			}
			return nil, parser.Diagnostics{{Severity: parser.SevNote, Summary: "skipped: parameter file with no template beside it (name the template, or bind it with --param-file)", Subject: fileRange(j.path)}}, nil
		}
		return nil, nil, nil
	}
	if j.explicit {
		return nil, parser.Diagnostics{{Severity: parser.SevNote, Summary: "skipped: not an ARM template, Bicep or Terraform file", Subject: fileRange(j.path)}}, nil
	}
	return nil, nil, nil
}

func notSupported(j job, format string) parser.Diagnostics {
	return parser.Diagnostics{{Severity: parser.SevNote, Summary: "skipped: " + format + " input is not supported by this build", Subject: fileRange(j.path)}}
}

// templateFor returns the template a parameter file sits beside by the
// <name>.parameters.json convention, or "".
func templateFor(param string) string {
	dir, base := filepath.Split(param)
	lower := strings.ToLower(base)
	for _, suf := range []string{".parameters.json", ".parameters.jsonc"} {
		if strings.HasSuffix(lower, suf) {
			stem := base[:len(base)-len(suf)]
			for _, ext := range []string{".json", ".jsonc"} {
				t := filepath.Join(dir, stem+ext)
				if st, err := os.Stat(t); err == nil && !st.IsDir() {
					return t
				}
			}
		}
	}
	return ""
}

// dropCalled drops units linted through a caller: a Bicep or ARM unit whose
// entry file another unit read, and a Terraform module directory another
// unit read files of. Units that include each other both stay. Units with
// the same entry are merged into the first.
func dropCalled(units []*parser.Unit) []*parser.Unit {
	if len(units) < 2 {
		return units
	}
	byEntry := map[string]bool{}
	uniq := units[:0]
	for _, u := range units {
		e := filepath.Clean(u.Entry)
		if byEntry[e] {
			continue
		}
		byEntry[e] = true
		uniq = append(uniq, u)
	}
	units = uniq
	// fileOwners: cleaned file → units that read it.
	fileOwners := map[string][]int{}
	dirOwners := map[string][]int{}
	for i, u := range units {
		for _, f := range u.Files {
			f = filepath.Clean(f)
			fileOwners[f] = append(fileOwners[f], i)
			if isTerraformFile(f) {
				dirOwners[filepath.Dir(f)] = append(dirOwners[filepath.Dir(f)], i)
			}
		}
	}
	includes := func(v, u int) bool { // does unit v read unit u's entry?
		uu := units[u]
		e := filepath.Clean(uu.Entry)
		owners := fileOwners[e]
		if uu.Format == "terraform" {
			owners = dirOwners[e]
		}
		for _, o := range owners {
			if o == v {
				return true
			}
		}
		return false
	}
	var out []*parser.Unit
	for u := range units {
		e := filepath.Clean(units[u].Entry)
		owners := fileOwners[e]
		if units[u].Format == "terraform" {
			owners = dirOwners[e]
		}
		called := false
		for _, v := range owners {
			if v != u && !includes(u, v) {
				called = true
				break
			}
		}
		if !called {
			out = append(out, units[u])
		}
	}
	return out
}

type syncJobs struct {
	mu sync.Mutex
	js []job
}

func (s *syncJobs) add(j job) {
	s.mu.Lock()
	s.js = append(s.js, j)
	s.mu.Unlock()
}

func (s *syncJobs) list() []job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.js
}

// readSet holds the files (and Terraform directories) read by the units
// loaded so far, so that an entry a caller already read is not loaded and
// evaluated as a unit of its own only to be dropped by dropCalled.
type readSet struct {
	mu    sync.Mutex
	files map[string]bool
	dirs  map[string]bool
}

func (s *readSet) add(u *parser.Unit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	entry := filepath.Clean(u.Entry)
	for _, f := range u.Files {
		f = filepath.Clean(f)
		if f == entry {
			continue
		}
		s.files[f] = true
		if isTerraformFile(f) {
			if d := filepath.Dir(f); d != entry {
				s.dirs[d] = true
			}
		}
	}
}

func (s *readSet) has(j job) bool {
	if j.explicit && j.kind == jobJSON {
		return false // a named template (or parameter file) is always read
	}
	p := filepath.Clean(j.path)
	s.mu.Lock()
	defer s.mu.Unlock()
	if j.kind == jobTerraform {
		return s.dirs[p]
	}
	return s.files[p]
}

// callerFirst orders the jobs so that likely callers are read before the
// modules they call: Terraform directories by depth (roots sit above their
// modules), Bicep files that declare modules before those that do not.
// Only the order changes; every job is still considered.
func callerFirst(jobs []job) []int {
	order := make([]int, len(jobs))
	rank := make([]int, len(jobs))
	for i, j := range jobs {
		order[i] = i
		switch j.kind {
		case jobTerraform:
			rank[i] = strings.Count(filepath.Clean(j.path), string(filepath.Separator))
		case jobBicep:
			if !declaresModule(j.path) {
				rank[i] = 1 << 20
			}
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return rank[order[a]] < rank[order[b]] })
	return order
}

// declaresModule reports whether a Bicep file has a module declaration (a
// line starting with "module "): a cheap byte scan, no parse.
func declaresModule(path string) bool {
	src, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	return bytes.HasPrefix(src, []byte("module ")) || bytes.Contains(src, []byte("\nmodule "))
}

// callLister is implemented by front ends that can list the local modules
// an entry calls without lowering it (terraform.Loader.LocalCalls).
type callLister interface {
	LocalCalls(path string) []string
}

// calledModules marks the jobs that another job of the run calls as a
// local module (and does not call back): they are linted through their
// caller, so they are not loaded on their own. The same rule as
// dropCalled, decided before loading rather than after.
func calledModules(ctx context.Context, opts *Options, jobs []job, fe *frontEnds) []bool {
	called := make([]bool, len(jobs))
	lister, ok := fe.terraform.(callLister)
	if !ok {
		return called
	}
	index := map[string]int{}
	for i, j := range jobs {
		if j.kind == jobTerraform {
			index[filepath.Clean(j.path)] = i
		}
	}
	if len(index) < 2 {
		return called
	}
	calls := make([][]string, len(jobs))
	parallel(ctx, opts.jobs(), len(jobs), func(i int) {
		if jobs[i].kind == jobTerraform {
			calls[i] = lister.LocalCalls(jobs[i].path)
		}
	})
	callsOf := func(i int, target string) bool {
		for _, c := range calls[i] {
			if c == target {
				return true
			}
		}
		return false
	}
	for i, cs := range calls {
		for _, c := range cs {
			t, ok := index[c]
			if !ok || t == i || callsOf(t, filepath.Clean(jobs[i].path)) {
				continue
			}
			called[t] = true
		}
	}
	return called
}
