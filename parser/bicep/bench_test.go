package bicep

import (
	"os"
	"testing"

	"github.com/milint/milint/parser"
)

// BenchmarkParseAVM lexes and parses every .bicep file of avm-bicep.
func BenchmarkParseAVM(b *testing.B) {
	dir := corpusDir(b, "avm-bicep")
	files := walkFiles(b, dir, isSource)
	srcs := make([][]byte, len(files))
	total := 0
	for i, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs[i] = data
		total += len(data)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, src := range srcs {
			Parse(files[i], src, 0)
		}
	}
	b.ReportMetric(float64(len(files)), "files/op")
}

// BenchmarkLoadAVM loads (parses, follows local modules, lowers) every
// main.bicep of avm-bicep with a fresh loader per iteration.
func BenchmarkLoadAVM(b *testing.B) {
	dir := corpusDir(b, "avm-bicep")
	files := walkFiles(b, dir, func(p string) bool { return len(p) > 10 && p[len(p)-10:] == "main.bicep" })
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l := NewLoader(parser.Options{})
		for _, p := range files {
			l.Load(p)
		}
	}
	b.ReportMetric(float64(len(files)), "entries/op")
}
