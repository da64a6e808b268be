package parser

import (
	"strconv"
	"strings"
)

// This file adds indexes to the unit document, computed in Go once per
// unit because walking every value of every resource in Rego costs more
// than all other rules together:
//
//   - "refs": every reference inside a resource's values (properties, other
//     attributes, scope, parent, condition, name), with where it appears:
//     {"resource": holder id, "path": property path of the value in the
//     holder, "type": holder type, "ref": referenced id, "refPath":
//     attribute path}. A reference
//     mentioned by an unknown expression is listed at the unknown's path.
//   - "literals": known, non-empty strings that look like credentials:
//     {"resource", "type", "path", "kind", "value"} where kind is "password" (the value of a
//     property whose name ends in "password", or the "value" of such a
//     module / nested-deployment parameter) or "connectionString" (a string
//     holding AccountKey=, SharedAccessKey=, Password= or Pwd= with a value).
//     A Generated string (built from guid()/uniqueString()) is not listed,
//     nor a string equal to a parameter's default or value: values are
//     resolved through parameters, so such a string came from the parameter
//     (whose own default, when secret-looking, is listed as kind
//     "parameter").
//
// Existing resources are not scanned (rules never report on their values).
// A nested deployment's inline template is not scanned (its resources are
// resources of the unit); its parameters are.

// Index is the Go form of the indexes: computed once per unit (ScanUnit),
// read by the engine to decide which rules can fire, and encoded by
// BuildScan.
type Index struct {
	Refs     []IndexRef
	Literals []IndexLiteral
	types    []string         // lower-case types in first-seen order
	byType   map[string][]int // lower-case type -> resource indexes
	ids      []idEntry        // first resource of each id
	// ParamValues are the known string defaults and values of the
	// parameters, in first-seen order, without repeats.
	ParamValues []string
}

// IndexRef is one element of "refs".
type IndexRef struct {
	Resource, Type, Path string // the holder and where the reference is
	Ref, RefPath         string // the referenced id and attribute path
}

// IndexLiteral is one element of "literals". Parameter is the parameter's
// index for kind "parameter", else -1.
type IndexLiteral struct {
	Resource, Type, Path, Kind, Value string
	Parameter                         int
}

type idEntry struct {
	id string
	i  int
}

// ScanUnit computes the indexes of a unit.
func ScanUnit(u *Unit) *Index {
	x := &Index{byType: map[string][]int{}}
	s := &scanner{x: x, paramValue: map[string]bool{}}
	for _, p := range u.Parameters {
		for _, v := range [...]*Value{p.Default, p.Value} {
			if v != nil && v.Kind == KindString && !s.paramValue[v.Str] {
				s.paramValue[v.Str] = true
				x.ParamValues = append(x.ParamValues, v.Str)
			}
		}
	}
	seen := make(map[string]bool, len(u.Resources))
	for i, r := range u.Resources {
		t := strings.ToLower(r.Type)
		if _, ok := x.byType[t]; !ok {
			x.types = append(x.types, t)
		}
		x.byType[t] = append(x.byType[t], i)
		if !seen[r.ID] {
			seen[r.ID] = true
			x.ids = append(x.ids, idEntry{r.ID, i})
		}
		if r.Existing {
			continue // rules do not report on an existing resource's values
		}
		s.res, s.typ = r.ID, r.Type
		s.noLiterals = !azureType(r)
		if strings.EqualFold(r.Type, "Microsoft.Resources/deployments") && r.Properties != nil && r.Properties.Kind == KindObject {
			s.walkAt(r.Properties.Get("parameters"), "properties.parameters", "", "")
			for _, f := range r.Properties.Fields {
				if !strings.EqualFold(f.Key, "parameters") && !strings.EqualFold(f.Key, "template") {
					s.walkAt(f.Value, "properties"+pathKey(f.Key), f.Key, "")
				}
			}
		} else {
			s.walkAt(r.Properties, "properties", "", "")
		}
		s.walkAt(r.Extra, "", "", "")
		s.walkAt(r.Scope, "scope", "", "")
		s.walkAt(r.Parent, "parent", "", "")
		s.walkAt(r.Condition, "condition", "", "")
		s.walkAt(r.Name, "name", "", "")
	}
	// Parameters that may hold a secret and have a literal default: secure
	// ones and password-named ones (MI401 judges the default).
	for i, p := range u.Parameters {
		if p.Default == nil || p.DefaultGenerated || !(p.Secure || passwordKey(p.Name)) {
			continue
		}
		v, _ := p.Default.String()
		x.Literals = append(x.Literals, IndexLiteral{Path: "parameters." + p.Name, Kind: "parameter", Value: v, Parameter: i})
	}
	return x
}

// BuildScan encodes the indexes of a unit (see BuildUnit): "refs",
// "literals", and "typeIndex" (lower-case type → resource indexes) and
// "idIndex" (id → resource index), so rules look resources up without
// scanning them, and "paramValues" (every known string default or value of
// a parameter → true), so a rule tells a value that came from a parameter
// with one lookup. x is the unit's ScanUnit (nil computes it).
func BuildScan[T any](b Builder[T], u *Unit, x *Index) []KV[T] {
	if x == nil {
		x = ScanUnit(u)
	}
	refs := make([]T, len(x.Refs))
	for i, r := range x.Refs {
		refs[i] = b.Object([]KV[T]{
			{"resource", b.String(r.Resource)}, {"type", b.String(r.Type)}, {"path", b.String(r.Path)}, {"ref", b.String(r.Ref)}, {"refPath", b.String(r.RefPath)},
		})
	}
	lits := make([]T, len(x.Literals))
	for i, l := range x.Literals {
		fields := []KV[T]{
			{"resource", b.String(l.Resource)}, {"type", b.String(l.Type)}, {"path", b.String(l.Path)}, {"kind", b.String(l.Kind)}, {"value", b.String(l.Value)},
		}
		if l.Parameter >= 0 {
			fields = append(fields, KV[T]{"parameter", b.Int(int64(l.Parameter))})
		}
		lits[i] = b.Object(fields)
	}
	ti := make([]KV[T], len(x.types))
	for i, t := range x.types {
		ti[i] = KV[T]{t, ints(b, x.byType[t])}
	}
	ids := make([]KV[T], len(x.ids))
	for i, e := range x.ids {
		ids[i] = KV[T]{e.id, b.Int(int64(e.i))}
	}
	pv := make([]KV[T], len(x.ParamValues))
	for i, v := range x.ParamValues {
		pv[i] = KV[T]{v, b.Bool(true)}
	}
	return []KV[T]{
		{"refs", b.Array(refs)},
		{"literals", b.Array(lits)},
		{"typeIndex", b.Object(ti)},
		{"idIndex", b.Object(ids)},
		{"paramValues", b.Object(pv)},
	}
}

// scanner walks resource values. The path of the value being walked is
// kept in one buffer and turned into a string only for a reference or a
// literal: most values are neither.
type scanner struct {
	x          *Index
	res, typ   string
	noLiterals bool // resource of another cloud's provider: its literals are not listed
	path       []byte
	paramValue map[string]bool // the unit's ParamValues
}

func (s *scanner) walkAt(v *Value, path, key, parentKey string) {
	s.path = append(s.path[:0], path...)
	s.walk(v, key, parentKey, 0)
}

// azureType reports whether a resource is Azure's: every ARM and Bicep
// resource, and Terraform resources of the azurerm, azapi and azuread
// providers. milint lints Azure IaC; a google_* or aws_* resource in the
// same configuration is another linter's business, so the literal scan
// skips it (its references are still listed).
func azureType(r *Resource) bool {
	native, ok := strings.CutPrefix(r.Type, "Terraform/")
	if !ok {
		return true
	}
	if r.Native != "" {
		native = r.Native
	}
	for _, p := range [...]string{"azurerm_", "azapi_", "azuread_"} {
		if strings.HasPrefix(native, p) {
			return true
		}
	}
	return false
}

const scanMaxDepth = 64

func (s *scanner) walk(v *Value, key, parentKey string, depth int) {
	if v == nil || depth > scanMaxDepth {
		return
	}
	switch v.Kind {
	case KindRef:
		s.ref(*v.Ref)
	case KindUnknown:
		for _, r := range v.Refs {
			s.ref(r)
		}
	case KindString:
		if v.Generated {
			return // guid()/uniqueString(): generated at deployment, not a literal secret
		}
		if s.noLiterals {
			return
		}
		if s.paramValue[v.Str] {
			return // the value of a parameter: not a literal of the template
		}
		if kind := literalKind(v.Str, key, parentKey); kind != "" {
			s.x.Literals = append(s.x.Literals, IndexLiteral{Resource: s.res, Type: s.typ, Path: string(s.path), Kind: kind, Value: v.Str, Parameter: -1})
		}
	case KindArray:
		n := len(s.path)
		for i, it := range v.Items {
			s.path = append(s.path, '[')
			s.path = strconv.AppendInt(s.path, int64(i), 10)
			s.path = append(s.path, ']')
			s.walk(it, key, parentKey, depth+1)
			s.path = s.path[:n]
		}
	case KindObject:
		n := len(s.path)
		for _, f := range v.Fields {
			switch {
			case isIdent(f.Key) && n > 0:
				s.path = append(append(s.path, '.'), f.Key...)
			case isIdent(f.Key):
				s.path = append(s.path, f.Key...)
			default:
				s.path = strconv.AppendQuote(append(s.path, '['), f.Key)
				s.path = append(s.path, ']')
			}
			s.walk(f.Value, f.Key, key, depth+1)
			s.path = s.path[:n]
		}
	}
}

func (s *scanner) ref(r Reference) {
	s.x.Refs = append(s.x.Refs, IndexRef{Resource: s.res, Type: s.typ, Path: string(s.path), Ref: r.Resource, RefPath: r.Path})
}

// literalKind classifies a known string by the key it is stored under.
func literalKind(str, key, parentKey string) string {
	t := strings.TrimSpace(str)
	if t == "" {
		return ""
	}
	if passwordKey(key) || (strings.EqualFold(key, "value") && passwordKey(parentKey)) {
		return "password"
	}
	if hasCredential(str) {
		return "connectionString"
	}
	return ""
}

func passwordKey(k string) bool {
	return len(k) >= 8 && strings.EqualFold(k[len(k)-8:], "password")
}

// hasCredential reports whether s holds name=value for a credential name.
func hasCredential(s string) bool {
	if !strings.Contains(s, "=") {
		return false
	}
	l := strings.ToLower(s)
	for _, name := range []string{"accountkey=", "sharedaccesskey=", "password=", "pwd="} {
		for i := 0; ; {
			j := strings.Index(l[i:], name)
			if j < 0 {
				break
			}
			k := i + j + len(name)
			if k < len(l) && !strings.ContainsRune(";{$ \t\r\n'\"", rune(l[k])) {
				return true
			}
			i = k
		}
	}
	return false
}

func pathKey(k string) string {
	if isIdent(k) {
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

func isIdent(k string) bool {
	if k == "" {
		return false
	}
	for i, c := range k {
		if c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			continue
		}
		return false
	}
	return true
}
