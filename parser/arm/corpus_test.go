package arm

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/milint/milint/internal/testcorpus"
	"github.com/milint/milint/parser"
)

// corpusDir returns ../shared/corpus/<name> (see testcorpus.Dir).
func corpusDir(tb testing.TB, name string) string { return testcorpus.Dir(tb, name) }

func jsonFiles(tb testing.TB, root string, match func(path string) bool) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".json") && (match == nil || match(p)) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(out)
	return out
}

type corpusStats struct {
	templates, params, other, clean, resources int
	byType                                     map[string]int
	failing                                    []string
}

func loadCorpus(t *testing.T, files []string) corpusStats {
	t.Helper()
	s := corpusStats{byType: map[string]int{}}
	l := NewLoader(parser.Options{})
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		switch Classify(data) {
		case Parameters:
			s.params++
			continue
		case Other:
			s.other++
			continue
		}
		s.templates++
		u, diags := l.Load(f)
		if u == nil {
			t.Errorf("%s: template yields no unit: %v", f, diags)
			continue
		}
		if diags.HasErrors() {
			var msgs []string
			for _, d := range diags {
				if d.Severity == parser.SevError {
					msgs = append(msgs, d.Error())
				}
			}
			s.failing = append(s.failing, strings.Join(msgs, "; "))
		} else {
			s.clean++
		}
		for _, r := range u.Resources {
			s.resources++
			if r.Module == "" {
				s.byType[r.Type]++
			}
			if r.Range.IsZero() || r.TypeRange.IsZero() {
				t.Errorf("%s: resource %s has no range", f, r.ID)
			}
		}
	}
	return s
}

func (s corpusStats) log(t *testing.T) {
	t.Logf("templates %d, parameter files %d, other %d; clean %d (%.2f%%); resources %d",
		s.templates, s.params, s.other, s.clean, 100*float64(s.clean)/float64(max(s.templates, 1)), s.resources)
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range s.byType {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].v > kvs[j].v || kvs[i].v == kvs[j].v && kvs[i].k < kvs[j].k })
	for i, e := range kvs {
		if i >= 25 {
			break
		}
		t.Logf("  %5d %s", e.v, e.k)
	}
	for _, f := range s.failing {
		t.Logf("FAIL %s", f)
	}
}

func TestCorpusQuickstarts(t *testing.T) {
	dir := corpusDir(t, "arm-quickstarts")
	s := loadCorpus(t, jsonFiles(t, dir, nil))
	s.log(t)
	if s.templates < 600 {
		t.Errorf("only %d templates found", s.templates)
	}
	if float64(s.clean) < 0.99*float64(s.templates) {
		t.Errorf("only %d of %d templates parse cleanly (< 99%%)", s.clean, s.templates)
	}
	if s.resources < 3000 {
		t.Errorf("only %d resources", s.resources)
	}
}

// checkov's fixtures include a few deliberately broken templates
// (Terraform syntax inside ARM expressions); they must fail with a
// located error, and the rest parse.
func TestCorpusCheckov(t *testing.T) {
	dir := corpusDir(t, "checkov-arm-bicep")
	s := loadCorpus(t, jsonFiles(t, dir, nil))
	s.log(t)
	if float64(s.clean) < 0.98*float64(s.templates) {
		t.Errorf("only %d of %d templates parse cleanly (< 98%%)", s.clean, s.templates)
	}
	for _, f := range s.failing {
		if !strings.Contains(f, ".json:") {
			t.Errorf("failure without a file:line:col: %s", f)
		}
	}
}

// Compiled Bicep (main.json) must all load without error.
func TestCorpusCompiledBicep(t *testing.T) {
	for _, name := range []string{"bicep-samples", "avm-bicep"} {
		t.Run(name, func(t *testing.T) {
			dir := corpusDir(t, name)
			files := jsonFiles(t, dir, func(p string) bool { return filepath.Base(p) == "main.json" })
			s := loadCorpus(t, files)
			s.log(t)
			if s.templates == 0 {
				t.Fatal("no templates")
			}
			if len(s.failing) > 0 {
				t.Errorf("%d compiled templates fail to load", len(s.failing))
			}
		})
	}
}
