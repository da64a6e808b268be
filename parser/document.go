package parser

import "math"

// This file defines the JSON form of the model: the input document of every
// Rego rule and the output of `milint parse`. It is built as plain Go values
// (map[string]any, []any, string, float64, bool, nil) so that the engine can
// hand it to OPA without a JSON round trip, and `milint parse` can marshal it
// with encoding/json. docs/model.md documents this shape; keep them in step.

// Loc is the JSON form of a range.
func (r Range) Loc() map[string]any {
	return map[string]any{
		"file":      r.File,
		"line":      r.Start.Line,
		"column":    r.Start.Column,
		"endLine":   r.End.Line,
		"endColumn": r.End.Column,
	}
}

// Document is the JSON form of a value: known values are plain JSON, an
// unknown is {"unknown": text, "refs": [...]}, a reference is
// {"ref": resource, "path": path}.
func (v *Value) Document() any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case KindNull:
		return nil
	case KindBool:
		return v.Bool
	case KindNumber:
		if v.Num == math.Trunc(v.Num) && math.Abs(v.Num) < 1<<53 {
			return int64(v.Num)
		}
		return v.Num
	case KindString:
		return v.Str
	case KindArray:
		out := make([]any, len(v.Items))
		for i, it := range v.Items {
			out[i] = it.Document()
		}
		return out
	case KindObject:
		out := make(map[string]any, len(v.Fields))
		for _, f := range v.Fields {
			out[f.Key] = f.Value.Document()
		}
		return out
	case KindUnknown:
		m := map[string]any{"unknown": v.Str}
		if len(v.Refs) > 0 {
			refs := make([]any, len(v.Refs))
			for i, r := range v.Refs {
				refs[i] = r.Document()
			}
			m["refs"] = refs
		}
		return m
	case KindRef:
		return v.Ref.Document()
	}
	return nil
}

// Document is the JSON form of a reference.
func (r Reference) Document() map[string]any {
	m := map[string]any{"ref": r.Resource}
	if r.Path != "" {
		m["path"] = r.Path
	}
	return m
}

// Document is the JSON form of a resource.
func (r *Resource) Document() map[string]any {
	m := map[string]any{
		"id":         r.ID,
		"type":       r.Type,
		"apiVersion": r.APIVersion,
		"name":       r.Name.Document(),
		"existing":   r.Existing,
		"properties": r.Properties.Document(),
		"identity":   nil,
		"scope":      r.Scope.Document(),
		"parent":     r.Parent.Document(),
		"loop":       nil,
		"condition":  r.Condition.Document(),
		"loc":        r.Range.Loc(),
	}
	if r.Native != "" {
		m["native"] = r.Native
	}
	if r.Module != "" {
		m["module"] = r.Module
	}
	if r.Extra != nil {
		m["extra"] = r.Extra.Document()
	}
	if r.Identity != nil {
		ua := make([]any, len(r.Identity.UserAssigned))
		for i, u := range r.Identity.UserAssigned {
			ua[i] = u.Document()
		}
		m["identity"] = map[string]any{"type": r.Identity.Type, "userAssignedIdentities": ua}
	}
	if r.Loop != nil {
		l := map[string]any{"kind": r.Loop.Kind, "count": nil}
		if r.Loop.Count != nil {
			l["count"] = *r.Loop.Count
		}
		m["loop"] = l
	}
	return m
}

// Document is the JSON form of a parameter.
func (p *Parameter) Document() map[string]any {
	return map[string]any{
		"name":             p.Name,
		"type":             p.Type,
		"secure":           p.Secure,
		"hasDefault":       p.Default != nil,
		"default":          p.Default.Document(),
		"defaultGenerated": p.DefaultGenerated,
		"value":            p.Value.Document(),
		"loc":              p.Range.Loc(),
	}
}

// Document is the JSON form of a grant.
func (g *Grant) Document() map[string]any {
	m := map[string]any{
		"via":      g.Via,
		"resource": g.Resource,
		"path":     g.Path,
		"principal": map[string]any{
			"kind": g.Principal.Kind,
			"of":   g.Principal.Of,
			"text": g.Principal.Text,
		},
		"target":     g.Target,
		"targetType": g.TargetType,
		"targetName": g.TargetName,
		"scopeLevel": g.ScopeLevel,
		"condition":  g.Condition,
		"role":       nil,
		"loc":        g.Range.Loc(),
	}
	if g.Role != nil {
		m["role"] = map[string]any{"id": g.Role.ID, "name": g.Role.Name, "custom": g.Role.Custom}
	}
	if g.Via == "accessPolicy" {
		perms := map[string]any{}
		paths := map[string]any{}
		for _, c := range PermissionCollections {
			perms[c] = anyStrings(g.Perms[c])
			paths[c] = anyStrings(g.PermPaths[c])
		}
		m["permissions"] = perms
		m["permissionPaths"] = paths
		m["permissionsUnknown"] = anyStrings(g.PermsUnknown)
	}
	return m
}

// Document is the JSON form of an identity view.
func (iv *IdentityView) Document() map[string]any {
	att := anyStrings(iv.AttachedTo)
	gr := make([]any, len(iv.Grants))
	for i, g := range iv.Grants {
		gr[i] = g
	}
	return map[string]any{"kind": iv.Kind, "of": iv.Of, "attachedTo": att, "grants": gr, "looped": iv.Looped}
}

// Document is the JSON form of a unit: the input of every rule.
func (u *Unit) Document() map[string]any {
	files := anyStrings(u.Files)
	res := make([]any, len(u.Resources))
	for i, r := range u.Resources {
		res[i] = r.Document()
	}
	params := make([]any, len(u.Parameters))
	for i, p := range u.Parameters {
		params[i] = p.Document()
	}
	grants := make([]any, len(u.Grants))
	for i, g := range u.Grants {
		grants[i] = g.Document()
	}
	ids := make([]any, len(u.Identities))
	for i, iv := range u.Identities {
		ids[i] = iv.Document()
	}
	refs, literals := u.scanIndex()
	return map[string]any{
		"refs":        refs,
		"literals":    literals,
		"entry":       u.Entry,
		"format":      u.Format,
		"targetScope": u.TargetScope,
		"files":       files,
		"resources":   res,
		"parameters":  params,
		"grants":      grants,
		"identities":  ids,
	}
}

// DiagnosticDocument is the JSON form of a diagnostic in "errors"/"notes".
func (d Diagnostic) Document() map[string]any {
	return map[string]any{
		"file":    d.Subject.File,
		"line":    d.Subject.Start.Line,
		"column":  d.Subject.Start.Column,
		"message": d.Message(),
	}
}

// PermissionCollections are the four access-policy permission lists.
var PermissionCollections = []string{"keys", "secrets", "certificates", "storage"}

func anyStrings(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}
