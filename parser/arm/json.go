// Package arm reads Azure Resource Manager (ARM) JSON templates into the
// common model: a JSONC reader that keeps the position of every value, a
// parser and static evaluator for the template expression language, and the
// lowering of templates (with nested deployments, linked templates and
// parameter files) to a parser.Unit.
//
// Choices a rule author can rely on:
//
//   - Resource.ID is the symbolic name (languageVersion 2.0) or
//     "<type>/<name>" with the evaluated name when static, else the raw
//     expression text; nested children get their full type and name;
//     resources of a nested or linked deployment are prefixed with the
//     deployment's id and ">" and have Module set to it. A duplicate id
//     gets a "#2", "#3"... suffix.
//   - Resource.Range starts at the resource object's '{' (at its key in
//     languageVersion 2.0); TypeRange is the "type" value.
//   - Properties.Range starts at the "properties" key and ends with its
//     value, so a finding about an absent property lands on the line of
//     the key. Every value inside keeps the range of its JSON text; a value
//     computed by an expression has the range of that JSON string, also
//     when it comes from a parameter (default or parameter file) or a
//     variable: the place in the template a person edits. Elements inside
//     an array or object taken from a parameter keep the ranges where they
//     are written (the default, or the parameter file).
//   - A nested deployment's Properties leave out "template".
//   - Unit.Parameters lists the entry's parameters, then those of inner
//     scoped nested and linked templates named "<deployment id>>name".
//   - Values the template cannot decide are unknown; reference() and
//     list*() of a unit resource are references (reference() without
//     'full' has paths under "properties"); deployment-time context is
//     the placeholder strings of the team's model conventions
//     ("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}").
//
// Trees returned by the loader may share nodes with its file cache: treat
// them as read-only.
package arm

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/milint/milint/parser"
)

// ParseJSON reads JSON with comments (JSONC, as Azure accepts it: `//` and
// `/* */` comments, a UTF-8 byte order mark, CRLF line ends and trailing
// commas) into a tree of values. Every value carries the range of its source
// text and every object field the range of its key; fields keep the source
// order. Column numbers count runes; Byte offsets index data (a BOM
// included).
//
// A syntax error stops the reader: it is returned as an error diagnostic at
// the file:line:col where it was found, together with the part of the tree
// read so far (which may be nil). Nesting deeper than maxDepth arrays and
// objects is reported as "nesting too deep" (maxDepth <= 0 means
// parser.DefaultMaxDepth).
//
// The returned strings share one copy of data, so the tree does not alias
// the caller's buffer.
func ParseJSON(file string, data []byte, maxDepth int) (*parser.Value, parser.Diagnostics) {
	if maxDepth <= 0 {
		maxDepth = parser.DefaultMaxDepth
	}
	p := &jsonParser{file: file, src: string(data), line: 1, maxDepth: maxDepth}
	p.presize(data)
	if strings.HasPrefix(p.src, "\uFEFF") {
		p.i = 3
		p.lineOff = 3
	}
	p.skipWS()
	if p.failed {
		return nil, p.diags
	}
	if p.i >= len(p.src) {
		p.errorf(p.here(), "unexpected end of file", "the file holds no JSON value")
		return nil, p.diags
	}
	v := p.value()
	if !p.failed {
		p.skipWS()
		if !p.failed && p.i < len(p.src) {
			p.errorf(p.here(), "unexpected "+p.describe(), "only one top-level value is allowed")
		}
	}
	return v, p.diags
}

type jsonParser struct {
	file     string
	src      string
	i        int
	line     int
	lineOff  int // byte offset where the current line starts
	mbLine   int // last line on which a multi-byte character was seen
	maxDepth int
	depth    int
	failed   bool
	diags    parser.Diagnostics

	// Slabs: values, fields and pointer slices are carved out of chunks to
	// keep the allocation count low.
	vals   []parser.Value
	fields []parser.Field
	fptrs  []*parser.Field
	vptrs  []*parser.Value
	// Scratch stacks for the members of the objects and arrays being read.
	stackF []*parser.Field
	stackV []*parser.Value
	chunk  int
}

func (p *jsonParser) here() parser.Pos { return p.posAt(p.i) }

// posAt returns the position of byte offset off, which must lie on the
// current line.
func (p *jsonParser) posAt(off int) parser.Pos {
	col := off - p.lineOff + 1
	if p.mbLine == p.line {
		col = utf8.RuneCountInString(p.src[p.lineOff:off]) + 1
	}
	return parser.Pos{Line: p.line, Column: col, Byte: off}
}

func (p *jsonParser) rng(start, end parser.Pos) parser.Range {
	return parser.Range{File: p.file, Start: start, End: end}
}

func (p *jsonParser) errorf(at parser.Pos, summary, detail string) {
	if p.failed {
		return
	}
	p.failed = true
	end := at
	end.Column++
	end.Byte++
	p.diags = append(p.diags, parser.Diagnostic{Severity: parser.SevError, Summary: summary, Detail: detail, Subject: p.rng(at, end)})
}

// describe names the character at the cursor for an error message.
func (p *jsonParser) describe() string {
	if p.i >= len(p.src) {
		return "end of file"
	}
	c := p.src[p.i]
	if c >= 0x80 {
		r, _ := utf8.DecodeRuneInString(p.src[p.i:])
		return fmt.Sprintf("character %U", r)
	}
	if c < 0x20 || c == 0x7f {
		return fmt.Sprintf("character %U", rune(c))
	}
	return "'" + string(c) + "'"
}

// presize sizes the slabs from a cheap count of the punctuation: about
// one value per ',', '{' and '[' and one field per ':' (strings holding
// them make it an overestimate, which is cheaper than growing).
func (p *jsonParser) presize(data []byte) {
	if len(data) > 64<<20 {
		return
	}
	nv := bytes.Count(data, []byte{','}) + bytes.Count(data, []byte{'{'}) + bytes.Count(data, []byte{'['}) + 1
	nf := bytes.Count(data, []byte{':'})
	p.vals = make([]parser.Value, nv)
	p.fields = make([]parser.Field, nf)
	p.fptrs = make([]*parser.Field, nf)
	p.vptrs = make([]*parser.Value, nv/2+1)
	p.chunk = 256
}

func (p *jsonParser) newValue() *parser.Value {
	if len(p.vals) == 0 {
		if p.chunk < 4096 {
			p.chunk = max(p.chunk*2, 64)
		}
		p.vals = make([]parser.Value, p.chunk)
	}
	v := &p.vals[0]
	p.vals = p.vals[1:]
	return v
}

func (p *jsonParser) newField() *parser.Field {
	if len(p.fields) == 0 {
		p.fields = make([]parser.Field, max(p.chunk, 64))
	}
	f := &p.fields[0]
	p.fields = p.fields[1:]
	return f
}

func (p *jsonParser) fieldSlice(n int) []*parser.Field {
	if n == 0 {
		return nil
	}
	if len(p.fptrs) < n {
		p.fptrs = make([]*parser.Field, max(n, 4*max(p.chunk, 64)))
	}
	s := p.fptrs[:n:n]
	p.fptrs = p.fptrs[n:]
	return s
}

func (p *jsonParser) valueSlice(n int) []*parser.Value {
	if n == 0 {
		return nil
	}
	if len(p.vptrs) < n {
		p.vptrs = make([]*parser.Value, max(n, 2*max(p.chunk, 64)))
	}
	s := p.vptrs[:n:n]
	p.vptrs = p.vptrs[n:]
	return s
}

// skipWS skips whitespace and comments.
func (p *jsonParser) skipWS() {
	src := p.src
	for p.i < len(src) {
		switch src[p.i] {
		case ' ', '\t', '\r':
			p.i++
		case '\n':
			p.i++
			p.line++
			p.lineOff = p.i
		case '/':
			if p.i+1 >= len(src) {
				return
			}
			switch src[p.i+1] {
			case '/':
				j := p.i + 2
				for j < len(src) && src[j] != '\n' {
					if src[j] >= 0x80 {
						p.mbLine = p.line
					}
					j++
				}
				p.i = j
			case '*':
				start := p.here()
				j := p.i + 2
				for {
					if j+1 >= len(src) {
						p.i = len(src)
						p.errorf(start, "unterminated comment", "a /* comment needs a closing */")
						return
					}
					c := src[j]
					if c == '*' && src[j+1] == '/' {
						j += 2
						break
					}
					if c == '\n' {
						p.line++
						p.lineOff = j + 1
					} else if c >= 0x80 {
						p.mbLine = p.line
					}
					j++
				}
				p.i = j
			default:
				return
			}
		default:
			return
		}
	}
}

func (p *jsonParser) value() *parser.Value {
	if p.i >= len(p.src) {
		p.errorf(p.here(), "unexpected end of file", "a value is missing")
		return nil
	}
	start := p.here()
	switch c := p.src[p.i]; {
	case c == '{':
		return p.object(start)
	case c == '[':
		return p.array(start)
	case c == '"':
		s, ok := p.str(start)
		if !ok {
			return nil
		}
		v := p.newValue()
		v.Kind = parser.KindString
		v.Str = s
		v.Range = p.rng(start, p.here())
		return v
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(start)
	case c >= 'a' && c <= 'z':
		j := p.i
		for j < len(p.src) && (isIdentByte(p.src[j])) {
			j++
		}
		word := p.src[p.i:j]
		v := p.newValue()
		switch word {
		case "true":
			v.Kind, v.Bool = parser.KindBool, true
		case "false":
			v.Kind = parser.KindBool
		case "null":
			v.Kind = parser.KindNull
		default:
			p.errorf(start, "invalid literal '"+truncate(word, 20)+"'", "expected true, false, null, a number, a string, an object or an array")
			return nil
		}
		p.i = j
		v.Range = p.rng(start, p.here())
		return v
	default:
		p.errorf(start, "unexpected "+p.describe(), "expected a value")
		return nil
	}
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func (p *jsonParser) number(start parser.Pos) *parser.Value {
	j := p.i
	src := p.src
	if src[j] == '-' {
		j++
	}
	digits := j
	for j < len(src) && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	ok := j > digits
	if ok && j < len(src) && src[j] == '.' {
		j++
		d := j
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		ok = j > d
	}
	if ok && j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		j++
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		d := j
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		ok = j > d
	}
	if ok && j < len(src) && isIdentByte(src[j]) {
		ok = false
	}
	if !ok {
		p.errorf(start, "invalid number", "")
		return nil
	}
	f, err := strconv.ParseFloat(src[p.i:j], 64)
	if err != nil {
		// Out of range: keep the sign and magnitude as infinity would be
		// lossy; ARM itself rejects such numbers.
		p.errorf(start, "invalid number", "the number is out of range")
		return nil
	}
	p.i = j
	v := p.newValue()
	v.Kind = parser.KindNumber
	v.Num = f
	v.Range = p.rng(start, p.here())
	return v
}

// str reads a string starting at the cursor (a '"').
func (p *jsonParser) str(start parser.Pos) (string, bool) {
	src := p.src
	j := p.i + 1
	for j < len(src) {
		c := src[j]
		if c == '"' {
			s := src[p.i+1 : j]
			p.i = j + 1
			return s, true
		}
		if c == '\\' || c == '\n' {
			break
		}
		if c >= 0x80 {
			p.mbLine = p.line
		}
		j++
	}
	// Slow path: escapes (or an error).
	var b strings.Builder
	b.WriteString(src[p.i+1 : j])
	for j < len(src) {
		c := src[j]
		switch {
		case c == '"':
			p.i = j + 1
			return b.String(), true
		case c == '\n':
			// Azure accepts line breaks inside strings (multi-line
			// scripts); keep counting lines.
			b.WriteByte(c)
			j++
			p.line++
			p.lineOff = j
		case c == '\\':
			if j+1 >= len(src) {
				j++
				continue
			}
			e := src[j+1]
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, n := hex4(src[j+2:])
				if n < 0 {
					p.i = j
					p.errorf(p.here(), "invalid escape sequence", `\u needs four hex digits`)
					return "", false
				}
				j += 4
				if utf16IsHigh(r) && strings.HasPrefix(src[j+2:], `\u`) {
					if r2, n2 := hex4(src[j+4:]); n2 >= 0 && r2 >= 0xDC00 && r2 <= 0xDFFF {
						r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
						j += 6
					}
				}
				b.WriteRune(r)
			default:
				p.i = j
				p.errorf(p.here(), "invalid escape sequence", fmt.Sprintf(`\%c is not a JSON escape`, e))
				return "", false
			}
			j += 2
		default:
			if c >= 0x80 {
				p.mbLine = p.line
			}
			b.WriteByte(c)
			j++
		}
	}
	p.i = len(src)
	p.errorf(start, "unterminated string", "the file ends inside a string")
	return "", false
}

func utf16IsHigh(r rune) bool { return r >= 0xD800 && r <= 0xDBFF }

func hex4(s string) (rune, int) {
	if len(s) < 4 {
		return 0, -1
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, -1
		}
		r = r<<4 | rune(d)
	}
	return r, 4
}

func (p *jsonParser) enter(start parser.Pos) bool {
	p.depth++
	if p.depth > p.maxDepth {
		p.errorf(start, "nesting too deep", fmt.Sprintf("arrays and objects nest more than %d levels", p.maxDepth))
		return false
	}
	return true
}

func (p *jsonParser) object(start parser.Pos) *parser.Value {
	if !p.enter(start) {
		return nil
	}
	defer func() { p.depth-- }()
	p.i++ // '{'
	base := len(p.stackF)
	v := p.newValue()
	v.Kind = parser.KindObject
	finish := func() *parser.Value {
		n := len(p.stackF) - base
		v.Fields = p.fieldSlice(n)
		copy(v.Fields, p.stackF[base:])
		clear(p.stackF[base:])
		p.stackF = p.stackF[:base]
		v.Range = p.rng(start, p.here())
		return v
	}
	for {
		p.skipWS()
		if p.failed {
			return finish()
		}
		if p.i >= len(p.src) {
			p.errorf(p.here(), "unexpected end of file", objectUnclosed)
			return finish()
		}
		c := p.src[p.i]
		if c == '}' {
			p.i++
			return finish()
		}
		if c != '"' {
			p.errorf(p.here(), "unexpected "+p.describe(), "expected a property name in double quotes")
			return finish()
		}
		ks := p.here()
		key, ok := p.str(ks)
		if !ok {
			return finish()
		}
		ke := p.here()
		p.skipWS()
		if p.failed {
			return finish()
		}
		if p.i >= len(p.src) || p.src[p.i] != ':' {
			p.errorf(p.here(), "unexpected "+p.describe(), "expected ':' after the property name")
			return finish()
		}
		p.i++
		p.skipWS()
		if p.failed {
			return finish()
		}
		val := p.value()
		if val != nil {
			f := p.newField()
			f.Key = key
			f.KeyRange = p.rng(ks, ke)
			f.Value = val
			p.stackF = append(p.stackF, f)
		}
		if p.failed || !p.afterMember('}', objectUnclosed, "expected ',' or '}' after an object member") {
			return finish()
		}
	}
}

func (p *jsonParser) array(start parser.Pos) *parser.Value {
	if !p.enter(start) {
		return nil
	}
	defer func() { p.depth-- }()
	p.i++ // '['
	base := len(p.stackV)
	v := p.newValue()
	v.Kind = parser.KindArray
	finish := func() *parser.Value {
		n := len(p.stackV) - base
		v.Items = p.valueSlice(n)
		copy(v.Items, p.stackV[base:])
		clear(p.stackV[base:])
		p.stackV = p.stackV[:base]
		v.Range = p.rng(start, p.here())
		return v
	}
	for {
		p.skipWS()
		if p.failed {
			return finish()
		}
		if p.i >= len(p.src) {
			p.errorf(p.here(), "unexpected end of file", arrayUnclosed)
			return finish()
		}
		if p.src[p.i] == ']' {
			p.i++
			return finish()
		}
		item := p.value()
		if item != nil {
			p.stackV = append(p.stackV, item)
		}
		if p.failed || !p.afterMember(']', arrayUnclosed, "expected ',' or ']' after an array element") {
			return finish()
		}
	}
}

const (
	objectUnclosed = "an object is not closed with '}'"
	arrayUnclosed  = "an array is not closed with ']'"
)

// afterMember reads what follows an object member or an array element:
// ',' (true: another one follows) or the closing bracket (false, consumed).
// Anything else is an error, with unclosed or expected as its detail.
func (p *jsonParser) afterMember(closing byte, unclosed, expected string) bool {
	p.skipWS()
	if p.failed {
		return false
	}
	if p.i >= len(p.src) {
		p.errorf(p.here(), "unexpected end of file", unclosed)
		return false
	}
	switch p.src[p.i] {
	case ',':
		p.i++
		return true
	case closing:
		p.i++
		return false
	}
	p.errorf(p.here(), "unexpected "+p.describe(), expected)
	return false
}
