package arm

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/milint/milint/parser"
)

// Context placeholders: deployment-time values that a template cannot
// know, as strings rules can still read scope levels from.
const (
	phSubID      = "{subscriptionId}"
	phRGName     = "{resourceGroupName}"
	phTenantID   = "{tenantId}"
	phLocation   = "{location}"
	phMGName     = "{managementGroupName}"
	phDeployment = "{deploymentName}"
	phSubPrefix  = "/subscriptions/" + phSubID
	phRGID       = phSubPrefix + "/resourceGroups/" + phRGName
	phMGID       = "/providers/Microsoft.Management/managementGroups/" + phMGName
)

// call evaluates a function call.
func (e *evaluator) call(c *ectx, x *Expr) *parser.Value {
	if x.Namespace != "" {
		// User-defined functions are not evaluated.
		return e.unknown(c, x, e.evalArgs(c, x)...)
	}
	name := strings.ToLower(x.Name)
	// Functions whose arguments are evaluated lazily.
	switch name {
	case "if":
		if len(x.Args) != 3 {
			return e.unknown(c, x)
		}
		cond := e.eval(c, x.Args[0])
		if cond.Kind == parser.KindBool {
			if cond.Bool {
				return e.eval(c, x.Args[1])
			}
			return e.eval(c, x.Args[2])
		}
		return e.unknown(c, x, cond, e.eval(c, x.Args[1]), e.eval(c, x.Args[2]))
	case "coalesce":
		var seen []*parser.Value
		for _, a := range x.Args {
			v := e.eval(c, a)
			if v.Kind == parser.KindNull {
				continue
			}
			if v.Kind == parser.KindUnknown {
				seen = append(seen, v)
				continue
			}
			if len(seen) > 0 {
				return e.unknown(c, x, append(seen, v)...)
			}
			return v
		}
		if len(seen) > 0 {
			return e.unknown(c, x, seen...)
		}
		return parser.NullValue(c.r)
	case "and", "or":
		// Short-circuit on a decided operand; an unknown one keeps the
		// result unknown unless another operand decides it.
		isAnd := name == "and"
		var unk []*parser.Value
		for _, a := range x.Args {
			v := e.eval(c, a)
			if v.Kind != parser.KindBool {
				unk = append(unk, v)
				continue
			}
			if v.Bool != isAnd {
				return parser.BoolValue(!isAnd, c.r)
			}
		}
		if len(unk) > 0 || len(x.Args) == 0 {
			return e.unknown(c, x, unk...)
		}
		return parser.BoolValue(isAnd, c.r)
	}
	args := e.evalArgs(c, x)
	if f, ok := builtins[name]; ok {
		return markGenerated(name, f(e, c, x, args), args)
	}
	if strings.HasPrefix(name, "list") {
		return e.listCall(c, x, args)
	}
	// Unknown function (or one only known at deployment time).
	return e.unknown(c, x, args...)
}

// generatorFuncs compute a value at deployment time; stringFuncs build a
// string from their arguments, so a generated argument makes a generated
// result.
var (
	generatorFuncs = map[string]bool{"guid": true, "uniquestring": true, "newguid": true}
	stringFuncs    = map[string]bool{"concat": true, "format": true, "replace": true, "join": true,
		"tolower": true, "toupper": true, "substring": true, "take": true, "skip": true, "trim": true,
		"padleft": true, "base64": true, "string": true, "uri": true}
)

// markGenerated flags a string result of a generator function, or of a
// string function with a generated argument, as Generated (see
// parser.Value.Generated). The result is a fresh value or, for the string
// functions, possibly a generated argument itself, so it is set in place.
func markGenerated(name string, v *parser.Value, args []*parser.Value) *parser.Value {
	if v == nil || v.Kind != parser.KindString || v.Generated {
		return v
	}
	if generatorFuncs[name] {
		v.Generated = true
		return v
	}
	if stringFuncs[name] {
		for _, a := range args {
			if a != nil && a.Generated {
				v.Generated = true
				break
			}
		}
	}
	return v
}

func (e *evaluator) evalArgs(c *ectx, x *Expr) []*parser.Value {
	if len(x.Args) == 0 {
		return nil
	}
	args := make([]*parser.Value, len(x.Args))
	for i, a := range x.Args {
		args[i] = e.eval(c, a)
	}
	return args
}

type builtin func(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value

var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"parameters":      fnParameters,
		"variables":       fnVariables,
		"concat":          fnConcat,
		"format":          fnFormat,
		"equals":          fnEquals,
		"not":             fnNot,
		"less":            fnCompare,
		"lessorequals":    fnCompare,
		"greater":         fnCompare,
		"greaterorequals": fnCompare,
		"tolower":         fnCase,
		"toupper":         fnCase,
		"replace":         fnReplace,
		"split":           fnSplit,
		"join":            fnJoin,
		"substring":       fnSubstring,
		"string":          fnString,
		"int":             fnInt,
		"bool":            fnBool,
		"json":            fnJSON,
		"createarray":     fnCreateArray,
		"array":           fnArray,
		"createobject":    fnCreateObject,
		"union":           fnUnion,
		"intersection":    fnIntersection,
		"contains":        fnContains,
		"empty":           fnEmpty,
		"length":          fnLength,
		"first":           fnFirstLast,
		"last":            fnFirstLast,
		"trim":            fnTrim,
		"tryget":          fnTryGet,
		"true": func(_ *evaluator, c *ectx, _ *Expr, _ []*parser.Value) *parser.Value {
			return parser.BoolValue(true, c.r)
		},
		"false": func(_ *evaluator, c *ectx, _ *Expr, _ []*parser.Value) *parser.Value {
			return parser.BoolValue(false, c.r)
		},
		"null":                      func(_ *evaluator, c *ectx, _ *Expr, _ []*parser.Value) *parser.Value { return parser.NullValue(c.r) },
		"add":                       fnArith,
		"sub":                       fnArith,
		"mul":                       fnArith,
		"div":                       fnArith,
		"mod":                       fnArith,
		"min":                       fnMinMax,
		"max":                       fnMinMax,
		"range":                     fnRange,
		"objectkeys":                fnObjectKeys,
		"startswith":                fnStrPred,
		"endswith":                  fnStrPred,
		"indexof":                   fnIndexOf,
		"lastindexof":               fnIndexOf,
		"padleft":                   fnPadLeft,
		"take":                      fnTakeSkip,
		"skip":                      fnTakeSkip,
		"base64":                    fnBase64,
		"base64tostring":            fnBase64,
		"uri":                       fnURI,
		"guid":                      fnGUID,
		"uniquestring":              fnUniqueString,
		"resourceid":                fnResourceID,
		"subscriptionresourceid":    fnResourceID,
		"tenantresourceid":          fnResourceID,
		"managementgroupresourceid": fnResourceID,
		"extensionresourceid":       fnExtensionResourceID,
		"resourcegroup":             fnResourceGroup,
		"subscription":              fnSubscription,
		"tenant":                    fnTenant,
		"managementgroup":           fnManagementGroup,
		"deployment":                fnDeployment,
		"environment":               fnEnvironment,
		"deployer":                  fnDeployer,
		"copyindex":                 fnCopyIndex,
		"reference":                 fnReference,
	}
}

func known(args ...*parser.Value) bool {
	for _, a := range args {
		if a.Kind == parser.KindUnknown || a.Kind == parser.KindRef {
			return false
		}
	}
	return true
}

func nArgs(args []*parser.Value, lo, hi int) bool { return len(args) >= lo && len(args) <= hi }

func fnParameters(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	n, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	p := e.params[strings.ToLower(n)]
	if p == nil {
		return e.unknown(c, x)
	}
	return e.paramValue(p, c, x)
}

func fnVariables(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	n, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	return e.variableValue(n, c)
}

// scalarText turns a string, number or bool into text as concat/format do.
func scalarText(v *parser.Value) (string, bool) {
	switch v.Kind {
	case parser.KindString:
		return v.Str, true
	case parser.KindNumber:
		return parser.NumberText(v.Num), true
	case parser.KindBool:
		if v.Bool {
			return "True", true
		}
		return "False", true
	case parser.KindNull:
		return "", true
	}
	return "", false
}

func (e *evaluator) strResult(c *ectx, x *Expr, s string, parts ...*parser.Value) *parser.Value {
	if len(s) > maxStringLen || !e.st.spend(len(s)) {
		return e.unknown(c, x, parts...)
	}
	return parser.StrValue(s, c.r)
}

func fnConcat(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) == 0 {
		return e.unknown(c, x)
	}
	if args[0].Kind == parser.KindArray {
		var items []*parser.Value
		for _, a := range args {
			switch a.Kind {
			case parser.KindArray:
				items = append(items, a.Items...)
			case parser.KindNull:
			default:
				return e.unknown(c, x, args...)
			}
		}
		return parser.ArrayValue(items, c.r)
	}
	var b strings.Builder
	okAll := true
	for _, a := range args {
		s, ok := scalarText(a)
		if !ok {
			okAll = false
			break
		}
		b.WriteString(s)
		if b.Len() > maxStringLen {
			return e.unknown(c, x, args...)
		}
	}
	if okAll {
		return e.strResult(c, x, b.String(), args...)
	}
	u := e.unknown(c, x, args...)
	var pb strings.Builder
	for _, a := range args {
		pb.WriteString(e.st.pattern(a))
	}
	e.st.setPat(u, pb.String())
	return u
}

func fnFormat(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) == 0 {
		return e.unknown(c, x)
	}
	f, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	rest := args[1:]
	allKnown := true
	for _, a := range rest {
		if _, ok := scalarText(a); !ok {
			allKnown = false
		}
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		ch := f[i]
		if ch == '{' && i+1 < len(f) && f[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		if ch == '}' && i+1 < len(f) && f[i+1] == '}' {
			b.WriteByte('}')
			i++
			continue
		}
		if ch == '{' {
			j := strings.IndexByte(f[i:], '}')
			if j < 0 {
				return e.unknown(c, x, args...)
			}
			spec := f[i+1 : i+j]
			idxText, fmtSpec, _ := strings.Cut(spec, ":")
			idxText, _, _ = strings.Cut(idxText, ",")
			n, err := strconv.Atoi(strings.TrimSpace(idxText))
			if err != nil || n < 0 || n >= len(rest) {
				return e.unknown(c, x, args...)
			}
			a := rest[n]
			if allKnown {
				s, _ := scalarText(a)
				if a.Kind == parser.KindNumber && fmtSpec != "" {
					s = formatNumber(a.Num, fmtSpec)
				}
				b.WriteString(s)
			} else {
				b.WriteString(e.st.pattern(a))
			}
			if b.Len() > maxStringLen {
				return e.unknown(c, x, args...)
			}
			i += j
			continue
		}
		if allKnown {
			b.WriteByte(ch)
		} else {
			b.WriteByte(lowerByte(ch))
		}
	}
	if allKnown {
		return e.strResult(c, x, b.String(), args...)
	}
	u := e.unknown(c, x, args...)
	e.st.setPat(u, b.String())
	return u
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// formatNumber supports the common .NET specifiers D<n> and N<n>.
func formatNumber(f float64, spec string) string {
	if spec == "" {
		return parser.NumberText(f)
	}
	w, _ := strconv.Atoi(spec[1:])
	w = min(w, 64)
	switch spec[0] {
	case 'D', 'd':
		s := strconv.FormatInt(int64(f), 10)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		for len(s) < w {
			s = "0" + s
		}
		if neg {
			s = "-" + s
		}
		return s
	case 'N', 'n', 'F', 'f':
		return strconv.FormatFloat(f, 'f', w, 64)
	}
	return parser.NumberText(f)
}

func fnEquals(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 || !args[0].IsKnown() || !args[1].IsKnown() {
		return e.unknown(c, x, args...)
	}
	return parser.BoolValue(parser.Equal(args[0], args[1], false), c.r)
}

func fnNot(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 || args[0].Kind != parser.KindBool {
		return e.unknown(c, x, args...)
	}
	return parser.BoolValue(!args[0].Bool, c.r)
}

func fnCompare(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 {
		return e.unknown(c, x, args...)
	}
	a, b := args[0], args[1]
	var cmp int
	switch {
	case a.Kind == parser.KindNumber && b.Kind == parser.KindNumber:
		switch {
		case a.Num < b.Num:
			cmp = -1
		case a.Num > b.Num:
			cmp = 1
		}
	case a.Kind == parser.KindString && b.Kind == parser.KindString:
		cmp = strings.Compare(a.Str, b.Str)
	default:
		return e.unknown(c, x, args...)
	}
	var r bool
	switch strings.ToLower(x.Name) {
	case "less":
		r = cmp < 0
	case "lessorequals":
		r = cmp <= 0
	case "greater":
		r = cmp > 0
	default:
		r = cmp >= 0
	}
	return parser.BoolValue(r, c.r)
}

func fnCase(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	s, ok := args[0].String()
	if !ok {
		u := e.unknown(c, x, args...)
		if args[0].Kind == parser.KindUnknown {
			e.st.setPat(u, e.st.pattern(args[0]))
		}
		return u
	}
	if strings.EqualFold(x.Name, "toLower") {
		return parser.StrValue(strings.ToLower(s), c.r)
	}
	return parser.StrValue(strings.ToUpper(s), c.r)
}

func strArgs(args []*parser.Value) ([]string, bool) {
	out := make([]string, len(args))
	for i, a := range args {
		s, ok := a.String()
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

func fnReplace(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	s, ok := strArgs(args)
	if !ok || len(s) != 3 {
		return e.unknown(c, x, args...)
	}
	if s[1] == "" {
		return parser.StrValue(s[0], c.r)
	}
	if n := strings.Count(s[0], s[1]); n > 0 && len(s[0])+n*(len(s[2])-len(s[1])) > maxStringLen {
		return e.unknown(c, x, args...)
	}
	return e.strResult(c, x, strings.ReplaceAll(s[0], s[1], s[2]), args...)
}

func fnSplit(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 {
		return e.unknown(c, x, args...)
	}
	s, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	var delims []string
	switch args[1].Kind {
	case parser.KindString:
		delims = []string{args[1].Str}
	case parser.KindArray:
		d, ok := strArgs(args[1].Items)
		if !ok {
			return e.unknown(c, x, args...)
		}
		delims = d
	default:
		return e.unknown(c, x, args...)
	}
	parts := []string{s}
	for _, d := range delims {
		if d == "" {
			continue
		}
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, d)...)
		}
		parts = next
	}
	items := make([]*parser.Value, len(parts))
	for i, p := range parts {
		items[i] = parser.StrValue(p, c.r)
	}
	return parser.ArrayValue(items, c.r)
}

func fnJoin(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 || args[0].Kind != parser.KindArray {
		return e.unknown(c, x, args...)
	}
	d, ok := args[1].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	parts := make([]string, len(args[0].Items))
	n := 0
	for i, it := range args[0].Items {
		s, ok := scalarText(it)
		if !ok {
			return e.unknown(c, x, args...)
		}
		parts[i] = s
		n += len(s) + len(d)
	}
	if n > maxStringLen {
		return e.unknown(c, x, args...)
	}
	return e.strResult(c, x, strings.Join(parts, d), args...)
}

func fnSubstring(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if !nArgs(args, 1, 3) {
		return e.unknown(c, x, args...)
	}
	s, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	start, length := int64(0), int64(-1)
	if len(args) > 1 {
		if start, ok = asInt(args[1]); !ok {
			return e.unknown(c, x, args...)
		}
	}
	if len(args) > 2 {
		if length, ok = asInt(args[2]); !ok {
			return e.unknown(c, x, args...)
		}
	}
	if length < 0 {
		length = int64(len(s)) - start
	}
	if start < 0 || length < 0 || start+length > int64(len(s)) {
		return e.unknown(c, x, args...)
	}
	return parser.StrValue(s[start:start+length], c.r)
}

func fnString(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 || !args[0].IsKnown() {
		return e.unknown(c, x, args...)
	}
	a := args[0]
	switch a.Kind {
	case parser.KindArray, parser.KindObject:
		var b strings.Builder
		parser.WriteJSON(&b, a, maxStringLen)
		return e.strResult(c, x, b.String())
	case parser.KindNull:
		return parser.StrValue("", c.r)
	}
	s, _ := scalarText(a)
	return parser.StrValue(s, c.r)
}

func fnInt(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	switch a := args[0]; a.Kind {
	case parser.KindNumber:
		return parser.NumValue(math.Trunc(a.Num), c.r)
	case parser.KindString:
		n, err := strconv.ParseInt(strings.TrimSpace(a.Str), 10, 64)
		if err == nil {
			return parser.NumValue(float64(n), c.r)
		}
	case parser.KindBool:
		if a.Bool {
			return parser.NumValue(1, c.r)
		}
		return parser.NumValue(0, c.r)
	}
	return e.unknown(c, x, args...)
}

func fnBool(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	switch a := args[0]; a.Kind {
	case parser.KindBool:
		return parser.BoolValue(a.Bool, c.r)
	case parser.KindNumber:
		return parser.BoolValue(a.Num != 0, c.r)
	case parser.KindString:
		switch strings.ToLower(strings.TrimSpace(a.Str)) {
		case "true", "1":
			return parser.BoolValue(true, c.r)
		case "false", "0":
			return parser.BoolValue(false, c.r)
		}
	}
	return e.unknown(c, x, args...)
}

func fnJSON(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	s, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	v, diags := ParseJSON(c.r.File, []byte(s), e.st.opts.MaxDepth)
	if diags.HasErrors() || v == nil {
		return e.unknown(c, x, args...)
	}
	return withRange(v, c.r, 0)
}

// withRange sets r on v and everything inside it (v is a fresh tree).
func withRange(v *parser.Value, r parser.Range, depth int) *parser.Value {
	v.Range = r
	if depth > 200 {
		return v
	}
	for _, it := range v.Items {
		withRange(it, r, depth+1)
	}
	for _, f := range v.Fields {
		f.KeyRange = r
		withRange(f.Value, r, depth+1)
	}
	return v
}

func fnCreateArray(_ *evaluator, c *ectx, _ *Expr, args []*parser.Value) *parser.Value {
	items := make([]*parser.Value, len(args))
	copy(items, args)
	return parser.ArrayValue(items, c.r)
}

func fnArray(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	if args[0].Kind == parser.KindArray {
		return args[0]
	}
	if !known(args[0]) {
		return e.unknown(c, x, args...)
	}
	return parser.ArrayValue([]*parser.Value{args[0]}, c.r)
}

func fnCreateObject(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args)%2 != 0 {
		return e.unknown(c, x, args...)
	}
	fields := make([]*parser.Field, 0, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		k, ok := args[i].String()
		if !ok {
			return e.unknown(c, x, args...)
		}
		fields = append(fields, &parser.Field{Key: k, KeyRange: c.r, Value: args[i+1]})
	}
	return parser.ObjectValue(fields, c.r)
}

func fnUnion(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) == 0 {
		return e.unknown(c, x)
	}
	switch args[0].Kind {
	case parser.KindObject:
		var fields []*parser.Field
		for _, a := range args {
			if a.Kind == parser.KindNull {
				continue
			}
			if a.Kind != parser.KindObject {
				return e.unknown(c, x, args...)
			}
			for _, f := range a.Fields {
				replaced := false
				for i, g := range fields {
					if strings.EqualFold(g.Key, f.Key) {
						// ARM merges nested objects too.
						if g.Value.Kind == parser.KindObject && f.Value.Kind == parser.KindObject {
							fields[i] = &parser.Field{Key: g.Key, KeyRange: f.KeyRange, Value: fnUnion(e, c, x, []*parser.Value{g.Value, f.Value})}
						} else {
							fields[i] = f
						}
						replaced = true
						break
					}
				}
				if !replaced {
					fields = append(fields, f)
				}
			}
		}
		return parser.ObjectValue(fields, c.r)
	case parser.KindArray:
		var items []*parser.Value
		for _, a := range args {
			if a.Kind != parser.KindArray {
				return e.unknown(c, x, args...)
			}
		next:
			for _, it := range a.Items {
				if it.IsKnown() {
					for _, have := range items {
						if have.IsKnown() && parser.Equal(have, it, false) {
							continue next
						}
					}
				}
				items = append(items, it)
			}
		}
		return parser.ArrayValue(items, c.r)
	}
	return e.unknown(c, x, args...)
}

func fnIntersection(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) < 2 {
		return e.unknown(c, x, args...)
	}
	for _, a := range args {
		if !a.IsKnown() || a.Kind != args[0].Kind {
			return e.unknown(c, x, args...)
		}
	}
	switch args[0].Kind {
	case parser.KindArray:
		var items []*parser.Value
	outer:
		for _, it := range args[0].Items {
			for _, o := range args[1:] {
				found := false
				for _, oi := range o.Items {
					if parser.Equal(it, oi, false) {
						found = true
						break
					}
				}
				if !found {
					continue outer
				}
			}
			items = append(items, it)
		}
		return parser.ArrayValue(items, c.r)
	case parser.KindObject:
		var fields []*parser.Field
	outerObj:
		for _, f := range args[0].Fields {
			for _, o := range args[1:] {
				ov := o.Get(f.Key)
				if ov == nil || !parser.Equal(ov, f.Value, false) {
					continue outerObj
				}
			}
			fields = append(fields, f)
		}
		return parser.ObjectValue(fields, c.r)
	}
	return e.unknown(c, x, args...)
}

func fnContains(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 || !args[1].IsKnown() {
		return e.unknown(c, x, args...)
	}
	cont, item := args[0], args[1]
	switch cont.Kind {
	case parser.KindString:
		s, ok := scalarText(item)
		if !ok {
			break
		}
		return parser.BoolValue(strings.Contains(cont.Str, s), c.r)
	case parser.KindObject:
		k, ok := item.String()
		if !ok {
			break
		}
		return parser.BoolValue(cont.Get(k) != nil, c.r)
	case parser.KindArray:
		unk := false
		for _, it := range cont.Items {
			if !it.IsKnown() {
				unk = true
				continue
			}
			if parser.Equal(it, item, false) {
				return parser.BoolValue(true, c.r)
			}
		}
		if !unk {
			return parser.BoolValue(false, c.r)
		}
	}
	return e.unknown(c, x, args...)
}

func fnEmpty(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	switch a := args[0]; a.Kind {
	case parser.KindNull:
		return parser.BoolValue(true, c.r)
	case parser.KindString:
		return parser.BoolValue(a.Str == "", c.r)
	case parser.KindArray:
		return parser.BoolValue(len(a.Items) == 0, c.r)
	case parser.KindObject:
		return parser.BoolValue(len(a.Fields) == 0, c.r)
	}
	return e.unknown(c, x, args...)
}

func fnLength(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	switch a := args[0]; a.Kind {
	case parser.KindString:
		return parser.NumValue(float64(len([]rune(a.Str))), c.r)
	case parser.KindArray:
		return parser.NumValue(float64(len(a.Items)), c.r)
	case parser.KindObject:
		return parser.NumValue(float64(len(a.Fields)), c.r)
	}
	return e.unknown(c, x, args...)
}

func fnFirstLast(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	first := strings.EqualFold(x.Name, "first")
	switch a := args[0]; a.Kind {
	case parser.KindArray:
		if len(a.Items) == 0 {
			return parser.NullValue(c.r)
		}
		if first {
			return a.Items[0]
		}
		return a.Items[len(a.Items)-1]
	case parser.KindString:
		r := []rune(a.Str)
		if len(r) == 0 {
			return parser.StrValue("", c.r)
		}
		if first {
			return parser.StrValue(string(r[0]), c.r)
		}
		return parser.StrValue(string(r[len(r)-1]), c.r)
	}
	return e.unknown(c, x, args...)
}

func fnTrim(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	s, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	return parser.StrValue(strings.TrimSpace(s), c.r)
}

func fnTryGet(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) < 2 {
		return e.unknown(c, x, args...)
	}
	cur := args[0]
	for _, k := range args[1:] {
		switch cur.Kind {
		case parser.KindObject:
			ks, ok := k.String()
			if !ok {
				return e.unknown(c, x, args...)
			}
			cur = cur.Get(ks)
			if cur == nil {
				return parser.NullValue(c.r)
			}
		case parser.KindArray:
			i, ok := asInt(k)
			if !ok {
				return e.unknown(c, x, args...)
			}
			if i < 0 || int(i) >= len(cur.Items) {
				return parser.NullValue(c.r)
			}
			cur = cur.Items[i]
		case parser.KindNull:
			return parser.NullValue(c.r)
		case parser.KindRef:
			path, ok := appendPath(cur.Ref.Path, k)
			if !ok {
				return e.unknown(c, x, args...)
			}
			cur = parser.RefValue(cur.Ref.Resource, path, c.r)
		default:
			return e.unknown(c, x, args...)
		}
	}
	return cur
}

func fnArith(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 {
		return e.unknown(c, x, args...)
	}
	a, ok1 := asInt(args[0])
	b, ok2 := asInt(args[1])
	if !ok1 || !ok2 {
		return e.unknown(c, x, args...)
	}
	var r int64
	switch strings.ToLower(x.Name) {
	case "add":
		r = a + b
	case "sub":
		r = a - b
	case "mul":
		r = a * b
	case "div":
		if b == 0 {
			return e.unknown(c, x, args...)
		}
		r = a / b
	case "mod":
		if b == 0 {
			return e.unknown(c, x, args...)
		}
		r = a % b
	}
	return parser.NumValue(float64(r), c.r)
}

func fnMinMax(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	nums := args
	if len(args) == 1 && args[0].Kind == parser.KindArray {
		nums = args[0].Items
	}
	if len(nums) == 0 {
		return e.unknown(c, x, args...)
	}
	isMin := strings.EqualFold(x.Name, "min")
	best := 0.0
	for i, n := range nums {
		if n.Kind != parser.KindNumber {
			return e.unknown(c, x, args...)
		}
		if i == 0 || (isMin && n.Num < best) || (!isMin && n.Num > best) {
			best = n.Num
		}
	}
	return parser.NumValue(best, c.r)
}

func fnRange(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 {
		return e.unknown(c, x, args...)
	}
	start, ok1 := asInt(args[0])
	n, ok2 := asInt(args[1])
	if !ok1 || !ok2 || n < 0 || n > maxCopyCount || e.st.expanded+int(n) > maxExpandTotal {
		return e.unknown(c, x, args...)
	}
	e.st.expanded += int(n)
	items := make([]*parser.Value, n)
	for i := range items {
		items[i] = parser.NumValue(float64(start+int64(i)), c.r)
	}
	return parser.ArrayValue(items, c.r)
}

func fnObjectKeys(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 || args[0].Kind != parser.KindObject {
		return e.unknown(c, x, args...)
	}
	items := make([]*parser.Value, len(args[0].Fields))
	for i, f := range args[0].Fields {
		items[i] = parser.StrValue(f.Key, c.r)
	}
	return parser.ArrayValue(items, c.r)
}

func fnStrPred(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	s, ok := strArgs(args)
	if !ok || len(s) != 2 {
		return e.unknown(c, x, args...)
	}
	a, b := strings.ToLower(s[0]), strings.ToLower(s[1])
	if strings.EqualFold(x.Name, "startsWith") {
		return parser.BoolValue(strings.HasPrefix(a, b), c.r)
	}
	return parser.BoolValue(strings.HasSuffix(a, b), c.r)
}

func fnIndexOf(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	s, ok := strArgs(args)
	if !ok || len(s) != 2 {
		return e.unknown(c, x, args...)
	}
	a, b := strings.ToLower(s[0]), strings.ToLower(s[1])
	if strings.EqualFold(x.Name, "indexOf") {
		return parser.NumValue(float64(strings.Index(a, b)), c.r)
	}
	return parser.NumValue(float64(strings.LastIndex(a, b)), c.r)
}

func fnPadLeft(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if !nArgs(args, 2, 3) {
		return e.unknown(c, x, args...)
	}
	s, ok := scalarText(args[0])
	n, ok2 := asInt(args[1])
	if !ok || !ok2 || args[0].Kind == parser.KindNull || n > 4096 {
		return e.unknown(c, x, args...)
	}
	pad := " "
	if len(args) == 3 {
		p, ok := args[2].String()
		if !ok || len([]rune(p)) != 1 {
			return e.unknown(c, x, args...)
		}
		pad = p
	}
	for int64(len([]rune(s))) < n {
		s = pad + s
	}
	return parser.StrValue(s, c.r)
}

func fnTakeSkip(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 2 {
		return e.unknown(c, x, args...)
	}
	n, ok := asInt(args[1])
	if !ok {
		return e.unknown(c, x, args...)
	}
	take := strings.EqualFold(x.Name, "take")
	clamp := func(l int) int { return int(max(0, min(int64(l), n))) }
	switch a := args[0]; a.Kind {
	case parser.KindArray:
		k := clamp(len(a.Items))
		if take {
			return parser.ArrayValue(a.Items[:k:k], c.r)
		}
		return parser.ArrayValue(a.Items[k:], c.r)
	case parser.KindString:
		k := clamp(len(a.Str))
		if take {
			return parser.StrValue(a.Str[:k], c.r)
		}
		return parser.StrValue(a.Str[k:], c.r)
	}
	return e.unknown(c, x, args...)
}

func fnBase64(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 1 {
		return e.unknown(c, x, args...)
	}
	s, ok := args[0].String()
	if !ok || len(s) > maxStringLen/2 {
		return e.unknown(c, x, args...)
	}
	if strings.EqualFold(x.Name, "base64") {
		return e.strResult(c, x, base64.StdEncoding.EncodeToString([]byte(s)), args...)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return e.unknown(c, x, args...)
	}
	return parser.StrValue(string(b), c.r)
}

func fnURI(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	s, ok := strArgs(args)
	if !ok || len(s) != 2 {
		return e.unknown(c, x, args...)
	}
	base, rel := s[0], s[1]
	if i := strings.LastIndexByte(base, '/'); i >= 0 && !strings.HasPrefix(rel, "/") {
		return e.strResult(c, x, base[:i+1]+rel)
	}
	return e.strResult(c, x, base+rel)
}

// hashArgs hashes the arguments of guid/uniqueString deterministically.
// A resourceId() of a unit resource with a static name hashes as that
// resource's placeholder id, so guid(resourceId(...)) stays known.
func (e *evaluator) hashArgs(args []*parser.Value) ([]byte, bool) {
	h := sha256.New()
	for _, a := range args {
		s, ok := scalarText(a)
		if a.Kind == parser.KindRef && a.Ref.Path == "id" {
			s, ok = e.st.placeholderID(a.Ref.Resource)
		}
		if !ok || a.Kind == parser.KindNull {
			return nil, false
		}
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return h.Sum(nil), true
}

func fnGUID(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	sum, ok := e.hashArgs(args)
	if !ok || len(args) == 0 {
		return e.unknown(c, x, args...)
	}
	a := binary.BigEndian.Uint32(sum[0:4])
	b := binary.BigEndian.Uint16(sum[4:6])
	cc := binary.BigEndian.Uint16(sum[6:8])&0x0fff | 0x5000
	d := binary.BigEndian.Uint16(sum[8:10])&0x3fff | 0x8000
	return parser.StrValue(fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a, b, cc, d, sum[10:16]), c.r)
}

var b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func fnUniqueString(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	sum, ok := e.hashArgs(args)
	if !ok || len(args) == 0 {
		return e.unknown(c, x, args...)
	}
	return parser.StrValue(b32.EncodeToString(sum[:8])[:13], c.r)
}

// isTypeName reports whether s looks like an ARM resource type
// ("Microsoft.KeyVault/vaults").
func isTypeName(s string) bool {
	i := strings.IndexByte(s, '/')
	if i <= 0 || i == len(s)-1 {
		return false
	}
	return strings.IndexByte(s[:i], '.') > 0 && !strings.ContainsAny(s, " {}")
}

// providerPath builds "<ns>/<t1>/<n1>/<t2>/<n2>" from a type and names.
func providerPath(typ string, names []string) (string, bool) {
	segs := strings.Split(typ, "/")
	if len(segs)-1 != len(names) {
		return "", false
	}
	var b strings.Builder
	b.WriteString(segs[0])
	for i, n := range names {
		b.WriteByte('/')
		b.WriteString(segs[i+1])
		b.WriteByte('/')
		b.WriteString(n)
	}
	return b.String(), true
}

func fnResourceID(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	fn := strings.ToLower(x.Name)
	t := -1
	for i, a := range args {
		if s, ok := a.String(); ok && isTypeName(s) {
			t = i
			break
		}
	}
	if t < 0 || t == len(args)-1 {
		return e.unknown(c, x, args...)
	}
	typ := args[t].Str
	names := args[t+1:]
	// A resource of the unit?
	if fn == "resourceid" || fn == "subscriptionresourceid" || fn == "tenantresourceid" || fn == "managementgroupresourceid" {
		pats := make([]string, len(names))
		for i, n := range names {
			pats[i] = e.st.pattern(n)
		}
		if re := e.st.find(e.module, typ, strings.Join(pats, "/")); re != nil {
			return parser.RefValue(re.r.ID, "id", c.r)
		}
	}
	var nameParts []string
	for _, n := range names {
		s, ok := scalarText(n)
		if !ok || n.Kind == parser.KindNull {
			return e.unknown(c, x, args...)
		}
		nameParts = append(nameParts, strings.Split(s, "/")...)
	}
	pre := make([]string, t)
	for i := 0; i < t; i++ {
		s, ok := scalarText(args[i])
		if !ok {
			return e.unknown(c, x, args...)
		}
		pre[i] = s
	}
	pp, ok := providerPath(typ, nameParts)
	if !ok {
		return e.unknown(c, x, args...)
	}
	var prefix string
	switch fn {
	case "resourceid":
		sub, rg := phSubID, phRGName
		switch len(pre) {
		case 1:
			rg = pre[0]
		case 2:
			sub, rg = pre[0], pre[1]
		}
		prefix = "/subscriptions/" + sub + "/resourceGroups/" + rg
	case "subscriptionresourceid":
		sub := phSubID
		if len(pre) >= 1 {
			sub = pre[0]
		}
		prefix = "/subscriptions/" + sub
	case "managementgroupresourceid":
		mg := phMGName
		if len(pre) >= 1 {
			mg = pre[0]
		}
		prefix = "/providers/Microsoft.Management/managementGroups/" + mg
	}
	return e.strResult(c, x, prefix+"/providers/"+pp)
}

func fnExtensionResourceID(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) < 3 {
		return e.unknown(c, x, args...)
	}
	typ, ok := args[1].String()
	if !ok || !isTypeName(typ) {
		return e.unknown(c, x, args...)
	}
	names := args[2:]
	pats := make([]string, len(names))
	for i, n := range names {
		pats[i] = e.st.pattern(n)
	}
	if re := e.st.find(e.module, typ, strings.Join(pats, "/")); re != nil {
		return parser.RefValue(re.r.ID, "id", c.r)
	}
	base, ok := args[0].String()
	if !ok {
		return e.unknown(c, x, args...)
	}
	var nameParts []string
	for _, n := range names {
		s, ok := scalarText(n)
		if !ok {
			return e.unknown(c, x, args...)
		}
		nameParts = append(nameParts, strings.Split(s, "/")...)
	}
	pp, ok := providerPath(typ, nameParts)
	if !ok {
		return e.unknown(c, x, args...)
	}
	return e.strResult(c, x, strings.TrimSuffix(base, "/")+"/providers/"+pp)
}

func obj(r parser.Range, kv ...string) *parser.Value {
	fields := make([]*parser.Field, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		fields = append(fields, &parser.Field{Key: kv[i], KeyRange: r, Value: parser.StrValue(kv[i+1], r)})
	}
	return parser.ObjectValue(fields, r)
}

func fnResourceGroup(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	sub, rg := phSubID, phRGName
	switch len(args) {
	case 0:
	case 1:
		s, ok := args[0].String()
		if !ok {
			return e.unknown(c, x, args...)
		}
		rg = s
	case 2:
		s, ok1 := args[0].String()
		r, ok2 := args[1].String()
		if !ok1 || !ok2 {
			return e.unknown(c, x, args...)
		}
		sub, rg = s, r
	default:
		return e.unknown(c, x, args...)
	}
	return obj(c.r, "id", "/subscriptions/"+sub+"/resourceGroups/"+rg, "name", rg,
		"type", "Microsoft.Resources/resourceGroups", "location", phLocation)
}

func fnSubscription(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 0 {
		return e.unknown(c, x, args...)
	}
	return obj(c.r, "id", phSubPrefix, "subscriptionId", phSubID, "tenantId", phTenantID, "displayName", "{subscriptionName}")
}

func fnTenant(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 0 {
		return e.unknown(c, x, args...)
	}
	return obj(c.r, "id", "/tenants/"+phTenantID, "tenantId", phTenantID, "displayName", "{tenantName}")
}

func fnManagementGroup(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	mg := phMGName
	if len(args) == 1 {
		s, ok := args[0].String()
		if !ok {
			return e.unknown(c, x, args...)
		}
		mg = s
	} else if len(args) != 0 {
		return e.unknown(c, x, args...)
	}
	return obj(c.r, "id", "/providers/Microsoft.Management/managementGroups/"+mg, "name", mg,
		"type", "Microsoft.Management/managementGroups")
}

func fnDeployment(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 0 {
		return e.unknown(c, x, args...)
	}
	// deployment().properties.templateLink is deployment-time: leave it out
	// so accessing it yields an unknown.
	return obj(c.r, "name", phDeployment, "location", phLocation)
}

func fnEnvironment(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 0 {
		return e.unknown(c, x, args...)
	}
	// The public cloud's values.
	env := obj(c.r, "name", "AzureCloud", "gallery", "https://gallery.azure.com/",
		"graph", "https://graph.windows.net/", "portal", "https://portal.azure.com",
		"graphAudience", "https://graph.windows.net/", "activeDirectoryDataLake", "https://datalake.azure.net/",
		"batch", "https://batch.core.windows.net/", "media", "https://rest.media.azure.net",
		"sqlManagement", "https://management.core.windows.net:8443/", "vmImageAliasDoc", "",
		"resourceManager", "https://management.azure.com/")
	env.Fields = append(env.Fields,
		&parser.Field{Key: "authentication", KeyRange: c.r, Value: obj(c.r,
			"loginEndpoint", "https://login.microsoftonline.com/", "audiences", "",
			"tenant", "common", "identityProvider", "AAD")},
		&parser.Field{Key: "suffixes", KeyRange: c.r, Value: obj(c.r,
			"acrLoginServer", ".azurecr.io", "azureDatalakeAnalyticsCatalogAndJob", "azuredatalakeanalytics.net",
			"azureDatalakeStoreFileSystem", "azuredatalakestore.net", "azureFrontDoorEndpointSuffix", "azurefd.net",
			"keyvaultDns", ".vault.azure.net", "sqlServerHostname", ".database.windows.net",
			"storage", "core.windows.net")})
	return env
}

func fnDeployer(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) != 0 {
		return e.unknown(c, x, args...)
	}
	return parser.RefValue("deployer", "", c.r)
}

func fnCopyIndex(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	name := ""
	offset := int64(0)
	rest := args
	if len(rest) > 0 {
		if s, ok := rest[0].String(); ok {
			name = strings.ToLower(s)
			rest = rest[1:]
		}
	}
	if len(rest) > 1 {
		return e.unknown(c, x, args...)
	}
	if len(rest) == 1 {
		n, ok := asInt(rest[0])
		if !ok {
			return e.unknown(c, x, args...)
		}
		offset = n
	}
	for i := len(e.copies) - 1; i >= 0; i-- {
		b := e.copies[i]
		if name == "" || b.name == name {
			return parser.NumValue(float64(int64(b.index)+offset), c.r)
		}
	}
	return e.unknown(c, x, args...)
}

// fnReference: reference(target, [apiVersion], ['full']) becomes a
// reference to the target resource when it is in the unit. Without 'full'
// ARM returns the resource's properties, so the path starts with
// "properties".
func fnReference(e *evaluator, c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) == 0 {
		return e.unknown(c, x)
	}
	re := e.st.resolveTarget(e, args[0])
	if re == nil {
		return e.unknown(c, x, args...)
	}
	full := false
	if len(args) >= 3 {
		if s, ok := args[2].String(); ok && strings.EqualFold(s, "full") {
			full = true
		}
	}
	if full {
		return parser.RefValue(re.r.ID, "", c.r)
	}
	return parser.RefValue(re.r.ID, "properties", c.r)
}

var listNames = map[string]string{
	"listkeys": "listKeys", "listsecrets": "listSecrets", "listconnectionstrings": "listConnectionStrings",
	"listaccountsas": "listAccountSas", "listservicesas": "listServiceSas", "listcredentials": "listCredentials",
	"listcredential": "listCredential", "listadminkeys": "listAdminKeys", "listquerykeys": "listQueryKeys",
	"listpublishingcredentials": "listPublishingCredentials", "listsyncfunctiontriggers": "listSyncFunctionTriggers",
	"listclusteradmincredential": "listClusterAdminCredential", "listclusterusercredential": "listClusterUserCredential",
}

// listCall: list*(target, apiVersion, ...) is a reference to the target's
// list action, e.g. ref{sa, "listKeys()"}; accessing into it extends the
// path ("listKeys().keys[0].value").
func (e *evaluator) listCall(c *ectx, x *Expr, args []*parser.Value) *parser.Value {
	if len(args) == 0 {
		return e.unknown(c, x)
	}
	re := e.st.resolveTarget(e, args[0])
	if re == nil {
		return e.unknown(c, x, args...)
	}
	n, ok := listNames[strings.ToLower(x.Name)]
	if !ok {
		n = x.Name
	}
	return parser.RefValue(re.r.ID, n+"()", c.r)
}

// placeholderID is the id string of a unit resource with a static name.
func (st *loadState) placeholderID(id string) (string, bool) {
	re := st.byID[id]
	if re == nil {
		return "", false
	}
	name, ok := re.r.Name.String()
	if !ok {
		return "", false
	}
	pp, ok := providerPath(re.r.Type, strings.Split(name, "/"))
	if !ok {
		return "", false
	}
	return phRGID + "/providers/" + pp, true
}
