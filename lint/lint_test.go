package lint

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/milint/milint/parser"
	"github.com/milint/milint/rules"
)

// --- helpers -------------------------------------------------------------

var (
	testEngineOnce sync.Once
	testEng        *Engine
	testEngErr     error
)

// testRulesDir is absolute: tests chdir into temp trees.
var testRulesDir, _ = filepath.Abs(filepath.Join("testdata", "rules"))

// testEngine compiles the placeholder rules of testdata/rules once.
func testEngine(t *testing.T) *Engine {
	t.Helper()
	testEngineOnce.Do(func() {
		mods, err := LoadPolicyDirs(nil, []string{testRulesDir})
		if err != nil {
			testEngErr = err
			return
		}
		testEng, testEngErr = NewEngine(mods)
	})
	if testEngErr != nil {
		t.Fatal(testEngErr)
	}
	return testEng
}

func rng(file string, line, col int) parser.Range {
	return parser.Range{File: file, Start: parser.Pos{Line: line, Column: col}, End: parser.Pos{Line: line, Column: col + 5}}
}

func field(k string, v *parser.Value) *parser.Field {
	return &parser.Field{Key: k, KeyRange: v.Range, Value: v}
}

// res builds a resource declared at line `line` of file with properties
// at line+1.
func res(file, id string, line int, props ...*parser.Field) *parser.Resource {
	return &parser.Resource{
		ID: id, Type: "Test/things", APIVersion: "2024-01-01",
		Name:       parser.StrValue(id, rng(file, line+1, 3)),
		Properties: parser.ObjectValue(props, rng(file, line+2, 3)),
		Range:      parser.Range{File: file, Start: parser.Pos{Line: line, Column: 1}, End: parser.Pos{Line: line + 20, Column: 2}},
		TypeRange:  rng(file, line, 3),
	}
}

func unit(entry string, files []string, rs ...*parser.Resource) *parser.Unit {
	if files == nil {
		files = []string{entry}
	}
	src := map[string][]byte{}
	for _, f := range files {
		src[f] = []byte(strings.Repeat("line\n", 60))
	}
	return &parser.Unit{Entry: entry, Format: "arm", Files: files, Resources: rs, Sources: src}
}

// fakeFE serves preset units by path.
type fakeFE struct {
	mu    sync.Mutex
	units map[string]func() (*parser.Unit, parser.Diagnostics)
	calls []string
}

func (f *fakeFE) Load(path string) (*parser.Unit, parser.Diagnostics) {
	f.mu.Lock()
	f.calls = append(f.calls, path)
	fn := f.units[filepath.Clean(path)]
	f.mu.Unlock()
	if fn == nil {
		return &parser.Unit{Entry: path, Files: []string{path}}, nil
	}
	return fn()
}

// fixed returns a front end result: a fresh shallow copy of u on every call,
// as a real front end reads a fresh unit (the engine slims units once they
// are evaluated).
func fixed(u *parser.Unit, ds ...parser.Diagnostic) func() (*parser.Unit, parser.Diagnostics) {
	return func() (*parser.Unit, parser.Diagnostics) {
		c := *u
		c.Resources = append([]*parser.Resource(nil), u.Resources...)
		c.Sources = maps.Clone(u.Sources)
		return &c, ds
	}
}

const templateJSON = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}`
const paramsJSON = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}`

// tree writes files (path → content) under a temp dir and chdirs there.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func run(t *testing.T, opts Options) *Result {
	t.Helper()
	if opts.engine == nil {
		opts.engine = testEngine(t)
	}
	r, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// --- discovery -----------------------------------------------------------

func TestDiscover(t *testing.T) {
	tree(t, map[string]string{
		"arm/main.json":             templateJSON,
		"arm/main.parameters.json":  paramsJSON,
		"arm/package.json":          `{"name": "x"}`,
		"bicep/app.bicep":           "",
		"bicep/app.bicepparam":      "",
		"tf/main.tf":                "",
		"tf/vars.tf":                "",
		"tf/prod.tfvars":            "",
		"tfjson/main.tf.json":       "{}",
		".hidden/x.json":            templateJSON,
		"node_modules/y/t.json":     templateJSON,
		".terraform/modules/m/a.tf": "",
		".git/config.json":          templateJSON,
		"README.md":                 "# hi",
		"notes.txt":                 "x",
	})
	type j struct {
		Kind     jobKind
		Path     string
		Explicit bool
	}
	tests := []struct {
		name      string
		paths     []string
		want      []j
		wantNotes int
		wantErrs  int
	}{
		{"dir run", nil, []j{
			{jobJSON, "arm/main.json", false}, {jobJSON, "arm/main.parameters.json", false}, {jobJSON, "arm/package.json", false},
			{jobBicep, "bicep/app.bicep", false}, {jobBicep, "bicep/app.bicepparam", false},
			{jobTerraform, "tf", false}, {jobTerraform, "tfjson", false},
		}, 0, 0},
		{"explicit files", []string{"arm/package.json", "tf/main.tf", "tf/vars.tf", "README.md"}, []j{
			{jobJSON, "arm/package.json", true}, {jobTerraform, "tf", true},
		}, 1, 0},
		{"explicit tfvars", []string{"tf/prod.tfvars"}, []j{{jobTerraform, "tf", true}}, 0, 0},
		{"hidden dir named explicitly", []string{".hidden"}, []j{{jobJSON, ".hidden/x.json", false}}, 0, 0},
		{"missing path", []string{"nope"}, nil, 0, 1},
		{"duplicates", []string{"arm", "arm/main.json"}, []j{
			{jobJSON, "arm/main.json", false}, {jobJSON, "arm/main.parameters.json", false}, {jobJSON, "arm/package.json", false},
		}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := discover(tt.paths, nil)
			var got []j
			for _, x := range d.jobs {
				got = append(got, j{x.kind, filepath.ToSlash(x.path), x.explicit})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("jobs:\n got %v\nwant %v", got, tt.want)
			}
			errs, notes := splitDiags(d.diags)
			if len(notes) != tt.wantNotes || len(errs) != tt.wantErrs {
				t.Errorf("notes %v errs %v, want %d notes %d errors", notes, errs, tt.wantNotes, tt.wantErrs)
			}
		})
	}
}

func TestDiscoverExclude(t *testing.T) {
	tree(t, map[string]string{"a/x.json": templateJSON, "b/y.json": templateJSON})
	d := discover(nil, func(p string, dir bool) bool { return dir && filepath.Base(p) == "b" })
	if len(d.jobs) != 1 || d.jobs[0].path != filepath.Join("a", "x.json") {
		t.Fatalf("exclude: %v", d.jobs)
	}
}

// --- non-template JSON, parameter files ------------------------------------

func TestNonTemplateJSON(t *testing.T) {
	tree(t, map[string]string{"package.json": `{"name": "x"}`, "t.json": templateJSON, "t.parameters.json": paramsJSON})
	arm := &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){
		"t.json": fixed(unit("t.json", []string{"t.json", "t.parameters.json"}, res("t.json", "a", 2))),
	}}
	fe := &frontEnds{arm: arm, classify: sniffJSON}

	tests := []struct {
		name      string
		paths     []string
		wantNotes []string
		wantUnits int
	}{
		{"dir run skips silently", nil, nil, 1},
		{"explicit package.json is a note", []string{"package.json"}, []string{"package.json:1:1: skipped: not an ARM template, Bicep or Terraform file"}, 0},
		{"explicit parameter file lints its template", []string{"t.parameters.json"}, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, Options{Paths: tt.paths, fe: fe})
			var notes []string
			for _, n := range r.Notes {
				notes = append(notes, n.Error())
			}
			if !reflect.DeepEqual(notes, tt.wantNotes) {
				t.Errorf("notes %q, want %q", notes, tt.wantNotes)
			}
			if len(r.Errors) != 0 {
				t.Errorf("errors: %v", r.Errors)
			}
			if r.Summary.Units != tt.wantUnits {
				t.Errorf("units %d, want %d", r.Summary.Units, tt.wantUnits)
			}
			if code := r.ExitCode(SevWarning); code != 0 {
				t.Errorf("exit %d, want 0", code)
			}
		})
	}
}

// --- location resolution -------------------------------------------------

func TestLocate(t *testing.T) {
	const f = "main.json"
	r := res(f, "kv", 10,
		field("flag", parser.BoolValue(false, rng(f, 13, 15))),
		field("nested", parser.ObjectValue([]*parser.Field{
			field("list", parser.ArrayValue([]*parser.Value{
				parser.StrValue("a", rng(f, 16, 9)),
				parser.StrValue("b", rng(f, 17, 9)),
			}, rng(f, 15, 7))),
		}, rng(f, 14, 5))),
		field("nopos", parser.StrValue("x", parser.Range{})),
	)
	r.Identity = &parser.Identity{Type: "UserAssigned", Range: rng(f, 30, 3),
		UserAssigned: []*parser.Value{parser.RefValue("uami", "id", rng(f, 31, 5))}}
	r.Scope = parser.RefValue("vault", "", rng(f, 9, 3))
	r.Extra = parser.ObjectValue([]*parser.Field{field("sku", parser.ObjectValue([]*parser.Field{
		field("name", parser.StrValue("standard", rng(f, 40, 7)))}, rng(f, 39, 5)))}, rng(f, 10, 1))
	u := unit(f, nil, r)

	tests := []struct {
		name     string
		resource string
		path     string
		line     int
		col      int
	}{
		{"resource itself", "kv", "", 10, 1},
		{"a property", "kv", "properties.flag", 13, 15},
		{"array entry", "kv", "properties.nested.list[1]", 17, 9},
		{"absent key falls back to parent", "kv", "properties.nested.absent", 14, 5},
		{"index out of range falls back to array", "kv", "properties.nested.list[7]", 15, 7},
		{"absent flag lands on properties", "kv", "properties.enableRbacAuthorization", 12, 3},
		{"value without position uses ancestor", "kv", "properties.nopos", 12, 3},
		{"name", "kv", "name", 11, 3},
		{"identity", "kv", "identity", 30, 3},
		{"identity entry", "kv", "identity.userAssignedIdentities[0]", 31, 5},
		{"scope", "kv", "scope", 9, 3},
		{"type", "kv", "type", 10, 3},
		{"extra attribute", "kv", "sku.name", 40, 7},
		{"absent parent", "kv", "parent", 10, 1},
		{"unknown resource", "nope", "properties.flag", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Locate(u, u.Resource(tt.resource), tt.path)
			if got.File != f || got.Start.Line != tt.line || got.Start.Column != tt.col {
				t.Errorf("Locate(%s, %q) = %s, want %s:%d:%d", tt.resource, tt.path, got, f, tt.line, tt.col)
			}
		})
	}
}

// TestFindingLocations runs the placeholder rules end to end: a path from
// the rule, an explicit loc, a grant.
func TestFindingLocations(t *testing.T) {
	tree(t, map[string]string{"t.json": templateJSON})
	const f = "t.json"
	a := res(f, "a", 2, field("flag", parser.BoolValue(false, rng(f, 5, 17))))
	b := res(f, "b", 20, field("flag", parser.BoolValue(false, rng(f, 23, 17))),
		field("want", parser.StrValue("properties.gone.deeper", rng(f, 24, 3))))
	c := res(f, "c", 40, field("loc", parser.ObjectValue([]*parser.Field{
		field("file", parser.StrValue("other.json", parser.Range{})),
		field("line", parser.NumValue(7, parser.Range{})),
		field("column", parser.NumValue(3, parser.Range{})),
	}, rng(f, 41, 1))))
	u := unit(f, nil, a, b, c)
	fe := &frontEnds{arm: &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){"t.json": fixed(u)}}, classify: sniffJSON}
	r := run(t, Options{fe: fe})
	type loc struct {
		File      string
		Line, Col int
		Rule, Res string
	}
	var got []loc
	for _, x := range r.Findings {
		got = append(got, loc{x.Range.File, x.Range.Start.Line, x.Range.Start.Column, x.Rule, x.Resource})
	}
	want := []loc{
		{"other.json", 7, 3, "MI900", "c"},
		{f, 5, 17, "MI900", "a"},
		{f, 22, 3, "MI900", "b"}, // properties.gone.deeper → properties
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("locations:\n got %v\nwant %v", got, want)
	}
	for _, x := range r.Findings {
		if len(x.Fingerprint) != 32 || x.Slug != "test-flag" || x.Severity != SevWarning {
			t.Errorf("finding %+v: bad fingerprint/slug/severity", x)
		}
	}
	if r.Summary != (Summary{Files: 1, Units: 1, Resources: 3, Findings: 3}) {
		t.Errorf("summary %+v", r.Summary)
	}
}

func TestGrantLocation(t *testing.T) {
	const f = "t.json"
	u := unit(f, nil, res(f, "kv", 2))
	q, err := testEngine(t).Prepare(context.Background(), testEngine(t).Rules())
	if err != nil {
		t.Fatal(err)
	}
	u.Grants = []*parser.Grant{{Via: "accessPolicy", Resource: "kv", Path: "properties.accessPolicies[0]", Range: rng(f, 9, 11)}}
	fs, ds := evalUnit(context.Background(), q, u, parser.ScanUnit(u), &Options{})
	if len(ds) != 0 || len(fs) != 1 {
		t.Fatalf("findings %v diags %v", fs, ds)
	}
	if fs[0].Range.Start.Line != 9 || fs[0].Range.Start.Column != 11 || fs[0].Path != "properties.accessPolicies[0]" {
		t.Errorf("grant finding at %s path %q", fs[0].Range, fs[0].Path)
	}
}

// --- dedupe, sort, module units ---------------------------------------------

func TestDedupeAndSort(t *testing.T) {
	mk := func(rule, file string, line, col int, msg string) Finding {
		return Finding{Rule: rule, Message: msg, Range: rng(file, line, col)}
	}
	in := []Finding{
		mk("MI201", "b.json", 3, 1, "m"),
		mk("MI101", "a.json", 10, 5, "m"),
		mk("MI102", "a.json", 10, 5, "m"),
		mk("MI101", "a.json", 2, 9, "m"),
		mk("MI101", "a.json", 10, 5, "m"), // duplicate
		mk("MI101", "a.json", 10, 5, "other message"),
		mk("MI101", "a.json", 2, 1, "m"),
	}
	got := dedupe(in)
	var keys []string
	for _, f := range got {
		keys = append(keys, f.Range.String()+" "+f.Rule+" "+f.Message)
	}
	want := []string{
		"a.json:2:1 MI101 m", "a.json:2:9 MI101 m", "a.json:10:5 MI101 m", "a.json:10:5 MI101 other message",
		"a.json:10:5 MI102 m", "b.json:3:1 MI201 m",
	}
	if !reflect.DeepEqual(keys, want) {
		t.Fatalf("dedupe/sort:\n got %q\nwant %q", keys, want)
	}
}

// A module used by two callers reports its finding once, in the module
// file; the module is not linted on its own.
func TestModuleReportedOnce(t *testing.T) {
	tree(t, map[string]string{"a.bicep": "", "b.bicep": "", "mod.bicep": ""})
	modRes := func(call string) *parser.Resource {
		r := res("mod.bicep", call+">v", 3, field("flag", parser.BoolValue(false, rng("mod.bicep", 6, 20))))
		r.Module = call
		return r
	}
	bicep := &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){
		"a.bicep":   fixed(unit("a.bicep", []string{"a.bicep", "mod.bicep"}, modRes("m1"))),
		"b.bicep":   fixed(unit("b.bicep", []string{"b.bicep", "mod.bicep"}, modRes("m2"))),
		"mod.bicep": fixed(unit("mod.bicep", nil, res("mod.bicep", "v", 3, field("flag", parser.BoolValue(false, rng("mod.bicep", 6, 20)))))),
	}}
	r := run(t, Options{fe: &frontEnds{bicep: bicep}})
	if r.Summary.Units != 2 {
		t.Errorf("units %d, want 2 (mod.bicep linted through its callers)", r.Summary.Units)
	}
	if len(r.Findings) != 2 {
		// Messages differ ("m1>v has flag false" vs "m2>v ..."), so both stay.
		t.Errorf("findings %v", r.Findings)
	}
	for _, f := range r.Findings {
		if f.Range.File != "mod.bicep" || f.Range.Start.Line != 6 {
			t.Errorf("finding at %s, want mod.bicep:6", f.Range)
		}
	}
}

func TestDropCalled(t *testing.T) {
	tfu := func(dir string, files ...string) *parser.Unit {
		return &parser.Unit{Entry: dir, Format: "terraform", Files: files}
	}
	tests := []struct {
		name  string
		units []*parser.Unit
		want  []string
	}{
		{"bicep module", []*parser.Unit{unit("main.bicep", []string{"main.bicep", "m/kv.bicep"}), unit("m/kv.bicep", nil)}, []string{"main.bicep"}},
		{"bicepparam drops its template", []*parser.Unit{unit("main.bicep", nil), unit("main.bicepparam", []string{"main.bicepparam", "main.bicep"})}, []string{"main.bicepparam"}},
		{"terraform child", []*parser.Unit{tfu("root", "root/main.tf", "mods/kv/main.tf"), tfu("mods/kv", "mods/kv/main.tf")}, []string{"root"}},
		{"terraform siblings", []*parser.Unit{tfu("a", "a/main.tf"), tfu("b", "b/main.tf")}, []string{"a", "b"}},
		{"bicep beside terraform", []*parser.Unit{tfu("x", "x/main.tf"), unit("x/app.bicep", nil)}, []string{"x", "x/app.bicep"}},
		{"mutual", []*parser.Unit{unit("a.json", []string{"a.json", "b.json"}), unit("b.json", []string{"b.json", "a.json"})}, []string{"a.json", "b.json"}},
		{"same entry twice", []*parser.Unit{unit("a.json", nil), unit("a.json", nil)}, []string{"a.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, u := range dropCalled(tt.units) {
				got = append(got, u.Entry)
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// --- exit codes ------------------------------------------------------------

func TestExitCodes(t *testing.T) {
	warn := Finding{Rule: "MI900", Severity: SevWarning}
	errF := Finding{Rule: "MI901", Severity: SevError}
	note := Finding{Rule: "MI902", Severity: SevNote}
	inputErr := parser.Diagnostics{{Severity: parser.SevError, Summary: "bad"}}
	tests := []struct {
		name     string
		findings []Finding
		errs     parser.Diagnostics
		failOn   string
		want     int
	}{
		{"nothing", nil, nil, "warning", 0},
		{"warning fails by default", []Finding{warn}, nil, "", 1},
		{"warning at warning", []Finding{warn}, nil, "warning", 1},
		{"warning below error", []Finding{warn}, nil, "error", 0},
		{"error at error", []Finding{errF}, nil, "error", 1},
		{"note below warning", []Finding{note}, nil, "warning", 0},
		{"note at note", []Finding{note}, nil, "note", 1},
		{"never", []Finding{errF, warn}, nil, "never", 0},
		{"input error", nil, inputErr, "warning", 2},
		{"errors take precedence", []Finding{errF}, inputErr, "warning", 2},
		{"errors even with never", []Finding{errF}, inputErr, "never", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fo Severity
			if tt.failOn != "" {
				var ok bool
				if fo, ok = ParseFailOn(tt.failOn); !ok {
					t.Fatalf("ParseFailOn(%q)", tt.failOn)
				}
			}
			r := &Result{Findings: tt.findings, Errors: tt.errs}
			if got := r.ExitCode(fo); got != tt.want {
				t.Errorf("exit %d, want %d", got, tt.want)
			}
		})
	}
	if _, ok := ParseFailOn("fatal"); ok {
		t.Error("ParseFailOn accepted fatal")
	}
}

// --- rule selection ----------------------------------------------------------

func TestSelectRules(t *testing.T) {
	all := testEngine(t).Rules()
	ids := func(ms []rules.Metadata) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	tests := []struct {
		name            string
		enable, disable []string
		want            []string
		wantErr         string
	}{
		{"all", nil, nil, []string{"MI900", "MI901", "MI902"}, ""},
		{"enable", []string{"mi901"}, nil, []string{"MI901"}, ""},
		{"disable", nil, []string{"MI900", "MI902"}, []string{"MI901"}, ""},
		{"unknown", []string{"MI000"}, nil, nil, `--enable: unknown rule "MI000"`},
		{"unknown disable", nil, []string{"X"}, nil, `--disable: unknown rule "X"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SelectRules(all, tt.enable, tt.disable)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids(got), tt.want) {
				t.Errorf("got %v, want %v", ids(got), tt.want)
			}
		})
	}
}

func TestEnableDisableAndSeverity(t *testing.T) {
	tree(t, map[string]string{"t.json": templateJSON})
	const f = "t.json"
	u := unit(f, nil, res(f, "a", 2, field("flag", parser.BoolValue(false, rng(f, 5, 1))), field("bad", parser.BoolValue(true, rng(f, 6, 1)))))
	fe := &frontEnds{arm: &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){f: fixed(u)}}, classify: sniffJSON}
	r := run(t, Options{fe: fe, Disable: []string{"MI901"}, Severity: map[string]Severity{"MI900": SevError}})
	if len(r.Findings) != 1 || r.Findings[0].Rule != "MI900" || r.Findings[0].Severity != SevError {
		t.Fatalf("findings %+v", r.Findings)
	}
	if _, err := Run(context.Background(), Options{fe: fe, engine: testEngine(t), Enable: []string{"MI404"}}); err == nil {
		t.Fatal("unknown rule accepted")
	}
}

// --- bad input ---------------------------------------------------------------

func TestBadInputStillLintsOthers(t *testing.T) {
	tree(t, map[string]string{"bad.json": templateJSON, "good.json": templateJSON, "boom.json": templateJSON})
	good := unit("good.json", nil, res("good.json", "a", 2, field("flag", parser.BoolValue(false, rng("good.json", 5, 1)))))
	arm := &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){
		"good.json": fixed(good),
		"bad.json": fixed(&parser.Unit{Entry: "bad.json", Files: []string{"bad.json"}},
			parser.Diagnostic{Severity: parser.SevError, Summary: "unexpected '}'", Subject: rng("bad.json", 3, 7)}),
		"boom.json": func() (*parser.Unit, parser.Diagnostics) { panic("front end bug") },
	}}
	r := run(t, Options{fe: &frontEnds{arm: arm, classify: sniffJSON}})
	if len(r.Errors) != 2 {
		t.Fatalf("errors %v", r.Errors)
	}
	if got := r.Errors[0].Error(); got != "bad.json:3:7: unexpected '}'" {
		t.Errorf("error %q", got)
	}
	if got := r.Errors[1].Error(); !strings.HasPrefix(got, "boom.json:1:1: internal error: front end bug") {
		t.Errorf("panic error %q", got)
	}
	if len(r.Findings) != 1 || r.Findings[0].Range.File != "good.json" {
		t.Errorf("good file's findings missing: %v", r.Findings)
	}
	if r.ExitCode(SevWarning) != 2 {
		t.Errorf("exit %d, want 2", r.ExitCode(SevWarning))
	}
}

// --- suppression hook ---------------------------------------------------------

func TestSuppressHook(t *testing.T) {
	tree(t, map[string]string{"t.json": templateJSON})
	const f = "t.json"
	u := unit(f, nil, res(f, "a", 2, field("flag", parser.BoolValue(false, rng(f, 5, 1)))), res(f, "b", 30, field("flag", parser.BoolValue(false, rng(f, 33, 1)))))
	fe := &frontEnds{arm: &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){f: fixed(u)}}, classify: sniffJSON}
	r := run(t, Options{fe: fe, Suppress: func(_ *parser.Unit, x *Finding) parser.Diagnostics {
		if x.Resource == "a" {
			x.Suppressed, x.SuppressReason = true, "test"
		}
		return nil
	}})
	if r.Summary.Findings != 1 || r.Summary.Suppressed != 1 || r.Findings[0].Resource != "b" || r.Suppressed[0].SuppressReason != "test" {
		t.Fatalf("summary %+v findings %+v", r.Summary, r.Findings)
	}
}

// --- compile once -------------------------------------------------------------

func TestBundleCompiledOnce(t *testing.T) {
	eng, err := DefaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	if len(eng.Rules()) == 0 {
		t.Fatal("bundled engine has no rules")
	}
	files := map[string]string{}
	units := map[string]func() (*parser.Unit, parser.Diagnostics){}
	for i := 0; i < 64; i++ {
		name := "t" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".json"
		files[name] = templateJSON
		units[name] = fixed(unit(name, nil, res(name, "r", 2)))
	}
	tree(t, files)
	fe := &frontEnds{arm: &fakeFE{units: units}, classify: sniffJSON}
	// The first run compiles the bundle (unless an earlier test did).
	if _, err := Run(context.Background(), Options{fe: fe, Jobs: 4}); err != nil {
		t.Fatal(err)
	}
	before := CompileCount()
	if before < 1 {
		t.Fatalf("compile count %d after a run", before)
	}
	for i := 0; i < 3; i++ {
		r, err := Run(context.Background(), Options{fe: fe, Jobs: 4})
		if err != nil {
			t.Fatal(err)
		}
		if r.Summary.Units != 64 {
			t.Fatalf("units %d", r.Summary.Units)
		}
	}
	if after := CompileCount(); after != before {
		t.Fatalf("bundle compiled %d more times for 3 runs of 64 units", after-before)
	}
	if _, err := DefaultEngine(); err != nil || CompileCount() != before {
		t.Fatal("DefaultEngine recompiled")
	}
}

// TestFewFilesCompileTriggeredRules checks the pre-commit path: a run of a
// few named files compiles only the rules their units can trigger, once,
// and a file that can trigger none compiles nothing, yet is linted.
func TestFewFilesCompileTriggeredRules(t *testing.T) {
	dir := t.TempDir()
	vault := filepath.Join(dir, "vault.json")
	plain := filepath.Join(dir, "plain.json")
	const head = `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [`
	if err := os.WriteFile(vault, []byte(head+`{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv", "location": "westeurope",
  "properties": {"tenantId": "00000000-0000-0000-0000-000000000000", "sku": {"family": "A", "name": "standard"}, "enableRbacAuthorization": false, "accessPolicies": []}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plain, []byte(head+`{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-04-01", "name": "vnet", "location": "westeurope", "properties": {}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	eng, err := DefaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	before := CompileCount()
	r, err := Run(context.Background(), Options{Paths: []string{plain}})
	if err != nil {
		t.Fatal(err)
	}
	if CompileCount() != before || r.Summary.Units != 1 || r.Summary.Resources != 1 || len(r.Findings) != 0 {
		t.Fatalf("a file no rule can fire on: %d compiles, summary %+v", CompileCount()-before, r.Summary)
	}
	for i := 0; i < 2; i++ {
		r, err = Run(context.Background(), Options{Paths: []string{vault}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Findings) != 1 || r.Findings[0].Rule != "MI201" {
			t.Fatalf("findings %v, want MI201", r.Findings)
		}
	}
	eng.mu.Lock()
	_, subset := eng.compilers["MI201,MI202"]
	_, full := eng.compilers[allRules] // compiled by an earlier test: used for every set
	eng.mu.Unlock()
	if !full && !subset {
		t.Errorf("no compiled bundle for MI201+MI202 (the vault's triggers)")
	}
	if n := CompileCount() - before; n > 1 {
		t.Errorf("two runs of the same file compiled %d times", n)
	}
}

func TestPolicyCapabilities(t *testing.T) {
	dir := t.TempDir()
	src := "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: MI950\n#   slug: x\n#   severity: error\npackage milint.rules.mi950\n\ndeny contains f if {\n\tr := http.send({\"method\": \"GET\", \"url\": \"http://example.invalid\"})\n\tf := {\"msg\": r.body}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	mods, err := LoadPolicyDirs(nil, []string{dir})
	if err == nil {
		_, err = NewEngine(mods)
	}
	if err == nil || !strings.Contains(err.Error(), "http.send") {
		t.Fatalf("http.send policy accepted: %v", err)
	}
}
