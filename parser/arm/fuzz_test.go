package arm

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/milint/milint/parser"
)

// checkRanges asserts that every range lies inside the input and starts
// before it ends.
func checkRanges(t *testing.T, v *parser.Value, n int, depth int) {
	if v == nil || depth > 300 {
		return
	}
	r := v.Range
	if r.Start.Byte < 0 || r.End.Byte > n || r.Start.Byte > r.End.Byte || r.Start.Line < 1 || r.Start.Column < 1 || r.End.Line < r.Start.Line {
		t.Fatalf("bad range %+v (input %d bytes)", r, n)
	}
	for _, it := range v.Items {
		checkRanges(t, it, n, depth+1)
	}
	for _, f := range v.Fields {
		if f.KeyRange.End.Byte > r.End.Byte || f.KeyRange.Start.Byte < r.Start.Byte {
			t.Fatalf("key range %+v outside %+v", f.KeyRange, r)
		}
		checkRanges(t, f.Value, n, depth+1)
	}
}

func FuzzJSON(f *testing.F) {
	seeds := []string{
		`{}`, `[]`, `""`, `0`, `-1.5e+3`, `true`, `null`,
		`{"a": [1, 2, {"b": "c\u00e9\n"}], "d": null,}`,
		"\uFEFF// c\r\n{ /* x */ \"a\": \"b\" }",
		`{"a": "unterminated`, `{"a" 1}`, `[1,,2]`, `{"a": tru}`, `"\ud83d\ude00"`,
		`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		  "parameters": {"p": {"type": "string", "defaultValue": "[newGuid()]"}},
		  "variables": {"v": "[concat(parameters('p'), 'x')]", "copy": [{"name": "c", "count": 2, "input": "[copyIndex('c')]"}]},
		  "resources": [{"type": "Microsoft.KeyVault/vaults", "name": "[variables('v')]", "properties": {"copy": [{"name": "x", "count": 2, "input": {}}]},
		    "resources": [{"type": "secrets", "name": "s"}]},
		    {"type": "Microsoft.Resources/deployments", "name": "d", "properties": {"expressionEvaluationOptions": {"scope": "inner"},
		      "parameters": {"p": {"value": "[reference('kv').x]"}}, "template": {"parameters": {"p": {"type": "string"}}, "resources": [{"type": "A.B/c", "name": "[parameters('p')]"}]}}},
		    {"type": "Microsoft.Resources/deployments", "name": "l", "properties": {"templateLink": {"relativePath": "../x.json"}}},
		    {"type": "Microsoft.KeyVault/vaults/providers/roleAssignments", "name": "[concat('kv', '/Microsoft.Authorization/', guid('x'))]"}]}`,
		`{"languageVersion": "2.0", "resources": {"a": {"type": "A.B/c", "name": "n", "existing": true, "scope": "[format('A.B/c/{0}', 'n')]"}}}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	root := f.TempDir()
	l := NewLoader(parser.Options{Root: root})
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Classify(data)
		v, diags := ParseJSON("f.json", data, 0)
		if !diags.HasErrors() && v == nil {
			t.Fatal("no value and no error")
		}
		checkRanges(t, v, len(data), 0)
		for _, d := range diags {
			if d.Subject.Start.Line < 1 || d.Subject.Start.Column < 1 {
				t.Fatalf("diagnostic without position: %v", d)
			}
		}
		// Strict JSON must be read, and read as encoding/json reads it.
		if json.Valid(data) && utf8.Valid(data) {
			if diags.HasErrors() {
				var any1 any
				if err := json.Unmarshal(data, &any1); err == nil && depthOf(any1) < parser.DefaultMaxDepth-1 {
					t.Fatalf("valid JSON rejected: %v", diags)
				}
			} else {
				var want any
				if err := json.Unmarshal(data, &want); err != nil {
					t.Fatal(err)
				}
				got := normalise(v.Document())
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("got %#v\nwant %#v", got, want)
				}
			}
		}
		// The template lowering must survive any tree.
		if v != nil && v.Kind == parser.KindObject {
			st := newLoadState(l, &parser.Unit{})
			st.stack = []string{"f.json"}
			ev := newEvaluator(st, "f.json", "")
			ev.declare(v)
			st.collectTemplate(ev, v, "", "", "")
			st.finishAll()
			_ = st.allParameters(ev)
			for _, r := range st.unit.Resources {
				_ = r.Document()
			}
		}
	})
}

func depthOf(v any) int {
	switch x := v.(type) {
	case []any:
		m := 0
		for _, it := range x {
			m = max(m, depthOf(it))
		}
		return m + 1
	case map[string]any:
		m := 0
		for _, it := range x {
			m = max(m, depthOf(it))
		}
		return m + 1
	}
	return 0
}

// normalise turns Document() numbers into float64 as encoding/json does.
func normalise(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case []any:
		for i := range x {
			x[i] = normalise(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = normalise(x[k])
		}
		return x
	}
	return v
}

func FuzzExpression(f *testing.F) {
	for _, s := range []string{
		"parameters('name')", "concat('a', parameters('noDefault'), 'b''c')", "mod(80, -4)",
		"reference(resourceId('Microsoft.Storage/storageAccounts', 'sa1'), '2023-01-01', 'Full').identity.principalId",
		"listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa1'), '1').keys[0].value",
		"variables('v2')['nested']", "ns.fn(1)", "format('{0:D3}-{1}', 7, 'x')", "if(equals(1, 1), json('[1]'), null())",
		"union(parameters('obj'), createObject('a', createArray(1, 2)))", "split('a,b', ',')[1]", "concat('a'", "f(,)",
		"variables('items')[copyIndex()]", "guid(resourceGroup().id, 'x')", "uniqueString(subscription().id)",
		"range(0, 5)", "substring('abc', 1)", "padLeft('1', 5, '0')", "deployer().objectId", "environment().name",
		"replace(string(parameters('obj')), '{', '[')", "take(skip(parameters('list'), 1), 1)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := ParseExpression(s, 0)
		if err == nil {
			var walk func(x *Expr)
			walk = func(x *Expr) {
				if x == nil {
					return
				}
				if x.Start < 0 || x.End > len(s) || x.Start > x.End {
					t.Fatalf("bad offsets %d-%d in %q", x.Start, x.End, s)
				}
				for _, a := range x.Args {
					walk(a)
				}
				walk(x.X)
				walk(x.Index)
			}
			walk(x)
		} else if err.Offset < 0 || err.Offset > len(s) {
			t.Fatalf("bad error offset %d", err.Offset)
		}
		env := newEvalEnv(t, evalTemplate)
		deadline := time.Now().Add(2 * time.Second)
		v := env.eval("[" + s + "]")
		if time.Now().After(deadline) {
			t.Fatalf("evaluation too slow: %q", s)
		}
		if v == nil {
			t.Fatal("nil value")
		}
		_ = v.Document()
	})
}

// BenchmarkParseCorpus reads every ARM quickstart template with the JSON
// reader (in memory).
func BenchmarkParseCorpus(b *testing.B) {
	files, data, total := corpusTemplates(b)
	b.ReportAllocs()
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		for i := range files {
			if _, diags := ParseJSON(files[i], data[i], 0); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	}
	reportRates(b, len(files), total)
}

// BenchmarkLoadCorpus loads every ARM quickstart template: read, parse,
// evaluate, parameter files and nested deployments.
func BenchmarkLoadCorpus(b *testing.B) {
	files, _, total := corpusTemplates(b)
	b.ReportAllocs()
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		l := NewLoader(parser.Options{})
		for _, f := range files {
			if u, _ := l.Load(f); u == nil {
				b.Fatalf("%s: no unit", f)
			}
		}
	}
	reportRates(b, len(files), total)
}

func reportRates(b *testing.B, files, total int) {
	sec := b.Elapsed().Seconds() / float64(b.N)
	if sec > 0 {
		b.ReportMetric(float64(files)/sec, "files/s")
		b.ReportMetric(float64(total)/sec/1e6, "MB/s")
	}
}

func corpusTemplates(b *testing.B) ([]string, [][]byte, int) {
	dir := corpusDir(b, "arm-quickstarts")
	var files []string
	var data [][]byte
	total := 0
	for _, f := range jsonFiles(b, dir, nil) {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if Classify(d) != Template {
			continue
		}
		files = append(files, f)
		data = append(data, d)
		total += len(d)
	}
	return files, data, total
}
