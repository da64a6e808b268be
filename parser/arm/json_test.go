package arm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/milint/milint/parser"
)

func at(v *parser.Value, path string) *parser.Value {
	return v.At(path)
}

func TestParseJSONPositions(t *testing.T) {
	src := "\uFEFF{\r\n" + // line 1 (BOM)
		"  // a comment\r\n" + // 2
		"  \"a\": 1, /* inline */ \"b\": [true, null],\r\n" + // 3
		"  \"é\": \"ünï\", \"c\": \"x\",\r\n" + // 4
		"  /* multi\r\n   line */ \"d\": {\"e\": -2.5e1},\r\n" + // 5-6
		"  \"s\": \"line1\nline2\", \"t\": 3,\r\n" + // 7-8
		"}\r\n"
	v, diags := ParseJSON("f.json", []byte(src), 0)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	tests := []struct {
		path            string
		line, col       int
		endLine, endCol int
		text            string
	}{
		{"a", 3, 8, 3, 9, "1"},
		{"b", 3, 29, 3, 41, "[true, null]"},
		{"b[0]", 3, 30, 3, 34, "true"},
		{"b[1]", 3, 36, 3, 40, "null"},
		{"é", 4, 8, 4, 13, `"ünï"`},
		{"c", 4, 20, 4, 23, `"x"`},
		{"d", 6, 17, 6, 30, `{"e": -2.5e1}`},
		{"d.e", 6, 23, 6, 29, "-2.5e1"},
		{"s", 7, 8, 8, 7, "\"line1\nline2\""},
		{"t", 8, 14, 8, 15, "3"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			x := at(v, tc.path)
			if x == nil {
				t.Fatalf("%s not found", tc.path)
			}
			r := x.Range
			if r.Start.Line != tc.line || r.Start.Column != tc.col || r.End.Line != tc.endLine || r.End.Column != tc.endCol {
				t.Errorf("%s: range %d:%d-%d:%d, want %d:%d-%d:%d", tc.path, r.Start.Line, r.Start.Column, r.End.Line, r.End.Column, tc.line, tc.col, tc.endLine, tc.endCol)
			}
			if got := src[r.Start.Byte:r.End.Byte]; got != tc.text {
				t.Errorf("%s: bytes %q, want %q", tc.path, got, tc.text)
			}
			if r.File != "f.json" {
				t.Errorf("file %q", r.File)
			}
		})
	}
	// Keys: range of the quoted key, fields in source order.
	var keys []string
	for _, f := range v.Fields {
		keys = append(keys, f.Key)
	}
	if got := strings.Join(keys, ","); got != "a,b,é,c,d,s,t" {
		t.Errorf("field order %s", got)
	}
	if kr := v.Fields[2].KeyRange; kr.Start.Line != 4 || kr.Start.Column != 3 || kr.End.Column != 6 {
		t.Errorf("key é range %v-%v", kr.Start, kr.End)
	}
	if got := at(v, "s").Str; got != "line1\nline2" {
		t.Errorf("multi-line string %q", got)
	}
	if got := at(v, "é").Str; got != "ünï" {
		t.Errorf("string %q", got)
	}
	if got := at(v, "d.e").Num; got != -25 {
		t.Errorf("number %v", got)
	}
}

func TestParseJSONEscapes(t *testing.T) {
	v, diags := ParseJSON("f.json", []byte(`{"s": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00"}`), 0)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if got, want := v.Get("s").Str, "a\"b\\c/d\n\té😀"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"stray brace", "{\n  \"a\": 1\n  }\n}", "f.json:4:1: unexpected '}'"},
		{"unterminated string", "{\n  \"a\": \"abc\n}", "f.json:2:8: unterminated string"},
		{"missing comma", "{\"a\": 1\n \"b\": 2}", "f.json:2:2: unexpected '\"'"},
		{"missing colon", "{\"a\" 1}", "f.json:1:6: unexpected '1'"},
		{"bad literal", "{\"a\": tru}", "f.json:1:7: invalid literal 'tru'"},
		{"bad number", "[1.]", "f.json:1:2: invalid number"},
		{"bad escape", `["a\qb"]`, "f.json:1:4: invalid escape sequence"},
		{"eof in object", "{\"a\": 1,", "f.json:1:9: unexpected end of file"},
		{"eof in array", "[1, 2", "f.json:1:6: unexpected end of file"},
		{"empty", "  \n ", "f.json:2:2: unexpected end of file"},
		{"unterminated comment", "{ /* x\n y", "f.json:1:3: unterminated comment"},
		{"key not a string", "{a: 1}", "f.json:1:2: unexpected 'a'"},
		{"two values", "{} {}", "f.json:1:4: unexpected '{'"},
		{"control char", "{\"a\": \x01}", "f.json:1:7: unexpected character U+0001"},
		{"multibyte column", "{\"é\": ü}", "f.json:1:7: unexpected character U+00FC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := ParseJSON("f.json", []byte(tc.src), 0)
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %v", diags)
			}
			if got := diags[0].Error(); !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want prefix %q", got, tc.want)
			}
			if diags[0].Severity != parser.SevError {
				t.Error("not an error")
			}
		})
	}
}

func TestParseJSONTrailingCommas(t *testing.T) {
	v, diags := ParseJSON("f.json", []byte(`{"a": [1, 2,], "b": {"c": 1,},}`), 0)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if len(v.Get("a").Items) != 2 || len(v.Fields) != 2 {
		t.Errorf("got %v", v.Document())
	}
}

func TestParseJSONDepth(t *testing.T) {
	deep := strings.Repeat("[", 30) + strings.Repeat("]", 30)
	if _, diags := ParseJSON("f.json", []byte(deep), 30); len(diags) != 0 {
		t.Errorf("depth 30 within limit 30: %v", diags)
	}
	_, diags := ParseJSON("f.json", []byte(deep), 29)
	if len(diags) != 1 || diags[0].Summary != "nesting too deep" {
		t.Fatalf("got %v", diags)
	}
	if c := diags[0].Subject.Start.Column; c != 30 {
		t.Errorf("column %d, want 30", c)
	}
	// The default limit guards against stack exhaustion.
	huge := strings.Repeat(`{"a":`, 100000)
	_, diags = ParseJSON("f.json", []byte(huge), 0)
	if len(diags) != 1 || diags[0].Summary != "nesting too deep" {
		t.Fatalf("got %v", diags)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		src  string
		want FileKind
	}{
		{`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}`, Template},
		{`{"$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"}`, Template},
		{`{"$schema":"https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"}`, Template},
		{`{"$schema" : "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#"}`, Template},
		{"\uFEFF// c\n{\n\t\"$schema\":\n \"https://schema.management.azure.com/schemas/2015-01-01/DeploymentTemplate.json#\"}", Template},
		{`{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"}`, Parameters},
		{`{"$schema": "https://json.schemastore.org/package.json", "name": "x"}`, Other},
		{`{"name": "x", "version": "1.0.0"}`, Other},
		{``, Other},
		{`{"$schema": 1}`, Other},
		{`{"$schema": "unterminated`, Other},
		{`{"big": "` + strings.Repeat("x", 5000) + `", "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"}`, Template},
	}
	for i, tc := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if got := Classify([]byte(tc.src)); got != tc.want {
				t.Errorf("Classify = %v, want %v", got, tc.want)
			}
		})
	}
}
