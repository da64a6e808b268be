package bicep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/milint/milint/parser"
)

var fuzzSeeds = []string{
	"",
	"\xEF\xBB\xBF",
	"param p string = 'x'\nvar v = '${p}-${toLower(p)}'\n",
	"resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'kv'\n  properties: {\n    accessPolicies: [\n      {\n        permissions: {\n          secrets: ['all']\n        }\n      }\n    ]\n  }\n  resource s 'secrets' = {\n    name: 'x'\n  }\n}\n",
	"resource r 'A.B/c@1' = [for (x, i) in range(0, 3): if (i > 0) {\n  name: 'r${i}'\n}]\n",
	"var x = a ? b : c ?? d.?e[?f][^1]!\n",
	"var m = $$'''\nabc $${x} ${y}\n'''\n",
	"var l = map(xs, (x, i) => { a: x, ...y })\n",
	"module m './x.bicep' = {\n  params: {\n    a: 1\n  }\n}\n",
	"import { a, b as c } from './t.bicep'\nimport * as ns from 'x'\nextension k8s with {\n  a: 1\n} as k\n",
	"type T = 'a' | 'b' | { x: string?, *: int }[]\nfunc f(a string) string => a\n",
	"using './main.bicep'\nparam a = 1\n",
	"var x = '${'${'${1}'}'}'\n",
	"@description('x')\n}\n'unterminated\n",
	"var x = ((((((1\n",
	"#disable-next-line BCP1\nvar a = {\n  b: 1, c: 2\n}\n",
}

func FuzzLexer(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		toks, diags := Lex("f.bicep", src)
		if len(toks) == 0 || toks[len(toks)-1].Kind != TEOF {
			t.Fatal("token stream must end with EOF")
		}
		prev := 0
		for _, tok := range toks {
			if tok.Start < prev || tok.End < tok.Start || tok.End > len(src) {
				t.Fatalf("bad token offsets %+v (prev end %d, len %d)", tok, prev, len(src))
			}
			prev = tok.End
		}
		for _, d := range diags {
			if d.Subject.Start.Line < 1 || d.Subject.Start.Column < 1 {
				t.Fatalf("diagnostic without position: %s", d.Error())
			}
		}
	})
}

// lowerNoRecover lowers a parsed file without the Load boundary's recover,
// so that the fuzzer sees panics.
func lowerNoRecover(f *File) *parser.Unit {
	u := &parser.Unit{Format: "bicep", Sources: map[string][]byte{}}
	ld := &loadState{l: NewLoader(parser.Options{Root: os.TempDir()}), u: u, seen: map[string]bool{}, keyVals: map[*parser.Field]*parser.Value{}, imports: map[string]*instance{}}
	ld.addFile(f)
	in := newInstance(ld, f, "", "", []string{absPath(f.Name)})
	in.build()
	u.Parameters = in.parameters()
	for _, r := range u.Resources {
		_ = r.Document()
	}
	return u
}

func FuzzParser(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	// a few real files as seeds
	if files, err := filepath.Glob("../../testdata/bicep/*/*.bicep*"); err == nil {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		name := filepath.Join(os.TempDir(), "milint-fuzz-nonexistent", "f.bicep")
		file := Parse(name, src, 50)
		for _, d := range file.Diags {
			if strings.HasPrefix(d.Summary, "internal error") {
				t.Fatalf("parser panicked: %s", d.Detail)
			}
			if d.Subject.Start.Line < 1 || d.Subject.Start.Column < 1 {
				t.Fatalf("diagnostic without position: %s", d.Error())
			}
		}
		check := func(n Node) {
			r := n.Range()
			if r.Start.Byte > r.End.Byte || r.End.Byte > len(src) {
				t.Fatalf("bad range %v-%v for %T", r.Start, r.End, n)
			}
		}
		for _, d := range file.Decls {
			check(d)
		}
		lowerNoRecover(file)
	})
}
