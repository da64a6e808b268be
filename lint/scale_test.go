package lint

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// copyTree copies the regular files of src under dst (the corpus is read in
// place; only this benchmark's temporary copies are written).
func copyTree(tb testing.TB, src, dst string) int64 {
	tb.Helper()
	var size int64
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		size += int64(len(data))
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return size
}

// BenchmarkScaling lints 1, 2 and 4 copies of the ARM, Bicep and Terraform
// corpus sets with the full catalog: ns/op must grow linearly with the
// copies (4x the files at most 4.4x the time).
func BenchmarkScaling(b *testing.B) {
	sets := []string{"arm-quickstarts", "avm-bicep", "terraform"}
	srcs := make([]string, len(sets))
	for i, s := range sets {
		srcs[i] = sharedCorpus(b, s)
	}
	if _, err := DefaultEngine(); err != nil {
		b.Fatal(err)
	}
	for _, copies := range []int{1, 2, 4} {
		dir := b.TempDir()
		var size int64
		for c := 0; c < copies; c++ {
			for i, s := range sets {
				size += copyTree(b, srcs[i], filepath.Join(dir, fmt.Sprintf("copy%d", c), s))
			}
		}
		b.Run(fmt.Sprintf("copies=%d", copies), func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			var units int
			for i := 0; i < b.N; i++ {
				r, err := Run(context.Background(), Options{Paths: []string{dir}, Root: dir})
				if err != nil {
					b.Fatal(err)
				}
				units = r.Summary.Units
			}
			b.ReportMetric(float64(units), "units")
		})
	}
}
