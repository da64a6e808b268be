package bicep

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/milint/milint/internal/testcorpus"
	"github.com/milint/milint/parser"
)

// corpusDir returns ../shared/corpus/<sub> (see testcorpus.Dir).
func corpusDir(t testing.TB, sub string) string { return testcorpus.Dir(t, sub) }

func walkFiles(t testing.TB, dir string, keep func(string) bool) []string {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && keep(p) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func isSource(p string) bool {
	return strings.HasSuffix(p, ".bicep") || strings.HasSuffix(p, ".bicepparam")
}

func syntaxErrors(f *File) parser.Diagnostics {
	var out parser.Diagnostics
	for _, d := range f.Diags {
		if d.Severity == parser.SevError {
			out = append(out, d)
		}
	}
	return out
}

// (a) every valid sample parses (and loads) with zero errors.
func TestCorpusSamplesParse(t *testing.T) {
	dir := corpusDir(t, "bicep-samples")
	files := walkFiles(t, dir, isSource)
	if len(files) < 300 {
		t.Fatalf("only %d sample files", len(files))
	}
	failed := 0
	l := NewLoader(parser.Options{})
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := Parse(p, src, 0)
		errs := syntaxErrors(f)
		if strings.HasSuffix(p, ".bicepparam") || filepath.Base(p) == "main.bicep" {
			_, diags := l.Load(p)
			for _, d := range diags {
				if d.Severity == parser.SevError {
					errs = append(errs, d)
				}
			}
		}
		if len(errs) > 0 {
			failed++
			for _, d := range errs {
				t.Errorf("%s", d.Error())
			}
		}
	}
	t.Logf("bicep-samples: %d files, %d with errors", len(files), failed)
}

// (b) every invalid sample reports at least one located error, except
// InvalidRuntimeValueUsages_LF (semantic errors only), which must load.
func TestCorpusInvalid(t *testing.T) {
	dir := corpusDir(t, "bicep-invalid")
	files := walkFiles(t, dir, func(p string) bool { return filepath.Base(p) == "main.bicep" })
	if len(files) < 10 {
		t.Fatalf("only %d invalid files", len(files))
	}
	l := NewLoader(parser.Options{})
	for _, p := range files {
		_, diags := l.Load(p)
		var errs parser.Diagnostics
		for _, d := range diags {
			if d.Severity == parser.SevError {
				errs = append(errs, d)
			}
		}
		name := filepath.Base(filepath.Dir(p))
		if name == "InvalidRuntimeValueUsages_LF" {
			t.Logf("%s: %d errors (semantic only; loads without panic)", name, len(errs))
			continue
		}
		if len(errs) == 0 {
			t.Errorf("%s: no error reported", name)
			continue
		}
		for _, d := range errs {
			if d.Subject.File == "" || d.Subject.Start.Line < 1 || d.Subject.Start.Column < 1 {
				t.Errorf("%s: diagnostic without location: %s", name, d.Error())
			}
		}
		t.Logf("%s: %d errors, first %s", name, len(errs), errs[0].Error())
	}
}

// (c) every AVM file parses without syntax errors; loading main.bicep
// reports no errors other than missing module files.
func TestCorpusAVM(t *testing.T) {
	dir := corpusDir(t, "avm-bicep")
	files := walkFiles(t, dir, isSource)
	l := NewLoader(parser.Options{})
	mains, missing := 0, 0
	for _, p := range files {
		f, rd := l.ParseFile(p, parser.Range{})
		if rd != nil {
			t.Fatal(rd.Error())
		}
		for _, d := range syntaxErrors(f) {
			t.Errorf("syntax: %s", d.Error())
		}
		if filepath.Base(p) != "main.bicep" {
			continue
		}
		mains++
		_, diags := l.Load(p)
		for _, d := range diags {
			if d.Severity != parser.SevError {
				continue
			}
			if d.Summary == "module file not found" {
				missing++
				t.Logf("missing module (not a syntax error): %s", d.Error())
				continue
			}
			t.Errorf("load: %s", d.Error())
		}
	}
	t.Logf("avm-bicep: %d files, %d main.bicep, %d missing-module errors", len(files), mains, missing)
}

// armTypes collects the non-existing resource types of a compiled ARM
// template, recursing into inline nested templates (Bicep modules).
func armTypes(v any, out map[string]int, depth int) {
	m, ok := v.(map[string]any)
	if !ok || depth > 32 {
		return
	}
	visit := func(r any) {
		rm, ok := r.(map[string]any)
		if !ok {
			return
		}
		if e, _ := rm["existing"].(bool); e {
			return
		}
		typ, _ := rm["type"].(string)
		// extensibility resources carry their version in the JSON type
		if i := strings.IndexByte(typ, '@'); i >= 0 {
			typ = typ[:i]
		}
		out[strings.ToLower(typ)]++
		if props, ok := rm["properties"].(map[string]any); ok && strings.EqualFold(typ, "Microsoft.Resources/deployments") {
			if tmpl, ok := props["template"].(map[string]any); ok {
				armTypes(tmpl, out, depth+1)
			}
		}
		// nested resources of languageVersion 1 templates
		if sub, ok := rm["resources"].([]any); ok {
			for _, s := range sub {
				if sm, ok := s.(map[string]any); ok {
					if t, _ := sm["type"].(string); t != "" && !strings.Contains(t, "/") {
						sm["type"] = typ + "/" + t
					}
				}
			}
			armTypes(map[string]any{"resources": sub}, out, depth+1)
		}
	}
	switch rs := m["resources"].(type) {
	case []any:
		for _, r := range rs {
			visit(r)
		}
	case map[string]any:
		for _, r := range rs {
			visit(r)
		}
	}
}

func bicepTypes(u *parser.Unit) map[string]int {
	out := map[string]int{}
	for _, r := range u.Resources {
		if !r.Existing {
			out[strings.ToLower(r.Type)]++
		}
	}
	return out
}

func diffTypes(a, b map[string]int) string {
	var parts []string
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var ks []string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		if a[k] != b[k] {
			parts = append(parts, k+": bicep "+itoa(a[k])+" json "+itoa(b[k]))
		}
	}
	return strings.Join(parts, "; ")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// (d) the resource types of main.bicep match those of its compiled
// main.json for at least 95% of the pairs.
func TestCorpusFaithfulTypes(t *testing.T) {
	root := filepath.Dir(corpusDir(t, "bicep-samples"))
	for _, sub := range []string{"bicep-samples", "avm-bicep"} {
		t.Run(sub, func(t *testing.T) { faithfulTypes(t, root, sub) })
	}
}

func faithfulTypes(t *testing.T, root, sub string) {
	pairs := walkFiles(t, filepath.Join(root, sub), func(p string) bool {
		if filepath.Base(p) != "main.bicep" {
			return false
		}
		_, err := os.Stat(filepath.Join(filepath.Dir(p), "main.json"))
		return err == nil
	})
	l := NewLoader(parser.Options{})
	equal, registry := 0, 0
	for _, p := range pairs {
		u, diags := l.Load(p)
		data, err := os.ReadFile(filepath.Join(filepath.Dir(p), "main.json"))
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(parser.StripBOM(data), &doc); err != nil {
			t.Logf("MISMATCH %s: main.json does not parse: %v", p, err)
			continue
		}
		jt := map[string]int{}
		armTypes(doc, jt, 0)
		bt := bicepTypes(u)
		if d := diffTypes(bt, jt); d != "" {
			reason := "unexplained"
			for _, dg := range diags {
				if strings.HasPrefix(dg.Summary, "registry module not followed") || strings.HasPrefix(dg.Summary, "JSON module not followed") {
					reason = "not followed: " + dg.Summary
					registry++
					break
				}
			}
			t.Logf("MISMATCH %s (%s): %s", strings.TrimPrefix(p, root+"/"), reason, d)
			continue
		}
		equal++
	}
	pct := 100 * float64(equal) / float64(max(1, len(pairs)))
	t.Logf("faithfulness %s: %d of %d pairs equal (%.1f%%); %d mismatches from modules not followed", sub, equal, len(pairs), pct, registry)
	if sub == "avm-bicep" {
		// AVM templates call registry modules (br/public:...), which milint
		// does not follow: require only the pairs without such calls.
		if equal+registry < len(pairs) {
			t.Errorf("%d AVM pairs differ for reasons other than registry modules", len(pairs)-equal-registry)
		}
		return
	}
	if pct < 95 {
		t.Errorf("only %.1f%% of pairs have equal resource type multisets", pct)
	}
}
