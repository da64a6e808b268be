package arm

import (
	"fmt"
	"strconv"
	"strings"
)

// The template expression language: a JSON string that starts with '[' and
// ends with ']' is an expression, unless it starts with "[[" (an escaped
// literal: the first '[' is dropped). Inside the brackets:
//
//	expr    := primary postfix*
//	primary := 'string' | integer | name '(' args ')' | ns '.' name '(' args ')'
//	postfix := '.' name | '[' expr ']'
//
// Strings are single-quoted with '' as the escaped quote; integers may be
// negative. Function names are case-insensitive.

type exprKind uint8

const (
	exString exprKind = iota
	exInt
	exCall
	exMember
	exIndex
)

// Expr is one node of a parsed template expression.
type Expr struct {
	Kind exprKind
	// Name: the function name (exCall, as written), the property name
	// (exMember) or the string value (exString).
	Name string
	// Namespace of a user-defined function call (ns.fn()), else "".
	Namespace string
	Int       int64
	Args      []*Expr // exCall
	X         *Expr   // exMember, exIndex: the value accessed
	Index     *Expr   // exIndex
	// Start and End are byte offsets into the expression text (the text
	// between the brackets).
	Start, End int
}

// ExprError is a syntax error in an expression; Offset is a byte offset
// into the expression text.
type ExprError struct {
	Offset int
	Msg    string
}

func (e *ExprError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// IsExpression reports whether a JSON string is a template expression.
func IsExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && s[1] != '['
}

// UnescapeLiteral returns the literal value of a non-expression string:
// "[[x]" becomes "[x]".
func UnescapeLiteral(s string) string {
	if len(s) >= 2 && s[0] == '[' && s[1] == '[' && s[len(s)-1] == ']' {
		return s[1:]
	}
	return s
}

// ParseExpression parses the text between the brackets of an expression.
// maxDepth bounds the nesting of calls and accesses (<= 0: the default).
func ParseExpression(text string, maxDepth int) (*Expr, *ExprError) {
	return parseExpression(text, maxDepth, nil)
}

// parseExpression parses with nodes carved from *slab when it is not nil.
func parseExpression(text string, maxDepth int, slab *[]Expr) (*Expr, *ExprError) {
	if maxDepth <= 0 {
		maxDepth = 200
	}
	p := &exprParser{src: text, maxDepth: maxDepth, slab: slab}
	p.space()
	if p.i >= len(p.src) {
		return nil, &ExprError{Offset: 0, Msg: "empty expression"}
	}
	x := p.expr()
	if p.err != nil {
		return nil, p.err
	}
	p.space()
	if p.i < len(p.src) {
		return nil, &ExprError{Offset: p.i, Msg: "unexpected " + p.describe() + " after the expression"}
	}
	return x, nil
}

type exprParser struct {
	slab     *[]Expr
	src      string
	i        int
	depth    int
	maxDepth int
	err      *ExprError
}

func (p *exprParser) node(x Expr) *Expr {
	if p.slab == nil {
		return &x
	}
	if len(*p.slab) == 0 {
		*p.slab = make([]Expr, 64)
	}
	n := &(*p.slab)[0]
	*p.slab = (*p.slab)[1:]
	*n = x
	return n
}

func (p *exprParser) fail(off int, msg string) {
	if p.err == nil {
		p.err = &ExprError{Offset: off, Msg: msg}
	}
}

func (p *exprParser) describe() string {
	if p.i >= len(p.src) {
		return "end of expression"
	}
	c := p.src[p.i]
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("character %q", rune(c))
	}
	return "'" + string(c) + "'"
}

func (p *exprParser) space() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		case 0xC2:
			// U+00A0 NO-BREAK SPACE, which ARM accepts as a space.
			if p.i+1 < len(p.src) && p.src[p.i+1] == 0xA0 {
				p.i += 2
				continue
			}
			return
		default:
			return
		}
	}
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9'
}

func (p *exprParser) name() string {
	j := p.i
	for j < len(p.src) && isNameByte(p.src[j]) {
		j++
	}
	s := p.src[p.i:j]
	p.i = j
	return s
}

func (p *exprParser) expr() *Expr {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > p.maxDepth {
		p.fail(p.i, "expression nesting too deep")
		return nil
	}
	p.space()
	x := p.primary()
	for p.err == nil {
		p.space()
		if p.i >= len(p.src) {
			break
		}
		switch p.src[p.i] {
		case '.':
			p.i++
			p.space()
			if p.i >= len(p.src) || !isNameByte(p.src[p.i]) {
				p.fail(p.i, "expected a property name after '.', found "+p.describe())
				return nil
			}
			n := p.name()
			x = p.node(Expr{Kind: exMember, Name: n, X: x, Start: x.Start, End: p.i})
		case '[':
			p.i++
			idx := p.expr()
			if p.err != nil {
				return nil
			}
			p.space()
			if p.i >= len(p.src) || p.src[p.i] != ']' {
				p.fail(p.i, "expected ']' after the index, found "+p.describe())
				return nil
			}
			p.i++
			x = p.node(Expr{Kind: exIndex, X: x, Index: idx, Start: x.Start, End: p.i})
		default:
			return x
		}
	}
	return x
}

func (p *exprParser) primary() *Expr {
	if p.i >= len(p.src) {
		p.fail(p.i, "unexpected end of expression")
		return nil
	}
	start := p.i
	c := p.src[p.i]
	switch {
	case c == '\'':
		return p.stringLit()
	case c == '-' || c >= '0' && c <= '9':
		j := p.i
		if c == '-' {
			j++
		}
		d := j
		for j < len(p.src) && p.src[j] >= '0' && p.src[j] <= '9' {
			j++
		}
		if j == d {
			p.fail(p.i, "expected digits after '-'")
			return nil
		}
		// ARM has no float literals; "1.5" is reported below as an
		// unexpected '.' followed by a digit.
		n, err := strconv.ParseInt(p.src[p.i:j], 10, 64)
		if err != nil {
			p.fail(p.i, "integer out of range")
			return nil
		}
		p.i = j
		if p.i < len(p.src) && p.src[p.i] == '.' && p.i+1 < len(p.src) && p.src[p.i+1] >= '0' && p.src[p.i+1] <= '9' {
			p.fail(p.i, "expressions have no decimal numbers (use json('1.5'))")
			return nil
		}
		return p.node(Expr{Kind: exInt, Int: n, Start: start, End: p.i})
	case isNameStart(c):
		n := p.name()
		ns := ""
		// ns.fn( is a user-defined function call.
		save := p.i
		p.space()
		if p.i < len(p.src) && p.src[p.i] == '.' {
			p.i++
			p.space()
			if p.i < len(p.src) && isNameStart(p.src[p.i]) {
				fn := p.name()
				p.space()
				if p.i < len(p.src) && p.src[p.i] == '(' {
					ns, n = n, fn
				} else {
					p.i = save
				}
			} else {
				p.i = save
			}
		} else {
			p.i = save
		}
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != '(' {
			p.fail(p.i, fmt.Sprintf("expected '(' after function name %q, found %s", n, p.describe()))
			return nil
		}
		p.i++
		x := p.node(Expr{Kind: exCall, Name: n, Namespace: ns, Start: start})
		p.space()
		if p.i < len(p.src) && p.src[p.i] == ')' {
			p.i++
			x.End = p.i
			return x
		}
		for {
			a := p.expr()
			if p.err != nil {
				return nil
			}
			x.Args = append(x.Args, a)
			p.space()
			if p.i >= len(p.src) {
				p.fail(start, fmt.Sprintf("unterminated call of %s: missing ')'", n))
				return nil
			}
			switch p.src[p.i] {
			case ',':
				p.i++
				continue
			case ')':
				p.i++
				x.End = p.i
				return x
			}
			p.fail(p.i, fmt.Sprintf("expected ',' or ')' in the arguments of %s, found %s", n, p.describe()))
			return nil
		}
	default:
		p.fail(p.i, "unexpected "+p.describe())
		return nil
	}
}

func (p *exprParser) stringLit() *Expr {
	start := p.i
	j := p.i + 1
	var b *strings.Builder
	seg := j
	for j < len(p.src) {
		if p.src[j] == '\'' {
			if j+1 < len(p.src) && p.src[j+1] == '\'' {
				if b == nil {
					b = &strings.Builder{}
				}
				b.WriteString(p.src[seg : j+1])
				j += 2
				seg = j
				continue
			}
			var s string
			if b == nil {
				s = p.src[seg:j]
			} else {
				b.WriteString(p.src[seg:j])
				s = b.String()
			}
			p.i = j + 1
			return p.node(Expr{Kind: exString, Name: s, Start: start, End: p.i})
		}
		j++
	}
	p.fail(start, "unterminated string literal")
	return nil
}
