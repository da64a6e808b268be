package terraform

import (
	"testing"

	"github.com/milint/milint/parser"
)

// BenchmarkLoadCorpus loads every module directory of the corpus as a root
// with a fresh loader (so files are parsed each iteration).
func BenchmarkLoadCorpus(b *testing.B) {
	root := corpusDir(b)
	dirs, files, size := corpusModules(b, root)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l := NewLoader(parser.Options{Root: root})
		for _, d := range dirs {
			l.Load(d)
		}
	}
	sec := b.Elapsed().Seconds()
	if sec > 0 {
		b.ReportMetric(float64(files)*float64(b.N)/sec, "files/s")
		b.ReportMetric(float64(size)*float64(b.N)/sec/1e6, "MB/s")
	}
}
