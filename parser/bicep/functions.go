package bicep

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/milint/milint/parser"
)

// RoleNamePrefix is the convention for roleDefinitions('Name'): its .id
// (and .name) lower to the string "roleDefinitionName:Name", which the
// derive package resolves through its table of built-in roles.
const RoleNamePrefix = "roleDefinitionName:"

// Placeholders for context values (see the team brief).
const (
	rgID     = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
	subID    = "/subscriptions/{subscriptionId}"
	mgPrefix = "/providers/Microsoft.Management/managementGroups/"
)

func str(s string, r parser.Range) *parser.Value { return parser.StrValue(s, r) }

func obj(r parser.Range, kv ...string) *parser.Value {
	o := parser.ObjectValue(nil, r)
	for i := 0; i+1 < len(kv); i += 2 {
		o.Fields = append(o.Fields, &parser.Field{Key: kv[i], KeyRange: r, Value: str(kv[i+1], r)})
	}
	return o
}

// lambdaFuncs take lambda arguments; they are evaluated when the input is
// static.
var lambdaFuncs = map[string]bool{"map": true, "filter": true, "reduce": true, "sort": true, "toobject": true,
	"mapvalues": true, "groupby": true, "shallowmerge": false}

// generatorFuncs compute a value at deployment time; stringFuncs build a
// string from their arguments, so a generated argument makes a generated
// result (parser.Value.Generated).
var (
	generatorFuncs = map[string]bool{"guid": true, "uniquestring": true, "newguid": true}
	stringFuncs    = map[string]bool{"concat": true, "format": true, "replace": true, "join": true,
		"tolower": true, "toupper": true, "substring": true, "take": true, "skip": true, "trim": true,
		"padleft": true, "base64": true, "string": true, "uri": true}
)

func (in *instance) evalCall(x Expr, name string, argx []Expr, en *env) *parser.Value {
	lname := strings.ToLower(name)
	if lambdaFuncs[lname] {
		return in.evalLambdaCall(x, lname, argx, en)
	}
	args := make([]*parser.Value, len(argx))
	for i, a := range argx {
		args[i] = in.eval(a, en)
	}
	v := in.evalCallArgs(x, lname, args, en)
	if v == nil || v.Kind != parser.KindString || v.Generated {
		return v
	}
	gen := generatorFuncs[lname]
	if !gen && stringFuncs[lname] {
		for _, a := range args {
			if a != nil && a.Generated {
				gen = true
				break
			}
		}
	}
	if gen {
		c := *v // the result may be shared (an argument returned as is)
		c.Generated = true
		return &c
	}
	return v
}

// evalCallArgs evaluates a call of (lower-case) lname on evaluated args.
func (in *instance) evalCallArgs(x Expr, lname string, args []*parser.Value, en *env) *parser.Value {
	r := x.Range()
	unk := func() *parser.Value { return in.unknown(x, args...) }
	allKnown := known(args...)
	strArg := func(i int) (string, bool) {
		if i < len(args) && args[i].Kind == parser.KindString {
			return args[i].Str, true
		}
		return "", false
	}
	switch lname {
	case "resourcegroup":
		switch len(args) {
		case 0:
			o := obj(r, "id", rgID, "name", "{resourceGroupName}", "location", "{location}", "type", "Microsoft.Resources/resourceGroups")
			return o
		case 1:
			if n, ok := strArg(0); ok {
				return obj(r, "id", "/subscriptions/{subscriptionId}/resourceGroups/"+n, "name", n, "type", "Microsoft.Resources/resourceGroups")
			}
		case 2:
			s, ok1 := strArg(0)
			n, ok2 := strArg(1)
			if ok1 && ok2 {
				return obj(r, "id", "/subscriptions/"+s+"/resourceGroups/"+n, "name", n, "type", "Microsoft.Resources/resourceGroups")
			}
		}
		return unk()
	case "subscription":
		switch len(args) {
		case 0:
			return obj(r, "id", subID, "subscriptionId", "{subscriptionId}", "tenantId", "{tenantId}")
		case 1:
			if s, ok := strArg(0); ok {
				return obj(r, "id", "/subscriptions/"+s, "subscriptionId", s, "tenantId", "{tenantId}")
			}
		}
		return unk()
	case "tenant":
		return obj(r, "id", "/", "tenantId", "{tenantId}")
	case "managementgroup":
		switch len(args) {
		case 0:
			return obj(r, "id", mgPrefix+"{managementGroupName}", "name", "{managementGroupName}")
		case 1:
			if s, ok := strArg(0); ok {
				return obj(r, "id", mgPrefix+s, "name", s)
			}
		}
		return unk()
	case "deployer":
		return parser.RefValue("deployer", "", r)
	case "roledefinitions":
		if s, ok := strArg(0); ok && len(args) == 1 {
			v := RoleNamePrefix + s
			return obj(r, "id", v, "name", v)
		}
		return unk()
	case "resourceid", "subscriptionresourceid", "tenantresourceid", "extensionresourceid", "managementgroupresourceid":
		return in.resourceIDCall(x, lname, args)
	case "concat":
		if !allKnown {
			return unk()
		}
		if len(args) > 0 && args[0].Kind == parser.KindArray {
			var items []*parser.Value
			for _, a := range args {
				if a.Kind != parser.KindArray {
					return unk()
				}
				items = append(items, a.Items...)
			}
			return parser.ArrayValue(items, r)
		}
		var b strings.Builder
		for _, a := range args {
			s, ok := toStr(a)
			if !ok {
				return unk()
			}
			b.WriteString(s)
		}
		return str(b.String(), r)
	case "format":
		f, ok := strArg(0)
		if !ok || !allKnown {
			return unk()
		}
		s, ok := formatString(f, args[1:])
		if !ok {
			return unk()
		}
		return str(s, r)
	case "tolower", "toupper", "trim":
		s, ok := strArg(0)
		if !ok {
			return unk()
		}
		switch lname {
		case "tolower":
			return str(strings.ToLower(s), r)
		case "toupper":
			return str(strings.ToUpper(s), r)
		}
		return str(strings.TrimSpace(s), r)
	case "replace":
		s, ok1 := strArg(0)
		o, ok2 := strArg(1)
		n, ok3 := strArg(2)
		if ok1 && ok2 && ok3 {
			return str(strings.ReplaceAll(s, o, n), r)
		}
		return unk()
	case "startswith", "endswith":
		s, ok1 := strArg(0)
		p, ok2 := strArg(1)
		if ok1 && ok2 {
			s, p = strings.ToLower(s), strings.ToLower(p)
			if lname == "startswith" {
				return parser.BoolValue(strings.HasPrefix(s, p), r)
			}
			return parser.BoolValue(strings.HasSuffix(s, p), r)
		}
		return unk()
	case "split":
		s, ok1 := strArg(0)
		sep, ok2 := strArg(1)
		if ok1 && ok2 && sep != "" {
			var items []*parser.Value
			for _, p := range strings.Split(s, sep) {
				items = append(items, str(p, r))
			}
			return parser.ArrayValue(items, r)
		}
		return unk()
	case "join":
		sep, ok := strArg(1)
		if ok && len(args) == 2 && args[0].Kind == parser.KindArray && allKnown {
			parts := make([]string, len(args[0].Items))
			for i, it := range args[0].Items {
				s, ok := toStr(it)
				if !ok {
					return unk()
				}
				parts[i] = s
			}
			return str(strings.Join(parts, sep), r)
		}
		return unk()
	case "string":
		if len(args) == 1 && args[0].IsKnown() {
			if s, ok := toStr(args[0]); ok {
				return str(s, r)
			}
		}
		return unk()
	case "int":
		if len(args) == 1 && args[0].Kind == parser.KindNumber {
			return args[0]
		}
		return unk()
	case "bool":
		if len(args) == 1 && args[0].Kind == parser.KindBool {
			return args[0]
		}
		if s, ok := strArg(0); ok {
			switch strings.ToLower(s) {
			case "true":
				return parser.BoolValue(true, r)
			case "false":
				return parser.BoolValue(false, r)
			}
		}
		return unk()
	case "contains":
		if len(args) != 2 || !allKnown {
			return unk()
		}
		c, v := args[0], args[1]
		switch c.Kind {
		case parser.KindString:
			if s, ok := toStr(v); ok {
				return parser.BoolValue(strings.Contains(c.Str, s), r)
			}
		case parser.KindArray:
			for _, it := range c.Items {
				if parser.Equal(it, v, false) {
					return parser.BoolValue(true, r)
				}
			}
			return parser.BoolValue(false, r)
		case parser.KindObject:
			if s, ok := toStr(v); ok {
				return parser.BoolValue(c.Get(s) != nil, r)
			}
		}
		return unk()
	case "empty":
		if len(args) != 1 {
			return unk()
		}
		switch a := args[0]; a.Kind {
		case parser.KindNull:
			return parser.BoolValue(true, r)
		case parser.KindString:
			return parser.BoolValue(a.Str == "", r)
		case parser.KindArray:
			return parser.BoolValue(len(a.Items) == 0, r)
		case parser.KindObject:
			return parser.BoolValue(len(a.Fields) == 0, r)
		}
		return unk()
	case "length":
		if len(args) != 1 {
			return unk()
		}
		switch a := args[0]; a.Kind {
		case parser.KindString:
			return parser.NumValue(float64(len([]rune(a.Str))), r)
		case parser.KindArray:
			return parser.NumValue(float64(len(a.Items)), r)
		case parser.KindObject:
			return parser.NumValue(float64(len(a.Fields)), r)
		}
		return unk()
	case "union":
		if len(args) == 0 {
			return unk()
		}
		switch args[0].Kind {
		case parser.KindObject:
			o := parser.ObjectValue(nil, r)
			for _, a := range args {
				if a.Kind == parser.KindNull {
					continue
				}
				if a.Kind != parser.KindObject {
					return unk()
				}
				for _, f := range a.Fields {
					o.Set(f.Key, f.Value)
				}
			}
			return o
		case parser.KindArray:
			var items []*parser.Value
			for _, a := range args {
				if a.Kind != parser.KindArray {
					return unk()
				}
			next:
				for _, it := range a.Items {
					for _, seen := range items {
						if it.IsKnown() && seen.IsKnown() && parser.Equal(it, seen, false) {
							continue next
						}
					}
					items = append(items, it)
				}
			}
			return parser.ArrayValue(items, r)
		}
		return unk()
	case "first", "last":
		if len(args) != 1 {
			return unk()
		}
		a := args[0]
		switch a.Kind {
		case parser.KindArray:
			if len(a.Items) == 0 {
				return parser.NullValue(r)
			}
			if lname == "first" {
				return a.Items[0]
			}
			return a.Items[len(a.Items)-1]
		case parser.KindString:
			rs := []rune(a.Str)
			if len(rs) == 0 {
				return str("", r)
			}
			if lname == "first" {
				return str(string(rs[0]), r)
			}
			return str(string(rs[len(rs)-1]), r)
		}
		return unk()
	case "coalesce":
		for _, a := range args {
			if a.Kind == parser.KindNull {
				continue
			}
			if a.Kind != parser.KindUnknown {
				return a
			}
			return unk()
		}
		return parser.NullValue(r)
	case "if":
		if len(args) == 3 && args[0].Kind == parser.KindBool {
			if args[0].Bool {
				return args[1]
			}
			return args[2]
		}
		return unk()
	case "equals":
		if len(args) == 2 && allKnown {
			return parser.BoolValue(parser.Equal(args[0], args[1], false), r)
		}
		return unk()
	case "not":
		if len(args) == 1 && args[0].Kind == parser.KindBool {
			return parser.BoolValue(!args[0].Bool, r)
		}
		return unk()
	case "and", "or":
		if len(args) == 0 || !allKnown {
			return unk()
		}
		res := lname == "and"
		for _, a := range args {
			if a.Kind != parser.KindBool {
				return unk()
			}
			if lname == "and" {
				res = res && a.Bool
			} else {
				res = res || a.Bool
			}
		}
		return parser.BoolValue(res, r)
	case "range":
		if len(args) == 2 && args[0].Kind == parser.KindNumber && args[1].Kind == parser.KindNumber {
			start, n := int(args[0].Num), int(args[1].Num)
			if n >= 0 && n <= maxStaticItems {
				items := make([]*parser.Value, n)
				for i := range items {
					items[i] = parser.NumValue(float64(start+i), r)
				}
				return parser.ArrayValue(items, r)
			}
		}
		return unk()
	case "array":
		if len(args) == 1 && args[0].IsKnown() {
			if args[0].Kind == parser.KindArray {
				return args[0]
			}
			return parser.ArrayValue([]*parser.Value{args[0]}, r)
		}
		return unk()
	case "createarray":
		return parser.ArrayValue(args, r)
	case "items":
		if len(args) == 1 && args[0].Kind == parser.KindObject {
			fs := append([]*parser.Field(nil), args[0].Fields...)
			sort.SliceStable(fs, func(i, j int) bool { return strings.ToLower(fs[i].Key) < strings.ToLower(fs[j].Key) })
			items := make([]*parser.Value, len(fs))
			for i, f := range fs {
				items[i] = parser.ObjectValue([]*parser.Field{
					{Key: "key", KeyRange: f.KeyRange, Value: str(f.Key, f.KeyRange)},
					{Key: "value", KeyRange: f.KeyRange, Value: f.Value},
				}, f.Value.Range)
			}
			return parser.ArrayValue(items, r)
		}
		return unk()
	case "objectkeys":
		if len(args) == 1 && args[0].Kind == parser.KindObject {
			items := make([]*parser.Value, len(args[0].Fields))
			for i, f := range args[0].Fields {
				items[i] = str(f.Key, f.KeyRange)
			}
			return parser.ArrayValue(items, r)
		}
		return unk()
	case "take", "skip":
		if len(args) == 2 && args[1].Kind == parser.KindNumber && args[0].Kind == parser.KindArray {
			n := max(0, min(int(args[1].Num), len(args[0].Items)))
			if lname == "take" {
				return parser.ArrayValue(args[0].Items[:n], r)
			}
			return parser.ArrayValue(args[0].Items[n:], r)
		}
		return unk()
	case "guid":
		if len(args) == 0 || !allKnown {
			return unk()
		}
		parts := make([]string, len(args))
		for i, a := range args {
			s, ok := toStr(a)
			if !ok {
				return unk()
			}
			parts[i] = s
		}
		return str(guidOf(parts), r)
	case "uniquestring":
		if len(args) == 0 || !allKnown {
			return unk()
		}
		parts := make([]string, len(args))
		for i, a := range args {
			s, ok := toStr(a)
			if !ok {
				return unk()
			}
			parts[i] = s
		}
		return str(uniqueStringOf(parts), r)
	case "tryget":
		if len(args) >= 2 && args[0].Kind == parser.KindObject {
			if s, ok := strArg(1); ok {
				if v := args[0].Get(s); v != nil {
					return v
				}
				return parser.NullValue(r)
			}
		}
		return unk()
	}
	return unk()
}

func (in *instance) evalLambdaCall(x Expr, lname string, argx []Expr, en *env) *parser.Value {
	if len(argx) < 2 {
		return in.unknown(x)
	}
	coll := in.eval(argx[0], en)
	lam, ok := argx[len(argx)-1].(*Lambda)
	if !ok || coll.Kind != parser.KindArray || (lname != "map" && lname != "filter") || len(coll.Items) > maxStaticItems {
		rest := []*parser.Value{coll}
		for _, a := range argx[1:] {
			rest = append(rest, in.eval(a, en))
		}
		return in.unknown(x, rest...)
	}
	bind := func(item *parser.Value, i int) *env {
		inner := en
		if len(lam.Params) > 0 {
			inner = inner.with(lam.Params[0], item)
		}
		if len(lam.Params) > 1 {
			inner = inner.with(lam.Params[1], parser.NumValue(float64(i), x.Range()))
		}
		return inner
	}
	out := make([]*parser.Value, 0, len(coll.Items))
	for i, it := range coll.Items {
		v := in.eval(lam.Body, bind(it, i))
		if lname == "map" {
			out = append(out, v)
			continue
		}
		if v.Kind != parser.KindBool {
			return in.unknown(x, coll, v)
		}
		if v.Bool {
			out = append(out, it)
		}
	}
	return parser.ArrayValue(out, x.Range())
}

// formatString implements format('{0}-{1}', ...).
func formatString(f string, args []*parser.Value) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c == '{' {
			if i+1 < len(f) && f[i+1] == '{' {
				b.WriteByte('{')
				i++
				continue
			}
			j := strings.IndexByte(f[i:], '}')
			if j < 0 {
				return "", false
			}
			spec := f[i+1 : i+j]
			if k := strings.IndexAny(spec, ":,"); k >= 0 {
				spec = spec[:k]
			}
			n := 0
			for _, d := range spec {
				if d < '0' || d > '9' {
					return "", false
				}
				n = n*10 + int(d-'0')
			}
			if n >= len(args) {
				return "", false
			}
			s, ok := toStr(args[n])
			if !ok {
				return "", false
			}
			b.WriteString(s)
			i += j
			continue
		}
		if c == '}' && i+1 < len(f) && f[i+1] == '}' {
			i++
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// guidOf is a deterministic GUID (name-based, SHA-1) of the arguments.
func guidOf(parts []string) string {
	h := sha1.Sum([]byte(strings.Join(parts, "-")))
	h[6] = (h[6] & 0x0f) | 0x50
	h[8] = (h[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// uniqueStringOf is a deterministic 13-character lower-case string.
func uniqueStringOf(parts []string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "-")))
	n := binary.BigEndian.Uint64(h[:8])
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	out := make([]byte, 13)
	for i := range out {
		out[i] = alphabet[n%32]
		n /= 32
	}
	return string(out)
}

// resourceIDCall builds an id string, or a reference when the id names a
// resource of this file.
func (in *instance) resourceIDCall(x Expr, lname string, args []*parser.Value) *parser.Value {
	r := x.Range()
	unk := func() *parser.Value { return in.unknown(x, args...) }
	// find the type argument: the first string that looks like Ns.X/type
	ti := -1
	for i, a := range args {
		if a.Kind == parser.KindString && strings.Contains(a.Str, "/") && strings.Contains(strings.SplitN(a.Str, "/", 2)[0], ".") {
			if lname == "extensionresourceid" && i == 0 {
				continue
			}
			ti = i
			break
		}
	}
	if ti < 0 {
		return unk()
	}
	typ := args[ti].Str
	names := args[ti+1:]
	nameStrs := make([]string, len(names))
	allNames := true
	for i, n := range names {
		s, ok := toStr(n)
		if !ok || !n.IsKnown() {
			allNames = false
			break
		}
		nameStrs[i] = s
	}
	if lname == "resourceid" && allNames {
		full := strings.Join(nameStrs, "/")
		if sym := in.findResource(typ, full); sym != nil {
			return parser.RefValue(sym.id, "id", r)
		}
	}
	if !allNames {
		return unk()
	}
	segs := strings.Split(typ, "/")
	if len(segs) < 2 || len(segs)-1 != len(nameStrs) {
		return unk()
	}
	var b strings.Builder
	b.WriteString("/providers/")
	b.WriteString(segs[0])
	for i, s := range segs[1:] {
		b.WriteString("/")
		b.WriteString(s)
		b.WriteString("/")
		b.WriteString(nameStrs[i])
	}
	tail := b.String()
	pre := args[:ti]
	for _, p := range pre {
		if p.Kind != parser.KindString {
			return unk()
		}
	}
	switch lname {
	case "resourceid":
		switch len(pre) {
		case 0:
			return str(rgID+tail, r)
		case 1:
			return str("/subscriptions/{subscriptionId}/resourceGroups/"+pre[0].Str+tail, r)
		case 2:
			return str("/subscriptions/"+pre[0].Str+"/resourceGroups/"+pre[1].Str+tail, r)
		}
	case "subscriptionresourceid":
		switch len(pre) {
		case 0:
			return str(subID+tail, r)
		case 1:
			return str("/subscriptions/"+pre[0].Str+tail, r)
		}
	case "tenantresourceid":
		return str(tail, r)
	case "managementgroupresourceid":
		switch len(pre) {
		case 0:
			return str(mgPrefix+"{managementGroupName}"+tail, r)
		case 1:
			return str(mgPrefix+pre[0].Str+tail, r)
		}
	case "extensionresourceid":
		if len(pre) == 1 {
			return str(strings.TrimSuffix(pre[0].Str, "/")+tail, r)
		}
	}
	return unk()
}
