package bicep

import (
	"fmt"
	"strings"
	"testing"

	"github.com/milint/milint/parser"
)

func kinds(toks []Token) []TokenKind {
	out := make([]TokenKind, 0, len(toks))
	for _, t := range toks {
		out = append(out, t.Kind)
	}
	return out
}

func equalKinds(a, b []TokenKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestLexerTokens(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []TokenKind
	}{
		{"punctuation", "@{}()[],.:;=+-*/%!?", []TokenKind{TAt, TLBrace, TRBrace, TLParen, TRParen, TLBrack, TRBrack, TComma, TDot, TColon, TSemicolon, TAssign, TPlus, TMinus, TStar, TSlash, TPercent, TBang, TQuestion, TEOF}},
		{"two-char", "?? :: => ... == != =~ !~ <= >= && || < > | ^", []TokenKind{TCoalesce, TDoubleColon, TArrow, TEllipsis, TEq, TNotEq, TEqI, TNotEqI, TLessEq, TGreaterEq, TAnd, TOr, TLess, TGreater, TPipe, THat, TEOF}},
		{"safe access is dot question", "a.?b", []TokenKind{TIdent, TDot, TQuestion, TIdent, TEOF}},
		{"newlines LF CRLF CR", "a\nb\r\nc\rd", []TokenKind{TIdent, TNewLine, TIdent, TNewLine, TIdent, TNewLine, TIdent, TEOF}},
		{"comments are trivia", "a // x\n/* multi\nline */ b", []TokenKind{TIdent, TNewLine, TIdent, TEOF}},
		{"pragma is trivia", "#disable-next-line BCP081\nresource", []TokenKind{TNewLine, TIdent, TEOF}},
		{"bom", "\xEF\xBB\xBFparam", []TokenKind{TIdent, TEOF}},
		{"string", `'it\'s'`, []TokenKind{TStringComplete, TEOF}},
		{"interpolation", `'a${b}c${d}e'`, []TokenKind{TStringLeft, TIdent, TStringMiddle, TIdent, TStringRight, TEOF}},
		{"object inside hole", `'${{a: 1}.a}'`, []TokenKind{TStringLeft, TLBrace, TIdent, TColon, TInt, TRBrace, TDot, TIdent, TStringRight, TEOF}},
		{"nested string in hole", `'${'x${y}'}'`, []TokenKind{TStringLeft, TStringLeft, TIdent, TStringRight, TStringRight, TEOF}},
		{"multiline", "'''\nabc\n'''", []TokenKind{TStringComplete, TEOF}},
		{"multiline no interpolation", "'''${x}'''", []TokenKind{TStringComplete, TEOF}},
		{"interpolating multiline", "$'''a${x}b'''", []TokenKind{TStringLeft, TIdent, TStringRight, TEOF}},
		{"double dollar multiline", "$$'''a${x}$${y}'''", []TokenKind{TStringLeft, TIdent, TStringRight, TEOF}},
		{"integers and identifiers", "abc_1 42", []TokenKind{TIdent, TInt, TEOF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks, diags := Lex("t.bicep", []byte(tt.src))
			if len(diags) > 0 {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if got := kinds(toks); !equalKinds(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLexerDiagnostics(t *testing.T) {
	tests := []struct {
		name, src, summary string
		line, col          int
	}{
		{"unterminated string at EOF", "var x = 'abc", "unterminated string", 1, 9},
		{"unterminated string at newline", "var x = 'abc\nvar y = 1", "unterminated string", 1, 9},
		{"unterminated interpolation", "var x = 'a${b", "unterminated", 1, 9},
		{"unterminated multiline", "var x = '''\nabc", "unterminated multi-line string", 1, 9},
		{"unterminated comment", "/* abc", "unterminated multi-line comment", 1, 1},
		{"bad escape", `var x = 'a\q'`, "invalid escape sequence \\q", 1, 11},
		{"unrecognized", "var x = 1 # 2", `unrecognized character "#"`, 1, 11},
		{"hash at line start", "#foo", "unrecognized character '#'", 1, 1},
		{"unicode column", "var é = 'ü\n", "unrecognized character \"é\"", 1, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Lex("t.bicep", []byte(tt.src))
			if len(diags) == 0 {
				t.Fatal("no diagnostic")
			}
			d := diags[0]
			if !strings.HasPrefix(d.Summary, tt.summary) || d.Subject.Start.Line != tt.line || d.Subject.Start.Column != tt.col {
				t.Errorf("got %s, want %q at %d:%d", d.Error(), tt.summary, tt.line, tt.col)
			}
		})
	}
}

func TestStringValues(t *testing.T) {
	tests := []struct{ src, want string }{
		{`'it\'s'`, "it's"},
		{`'a\nb\t\\\$'`, "a\nb\t\\$"},
		{`'\u{41}\u{1F600}'`, "A\U0001F600"},
		{`''`, ""},
		{"'''\nline1\nline2'''", "line1\nline2"},
		{"'''\r\nx'''", "x"},
		{"'''a'b''c'''", "a'b''c"},
		{"'''no ${interp}'''", "no ${interp}"},
	}
	for _, tt := range tests {
		f := Parse("t.bicep", []byte("var x = "+tt.src), 0)
		if len(f.Diags) > 0 {
			t.Fatalf("%s: %v", tt.src, f.Diags)
		}
		s, ok := f.Decls[0].(*VarDecl).Value.(*String)
		if !ok || len(s.Parts) != 1 || s.Parts[0] != tt.want {
			t.Errorf("%s: got %#v, want %q", tt.src, s, tt.want)
		}
	}
	// interpolating multi-line strings
	f := Parse("t.bicep", []byte("var x = $$'''a${b}$${c}d'''"), 0)
	s := f.Decls[0].(*VarDecl).Value.(*String)
	if len(s.Holes) != 1 || s.Parts[0] != "a${b}" || s.Parts[1] != "d" || s.Holes[0].(*Ident).Name != "c" {
		t.Errorf("$$''' string: parts %q holes %d", s.Parts, len(s.Holes))
	}
}

// dump renders an expression as an s-expression for precedence tests.
func dump(e Expr) string {
	switch x := e.(type) {
	case *Literal:
		switch x.Kind {
		case LitInt:
			return fmt.Sprint(x.Int)
		case LitBool:
			return fmt.Sprint(x.Bool)
		}
		return "null"
	case *Ident:
		return x.Name
	case *String:
		return fmt.Sprintf("%q", strings.Join(x.Parts, "_"))
	case *Binary:
		return "(" + x.Op.String() + " " + dump(x.L) + " " + dump(x.R) + ")"
	case *Unary:
		return "(" + x.Op.String() + " " + dump(x.X) + ")"
	case *Ternary:
		return "(? " + dump(x.Cond) + " " + dump(x.Then) + " " + dump(x.Else) + ")"
	case *Property:
		op := "."
		if x.Safe {
			op = ".?"
		}
		return "(" + op + " " + dump(x.Target) + " " + x.Name + ")"
	case *Index:
		op := "[]"
		if x.Safe {
			op = "[?]"
		}
		if x.FromEnd {
			op += "^"
		}
		return "(" + op + " " + dump(x.Target) + " " + dump(x.Index) + ")"
	case *Call:
		parts := []string{x.Name}
		for _, a := range x.Args {
			parts = append(parts, dump(a))
		}
		return "(call " + strings.Join(parts, " ") + ")"
	case *MethodCall:
		parts := []string{dump(x.Target), x.Name}
		for _, a := range x.Args {
			parts = append(parts, dump(a))
		}
		return "(mcall " + strings.Join(parts, " ") + ")"
	case *ResourceAccess:
		return "(:: " + dump(x.Target) + " " + x.Name + ")"
	case *NonNull:
		return "(! " + dump(x.X) + ")"
	case *Paren:
		return dump(x.X)
	case *Lambda:
		return "(=> " + strings.Join(x.Params, ",") + " " + dump(x.Body) + ")"
	case *For:
		return "(for " + x.Item + "," + x.IndexVar + " " + dump(x.Collection) + " " + dump(x.Body) + ")"
	case *Array:
		parts := []string{}
		for _, it := range x.Items {
			parts = append(parts, dump(it))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case *Object:
		parts := []string{}
		for _, m := range x.Order {
			switch m := m.(type) {
			case *ObjectProp:
				parts = append(parts, m.Key+":"+dump(m.Value))
			case *Spread:
				parts = append(parts, "..."+dump(m.X))
			case *ResourceDecl:
				parts = append(parts, "resource "+m.Name)
			}
		}
		return "{" + strings.Join(parts, " ") + "}"
	case *Spread:
		return "..." + dump(x.X)
	case *If:
		return "(if " + dump(x.Cond) + " " + dump(x.Body) + ")"
	case *BadExpr:
		return "BAD"
	}
	return fmt.Sprintf("%T", e)
}

func parseExpr(t *testing.T, src string) Expr {
	t.Helper()
	f := Parse("t.bicep", []byte("var x = "+src+"\n"), 0)
	if len(f.Diags) > 0 {
		t.Fatalf("%s: %v", src, f.Diags)
	}
	if len(f.Decls) != 1 {
		t.Fatalf("%s: %d decls", src, len(f.Decls))
	}
	return f.Decls[0].(*VarDecl).Value
}

func TestPrecedence(t *testing.T) {
	tests := []struct{ src, want string }{
		{"1 + 2 * 3", "('+' 1 ('*' 2 3))"},
		{"1 * 2 + 3", "('+' ('*' 1 2) 3)"},
		{"1 - 2 - 3", "('-' ('-' 1 2) 3)"},
		{"6 / 3 % 2", "('%' ('/' 6 3) 2)"},
		{"a < b == c > d", "('==' ('<' a b) ('>' c d))"},
		{"a == b && c != d", "('&&' ('==' a b) ('!=' c d))"},
		{"a =~ b || c !~ d", "('||' ('=~' a b) ('!~' c d))"},
		{"a || b && c", "('||' a ('&&' b c))"},
		{"a ?? b || c", "('??' a ('||' b c))"},
		{"a ?? b ?? c", "('??' ('??' a b) c)"},
		{"a ? b : c ? d : e", "(? a b (? c d e))"},
		{"a || b ? c : d", "(? ('||' a b) c d)"},
		{"!a && -b", "('&&' ('!' a) ('-' b))"},
		{"-a.b", "('-' (. a b))"},
		{"!a!", "('!' (! a))"},
		{"a.?b[?c][^1].d", "(. ([]^ ([?] (.? a b) c) 1) d)"},
		{"kv.getSecret('s')", `(mcall kv getSecret "s")`},
		{"sa.listKeys().keys[0].value", "(. ([] (. (mcall sa listKeys) keys) 0) value)"},
		{"parent::child.id", "(. (:: parent child) id)"},
		{"sys.concat('a', 'b')", `(mcall sys concat "a" "b")`},
		{"(1 + 2) * 3", "('*' ('+' 1 2) 3)"},
		{"x => x.a", "(=> x (. x a))"},
		{"(a, b) => a + b", "(=> a,b ('+' a b))"},
		{"() => 1", "(=>  1)"},
		{"map(xs, x => x.id)", "(call map xs (=> x (. x id)))"},
		{"[for x in xs: x.id]", "(for x, xs (. x id))"},
		{"[for (x, i) in range(0, 3): i]", "(for x,i (call range 0 3) i)"},
		{"[\n  for x in xs: x\n]", "(for x, xs x)"},
		{"{ a: 1, b: 2 }", "{a:1 b:2}"},
		{"{\n  a: 1\n  'b c': 2\n  ...x\n}", `{a:1 b c:2 ...x}`},
		{"[1, 2, ...xs]", "[1 2 ...xs]"},
		{"[\n  1\n  2\n]", "[1 2]"},
		{"a\n  ? b\n  : c", "(? a b c)"},
		{"f(\n  1,\n  2\n)", "(call f 1 2)"},
		{"'${a}-${b.c}'", `"_-_"`},
		{"true && null == false", "('&&' true ('==' null false))"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			if got := dump(parseExpr(t, tt.src)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDeclarations(t *testing.T) {
	src := `targetScope = 'subscription'
metadata info = 'x'
@sys.description('d')
@secure()
param p string
param q int = 1
param r resource 'Microsoft.Storage/storageAccounts@2023-01-01'
param u ('a' | 'b')[] = ['a']
param o {
  @description('x')
  a: string
  b: int?
  *: string
} = {}
param t [string, int] = ['a', 1]
param n resourceInput<'Microsoft.KeyVault/vaults@2023-07-01'>.properties = {}
var v = 1
var typed string = 'x'
type T = 'a' | 'b' | {
  x: string
}
type U =
  | 'a'
  | 'b'
@export()
func f(a string, b int) string => '${a}${b}'
resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv'
  resource secret 'secrets' existing = {
    name: 's'
  }
}
resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = if (q > 0) {
  name: 'sa'
  properties: {
    resource: 1
  }
}
@batchSize(1)
resource many 'Microsoft.Storage/storageAccounts@2023-01-01' = [for (x, i) in range(0, 2): if (i > 0) {
  name: 'sa${i}'
}]
resource cond 'Microsoft.Storage/storageAccounts@2023-01-01' =
  if (true) {
    name: 'c'
  }
module m './mod.bicep' = {
  name: 'm'
  params: {}
}
module reg 'br/public:avm/res/key-vault/vault:0.1.0' = {}
module ms 'br:example.azurecr.io/x:1' = [for i in range(0, 2): {
  name: 'm${i}'
}]
output o1 string = sa.id
output o2 resource 'Microsoft.Storage/storageAccounts@2023-01-01' = sa
output o3 resource = sa
import { a, b as c } from './types.bicep'
import * as ns from './types.bicep'
import 'az@1.0.0'
extension kubernetes with {
  namespace: 'x'
} as k8s
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview'
test t1 'test.bicep' = {
  params: {}
}
assert a1 = true
`
	f := Parse("t.bicep", []byte(src), 0)
	for _, d := range f.Diags {
		t.Errorf("%s", d.Error())
	}
	want := []string{"TargetScopeDecl", "MetadataDecl", "ParamDecl", "ParamDecl", "ParamDecl", "ParamDecl", "ParamDecl", "ParamDecl", "ParamDecl",
		"VarDecl", "VarDecl", "TypeDecl", "TypeDecl", "FuncDecl", "ResourceDecl", "ResourceDecl", "ResourceDecl", "ResourceDecl", "ModuleDecl", "ModuleDecl", "ModuleDecl",
		"OutputDecl", "OutputDecl", "OutputDecl", "ImportDecl", "ImportDecl", "ImportDecl", "ExtensionDecl", "ExtensionDecl", "OtherDecl", "OtherDecl"}
	var got []string
	for _, d := range f.Decls {
		got = append(got, strings.TrimPrefix(fmt.Sprintf("%T", d), "*bicep."))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("decls:\n got  %v\n want %v", got, want)
	}
	p := f.Decls[2].(*ParamDecl)
	if p.Decorator("description") == nil || p.Decorator("secure") == nil || p.Type.Text != "string" {
		t.Errorf("param decorators/type: %+v", p)
	}
	kv := f.Decls[14].(*ResourceDecl)
	if !kv.Existing || len(kv.Body.(*Object).Resources) != 1 {
		t.Errorf("nested resource not parsed: %s", dump(kv.Body))
	}
	sa := f.Decls[15].(*ResourceDecl)
	if got := dump(sa.Body); got != "(if ('>' q 0) {name:\"sa\" properties:{resource:1}})" {
		t.Errorf("conditional body: %s", got)
	}
	many := f.Decls[16].(*ResourceDecl)
	if _, ok := many.Body.(*For); !ok || many.Decorator("batchSize") == nil {
		t.Errorf("loop body: %s", dump(many.Body))
	}
	imp := f.Decls[24].(*ImportDecl)
	if len(imp.Items) != 2 || imp.Items[1].Alias != "c" || imp.From.Parts[0] != "./types.bicep" {
		t.Errorf("import: %+v", imp)
	}
	ext := f.Decls[27].(*ExtensionDecl)
	if ext.Alias != "k8s" || ext.With == nil {
		t.Errorf("extension: %+v", ext)
	}
	// resource range: from the keyword (decorators excluded) to the brace
	r := many.Range()
	if r.Start.Line != 40 || r.Start.Column != 1 || r.End.Line != 42 {
		t.Errorf("resource range %v-%d", r, r.End.Line)
	}
}

func TestBicepparam(t *testing.T) {
	src := "using './main.bicep'\nextends './base.bicepparam'\nparam a = 'x'\nparam b = readEnvironmentVariable('B', 'd')\nvar c = 1\nparam d = az.getSecret('sub', 'rg', 'kv', 's')\nextensionConfig k8s with {\n  namespace: 'x'\n}\n"
	f := Parse("p.bicepparam", []byte(src), 0)
	for _, d := range f.Diags {
		t.Errorf("%s", d.Error())
	}
	if len(f.Decls) != 7 {
		t.Fatalf("%d decls", len(f.Decls))
	}
	if u := f.Decls[0].(*UsingDecl); u.Path.Parts[0] != "./main.bicep" {
		t.Errorf("using: %+v", u)
	}
	f = Parse("p.bicepparam", []byte("using none\nparam a = 1\n"), 0)
	if len(f.Diags) > 0 || f.Decls[0].(*UsingDecl).Path != nil {
		t.Errorf("using none: %v", f.Diags)
	}
}

func errorsOf(f *File) []string {
	var out []string
	for _, d := range f.Diags {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Message()))
	}
	return out
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // prefix "line:col summary" of each expected diagnostic, in order
	}{
		{"unterminated string", "var a = 'abc\nvar b = 1\n", []string{"1:9 unterminated string"}},
		{"unterminated interpolation", "var a = 'x${y\n", []string{"1:9 unterminated string"}},
		{"unterminated interpolation at eof", "var a = 'x${y", []string{"1:9 unterminated string interpolation"}},
		{"unterminated multiline", "var a = '''\nabc\n", []string{"1:9 unterminated multi-line string"}},
		{"stray brace", "var a = 1\n}\nvar b = 2\n", []string{"2:1 unexpected '}'"}},
		{"decorator without declaration", "@description('x')\n", []string{"1:1 decorator has no declaration"}},
		{"decorator before stray", "@description('x')\n\n}\n", []string{"1:1 decorator has no declaration"}},
		{"unknown keyword", "foo bar = 1\nvar ok = 1\n", []string{"1:1 unknown declaration: 'foo'"}},
		{"several errors recovered", "var a = \nvar b = 1 +\nfoo\nvar c = )\n", []string{"1:9 syntax error", "2:12 syntax error", "3:1 unknown declaration", "4:9 syntax error"}},
		{"errors in object recover per property", "var o = {\n  a: 1 2\n  b: \n  c: 3\n}\nvar z = 'ok'\n", []string{"2:8 syntax error", "3:6 syntax error"}},
		{"missing close brace", "resource r 'T@1' = {\n  name: 'x'\n", []string{"3:1 syntax error: expected '}'"}},
		{"comma then newline", "var o = { a: 1,\n b: 2 }\n", []string{"1:16 syntax error: unexpected new line after ','"}},
		{"declaration must end the line", "var a = 1 var b = 2\n", []string{"1:11 syntax error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Parse("t.bicep", []byte(tt.src), 0)
			got := errorsOf(f)
			if len(got) < len(tt.want) {
				t.Fatalf("got %d diagnostics %q, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("diagnostic %d: got %q, want prefix %q (all: %q)", i, got[i], w, got)
				}
			}
			for _, d := range f.Diags {
				if d.Severity != parser.SevError || d.Subject.File != "t.bicep" {
					t.Errorf("bad diagnostic %+v", d)
				}
			}
		})
	}
}

func TestEmptyAndBOMOnly(t *testing.T) {
	for _, src := range []string{"", "\xEF\xBB\xBF", "\xEF\xBB\xBF\r\n", "// only a comment\n"} {
		f := Parse("t.bicep", []byte(src), 0)
		if len(f.Diags) > 0 || len(f.Decls) != 0 {
			t.Errorf("%q: diags %v decls %d", src, f.Diags, len(f.Decls))
		}
	}
	// columns on the first line do not count the BOM
	f := Parse("t.bicep", []byte("\xEF\xBB\xBFvar x = 'a"), 0)
	if len(f.Diags) != 1 || f.Diags[0].Subject.Start.Column != 9 {
		t.Errorf("BOM column: %v", f.Diags)
	}
}

func TestDepthLimit(t *testing.T) {
	const n = 10000
	cases := map[string]string{
		"parens":  "var x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\nvar y = 2\n",
		"arrays":  "var x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\nvar y = 2\n",
		"objects": "var x = " + strings.Repeat("{a:", n) + "1" + strings.Repeat("}", n) + "\nvar y = 2\n",
		"unary":   "var x = " + strings.Repeat("!", n) + "true\nvar y = 2\n",
		"ternary": "var x = " + strings.Repeat("a ? b : ", n) + "c\nvar y = 2\n",
		"strings": "var x = " + strings.Repeat("'${", n) + "1" + strings.Repeat("}'", n) + "\nvar y = 2\n",
		"types":   "type x = " + strings.Repeat("{a:", n) + "string" + strings.Repeat("}", n) + "\nvar y = 2\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			f := Parse("t.bicep", []byte(src), 0)
			found := false
			for _, d := range f.Diags {
				if d.Summary == sumTooDeep {
					found = true
					if !strings.Contains(d.Detail, "200") {
						t.Errorf("detail: %s", d.Detail)
					}
				}
			}
			if !found {
				t.Fatalf("no depth error: %q", errorsOf(f))
			}
			// parsing resumes at the next statement
			last := f.Decls[len(f.Decls)-1]
			if v, ok := last.(*VarDecl); !ok || v.Name != "y" {
				t.Errorf("did not recover: last decl %T", last)
			}
		})
	}
	// within the limit: fine
	src := "var x = " + strings.Repeat("(", 150) + "1" + strings.Repeat(")", 150)
	if f := Parse("t.bicep", []byte(src), 0); len(f.Diags) > 0 {
		t.Errorf("150 levels rejected: %v", f.Diags[0].Error())
	}
	// a custom limit
	src = "var x = " + strings.Repeat("(", 20) + "1" + strings.Repeat(")", 20)
	if f := Parse("t.bicep", []byte(src), 10); len(f.Diags) == 0 {
		t.Error("MaxDepth 10 not enforced")
	}
	// long operator chains are loops, not recursion
	src = "var x = 1" + strings.Repeat(" + 1", 20000)
	if f := Parse("t.bicep", []byte(src), 0); len(f.Diags) > 0 {
		t.Errorf("operator chain: %v", f.Diags[0].Error())
	}
}

func TestRanges(t *testing.T) {
	src := "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'kv'\n  properties: {\n    enableRbacAuthorization: false\n  }\n}\n"
	f := Parse("t.bicep", []byte(src), 0)
	r := f.Decls[0].(*ResourceDecl)
	obj := r.Body.(*Object)
	props := obj.Props[1]
	if props.Key != "properties" || props.KeyRange.Start.Line != 3 || props.KeyRange.Start.Column != 3 {
		t.Errorf("properties key range %v", props.KeyRange)
	}
	flag := props.Value.(*Object).Props[0]
	if flag.Value.Range().String() != "t.bicep:4:30" || f.Text(flag.Value) != "false" {
		t.Errorf("flag range %v %q", flag.Value.Range(), f.Text(flag.Value))
	}
	if r.Range().End.Line != 6 || r.Range().End.Column != 2 {
		t.Errorf("resource end %v", r.Range().End)
	}
}
