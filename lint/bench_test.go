package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/milint/milint/internal/testcorpus"
)

// sharedCorpus returns ../shared/corpus/<name> (see testcorpus.Dir).
func sharedCorpus(tb testing.TB, name string) string { return testcorpus.Dir(tb, name) }

// BenchmarkLintARMCorpus lints the ARM quickstart corpus end to end
// (discovery, parsing, derived views, every bundled rule) and reports
// files/s and MB/s.
func BenchmarkLintARMCorpus(b *testing.B) {
	dir := sharedCorpus(b, "arm-quickstarts")
	var files, size int64
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			if st, err := d.Info(); err == nil {
				files++
				size += st.Size()
			}
		}
		return nil
	})
	if _, err := DefaultEngine(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Run(context.Background(), Options{Paths: []string{dir}})
		if err != nil {
			b.Fatal(err)
		}
		if r.Summary.Units == 0 {
			b.Fatal("no units")
		}
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// TestLintARMCorpus lints the ARM quickstart corpus: no panic (internal
// error), every unit has a location for every finding.
func TestLintARMCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := sharedCorpus(t, "arm-quickstarts")
	r, err := Run(context.Background(), Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Errors {
		if strings.Contains(e.Summary, "internal error") {
			t.Errorf("%s", e.Error())
		}
	}
	for _, f := range r.Findings {
		if f.Range.File == "" || f.Range.Start.Line < 1 || f.Range.Start.Column < 1 {
			t.Errorf("%s %s: no location: %+v", f.Rule, f.Resource, f.Range)
		}
	}
	t.Logf("%d units, %d resources, %d findings, %d errors", r.Summary.Units, r.Summary.Resources, len(r.Findings), len(r.Errors))
}
