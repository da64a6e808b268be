package parser

import (
	"strconv"
	"strings"
)

// This file adds two indexes to the unit document, computed in Go once per
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
//     A Generated string (built from guid()/uniqueString()) is not listed.
//
// Existing resources are not scanned (rules never report on their values).
// A nested deployment's inline template is not scanned (its resources are
// resources of the unit); its parameters are.

// BuildScan encodes the indexes of a unit (see BuildUnit): "refs",
// "literals", and "typeIndex" (lower-case type → resource indexes) and
// "idIndex" (id → resource index), so rules look resources up without
// scanning them.
func BuildScan[T any](b Builder[T], u *Unit) []KV[T] {
	s := &scanner[T]{b: b, refs: []T{}, literals: []T{}}
	byType := map[string][]T{}
	var types []string
	ids := make([]KV[T], 0, len(u.Resources))
	seen := make(map[string]bool, len(u.Resources))
	for i, r := range u.Resources {
		t := strings.ToLower(r.Type)
		if _, ok := byType[t]; !ok {
			types = append(types, t)
		}
		byType[t] = append(byType[t], b.Int(int64(i)))
		if !seen[r.ID] {
			seen[r.ID] = true
			ids = append(ids, KV[T]{r.ID, b.Int(int64(i))})
		}
		if r.Existing {
			continue // rules do not report on an existing resource's values
		}
		s.res, s.typ = r.ID, r.Type
		s.noLiterals = !azureType(r)
		if strings.EqualFold(r.Type, "Microsoft.Resources/deployments") && r.Properties != nil && r.Properties.Kind == KindObject {
			s.walk(r.Properties.Get("parameters"), "properties.parameters", "", "", 0)
			for _, f := range r.Properties.Fields {
				if !strings.EqualFold(f.Key, "parameters") && !strings.EqualFold(f.Key, "template") {
					s.walk(f.Value, "properties"+pathKey(f.Key), f.Key, "", 0)
				}
			}
		} else {
			s.walk(r.Properties, "properties", "", "", 0)
		}
		s.walk(r.Extra, "", "", "", 0)
		s.walk(r.Scope, "scope", "", "", 0)
		s.walk(r.Parent, "parent", "", "", 0)
		s.walk(r.Condition, "condition", "", "", 0)
		s.walk(r.Name, "name", "", "", 0)
	}
	// Parameters that may hold a secret and have a literal default: secure
	// ones and password-named ones (MI401 judges the default).
	for i, p := range u.Parameters {
		if p.Default == nil || p.DefaultGenerated || !(p.Secure || passwordKey(p.Name)) {
			continue
		}
		v, _ := p.Default.String()
		s.literals = append(s.literals, b.Object([]KV[T]{
			{"resource", b.String("")}, {"type", b.String("")}, {"path", b.String("parameters." + p.Name)},
			{"kind", b.String("parameter")}, {"value", b.String(v)}, {"parameter", b.Int(int64(i))},
		}))
	}
	ti := make([]KV[T], len(types))
	for i, t := range types {
		ti[i] = KV[T]{t, b.Array(byType[t])}
	}
	return []KV[T]{
		{"refs", b.Array(s.refs)},
		{"literals", b.Array(s.literals)},
		{"typeIndex", b.Object(ti)},
		{"idIndex", b.Object(ids)},
	}
}

type scanner[T any] struct {
	b              Builder[T]
	res, typ       string
	refs, literals []T
	noLiterals     bool // resource of another cloud's provider: its literals are not listed
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

func (s *scanner[T]) walk(v *Value, path, key, parentKey string, depth int) {
	if v == nil || depth > scanMaxDepth {
		return
	}
	switch v.Kind {
	case KindRef:
		s.ref(path, *v.Ref)
	case KindUnknown:
		for _, r := range v.Refs {
			s.ref(path, r)
		}
	case KindString:
		if v.Generated {
			return // guid()/uniqueString(): generated at deployment, not a literal secret
		}
		if s.noLiterals {
			return
		}
		if kind := literalKind(v.Str, key, parentKey); kind != "" {
			b := s.b
			s.literals = append(s.literals, b.Object([]KV[T]{
				{"resource", b.String(s.res)}, {"type", b.String(s.typ)}, {"path", b.String(path)}, {"kind", b.String(kind)}, {"value", b.String(v.Str)},
			}))
		}
	case KindArray:
		for i, it := range v.Items {
			s.walk(it, path+"["+strconv.Itoa(i)+"]", key, parentKey, depth+1)
		}
	case KindObject:
		for _, f := range v.Fields {
			p := f.Key
			if path != "" {
				p = path + pathKey(f.Key)
			} else if !isIdent(f.Key) {
				p = pathKey(f.Key)
			}
			s.walk(f.Value, p, f.Key, key, depth+1)
		}
	}
}

func (s *scanner[T]) ref(path string, r Reference) {
	b := s.b
	s.refs = append(s.refs, b.Object([]KV[T]{
		{"resource", b.String(s.res)}, {"type", b.String(s.typ)}, {"path", b.String(path)}, {"ref", b.String(r.Resource)}, {"refPath", b.String(r.Path)},
	}))
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
