package arm

import (
	"fmt"
	"strings"

	"github.com/milint/milint/parser"
)

// Limits of the static evaluator. They keep hostile templates from
// exhausting memory or time; past them a value simply stays unknown.
const (
	maxCopyCount   = 1000     // elements of one copy loop that are expanded
	maxExpandTotal = 200000   // elements expanded by all copy loops of a load
	maxStringLen   = 1 << 20  // longest string a function builds
	maxEvalDepth   = 400      // nested evaluation (variables, calls)
	maxStringTotal = 64 << 20 // bytes of strings functions may build in one load
)

// spend accounts for n bytes of built strings; false once the load's
// budget is used up.
func (st *loadState) spend(n int) bool {
	st.strBytes += n
	return st.strBytes <= maxStringTotal
}

// evaluator evaluates template JSON and expressions in one scope: the
// parameters and variables of one template (an inner-scoped nested
// deployment has its own evaluator).
type evaluator struct {
	st       *loadState
	file     string
	module   string // id of the enclosing deployment resource, "" at top
	lang2    bool   // languageVersion 2.0: symbolic names
	params   map[string]*param
	paramSeq []*param
	vars     map[string]*variable
	copies   []copyBinding
	varStack []string
	depth    int
}

type copyBinding struct {
	name  string // lower-case loop name
	index int
}

type param struct {
	name     string
	typ      string
	decl     *parser.Value
	keyRange parser.Range
	def      *parser.Value // raw default, or nil
	// Supplied values, strongest first: an already evaluated value
	// (LoadModule), a raw value to evaluate in another scope (the
	// parameters of an inner-scoped nested deployment), a literal from a
	// parameter file.
	given     *parser.Value
	givenRaw  *parser.Value
	givenIn   *evaluator
	fileValue *parser.Value
	state     uint8
	val       *parser.Value
	defState  uint8
	defVal    *parser.Value
}

type variable struct {
	name     string
	raw      *parser.Value
	keyRange parser.Range
	copySpec *parser.Value // from variables.copy: {name, count, input}
	state    uint8
	val      *parser.Value
}

const (
	stNone uint8 = iota
	stBusy
	stDone
)

// ectx is the context of one expression string being evaluated.
type ectx struct {
	src string       // the text between the brackets
	r   parser.Range // the range of the JSON string
}

func newEvaluator(st *loadState, file, module string) *evaluator {
	e := &evaluator{st: st, file: file, module: module, params: map[string]*param{}, vars: map[string]*variable{}}
	st.evals = append(st.evals, e)
	return e
}

// reset forgets memoised results (after the first pass, once every
// resource is known, references resolve better).
func (e *evaluator) reset() {
	for _, p := range e.params {
		p.state, p.val = stNone, nil
		p.defState, p.defVal = stNone, nil
	}
	for _, v := range e.vars {
		v.state, v.val = stNone, nil
	}
}

// declare reads the parameters and variables sections of a template.
func (e *evaluator) declare(tmpl *parser.Value) {
	if ps := tmpl.Get("parameters"); ps != nil && ps.Kind == parser.KindObject {
		for _, f := range ps.Fields {
			p := &param{name: f.Key, decl: f.Value, keyRange: f.KeyRange}
			if f.Value.Kind == parser.KindObject {
				if t, ok := f.Value.Get("type").String(); ok {
					p.typ = t
				}
				p.def = f.Value.Get("defaultValue")
			}
			e.params[strings.ToLower(f.Key)] = p
			e.paramSeq = append(e.paramSeq, p)
		}
	}
	if vs := tmpl.Get("variables"); vs != nil && vs.Kind == parser.KindObject {
		for _, f := range vs.Fields {
			if f.Key == "copy" && f.Value.Kind == parser.KindArray {
				for _, spec := range f.Value.Items {
					n, ok := spec.Get("name").String()
					if !ok {
						continue
					}
					e.vars[strings.ToLower(n)] = &variable{name: n, raw: spec, keyRange: spec.Get("name").Range, copySpec: spec}
				}
				continue
			}
			e.vars[strings.ToLower(f.Key)] = &variable{name: f.Key, raw: f.Value, keyRange: f.KeyRange}
		}
	}
}

// value returns the value in effect for parameter p.
func (e *evaluator) paramValue(p *param, c *ectx, x *Expr) *parser.Value {
	switch p.state {
	case stDone:
		return p.val
	case stBusy:
		return e.unknownText("parameters('"+p.name+"')", c.r, nil)
	}
	p.state = stBusy
	var v *parser.Value
	switch {
	case p.given != nil:
		v = p.given
	case p.givenRaw != nil && p.givenIn != nil:
		v = p.givenIn.evalJSON(p.givenRaw)
	case p.fileValue != nil:
		v = p.fileValue
	case p.def != nil:
		v = e.paramDefault(p)
	default:
		v = e.unknownText("parameters('"+p.name+"')", c.r, nil)
		e.st.setPat(v, "\x00p:"+strings.ToLower(p.name)+"\x00")
	}
	p.state, p.val = stDone, v
	return v
}

func (e *evaluator) paramDefault(p *param) *parser.Value {
	switch p.defState {
	case stDone:
		return p.defVal
	case stBusy:
		return parser.UnknownValue("parameters('"+p.name+"')", p.def.Range)
	}
	p.defState = stBusy
	v := e.evalJSON(p.def)
	p.defState, p.defVal = stDone, v
	return v
}

func (e *evaluator) variableValue(name string, c *ectx) *parser.Value {
	v := e.vars[strings.ToLower(name)]
	if v == nil {
		return e.unknownText("variables('"+name+"')", c.r, nil)
	}
	switch v.state {
	case stDone:
		return v.val
	case stBusy:
		// A cycle: report it where the variable is declared.
		idx := len(e.varStack) - 1
		for idx >= 0 && !strings.EqualFold(e.varStack[idx], v.name) {
			idx--
		}
		if idx < 0 || idx == len(e.varStack)-1 {
			e.st.diags.Errorf(v.keyRange, "variable '%s' refers to itself", v.name)
		} else {
			path := append(append([]string{}, e.varStack[idx:]...), v.name)
			e.st.diags.Errorf(v.keyRange, "variable cycle: %s", strings.Join(path, " -> "))
		}
		u := e.unknownText("variables('"+name+"')", c.r, nil)
		return u
	}
	v.state = stBusy
	e.varStack = append(e.varStack, v.name)
	var val *parser.Value
	if v.copySpec != nil {
		val = e.expandCopy(v.copySpec, v.keyRange)
	} else {
		val = e.evalJSON(v.raw)
	}
	e.varStack = e.varStack[:len(e.varStack)-1]
	if v.state == stBusy {
		v.state, v.val = stDone, val
	}
	return val
}

// expandCopy evaluates a {name, count, input} copy specification to an
// array, or an unknown when the count is not static or too large.
func (e *evaluator) expandCopy(spec *parser.Value, r parser.Range) *parser.Value {
	name, _ := spec.Get("name").String()
	cnt := e.evalJSON(spec.Get("count"))
	input := spec.Get("input")
	n, ok := asInt(cnt)
	if !ok || input == nil || n < 0 || n > maxCopyCount || e.st.expanded+int(n) > maxExpandTotal {
		text := "copy " + name
		return parser.UnknownValue(text, spec.Range, refsOf(cnt)...)
	}
	e.st.expanded += int(n)
	items := make([]*parser.Value, n)
	lname := strings.ToLower(name)
	for i := range items {
		e.copies = append(e.copies, copyBinding{name: lname, index: i})
		items[i] = e.evalJSON(input)
		e.copies = e.copies[:len(e.copies)-1]
	}
	return parser.ArrayValue(items, spec.Range)
}

// evalJSON evaluates a raw template value: expression strings are
// evaluated, objects and arrays recursively (object keys that are
// expressions too). Literal subtrees are returned as they are, without a
// copy.
func (e *evaluator) evalJSON(v *parser.Value) *parser.Value {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case parser.KindString:
		return e.evalString(v)
	case parser.KindArray:
		var out []*parser.Value
		for i, it := range v.Items {
			nv := e.evalJSON(it)
			if nv != it && out == nil {
				out = make([]*parser.Value, len(v.Items))
				copy(out, v.Items[:i])
			}
			if out != nil {
				out[i] = nv
			}
		}
		if out == nil {
			return v
		}
		return parser.ArrayValue(out, v.Range)
	case parser.KindObject:
		var out []*parser.Field
		for i, f := range v.Fields {
			nf := f
			if f.Key == "copy" && f.Value.Kind == parser.KindArray && isPropertyCopy(f.Value) {
				// Property copy: each {name, count, input} becomes a
				// property holding the array.
				if out == nil {
					out = make([]*parser.Field, 0, len(v.Fields))
					out = append(out, v.Fields[:i]...)
				}
				for _, spec := range f.Value.Items {
					n, _ := spec.Get("name").String()
					out = append(out, &parser.Field{Key: n, KeyRange: spec.Get("name").Range, Value: e.expandCopy(spec, f.KeyRange)})
				}
				continue
			}
			key := f.Key
			if IsExpression(key) {
				kv := e.evalString(parser.StrValue(key, f.KeyRange))
				if s, ok := kv.String(); ok {
					key = s
				}
			} else if strings.HasPrefix(key, "[[") {
				key = UnescapeLiteral(key)
			}
			nv := e.evalJSON(f.Value)
			if nv != f.Value || key != f.Key {
				nf = &parser.Field{Key: key, KeyRange: f.KeyRange, Value: nv}
			}
			if nf != f && out == nil {
				out = make([]*parser.Field, 0, len(v.Fields))
				out = append(out, v.Fields[:i]...)
			}
			if out != nil {
				out = append(out, nf)
			}
		}
		if out == nil {
			return v
		}
		return parser.ObjectValue(out, v.Range)
	}
	return v
}

func isPropertyCopy(v *parser.Value) bool {
	if len(v.Items) == 0 {
		return false
	}
	for _, it := range v.Items {
		if it.Kind != parser.KindObject || it.Get("input") == nil || it.Get("name") == nil {
			return false
		}
	}
	return true
}

// evalString evaluates one JSON string of the template.
func (e *evaluator) evalString(v *parser.Value) *parser.Value {
	s := v.Str
	if len(s) < 2 || s[0] != '[' {
		return v
	}
	if s[len(s)-1] != ']' {
		e.checkUnterminated(v)
		return v
	}
	if s[1] == '[' {
		return parser.StrValue(s[1:], v.Range)
	}
	text := s[1 : len(s)-1]
	x, err := e.st.parseExpr(text)
	if err != nil {
		e.st.diags = append(e.st.diags, parser.Diagnostic{
			Severity: parser.SevError,
			Summary:  "invalid expression: " + err.Msg,
			Detail:   fmt.Sprintf("in %s, at character %d of the expression", truncate(s, 60), err.Offset+2),
			Subject:  v.Range,
		})
		return parser.UnknownValue(s, v.Range)
	}
	c := &ectx{src: text, r: v.Range}
	res := e.eval(c, x)
	return e.st.finish(res, s, v.Range)
}

// checkUnterminated reports a string that opens an expression with a
// function call but never closes it with ']'. ARM would deploy it as a
// literal, which is never what was meant.
func (e *evaluator) checkUnterminated(v *parser.Value) {
	s := v.Str
	if len(s) > 1 && s[1] == '[' {
		return
	}
	i := 1
	for i < len(s) && s[i] == ' ' {
		i++
	}
	j := i
	for j < len(s) && isNameByte(s[j]) {
		j++
	}
	if j == i || j >= len(s) || s[j] != '(' || !isNameStart(s[i]) {
		return
	}
	if t := strings.TrimRight(s, " \t\r\n"); t != s && strings.HasSuffix(t, "]") {
		e.st.diags.Notef(v.Range, "%s ends with a space after ']', so ARM reads it as a literal string, not an expression", truncate(s, 60))
		return
	}
	e.st.diags = append(e.st.diags, parser.Diagnostic{Severity: parser.SevError,
		Summary: "unterminated expression",
		Detail:  fmt.Sprintf("%s starts an expression with '[' but does not end with ']'", truncate(s, 60)),
		Subject: v.Range})
}

// finish gives the result of a whole expression string the string's range
// (the place a person edits, also for values that came from a parameter or
// a variable: nested elements keep the range they came from) and the
// string's text for unknowns.
func (st *loadState) finish(res *parser.Value, text string, r parser.Range) *parser.Value {
	if res == nil {
		return parser.NullValue(r)
	}
	if res.Kind == parser.KindUnknown {
		u := parser.UnknownValue(text, r, res.Refs...)
		if p, ok := st.pat[res]; ok {
			st.setPat(u, p)
		}
		return u
	}
	if res.Range == r {
		return res
	}
	cp := *res
	cp.Range = r
	if p, ok := st.pat[res]; ok {
		st.setPat(&cp, p)
	}
	return &cp
}

// unknown is the value of expression x when it cannot be decided; it
// mentions the references found in parts.
func (e *evaluator) unknown(c *ectx, x *Expr, parts ...*parser.Value) *parser.Value {
	text := ""
	if x != nil && x.End <= len(c.src) && x.Start <= x.End {
		text = c.src[x.Start:x.End]
	}
	return e.unknownText(text, c.r, parts)
}

func (e *evaluator) unknownText(text string, r parser.Range, parts []*parser.Value) *parser.Value {
	var refs []parser.Reference
	for _, p := range parts {
		refs = parser.AppendRefs(refs, p)
	}
	return parser.UnknownValue(text, r, refs...)
}

func refsOf(v *parser.Value) []parser.Reference { return parser.AppendRefs(nil, v) }

// eval evaluates one expression node.
func (e *evaluator) eval(c *ectx, x *Expr) *parser.Value {
	if x == nil {
		return parser.NullValue(c.r)
	}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > maxEvalDepth {
		return e.unknown(c, x)
	}
	switch x.Kind {
	case exString:
		return parser.StrValue(x.Name, c.r)
	case exInt:
		return parser.NumValue(float64(x.Int), c.r)
	case exMember:
		return e.access(c, x, e.eval(c, x.X), parser.StrValue(x.Name, c.r), true)
	case exIndex:
		return e.access(c, x, e.eval(c, x.X), e.eval(c, x.Index), false)
	case exCall:
		return e.call(c, x)
	}
	return e.unknown(c, x)
}

// access evaluates v.key (member) or v[key].
func (e *evaluator) access(c *ectx, x *Expr, v, key *parser.Value, member bool) *parser.Value {
	switch v.Kind {
	case parser.KindRef:
		path, ok := appendPath(v.Ref.Path, key)
		if !ok || v.Ref.Path == "id" {
			return e.unknown(c, x, v, key)
		}
		return parser.RefValue(v.Ref.Resource, path, c.r)
	case parser.KindUnknown:
		return e.unknown(c, x, v, key)
	case parser.KindObject:
		if k, ok := key.String(); ok {
			if f := v.Get(k); f != nil {
				return f
			}
		}
		return e.unknown(c, x, v, key)
	case parser.KindArray:
		if i, ok := asInt(key); ok && i >= 0 && int(i) < len(v.Items) {
			return v.Items[i]
		}
		return e.unknown(c, x, v, key)
	case parser.KindString:
		if !member {
			if i, ok := asInt(key); ok && i >= 0 && int(i) < len(v.Str) {
				return parser.StrValue(v.Str[i:i+1], c.r)
			}
		}
	}
	return e.unknown(c, x, v, key)
}

// appendPath extends a reference path with a property or an index.
func appendPath(path string, key *parser.Value) (string, bool) {
	switch key.Kind {
	case parser.KindString:
		k := key.Str
		if strings.ContainsAny(k, ".[]") {
			k = `["` + k + `"]`
			return path + k, true
		}
		if path == "" {
			return k, true
		}
		return path + "." + k, true
	case parser.KindNumber:
		return fmt.Sprintf("%s[%d]", path, int64(key.Num)), true
	}
	return "", false
}

func asInt(v *parser.Value) (int64, bool) {
	if v == nil || v.Kind != parser.KindNumber {
		return 0, false
	}
	if v.Num != float64(int64(v.Num)) {
		return 0, false
	}
	return int64(v.Num), true
}

func (st *loadState) setPat(v *parser.Value, p string) {
	if st.pat == nil {
		st.pat = map[*parser.Value]string{}
	}
	st.pat[v] = p
}

// pattern is a canonical, lower-case form of a value used to match
// resource names: known strings as they are, unknown parts as their
// normalised source text between NUL bytes. Two names built from the same
// parameters the same way have the same pattern.
func (st *loadState) pattern(v *parser.Value) string {
	if v == nil {
		return "\x00nil\x00"
	}
	switch v.Kind {
	case parser.KindString:
		return strings.ToLower(v.Str)
	case parser.KindNumber, parser.KindBool:
		return strings.ToLower(v.Text())
	case parser.KindRef:
		return "\x00r:" + strings.ToLower(v.Text()) + "\x00"
	}
	if p, ok := st.pat[v]; ok {
		return p
	}
	return "\x00" + normText(v.Str) + "\x00"
}

// normText lower-cases expression text and drops the brackets and spaces.
func normText(s string) string {
	s = strings.TrimSpace(s)
	if IsExpression(s) {
		s = s[1 : len(s)-1]
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// splitPattern splits a name pattern at '/' outside unknown parts.
func splitPattern(p string) []string {
	var segs []string
	in := false
	start := 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case 0:
			in = !in
		case '/':
			if !in {
				segs = append(segs, p[start:i])
				start = i + 1
			}
		}
	}
	return append(segs, p[start:])
}

type parsedExpr struct {
	x   *Expr
	err *ExprError
}

// parseExpr parses expression text once per load (names and variables are
// evaluated in both passes, and templates repeat expressions).
func (st *loadState) parseExpr(text string) (*Expr, *ExprError) {
	if pe, ok := st.exprs[text]; ok {
		return pe.x, pe.err
	}
	x, err := parseExpression(text, st.opts.MaxDepth, &st.exprSlab)
	if st.exprs == nil {
		st.exprs = map[string]parsedExpr{}
	}
	st.exprs[text] = parsedExpr{x, err}
	return x, err
}
