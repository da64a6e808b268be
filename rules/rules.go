package rules

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Metadata describes one rule, read from its package-scope # METADATA block.
type Metadata struct {
	ID          string `json:"id"`       // "MI101"
	Slug        string `json:"slug"`     // "kv-policy-wildcard"
	Severity    string `json:"severity"` // default severity: "error", "warning" or "note"
	Title       string `json:"title"`
	Description string `json:"description"`
	Remediation string `json:"remediation,omitempty"`
	// DocsURL is the first related_resources link (the rule's page).
	DocsURL string `json:"docs,omitempty"`
	// Package is the Rego package path without "data.": "milint.rules.mi101".
	Package string `json:"package"`
	// File is the .rego file the rule was read from.
	File string `json:"file"`
	// Triggers (custom.triggers) say what a unit must contain for the rule
	// to possibly fire; the engine skips the rule on other units. Empty
	// means always evaluate. See lint.Facets for the vocabulary.
	Triggers []string `json:"triggers,omitempty"`
	// Reads (custom.reads) lists the lower-case resource types whose
	// properties (and other native attributes) the rule reads; the engine
	// leaves the properties of other resources out of the rule's input.
	// Nil (no custom.reads) means any resource's: the full document. An
	// empty list means none.
	Reads []string `json:"reads,omitempty"`
}

// PackagePrefix is the package every rule lives under.
const PackagePrefix = "milint.rules"

// ParserOptions are the options every rule file is parsed with: Rego v1 with
// annotations processed.
func ParserOptions() ast.ParserOptions {
	return ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}
}

// FS returns the embedded bundle: every *.rego file, rules and tests.
func FS() fs.FS { return files }

// IsTest reports whether a Rego file name is a unit-test file.
func IsTest(name string) bool { return strings.HasSuffix(name, "_test.rego") }

type bundle struct {
	rules map[string]*ast.Module // file name -> module, tests excluded
	tests map[string]*ast.Module // *_test.rego
	meta  []Metadata
	err   error
}

var (
	bundleOnce sync.Once
	theBundle  bundle
	testsOnce  sync.Once
)

// load parses the rule files only: linting never needs the tests, and
// parsing them would double the start-up cost of every run.
func load() *bundle {
	bundleOnce.Do(func() {
		b := &theBundle
		b.rules, b.err = parseFS(files, false)
		if b.err != nil {
			return
		}
		b.meta, b.err = MetadataOf(b.rules)
	})
	return &theBundle
}

// Modules returns the bundled rule modules (no *_test.rego), parsed once,
// keyed by file name. Callers must not modify them.
func Modules() (map[string]*ast.Module, error) {
	b := load()
	return b.rules, b.err
}

// TestModules returns the bundled *_test.rego modules, for the Rego test
// runner.
func TestModules() (map[string]*ast.Module, error) {
	b := load()
	if b.err != nil {
		return nil, b.err
	}
	testsOnce.Do(func() { b.tests, b.err = parseFS(files, true) })
	return b.tests, b.err
}

// Catalog returns the metadata of every bundled rule, sorted by ID. It
// returns nil if the bundle is broken (a test guards against that).
func Catalog() []Metadata {
	b := load()
	if b.err != nil {
		return nil
	}
	return b.meta
}

// CatalogErr is Catalog with the error that made the bundle unusable.
func CatalogErr() ([]Metadata, error) {
	b := load()
	return b.meta, b.err
}

// ParseFS parses every *.rego file at the top level and below of fsys,
// splitting rules from tests.
func ParseFS(fsys fs.FS) (rules, tests map[string]*ast.Module, err error) {
	if rules, err = parseFS(fsys, false); err != nil {
		return nil, nil, err
	}
	tests, err = parseFS(fsys, true)
	return rules, tests, err
}

// parseFS parses the rule files (tests false) or the *_test.rego files
// (tests true) of fsys. Files are parsed in parallel: the bundle is parsed
// on every run, and a one-file run waits for it.
func parseFS(fsys fs.FS, tests bool) (map[string]*ast.Module, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".rego" && IsTest(p) == tests {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	mods := make([]*ast.Module, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(names)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				src, err := fs.ReadFile(fsys, names[i])
				if err == nil {
					mods[i], err = ast.ParseModuleWithOpts(names[i], string(src), ParserOptions())
				}
				errs[i] = err
			}
		}()
	}
	// Largest first, so one big file does not finish last.
	order := make([]int, len(names))
	size := make([]int64, len(names))
	for i := range names {
		order[i] = i
		if st, err := fs.Stat(fsys, names[i]); err == nil {
			size[i] = st.Size()
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return size[order[a]] > size[order[b]] })
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	out := make(map[string]*ast.Module, len(names))
	for i, n := range names {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[n] = mods[i]
	}
	return out, nil
}

// MetadataOf reads the package-scope METADATA of every rule module and
// checks the rule contract: an id, a slug, a valid severity, and the
// package milint.rules.<lower-case id>. Modules outside milint.rules, or in
// milint.rules.lib..., are helper libraries and are skipped.
func MetadataOf(modules map[string]*ast.Module) ([]Metadata, error) {
	var out []Metadata
	seen := map[string]string{}
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		m := modules[name]
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if !strings.HasPrefix(pkg, PackagePrefix+".") || pkg == PackagePrefix+".lib" || strings.HasPrefix(pkg, PackagePrefix+".lib.") {
			continue // a helper library, not a rule
		}
		md, err := metadataOf(name, pkg, m)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[md.ID]; dup {
			return nil, fmt.Errorf("%s: rule %s is already defined in %s", name, md.ID, prev)
		}
		seen[md.ID] = name
		out = append(out, md)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func metadataOf(name, pkg string, m *ast.Module) (Metadata, error) {
	var a *ast.Annotations
	for _, x := range m.Annotations {
		if x.Scope == "package" {
			a = x
			break
		}
	}
	if a == nil {
		return Metadata{}, fmt.Errorf("%s: package %s has no package-scope # METADATA block", name, pkg)
	}
	str := func(k string) string {
		s, _ := a.Custom[k].(string)
		return strings.TrimSpace(s)
	}
	md := Metadata{
		ID:          str("id"),
		Slug:        str("slug"),
		Severity:    strings.ToLower(str("severity")),
		Title:       strings.TrimSpace(a.Title),
		Description: strings.TrimSpace(a.Description),
		Remediation: str("remediation"),
		Package:     pkg,
		File:        name,
	}
	if ts, ok := a.Custom["triggers"].([]any); ok {
		for _, t := range ts {
			if s, ok := t.(string); ok && strings.TrimSpace(s) != "" {
				md.Triggers = append(md.Triggers, strings.ToLower(strings.TrimSpace(s)))
			}
		}
	}
	if rs, ok := a.Custom["reads"].([]any); ok {
		md.Reads = []string{}
		for _, t := range rs {
			if s, ok := t.(string); ok && strings.TrimSpace(s) != "" {
				md.Reads = append(md.Reads, strings.ToLower(strings.TrimSpace(s)))
			}
		}
	}
	for _, rr := range a.RelatedResources {
		if rr != nil {
			md.DocsURL = rr.Ref.String()
			break
		}
	}
	switch {
	case md.ID == "":
		return md, fmt.Errorf("%s: METADATA custom.id is missing", name)
	case md.Slug == "":
		return md, fmt.Errorf("%s: METADATA custom.slug is missing", name)
	case md.Severity != "error" && md.Severity != "warning" && md.Severity != "note":
		return md, fmt.Errorf("%s: METADATA custom.severity %q must be error, warning or note", name, md.Severity)
	case pkg != PackagePrefix+"."+strings.ToLower(md.ID):
		return md, fmt.Errorf("%s: rule %s must be in package %s.%s, not %s", name, md.ID, PackagePrefix, strings.ToLower(md.ID), pkg)
	}
	return md, nil
}

// ByID returns the bundled rule with the given id (case-insensitive).
func ByID(id string) (Metadata, bool) {
	for _, m := range Catalog() {
		if strings.EqualFold(m.ID, id) {
			return m, true
		}
	}
	return Metadata{}, false
}
