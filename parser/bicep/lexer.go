// Package bicep is milint's native Bicep front end: a lexer, a recursive
// descent parser producing an AST where every node carries its source range,
// and a lowering of that AST (with local modules and .bicepparam files) to
// the common model in package parser.
package bicep

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/milint/milint/parser"
)

// TokenKind is the kind of a lexical token.
type TokenKind uint8

// Token kinds.
const (
	TEOF TokenKind = iota
	TNewLine
	TIdent
	TInt
	TStringComplete // 'abc'
	TStringLeft     // 'abc${
	TStringMiddle   // }abc${
	TStringRight    // }abc'
	TAt
	TLBrace
	TRBrace
	TLParen
	TRParen
	TLBrack
	TRBrack
	TComma
	TDot
	TQuestion
	TColon
	TSemicolon
	TAssign
	TPlus
	TMinus
	TStar
	TSlash
	TPercent
	TBang
	TLess
	TGreater
	TLessEq
	TGreaterEq
	TEq
	TNotEq
	TEqI
	TNotEqI
	TAnd
	TOr
	TCoalesce    // ??
	TDoubleColon // ::
	TArrow       // =>
	TPipe
	TEllipsis
	THat
	TDollar
	TUnrecognized
)

var tokenNames = [...]string{
	TEOF: "end of file", TNewLine: "new line", TIdent: "identifier", TInt: "integer",
	TStringComplete: "string", TStringLeft: "string", TStringMiddle: "string piece", TStringRight: "string end",
	TAt: "'@'", TLBrace: "'{'", TRBrace: "'}'", TLParen: "'('", TRParen: "')'", TLBrack: "'['", TRBrack: "']'",
	TComma: "','", TDot: "'.'", TQuestion: "'?'", TColon: "':'", TSemicolon: "';'", TAssign: "'='",
	TPlus: "'+'", TMinus: "'-'", TStar: "'*'", TSlash: "'/'", TPercent: "'%'", TBang: "'!'",
	TLess: "'<'", TGreater: "'>'", TLessEq: "'<='", TGreaterEq: "'>='", TEq: "'=='", TNotEq: "'!='",
	TEqI: "'=~'", TNotEqI: "'!~'", TAnd: "'&&'", TOr: "'||'", TCoalesce: "'??'", TDoubleColon: "'::'",
	TArrow: "'=>'", TPipe: "'|'", TEllipsis: "'...'", THat: "'^'", TDollar: "'$'", TUnrecognized: "unrecognized character",
}

func (k TokenKind) String() string {
	if int(k) < len(tokenNames) {
		return tokenNames[k]
	}
	return fmt.Sprintf("token(%d)", k)
}

// Token is one lexical token. Start and End are byte offsets into the
// source (End exclusive).
type Token struct {
	Kind  TokenKind
	Start int
	End   int
	// Multi is set on the string pieces of a ''' multi-line string.
	Multi bool
	// Dollars is the number of '$' that open an interpolation hole in a
	// $''' multi-line string (0: no interpolation).
	Dollars uint8
}

// source maps byte offsets to parser positions.
type source struct {
	file       string
	src        []byte
	lineStarts []int
	bom        bool
	cache      [4]posCache
	next       int
	lastLine   int
}

type posCache struct{ line, off, col int }

func newSource(file string, src []byte) *source {
	s := &source{file: file, src: src, lineStarts: make([]int, 1, len(src)/30+2)}
	s.bom = len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			s.lineStarts = append(s.lineStarts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	return s
}

func (s *source) pos(off int) parser.Pos {
	if off > len(s.src) {
		off = len(s.src)
	}
	if off < 0 {
		off = 0
	}
	line := s.lineOf(off)
	start := s.lineStarts[line]
	if line == 0 && s.bom && off >= 3 {
		start = 3
	}
	col := 1
	// resume from a cached position on the same line (long lines would
	// otherwise make position lookups quadratic)
	best := -1
	for i, c := range s.cache {
		if c.col > 0 && c.line == line && c.off <= off && c.off >= start && (best < 0 || c.off > s.cache[best].off) {
			best = i
		}
	}
	if best >= 0 {
		start, col = s.cache[best].off, s.cache[best].col
	}
	seg := s.src[start:off]
	ascii := true
	for _, c := range seg {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		col += len(seg)
	} else {
		col += utf8.RuneCount(seg)
	}
	s.cache[s.next] = posCache{line: line, off: off, col: col}
	s.next = (s.next + 1) % len(s.cache)
	return parser.Pos{Line: line + 1, Column: col, Byte: off}
}

// lineOf returns the 0-based line of a byte offset; lookups are mostly
// monotonic, so the last line is tried first.
func (s *source) lineOf(off int) int {
	ls := s.lineStarts
	for _, l := range [2]int{s.lastLine, s.lastLine + 1} {
		if l < len(ls) && ls[l] <= off && (l+1 == len(ls) || off < ls[l+1]) {
			s.lastLine = l
			return l
		}
	}
	l := sort.Search(len(ls), func(i int) bool { return ls[i] > off }) - 1
	s.lastLine = l
	return l
}

func (s *source) rng(start, end int) parser.Range {
	return parser.Range{File: s.file, Start: s.pos(start), End: s.pos(end)}
}

// lexer turns source bytes into tokens.
type lexer struct {
	s     *source
	src   []byte
	i     int
	toks  []Token
	diags parser.Diagnostics
	// stack of open interpolation holes and the braces inside them.
	stack []holeEntry
}

type holeEntry struct {
	brace   bool // an object brace inside a hole
	multi   bool
	dollars uint8
	start   int // where the string started (for diagnostics)
}

// Lex tokenizes src. The last token is always TEOF. Diagnostics report
// unterminated strings, comments and interpolations and unrecognized
// characters.
func Lex(file string, src []byte) ([]Token, parser.Diagnostics) {
	_, toks, diags := lex(file, src)
	return toks, diags
}

func lex(file string, src []byte) (*source, []Token, parser.Diagnostics) {
	l := &lexer{s: newSource(file, src), src: src}
	l.run()
	return l.s, l.toks, l.diags
}

func (l *lexer) errorf(start, end int, summary, detail string) {
	l.diags = append(l.diags, parser.Diagnostic{Severity: parser.SevError, Summary: summary, Detail: detail, Subject: l.s.rng(start, end)})
}

func (l *lexer) emit(k TokenKind, start int) {
	l.toks = append(l.toks, Token{Kind: k, Start: start, End: l.i})
}

func (l *lexer) peek(n int) byte {
	if l.i+n < len(l.src) {
		return l.src[l.i+n]
	}
	return 0
}

func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentPart(c byte) bool  { return isIdentStart(c) || (c >= '0' && c <= '9') }

func (l *lexer) run() {
	l.toks = make([]Token, 0, len(l.src)/6+8)
	if l.s.bom {
		l.i = 3
	}
	lineStart := true
	for l.i < len(l.src) {
		c := l.src[l.i]
		start := l.i
		switch {
		case c == ' ' || c == '\t':
			l.i++
			continue
		case c == '\n' || c == '\r':
			l.i++
			if c == '\r' && l.peek(0) == '\n' {
				l.i++
			}
			l.emit(TNewLine, start)
			lineStart = true
			continue
		case c == '/' && l.peek(1) == '/':
			for l.i < len(l.src) && l.src[l.i] != '\n' && l.src[l.i] != '\r' {
				l.i++
			}
			continue
		case c == '/' && l.peek(1) == '*':
			l.i += 2
			closed := false
			for l.i < len(l.src) {
				if l.src[l.i] == '*' && l.peek(1) == '/' {
					l.i += 2
					closed = true
					break
				}
				l.i++
			}
			if !closed {
				l.errorf(start, start+2, "unterminated multi-line comment", "add */ to close the comment")
			}
			continue
		case c == '#' && lineStart:
			// pragma: #disable-next-line codes, #disable-diagnostics, #restore-diagnostics
			j := l.i + 1
			for j < len(l.src) && (isIdentPart(l.src[j]) || l.src[j] == '-') {
				j++
			}
			word := string(l.src[l.i+1 : j])
			if word == "disable-next-line" || word == "disable-diagnostics" || word == "restore-diagnostics" {
				for l.i < len(l.src) && l.src[l.i] != '\n' && l.src[l.i] != '\r' {
					l.i++
				}
				continue
			}
			l.i++
			l.emit(TUnrecognized, start)
			l.errorf(start, l.i, "unrecognized character '#'", "only #disable-next-line, #disable-diagnostics and #restore-diagnostics pragmas start with #")
		default:
			l.token()
		}
		lineStart = false
	}
	for k := len(l.stack) - 1; k >= 0; k-- {
		e := l.stack[k]
		if !e.brace {
			l.errorf(e.start, e.start+1, "unterminated string interpolation", "a ${ hole is not closed with } before the end of the file")
			break
		}
	}
	l.toks = append(l.toks, Token{Kind: TEOF, Start: len(l.src), End: len(l.src)})
}

func (l *lexer) token() {
	start := l.i
	c := l.src[l.i]
	l.i++
	two := func(next byte, k2, k1 TokenKind) {
		if l.peek(0) == next {
			l.i++
			l.emit(k2, start)
		} else {
			l.emit(k1, start)
		}
	}
	switch c {
	case '{':
		if len(l.stack) > 0 {
			l.stack = append(l.stack, holeEntry{brace: true})
		}
		l.emit(TLBrace, start)
	case '}':
		if n := len(l.stack); n > 0 {
			top := l.stack[n-1]
			if top.brace {
				l.stack = l.stack[:n-1]
				l.emit(TRBrace, start)
				return
			}
			var k TokenKind
			if top.multi {
				k = l.multiString(false, top.dollars, top.start)
			} else {
				k = l.stringSegment(false, top.start)
			}
			if k == TStringRight {
				l.stack = l.stack[:n-1]
			}
			l.toks = append(l.toks, Token{Kind: k, Start: start, End: l.i, Multi: top.multi, Dollars: top.dollars})
			return
		}
		l.emit(TRBrace, start)
	case '(':
		l.emit(TLParen, start)
	case ')':
		l.emit(TRParen, start)
	case '[':
		l.emit(TLBrack, start)
	case ']':
		l.emit(TRBrack, start)
	case '@':
		l.emit(TAt, start)
	case ',':
		l.emit(TComma, start)
	case '.':
		if l.peek(0) == '.' && l.peek(1) == '.' {
			l.i += 2
			l.emit(TEllipsis, start)
		} else {
			l.emit(TDot, start)
		}
	case '?':
		two('?', TCoalesce, TQuestion)
	case ':':
		two(':', TDoubleColon, TColon)
	case ';':
		l.emit(TSemicolon, start)
	case '+':
		l.emit(TPlus, start)
	case '-':
		l.emit(TMinus, start)
	case '*':
		l.emit(TStar, start)
	case '/':
		l.emit(TSlash, start)
	case '%':
		l.emit(TPercent, start)
	case '^':
		l.emit(THat, start)
	case '|':
		two('|', TOr, TPipe)
	case '&':
		if l.peek(0) == '&' {
			l.i++
			l.emit(TAnd, start)
		} else {
			l.emit(TUnrecognized, start)
			l.errorf(start, l.i, "unrecognized character '&'", "did you mean &&?")
		}
	case '!':
		switch l.peek(0) {
		case '=':
			l.i++
			l.emit(TNotEq, start)
		case '~':
			l.i++
			l.emit(TNotEqI, start)
		default:
			l.emit(TBang, start)
		}
	case '<':
		two('=', TLessEq, TLess)
	case '>':
		two('=', TGreaterEq, TGreater)
	case '=':
		switch l.peek(0) {
		case '=':
			l.i++
			l.emit(TEq, start)
		case '~':
			l.i++
			l.emit(TEqI, start)
		case '>':
			l.i++
			l.emit(TArrow, start)
		default:
			l.emit(TAssign, start)
		}
	case '$':
		n := 1
		for l.peek(0) == '$' {
			l.i++
			n++
		}
		if l.peek(0) == '\'' && l.peek(1) == '\'' && l.peek(2) == '\'' {
			l.i += 3
			if n > 255 {
				n = 255
			}
			k := l.multiString(true, uint8(n), start)
			if k == TStringLeft {
				l.stack = append(l.stack, holeEntry{multi: true, dollars: uint8(n), start: start})
			}
			l.toks = append(l.toks, Token{Kind: k, Start: start, End: l.i, Multi: true, Dollars: uint8(n)})
			return
		}
		l.emit(TDollar, start)
	case '\'':
		if l.peek(0) == '\'' && l.peek(1) == '\'' {
			l.i += 2
			k := l.multiString(true, 0, start)
			l.toks = append(l.toks, Token{Kind: k, Start: start, End: l.i, Multi: true})
			return
		}
		k := l.stringSegment(true, start)
		if k == TStringLeft {
			l.stack = append(l.stack, holeEntry{start: start})
		}
		l.emit(k, start)
	default:
		switch {
		case isIdentStart(c):
			for l.i < len(l.src) && isIdentPart(l.src[l.i]) {
				l.i++
			}
			if l.i-start > 255 {
				l.errorf(start, l.i, "identifier too long", "identifiers are limited to 255 characters")
			}
			l.emit(TIdent, start)
		case c >= '0' && c <= '9':
			for l.i < len(l.src) && l.src[l.i] >= '0' && l.src[l.i] <= '9' {
				l.i++
			}
			l.emit(TInt, start)
		default:
			// consume a whole UTF-8 sequence
			if c >= 0x80 {
				_, size := utf8.DecodeRune(l.src[start:])
				l.i = start + size
			}
			l.emit(TUnrecognized, start)
			l.errorf(start, l.i, fmt.Sprintf("unrecognized character %q", string(l.src[start:l.i])), "")
		}
	}
}

// stringSegment scans a single-line string segment after its opening ' or }.
func (l *lexer) stringSegment(first bool, strStart int) TokenKind {
	end := TStringRight
	if first {
		end = TStringComplete
	}
	for {
		if l.i >= len(l.src) {
			l.errorf(strStart, strStart+1, "unterminated string", "add a closing ' to end the string")
			return end
		}
		c := l.src[l.i]
		if c == '\n' || c == '\r' {
			l.errorf(strStart, l.i, "unterminated string", "a single-quoted string cannot span lines; use ''' for a multi-line string")
			return end
		}
		l.i++
		switch c {
		case '\'':
			return end
		case '$':
			if l.peek(0) == '{' {
				l.i++
				if first {
					return TStringLeft
				}
				return TStringMiddle
			}
		case '\\':
			if l.i >= len(l.src) {
				continue
			}
			e := l.src[l.i]
			switch e {
			case '\\', '\'', 'n', 'r', 't', '$':
				l.i++
			case 'u':
				j := l.i + 1
				ok := j < len(l.src) && l.src[j] == '{'
				if ok {
					j++
					k := j
					for j < len(l.src) && isHex(l.src[j]) {
						j++
					}
					ok = j > k && j-k <= 6 && j < len(l.src) && l.src[j] == '}'
				}
				if ok {
					l.i = j + 1
				} else {
					l.errorf(l.i-1, l.i+1, "invalid unicode escape", `use \u{hex} with 1 to 6 hex digits`)
					l.i++
				}
			case '\n', '\r':
				// leave the newline for the unterminated-string check
			default:
				l.errorf(l.i-1, l.i+1, fmt.Sprintf("invalid escape sequence \\%c", e), `valid escapes are \\ \' \n \r \t \$ and \u{hex}`)
				l.i++
			}
		}
	}
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

// multiString scans a ”' string after its opening ”' (or after the } that
// closes a hole).
func (l *lexer) multiString(first bool, dollars uint8, strStart int) TokenKind {
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch c {
		case '$':
			n := 0
			for l.peek(0) == '$' {
				l.i++
				n++
			}
			if dollars > 0 && n >= int(dollars) && l.peek(0) == '{' {
				l.i++
				if first {
					return TStringLeft
				}
				return TStringMiddle
			}
		case '\'':
			n := 0
			for l.peek(0) == '\'' {
				l.i++
				n++
			}
			if n >= 3 {
				if first {
					return TStringComplete
				}
				return TStringRight
			}
		default:
			l.i++
		}
	}
	l.errorf(strStart, strStart+3, "unterminated multi-line string", "add ''' to end the string")
	if first {
		return TStringComplete
	}
	return TStringRight
}
