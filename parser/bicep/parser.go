package bicep

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/milint/milint/parser"
)

// Summaries of syntax diagnostics that the parser produces (all errors).
const (
	sumUnexpected     = "syntax error"
	sumTooDeep        = "expression nested too deeply"
	sumNoDeclaration  = "decorator has no declaration"
	sumUnknownKeyword = "unknown declaration"
	sumStrayBrace     = "unexpected '}'"
)

type parseState struct {
	f        *File
	s        *source
	toks     []Token
	p        int
	depth    int
	maxDepth int
	tooDeep  bool
	lastErr  int // line of the last reported error (one error per line)
	params   bool
}

// Parse parses a .bicep or .bicepparam file (the kind is chosen by the
// file name's extension) and returns its AST with all lexical and syntax
// diagnostics. It never panics.
func Parse(file string, src []byte, maxDepth int) (f *File) {
	f = &File{Name: file, Src: src}
	defer func() {
		if r := recover(); r != nil {
			f.Diags = append(f.Diags, parser.Diagnostic{Severity: parser.SevError, Summary: "internal error while parsing",
				Detail: fmt.Sprint(r), Subject: parser.Range{File: file, Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1}}})
		}
	}()
	if maxDepth <= 0 {
		maxDepth = parser.DefaultMaxDepth
	}
	s, toks, diags := lex(file, src)
	f.Diags = diags
	ps := &parseState{f: f, s: s, toks: toks, maxDepth: maxDepth, params: strings.HasSuffix(strings.ToLower(file), ".bicepparam")}
	ps.program()
	return f
}

// ---- token helpers ----

func (ps *parseState) tok() Token          { return ps.toks[ps.p] }
func (ps *parseState) kind() TokenKind     { return ps.toks[ps.p].Kind }
func (ps *parseState) at(k TokenKind) bool { return ps.toks[ps.p].Kind == k }
func (ps *parseState) peekKind(n int) TokenKind {
	if ps.p+n < len(ps.toks) {
		return ps.toks[ps.p+n].Kind
	}
	return TEOF
}

func (ps *parseState) next() Token {
	t := ps.toks[ps.p]
	if t.Kind != TEOF {
		ps.p++
	}
	return t
}

func (ps *parseState) text(t Token) string { return string(ps.f.Src[t.Start:t.End]) }

// isKw reports whether the current token is the identifier kw.
func (ps *parseState) isKw(kw string) bool {
	t := ps.toks[ps.p]
	return t.Kind == TIdent && t.End-t.Start == len(kw) && string(ps.f.Src[t.Start:t.End]) == kw
}

func (ps *parseState) isKwAt(i int, kw string) bool {
	if i >= len(ps.toks) {
		return false
	}
	t := ps.toks[i]
	return t.Kind == TIdent && t.End-t.Start == len(kw) && string(ps.f.Src[t.Start:t.End]) == kw
}

func (ps *parseState) skipNewlines() {
	for ps.toks[ps.p].Kind == TNewLine {
		ps.p++
	}
}

// peekPastNewlines returns the index of the next non-newline token.
func (ps *parseState) peekPastNewlines() int {
	i := ps.p
	for ps.toks[i].Kind == TNewLine {
		i++
	}
	return i
}

func (ps *parseState) rng(start, end int) parser.Range { return ps.s.rng(start, end) }

// prevEnd is the end offset of the last consumed token.
func (ps *parseState) prevEnd() int {
	if ps.p == 0 {
		return 0
	}
	return ps.toks[ps.p-1].End
}

func (ps *parseState) spanFrom(start int) span {
	end := ps.prevEnd()
	if end < start {
		end = start
	}
	return span{ps.rng(start, end)}
}

func describe(ps *parseState, t Token) string {
	switch t.Kind {
	case TIdent:
		return fmt.Sprintf("'%s'", ps.text(t))
	case TInt:
		return "integer " + ps.text(t)
	case TNewLine, TEOF:
		return t.Kind.String()
	case TStringComplete, TStringLeft:
		return "string"
	}
	return t.Kind.String()
}

func (ps *parseState) errorAt(t Token, summary, detail string) {
	r := ps.rng(t.Start, t.End)
	if t.Kind == TNewLine || t.Kind == TEOF {
		r.End = r.Start
	}
	ps.errorRange(r, summary, detail)
}

func (ps *parseState) errorRange(r parser.Range, summary, detail string) {
	if r.Start.Line == ps.lastErr {
		return
	}
	ps.lastErr = r.Start.Line
	ps.f.Diags = append(ps.f.Diags, parser.Diagnostic{Severity: parser.SevError, Summary: summary, Detail: detail, Subject: r})
}

// expectf reports that something else was expected at the current token.
func (ps *parseState) expectf(what string) {
	t := ps.tok()
	ps.errorAt(t, sumUnexpected, fmt.Sprintf("expected %s, found %s", what, describe(ps, t)))
}

func (ps *parseState) expect(k TokenKind, what string) bool {
	if ps.at(k) {
		ps.next()
		return true
	}
	ps.expectf(what)
	return false
}

func (ps *parseState) ident(what string) (string, parser.Range, bool) {
	t := ps.tok()
	if t.Kind != TIdent {
		ps.expectf(what)
		return "", ps.rng(t.Start, t.Start), false
	}
	ps.next()
	return ps.text(t), ps.rng(t.Start, t.End), true
}

func isOpener(k TokenKind) bool {
	return k == TLParen || k == TLBrack || k == TLBrace || k == TStringLeft
}
func isCloser(k TokenKind) bool {
	return k == TRParen || k == TRBrack || k == TRBrace || k == TStringRight
}

var topKeywords = map[string]bool{
	"targetScope": true, "metadata": true, "param": true, "var": true, "type": true, "func": true,
	"resource": true, "module": true, "output": true, "import": true, "extension": true, "using": true,
	"extends": true, "test": true, "assert": true, "extensionConfig": true, "provider": true,
}

// skipStatement skips to the end of the current statement: the next new
// line outside brackets, or a new line followed by a declaration keyword
// at the start of a line.
func (ps *parseState) skipStatement() {
	depth := 0
	for {
		t := ps.tok()
		switch {
		case t.Kind == TEOF:
			return
		case t.Kind == TNewLine:
			if depth <= 0 {
				return
			}
			n := ps.toks[ps.p+1]
			if n.Kind == TIdent && topKeywords[ps.text(n)] && ps.s.pos(n.Start).Column == 1 {
				ps.next()
				return
			}
		case isOpener(t.Kind):
			depth++
		case t.Kind == TStringMiddle:
		case isCloser(t.Kind):
			depth--
		}
		ps.next()
	}
}

// skipElement skips the rest of an array/object element: up to a new line
// or comma, or the closing token at nesting level zero.
func (ps *parseState) skipElement(closer TokenKind) {
	depth := 0
	for {
		t := ps.tok()
		switch {
		case t.Kind == TEOF || t.Kind == TNewLine:
			return
		case depth == 0 && (t.Kind == closer || t.Kind == TComma):
			return
		case depth == 0 && isCloser(t.Kind):
			return
		case isOpener(t.Kind):
			depth++
		case t.Kind == TStringMiddle:
		case isCloser(t.Kind):
			depth--
		}
		ps.next()
	}
}

// ---- statements ----

func (ps *parseState) program() {
	for !ps.at(TEOF) {
		if ps.at(TNewLine) {
			ps.next()
			continue
		}
		ps.tooDeep = false
		d := ps.declaration(false)
		if d != nil {
			ps.f.Decls = append(ps.f.Decls, d)
		}
		if !ps.at(TNewLine) && !ps.at(TEOF) {
			if ps.tooDeep {
				ps.skipStatement()
				continue
			}
			if d != nil {
				ps.expectf("new line after the declaration")
			}
			ps.skipStatement()
		}
	}
}

func (ps *parseState) decorators() []*Decorator {
	var decs []*Decorator
	for ps.at(TAt) {
		start := ps.next().Start
		e := ps.postfix(ps.primary())
		d := &Decorator{Expr: e}
		switch x := e.(type) {
		case *Call:
			d.Name = x.Name
		case *MethodCall:
			d.Name = x.Name
		case *Ident:
			d.Name = x.Name
		case *Property:
			d.Name = x.Name
		}
		d.Rng = ps.spanFrom(start).Rng
		decs = append(decs, d)
		if !ps.at(TNewLine) && !ps.at(TEOF) {
			ps.expectf("new line after the decorator")
			ps.skipStatement()
		}
		ps.skipNewlines()
	}
	return decs
}

// declaration parses one statement; nested is set inside a resource body,
// where only resource declarations are allowed.
func (ps *parseState) declaration(nested bool) Decl {
	decs := ps.decorators()
	t := ps.tok()
	if t.Kind != TIdent {
		if len(decs) > 0 {
			ps.errorRange(decs[len(decs)-1].Rng, sumNoDeclaration, "a decorator must be followed by a declaration on the next line")
			return nil
		}
		switch t.Kind {
		case TRBrace:
			ps.errorAt(t, sumStrayBrace, "there is no open block to close here")
		default:
			ps.errorAt(t, sumUnexpected, fmt.Sprintf("expected a declaration, found %s", describe(ps, t)))
		}
		ps.next()
		return nil
	}
	kw := ps.text(t)
	if nested && kw != "resource" {
		ps.errorAt(t, sumUnexpected, "expected a nested resource declaration")
		return nil
	}
	start := t.Start
	switch kw {
	case "targetScope":
		ps.next()
		d := &TargetScopeDecl{}
		if ps.expect(TAssign, "'='") {
			d.Value = ps.expr()
		}
		d.span = ps.spanFrom(start)
		return d
	case "metadata":
		ps.next()
		d := &MetadataDecl{}
		d.Name, _, _ = ps.ident("metadata name")
		if ps.expect(TAssign, "'='") {
			d.Value = ps.expr()
		}
		d.span = ps.spanFrom(start)
		return d
	case "param":
		return ps.paramDecl(decs, start)
	case "var":
		ps.next()
		d := &VarDecl{Decorated: Decorated{decs}}
		d.Name, d.NameRange, _ = ps.ident("variable name")
		if !ps.at(TAssign) && !ps.at(TNewLine) && !ps.at(TEOF) {
			d.Type = ps.typeExpr(false)
		}
		if ps.expect(TAssign, "'='") {
			d.Value = ps.expr()
		}
		d.span = ps.spanFrom(start)
		return d
	case "type":
		ps.next()
		d := &TypeDecl{Decorated: Decorated{decs}}
		d.Name, _, _ = ps.ident("type name")
		if ps.expect(TAssign, "'='") {
			d.Type = ps.typeExpr(false)
		}
		d.span = ps.spanFrom(start)
		return d
	case "func":
		ps.next()
		d := &FuncDecl{Decorated: Decorated{decs}}
		d.Name, _, _ = ps.ident("function name")
		d.Lambda = ps.typedLambda()
		d.span = ps.spanFrom(start)
		return d
	case "resource":
		return ps.resourceDecl(decs, start)
	case "module":
		ps.next()
		d := &ModuleDecl{Decorated: Decorated{decs}}
		d.Name, d.NameRange, _ = ps.ident("module name")
		d.Path = ps.stringLit("module path string")
		if ps.expect(TAssign, "'='") {
			ps.newlinesBeforeIf()
			d.Body = ps.declBody()
		}
		d.span = ps.spanFrom(start)
		return d
	case "output":
		ps.next()
		d := &OutputDecl{Decorated: Decorated{decs}}
		d.Name, _, _ = ps.ident("output name")
		d.Type = ps.typeExpr(true)
		if ps.expect(TAssign, "'='") {
			d.Value = ps.expr()
		}
		d.span = ps.spanFrom(start)
		return d
	case "import":
		return ps.importDecl(decs, start)
	case "extension":
		ps.next()
		d := &ExtensionDecl{Decorated: Decorated{decs}}
		switch ps.kind() {
		case TIdent:
			n, r, _ := ps.ident("extension name")
			d.Spec = &Ident{span{r}, n}
		case TStringComplete, TStringLeft:
			d.Spec = ps.stringLit("extension specification")
		default:
			ps.expectf("extension name or specification string")
			return nil
		}
		ps.withAs(&d.With, &d.Alias)
		d.span = ps.spanFrom(start)
		return d
	case "using":
		ps.next()
		d := &UsingDecl{}
		if ps.isKw("none") {
			ps.next()
		} else {
			d.Path = ps.stringLit("template path string")
		}
		if ps.isKw("with") {
			ps.next()
			d.With = ps.expr()
		}
		d.span = ps.spanFrom(start)
		return d
	case "extends":
		ps.next()
		d := &ExtendsDecl{Path: ps.stringLit("parameters file path string")}
		d.span = ps.spanFrom(start)
		return d
	case "test":
		ps.next()
		d := &OtherDecl{Decorated: Decorated{decs}, Keyword: kw}
		d.Name, _, _ = ps.ident("test name")
		ps.stringLit("test file path string")
		if ps.expect(TAssign, "'='") {
			d.Value = ps.expr()
		}
		d.span = ps.spanFrom(start)
		return d
	case "assert":
		ps.next()
		d := &OtherDecl{Decorated: Decorated{decs}, Keyword: kw}
		d.Name, _, _ = ps.ident("assertion name")
		if ps.expect(TAssign, "'='") {
			d.Value = ps.expr()
		}
		d.span = ps.spanFrom(start)
		return d
	case "extensionConfig":
		ps.next()
		d := &OtherDecl{Decorated: Decorated{decs}, Keyword: kw}
		d.Name, _, _ = ps.ident("extension alias")
		if ps.isKw("with") {
			ps.next()
			d.Value = ps.expr()
		} else {
			ps.expectf("'with'")
		}
		d.span = ps.spanFrom(start)
		return d
	}
	if len(decs) > 0 {
		ps.errorRange(decs[len(decs)-1].Rng, sumNoDeclaration, fmt.Sprintf("a decorator must be followed by a declaration, found '%s'", kw))
		return nil
	}
	ps.errorAt(t, sumUnknownKeyword, fmt.Sprintf("'%s' is not a declaration keyword; expected param, var, resource, module, output, type, func, import, extension, metadata or targetScope", kw))
	ps.next()
	return nil
}

func (ps *parseState) paramDecl(decs []*Decorator, start int) Decl {
	ps.next()
	d := &ParamDecl{Decorated: Decorated{decs}}
	var ok bool
	d.Name, d.NameRange, ok = ps.ident("parameter name")
	if !ok {
		return d
	}
	if !ps.at(TAssign) {
		if ps.at(TNewLine) || ps.at(TEOF) {
			ps.expectf("parameter type")
		} else {
			d.Type = ps.typeExpr(false)
		}
	}
	if ps.at(TAssign) {
		ps.next()
		d.Default = ps.expr()
	} else if !ps.at(TNewLine) && !ps.at(TEOF) {
		ps.expectf("'=' or new line after the parameter type")
	}
	d.span = ps.spanFrom(start)
	return d
}

func (ps *parseState) resourceDecl(decs []*Decorator, start int) Decl {
	ps.next()
	d := &ResourceDecl{Decorated: Decorated{decs}}
	var ok bool
	d.Name, d.NameRange, ok = ps.ident("resource symbolic name")
	if !ok {
		return d
	}
	d.Type = ps.stringLit("resource type string")
	if d.Type == nil {
		d.span = ps.spanFrom(start)
		return d
	}
	if ps.isKw("existing") {
		ps.next()
		d.Existing = true
	}
	if ps.expect(TAssign, "'='") {
		ps.newlinesBeforeIf()
		d.Body = ps.declBody()
	}
	d.span = ps.spanFrom(start)
	return d
}

// newlinesBeforeIf skips new lines between '=' and an 'if' body.
func (ps *parseState) newlinesBeforeIf() {
	if ps.isKwAt(ps.peekPastNewlines(), "if") {
		ps.skipNewlines()
	}
}

// declBody parses a resource or module body: {..}, if (c) {..} or [for ...].
func (ps *parseState) declBody() Expr {
	switch {
	case ps.at(TLBrace):
		return ps.object(true)
	case ps.isKw("if"):
		return ps.ifBody()
	case ps.at(TLBrack):
		return ps.forExpr(true)
	}
	ps.expectf("'{', 'if' or '[for'")
	t := ps.tok()
	return &BadExpr{span{ps.rng(t.Start, t.Start)}}
}

func (ps *parseState) ifBody() Expr {
	start := ps.next().Start // if
	d := &If{}
	if !ps.at(TLParen) {
		ps.expectf("'(' after 'if'")
		d.Cond = &BadExpr{ps.spanFrom(start)}
		d.span = ps.spanFrom(start)
		return d
	}
	d.Cond = ps.primary()
	ps.skipNewlines()
	if ps.at(TLBrace) {
		d.Body = ps.object(true)
	} else {
		ps.expectf("'{' after the condition")
		d.Body = &BadExpr{ps.spanFrom(start)}
	}
	d.span = ps.spanFrom(start)
	return d
}

func (ps *parseState) importDecl(decs []*Decorator, start int) Decl {
	ps.next()
	d := &ImportDecl{Decorated: Decorated{decs}}
	switch ps.kind() {
	case TLBrace:
		ps.next()
		for {
			ps.skipNewlines()
			if ps.at(TRBrace) || ps.at(TEOF) {
				break
			}
			if isCloser(ps.kind()) {
				// a closer of another bracket: the list is broken
				ps.expectf("'}'")
				return d
			}
			var it ImportItem
			switch ps.kind() {
			case TIdent:
				it.Name = ps.text(ps.next())
			case TStringComplete:
				s := ps.stringLit("")
				it.Name = s.Parts[0]
			default:
				ps.expectf("imported symbol name")
				ps.skipElement(TRBrace)
				if ps.at(TComma) {
					ps.next()
				}
				continue
			}
			it.Alias = it.Name
			if ps.isKw("as") {
				ps.next()
				it.Alias, _, _ = ps.ident("alias")
			}
			d.Items = append(d.Items, it)
			if ps.at(TComma) {
				ps.next()
			} else if !ps.at(TNewLine) && !ps.at(TRBrace) {
				ps.expectf("',' or '}'")
				ps.skipElement(TRBrace)
			}
		}
		ps.expect(TRBrace, "'}'")
	case TStar:
		ps.next()
		if ps.isKw("as") {
			ps.next()
			d.Wildcard, _, _ = ps.ident("namespace alias")
		} else {
			ps.expectf("'as'")
		}
	case TStringComplete, TStringLeft:
		// legacy: import 'az@1.0.0' [with {...}] [as alias]
		d.From = ps.stringLit("")
		ps.withAs(&d.With, &d.Alias)
		d.span = ps.spanFrom(start)
		return d
	default:
		ps.expectf("'{', '*' or a string after 'import'")
		return d
	}
	if ps.isKw("from") {
		ps.next()
		d.From = ps.stringLit("import source string")
	} else {
		ps.expectf("'from'")
	}
	d.span = ps.spanFrom(start)
	return d
}

func (ps *parseState) withAs(with *Expr, alias *string) {
	if ps.isKw("with") {
		ps.next()
		*with = ps.expr()
	}
	if ps.isKw("as") {
		ps.next()
		*alias, _, _ = ps.ident("alias")
	}
}

// stringLit parses a string (possibly interpolated); nil and an error if
// the current token is not a string.
func (ps *parseState) stringLit(what string) *String {
	if !ps.at(TStringComplete) && !ps.at(TStringLeft) {
		if what != "" {
			ps.expectf(what)
		}
		return nil
	}
	return ps.str()
}

// ---- expressions ----

func (ps *parseState) enter() bool {
	ps.depth++
	if ps.depth > ps.maxDepth {
		if !ps.tooDeep {
			ps.tooDeep = true
			t := ps.tok()
			ps.lastErr = 0
			ps.errorAt(t, sumTooDeep, fmt.Sprintf("expressions may nest at most %d levels deep", ps.maxDepth))
		}
		return false
	}
	return !ps.tooDeep
}

func (ps *parseState) leave() { ps.depth-- }

func (ps *parseState) bad() Expr {
	t := ps.tok()
	return &BadExpr{span{ps.rng(t.Start, t.Start)}}
}

// expr parses a full expression including the ternary operator.
func (ps *parseState) expr() Expr {
	defer ps.leave()
	if !ps.enter() {
		return ps.bad()
	}
	start := ps.tok().Start
	cond := ps.binary(0)
	i := ps.peekPastNewlines()
	if ps.toks[i].Kind != TQuestion {
		return cond
	}
	ps.p = i
	ps.next()
	ps.skipNewlines()
	t := &Ternary{Cond: cond}
	t.Then = ps.expr()
	i = ps.peekPastNewlines()
	if ps.toks[i].Kind == TColon {
		ps.p = i
		ps.next()
		ps.skipNewlines()
		t.Else = ps.expr()
	} else {
		ps.expectf("':' in the conditional expression")
		t.Else = ps.bad()
	}
	t.span = ps.spanFrom(start)
	return t
}

func precedence(k TokenKind) int {
	switch k {
	case TStar, TSlash, TPercent:
		return 100
	case TPlus, TMinus:
		return 90
	case TLess, TLessEq, TGreater, TGreaterEq:
		return 80
	case TEq, TNotEq, TEqI, TNotEqI:
		return 70
	case TAnd:
		return 50
	case TOr:
		return 40
	case TCoalesce:
		return 30
	}
	return -1
}

func (ps *parseState) binary(minPrec int) Expr {
	start := ps.tok().Start
	left := ps.unary()
	for {
		op := ps.kind()
		prec := precedence(op)
		if prec <= minPrec {
			return left
		}
		ps.next()
		right := ps.binary(prec)
		b := &Binary{Op: op, L: left, R: right}
		b.span = ps.spanFrom(start)
		left = b
	}
}

func (ps *parseState) unary() Expr {
	switch ps.kind() {
	case TBang, TMinus, TPlus:
		defer ps.leave()
		if !ps.enter() {
			return ps.bad()
		}
		t := ps.next()
		u := &Unary{Op: t.Kind, X: ps.unary()}
		u.span = ps.spanFrom(t.Start)
		return u
	}
	return ps.postfix(ps.primary())
}

func (ps *parseState) postfix(x Expr) Expr {
	start := x.Range().Start.Byte
	for {
		switch ps.kind() {
		case TLBrack:
			ps.next()
			ix := &Index{Target: x}
			if ps.at(TQuestion) {
				ps.next()
				ix.Safe = true
			}
			if ps.at(THat) {
				ps.next()
				ix.FromEnd = true
			}
			ps.skipNewlines()
			if ps.at(TRBrack) {
				ps.expectf("index expression")
				ix.Index = ps.bad()
			} else {
				ix.Index = ps.expr()
			}
			ps.skipNewlines()
			ps.expect(TRBrack, "']'")
			ix.span = ps.spanFrom(start)
			x = ix
		case TDot:
			ps.next()
			safe := false
			if ps.at(TQuestion) {
				ps.next()
				safe = true
			}
			name, nr, ok := ps.ident("property or function name")
			if !ok {
				b := &BadExpr{ps.spanFrom(start)}
				return b
			}
			if ps.at(TLParen) {
				args := ps.args()
				m := &MethodCall{Target: x, Name: name, Args: args}
				m.span = ps.spanFrom(start)
				x = m
				continue
			}
			pr := &Property{Target: x, Name: name, NameRange: nr, Safe: safe}
			pr.span = ps.spanFrom(start)
			x = pr
		case TDoubleColon:
			ps.next()
			name, _, ok := ps.ident("nested resource name")
			if !ok {
				return &BadExpr{ps.spanFrom(start)}
			}
			ra := &ResourceAccess{Target: x, Name: name}
			ra.span = ps.spanFrom(start)
			x = ra
		case TBang:
			ps.next()
			n := &NonNull{X: x}
			n.span = ps.spanFrom(start)
			x = n
		default:
			return x
		}
	}
}

// args parses (a, b, ...) allowing new lines around arguments.
func (ps *parseState) args() []Expr {
	ps.next() // (
	var args []Expr
	ps.skipNewlines()
	for !ps.at(TRParen) && !ps.at(TEOF) {
		a := ps.expr()
		args = append(args, a)
		ps.skipNewlines()
		if ps.at(TComma) {
			ps.next()
			ps.skipNewlines()
			continue
		}
		if !ps.at(TRParen) {
			ps.expectf("',' or ')'")
			// skip to the closing paren on this statement
			ps.skipElement(TRParen)
			ps.skipNewlines()
			if ps.at(TComma) {
				ps.next()
				continue
			}
			if !ps.at(TRParen) {
				return args
			}
		}
	}
	ps.expect(TRParen, "')'")
	return args
}

func (ps *parseState) primary() Expr {
	if ps.tooDeep {
		return ps.bad()
	}
	t := ps.tok()
	switch t.Kind {
	case TInt:
		ps.next()
		l := &Literal{span: span{ps.rng(t.Start, t.End)}, Kind: LitInt}
		n, err := strconv.ParseInt(ps.text(t), 10, 64)
		if err != nil {
			ps.errorAt(t, sumUnexpected, "integer literal out of range")
		}
		l.Int = n
		return l
	case TStringComplete, TStringLeft:
		return ps.str()
	case TLBrace:
		return ps.object(false)
	case TLBrack:
		if ps.isKwAt(ps.peekPastNewlinesFrom(ps.p+1), "for") {
			return ps.forExpr(false)
		}
		return ps.array()
	case TLParen:
		return ps.parenOrLambda()
	case TIdent:
		name := ps.text(t)
		switch name {
		case "true", "false":
			ps.next()
			return &Literal{span: span{ps.rng(t.Start, t.End)}, Kind: LitBool, Bool: name == "true"}
		case "null":
			ps.next()
			return &Literal{span: span{ps.rng(t.Start, t.End)}, Kind: LitNull}
		}
		ps.next()
		if ps.at(TLParen) {
			c := &Call{Name: name, NameRange: ps.rng(t.Start, t.End)}
			c.Args = ps.args()
			c.span = ps.spanFrom(t.Start)
			return c
		}
		if ps.at(TArrow) {
			ps.next()
			l := &Lambda{Params: []string{name}}
			ps.lambdaBody(l)
			l.span = ps.spanFrom(t.Start)
			return l
		}
		return &Ident{span{ps.rng(t.Start, t.End)}, name}
	}
	ps.expectf("an expression")
	if t.Kind != TNewLine && t.Kind != TEOF && !isCloser(t.Kind) && t.Kind != TComma && t.Kind != TStringMiddle {
		ps.next()
	}
	return &BadExpr{span{ps.rng(t.Start, t.End)}}
}

func (ps *parseState) peekPastNewlinesFrom(i int) int {
	for i < len(ps.toks) && ps.toks[i].Kind == TNewLine {
		i++
	}
	return i
}

func (ps *parseState) lambdaBody(l *Lambda) {
	i := ps.peekPastNewlines()
	if !(ps.toks[i].Kind == TIdent && topKeywords[ps.text(ps.toks[i])]) {
		ps.skipNewlines()
	}
	l.Body = ps.expr()
}

func (ps *parseState) parenOrLambda() Expr {
	if ps.tooDeep {
		return ps.bad()
	}
	start := ps.tok().Start
	items := ps.args()
	if ps.at(TArrow) {
		ps.next()
		l := &Lambda{}
		for _, it := range items {
			if id, ok := it.(*Ident); ok {
				l.Params = append(l.Params, id.Name)
			} else {
				ps.errorRange(it.Range(), sumUnexpected, "expected a lambda parameter name")
			}
		}
		ps.lambdaBody(l)
		l.span = ps.spanFrom(start)
		return l
	}
	p := &Paren{}
	switch len(items) {
	case 1:
		p.X = items[0]
	case 0:
		ps.errorRange(ps.spanFrom(start).Rng, sumUnexpected, "expected an expression inside the parentheses")
		p.X = &BadExpr{ps.spanFrom(start)}
	default:
		ps.errorRange(items[1].Range(), sumUnexpected, "expected ')' : a parenthesized expression holds one expression (or use '=>' for a lambda)")
		p.X = items[0]
	}
	p.span = ps.spanFrom(start)
	return p
}

// typedLambda parses (a string, b int) type => body for func declarations.
func (ps *parseState) typedLambda() *Lambda {
	start := ps.tok().Start
	l := &Lambda{}
	if !ps.expect(TLParen, "'('") {
		l.span = ps.spanFrom(start)
		l.Body = ps.bad()
		return l
	}
	ps.skipNewlines()
	for !ps.at(TRParen) && !ps.at(TEOF) {
		name, _, ok := ps.ident("parameter name")
		if !ok {
			ps.skipElement(TRParen)
			break
		}
		l.Params = append(l.Params, name)
		ps.typeExpr(false)
		ps.skipNewlines()
		if ps.at(TComma) {
			ps.next()
			ps.skipNewlines()
		} else if !ps.at(TRParen) {
			ps.expectf("',' or ')'")
			ps.skipElement(TRParen)
			break
		}
	}
	ps.expect(TRParen, "')'")
	if !ps.at(TArrow) {
		ps.typeExpr(false)
	}
	if ps.expect(TArrow, "'=>'") {
		ps.lambdaBody(l)
	} else {
		l.Body = ps.bad()
	}
	l.span = ps.spanFrom(start)
	return l
}

// elements parses the members of an array or object, separated by new
// lines or commas, up to the closer (not consumed).
func (ps *parseState) elements(closer TokenKind, elem func()) {
	ps.skipNewlines()
	for !ps.at(closer) && !ps.at(TEOF) {
		if ps.tooDeep {
			ps.skipElement(closer)
			if ps.at(TNewLine) || ps.at(TComma) {
				ps.next()
				continue
			}
			return
		}
		before := ps.p
		elem()
		switch {
		case ps.at(TComma):
			ps.next()
			if ps.at(TNewLine) {
				ps.errorAt(ps.tok(), sumUnexpected, "unexpected new line after ','; separate elements with either new lines or commas")
			}
			ps.skipNewlines()
		case ps.at(TNewLine):
			ps.skipNewlines()
		case ps.at(closer) || ps.at(TEOF):
		default:
			ps.expectf("new line or ',' between elements")
			ps.skipElement(closer)
			if ps.p == before && !ps.at(closer) && !ps.at(TEOF) && !ps.at(TNewLine) && !ps.at(TComma) {
				// a closer of another bracket: give up on this list
				return
			}
		}
	}
}

func (ps *parseState) object(resourceBody bool) Expr {
	if ps.tooDeep {
		return ps.bad()
	}
	start := ps.next().Start // {
	o := &Object{}
	ps.elements(TRBrace, func() {
		t := ps.tok()
		if resourceBody && (t.Kind == TAt || (ps.isKw("resource") && ps.peekKind(1) == TIdent)) {
			d := ps.declaration(true)
			if r, ok := d.(*ResourceDecl); ok {
				o.Resources = append(o.Resources, r)
				o.Order = append(o.Order, r)
			}
			return
		}
		switch t.Kind {
		case TEllipsis:
			ps.next()
			sp := &Spread{X: ps.expr()}
			sp.span = ps.spanFrom(t.Start)
			o.Spreads = append(o.Spreads, sp)
			o.Order = append(o.Order, sp)
			return
		case TIdent:
			ps.next()
			prop := &ObjectProp{Key: ps.text(t), KeyRange: ps.rng(t.Start, t.End)}
			ps.propValue(o, prop)
		case TStringComplete, TStringLeft:
			s := ps.str()
			prop := &ObjectProp{KeyExpr: s, KeyRange: s.Rng}
			if len(s.Holes) == 0 {
				prop.Key = s.Parts[0]
			}
			ps.propValue(o, prop)
		default:
			ps.expectf("property name")
			if t.Kind != TRBrace {
				ps.skipElement(TRBrace)
			}
		}
	})
	if !ps.expect(TRBrace, "'}' to close the object") {
		o.span = ps.spanFrom(start)
		return o
	}
	o.span = ps.spanFrom(start)
	return o
}

func (ps *parseState) propValue(o *Object, prop *ObjectProp) {
	if !ps.expect(TColon, "':' after the property name") {
		ps.skipElement(TRBrace)
		return
	}
	prop.Value = ps.expr()
	o.Props = append(o.Props, prop)
	o.Order = append(o.Order, prop)
}

func (ps *parseState) array() Expr {
	if ps.tooDeep {
		return ps.bad()
	}
	start := ps.next().Start // [
	a := &Array{}
	ps.elements(TRBrack, func() {
		t := ps.tok()
		if t.Kind == TEllipsis {
			ps.next()
			sp := &Spread{X: ps.expr()}
			sp.span = ps.spanFrom(t.Start)
			a.Items = append(a.Items, sp)
			return
		}
		a.Items = append(a.Items, ps.expr())
	})
	ps.expect(TRBrack, "']' to close the array")
	a.span = ps.spanFrom(start)
	return a
}

func (ps *parseState) forExpr(declBody bool) Expr {
	if ps.tooDeep {
		return ps.bad()
	}
	start := ps.next().Start // [
	ps.skipNewlines()
	f := &For{}
	if !ps.isKw("for") {
		ps.expectf("'for'")
		ps.skipElement(TRBrack)
		ps.expect(TRBrack, "']'")
		f.Collection, f.Body = ps.bad(), ps.bad()
		f.span = ps.spanFrom(start)
		return f
	}
	ps.next()
	switch ps.kind() {
	case TIdent:
		f.Item = ps.text(ps.next())
	case TLParen:
		ps.next()
		f.Item, _, _ = ps.ident("loop item variable")
		if ps.expect(TComma, "','") {
			f.IndexVar, _, _ = ps.ident("loop index variable")
		}
		ps.expect(TRParen, "')'")
	default:
		ps.expectf("loop variable or '('")
	}
	if ps.isKw("in") {
		ps.next()
	} else {
		ps.expectf("'in'")
	}
	f.Collection = ps.expr()
	if ps.expect(TColon, "':'") {
		ps.skipNewlines()
		if declBody {
			switch {
			case ps.at(TLBrace):
				f.Body = ps.object(true)
			case ps.isKw("if"):
				f.Body = ps.ifBody()
			default:
				ps.expectf("'{' or 'if'")
				f.Body = ps.bad()
			}
		} else {
			f.Body = ps.expr()
		}
	} else {
		f.Body = ps.bad()
	}
	ps.skipNewlines()
	if !ps.expect(TRBrack, "']' to close the for-expression") {
		ps.skipElement(TRBrack)
		if ps.at(TRBrack) {
			ps.next()
		}
	}
	f.span = ps.spanFrom(start)
	return f
}

// str parses a string token sequence with interpolation holes.
func (ps *parseState) str() *String {
	t := ps.next()
	s := &String{Multi: t.Multi}
	s.Parts = append(s.Parts, ps.pieceValue(t, true))
	if t.Kind == TStringComplete {
		s.span = span{ps.rng(t.Start, t.End)}
		return s
	}
	for {
		if ps.tooDeep {
			// skip the rest of the string
			for !ps.at(TEOF) && !ps.at(TStringRight) {
				ps.next()
			}
		} else {
			s.Holes = append(s.Holes, ps.expr())
		}
		pt := ps.tok()
		switch pt.Kind {
		case TStringMiddle:
			ps.next()
			s.Parts = append(s.Parts, ps.pieceValue(pt, false))
			continue
		case TStringRight:
			ps.next()
			s.Parts = append(s.Parts, ps.pieceValue(pt, false))
		default:
			ps.errorAt(pt, sumUnexpected, fmt.Sprintf("expected '}' to close the string interpolation, found %s", describe(ps, pt)))
			s.Parts = append(s.Parts, "")
			// skip to the end of the string, if it is on this line
			for !ps.at(TEOF) && !ps.at(TNewLine) && !ps.at(TStringRight) {
				ps.next()
			}
			if ps.at(TStringRight) {
				ps.next()
			}
		}
		break
	}
	s.span = ps.spanFrom(t.Start)
	return s
}

// pieceValue decodes the literal text of one string token.
func (ps *parseState) pieceValue(t Token, first bool) string {
	raw := ps.f.Src[t.Start:t.End]
	if t.Multi {
		if first {
			// strip $..$'''
			raw = raw[int(t.Dollars)+3:]
		} else {
			raw = raw[1:] // }
		}
		switch t.Kind {
		case TStringComplete, TStringRight:
			if len(raw) >= 3 && string(raw[len(raw)-3:]) == "'''" {
				raw = raw[:len(raw)-3]
			}
		default:
			raw = raw[:max(0, len(raw)-int(t.Dollars)-1)]
		}
		if first {
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			} else if len(raw) > 1 && raw[0] == '\r' && raw[1] == '\n' {
				raw = raw[2:]
			}
		}
		return string(raw)
	}
	raw = raw[1:]
	switch t.Kind {
	case TStringComplete, TStringRight:
		if len(raw) > 0 && raw[len(raw)-1] == '\'' {
			raw = raw[:len(raw)-1]
		}
	default:
		if len(raw) >= 2 {
			raw = raw[:len(raw)-2]
		}
	}
	return unescape(raw)
}

func unescape(raw []byte) string {
	if !containsByte(raw, '\\') {
		return string(raw)
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b.WriteByte(c)
			continue
		}
		i++
		switch raw[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			j := i + 1
			if j < len(raw) && raw[j] == '{' {
				k := j + 1
				for k < len(raw) && raw[k] != '}' {
					k++
				}
				if n, err := strconv.ParseUint(string(raw[j+1:k]), 16, 32); err == nil && utf8.ValidRune(rune(n)) {
					b.WriteRune(rune(n))
					i = k
					continue
				}
			}
			b.WriteString(`\u`)
		default:
			b.WriteByte(raw[i])
		}
	}
	return b.String()
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// ---- types ----

// typeExpr parses a type expression. outputPos allows `resource` without
// a type string (outputs).
func (ps *parseState) typeExpr(outputPos bool) *TypeExpr {
	start := ps.tok().Start
	te := &TypeExpr{}
	if ps.isKw("resource") && ps.peekKind(1) != TLess {
		ps.next()
		if ps.at(TStringComplete) || ps.at(TStringLeft) {
			te.Resource = ps.str()
		} else if !outputPos {
			ps.expectf("resource type string")
		}
	} else {
		ps.typeUnion()
	}
	te.span = ps.spanFrom(start)
	te.Text = strings.TrimSpace(ps.f.Text(te))
	return te
}

func (ps *parseState) unionSep() bool {
	if ps.at(TPipe) {
		return true
	}
	return ps.at(TNewLine) && ps.toks[ps.peekPastNewlines()].Kind == TPipe
}

func (ps *parseState) typeUnion() {
	defer ps.leave()
	if !ps.enter() {
		return
	}
	if ps.unionSep() {
		ps.skipNewlines()
		ps.next()
	}
	ps.typeUnary()
	for ps.unionSep() {
		ps.skipNewlines()
		ps.next()
		if ps.at(TNewLine) {
			ps.expectf("a type after '|'")
			return
		}
		ps.typeUnary()
	}
}

func (ps *parseState) typeUnary() {
	if ps.at(TMinus) || ps.at(TBang) || ps.at(TPlus) {
		ps.next()
	}
	ps.typePrimary()
	for {
		switch ps.kind() {
		case TQuestion, TBang:
			ps.next()
			continue
		case TLBrack:
			ps.next()
			switch {
			case ps.at(TRBrack):
			case ps.at(TStar):
				ps.next()
			default:
				ps.expr()
			}
			ps.expect(TRBrack, "']'")
			continue
		case TDot:
			ps.next()
			if ps.at(TStar) {
				ps.next()
				continue
			}
			if _, _, ok := ps.ident("type property name"); !ok {
				return
			}
			if ps.at(TLess) {
				ps.typeArgs()
			}
			continue
		}
		return
	}
}

func (ps *parseState) typeArgs() {
	ps.next() // <
	ps.skipNewlines()
	for !ps.at(TGreater) && !ps.at(TEOF) && !ps.at(TNewLine) {
		ps.typeUnion()
		ps.skipNewlines()
		if ps.at(TComma) {
			ps.next()
			ps.skipNewlines()
			continue
		}
		break
	}
	ps.expect(TGreater, "'>'")
}

func (ps *parseState) typePrimary() {
	if ps.tooDeep {
		return
	}
	t := ps.tok()
	switch t.Kind {
	case TInt:
		ps.next()
	case TIdent:
		ps.next()
		if ps.at(TLess) {
			ps.typeArgs()
		}
	case TStringComplete, TStringLeft:
		ps.str()
	case TLBrace:
		ps.next()
		ps.elements(TRBrace, func() {
			ps.decorators()
			switch ps.kind() {
			case TIdent, TStar:
				ps.next()
			case TStringComplete, TStringLeft:
				ps.str()
			default:
				ps.expectf("property name")
				ps.skipElement(TRBrace)
				return
			}
			if !ps.expect(TColon, "':'") {
				ps.skipElement(TRBrace)
				return
			}
			ps.typeUnion()
		})
		ps.expect(TRBrace, "'}'")
	case TLBrack:
		ps.next()
		ps.elements(TRBrack, func() {
			ps.decorators()
			ps.typeUnion()
		})
		ps.expect(TRBrack, "']'")
	case TLParen:
		ps.next()
		ps.skipNewlines()
		ps.typeUnion()
		ps.skipNewlines()
		ps.expect(TRParen, "')'")
	default:
		ps.expectf("a type")
	}
}
