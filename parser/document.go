package parser

import "math"

// This file defines the JSON form of the model, once: the input document of
// every Rego rule and the output of `milint parse`. The shape is written
// against a small Builder interface so that the engine can build OPA terms
// straight from the model (no JSON round trip, no intermediate maps) while
// `milint parse` builds plain Go values for encoding/json from the very same
// code. docs/model.md documents this shape; keep them in step.

// Builder constructs one representation of the document.
type Builder[T any] interface {
	Null() T
	Bool(b bool) T
	Int(n int64) T
	Float(f float64) T
	String(s string) T
	Array(items []T) T
	Object(fields []KV[T]) T
}

// KV is one member of an object under construction.
type KV[T any] struct {
	Key string
	Val T
}

func strs[T any](b Builder[T], l []string) T {
	out := make([]T, len(l))
	for i, s := range l {
		out[i] = b.String(s)
	}
	return b.Array(out)
}

func ints[T any](b Builder[T], l []int) T {
	out := make([]T, len(l))
	for i, n := range l {
		out[i] = b.Int(int64(n))
	}
	return b.Array(out)
}

// BuildLoc encodes a range as {file, line, column, endLine, endColumn}.
func BuildLoc[T any](b Builder[T], r Range) T {
	return b.Object([]KV[T]{
		{"file", b.String(r.File)},
		{"line", b.Int(int64(r.Start.Line))},
		{"column", b.Int(int64(r.Start.Column))},
		{"endLine", b.Int(int64(r.End.Line))},
		{"endColumn", b.Int(int64(r.End.Column))},
	})
}

// BuildValue encodes a value: known values are plain JSON, an unknown is
// {"unknown": text, "refs": [...]}, a reference is {"ref": resource, "path": path}.
func BuildValue[T any](b Builder[T], v *Value) T {
	if v == nil {
		return b.Null()
	}
	switch v.Kind {
	case KindBool:
		return b.Bool(v.Bool)
	case KindNumber:
		if v.Num == math.Trunc(v.Num) && math.Abs(v.Num) < 1<<53 {
			return b.Int(int64(v.Num))
		}
		return b.Float(v.Num)
	case KindString:
		return b.String(v.Str)
	case KindArray:
		out := make([]T, len(v.Items))
		for i, it := range v.Items {
			out[i] = BuildValue(b, it)
		}
		return b.Array(out)
	case KindObject:
		out := make([]KV[T], 0, len(v.Fields))
		for _, f := range v.Fields {
			out = append(out, KV[T]{f.Key, BuildValue(b, f.Value)})
		}
		return b.Object(out)
	case KindUnknown:
		fields := []KV[T]{{"unknown", b.String(v.Str)}}
		if len(v.Refs) > 0 {
			refs := make([]T, len(v.Refs))
			for i, r := range v.Refs {
				refs[i] = buildRef(b, r)
			}
			fields = append(fields, KV[T]{"refs", b.Array(refs)})
		}
		return b.Object(fields)
	case KindRef:
		return buildRef(b, *v.Ref)
	}
	return b.Null()
}

func buildRef[T any](b Builder[T], r Reference) T {
	fields := []KV[T]{{"ref", b.String(r.Resource)}}
	if r.Path != "" {
		fields = append(fields, KV[T]{"path", b.String(r.Path)})
	}
	return b.Object(fields)
}

// BuildResource encodes a resource.
func BuildResource[T any](b Builder[T], r *Resource) T { return buildResource(b, r, true) }

// buildResource encodes a resource, its properties and extra attributes
// only when props is set ("properties" is then null and "extra" absent).
func buildResource[T any](b Builder[T], r *Resource, props bool) T {
	identity, loop := b.Null(), b.Null()
	if r.Identity != nil {
		ua := make([]T, len(r.Identity.UserAssigned))
		for i, u := range r.Identity.UserAssigned {
			ua[i] = BuildValue(b, u)
		}
		identity = b.Object([]KV[T]{{"type", b.String(r.Identity.Type)}, {"userAssignedIdentities", b.Array(ua)}})
	}
	if r.Loop != nil {
		count := b.Null()
		if r.Loop.Count != nil {
			count = b.Int(int64(*r.Loop.Count))
		}
		loop = b.Object([]KV[T]{{"kind", b.String(r.Loop.Kind)}, {"count", count}})
	}
	fields := []KV[T]{
		{"id", b.String(r.ID)},
		{"type", b.String(r.Type)},
		{"apiVersion", b.String(r.APIVersion)},
		{"name", BuildValue(b, r.Name)},
		{"existing", b.Bool(r.Existing)},
		{"properties", b.Null()},
		{"identity", identity},
		{"scope", BuildValue(b, r.Scope)},
		{"parent", BuildValue(b, r.Parent)},
		{"loop", loop},
		{"condition", BuildValue(b, r.Condition)},
		{"loc", BuildLoc(b, r.Range)},
	}
	if props {
		fields[5].Val = BuildValue(b, r.Properties)
	}
	if r.Native != "" {
		fields = append(fields, KV[T]{"native", b.String(r.Native)})
	}
	if r.Module != "" {
		fields = append(fields, KV[T]{"module", b.String(r.Module)})
	}
	if r.Extra != nil && props {
		fields = append(fields, KV[T]{"extra", BuildValue(b, r.Extra)})
	}
	return b.Object(fields)
}

// BuildParameter encodes a parameter.
func BuildParameter[T any](b Builder[T], p *Parameter) T {
	return b.Object([]KV[T]{
		{"name", b.String(p.Name)},
		{"type", b.String(p.Type)},
		{"secure", b.Bool(p.Secure)},
		{"hasDefault", b.Bool(p.Default != nil)},
		{"default", BuildValue(b, p.Default)},
		{"defaultGenerated", b.Bool(p.DefaultGenerated)},
		{"value", BuildValue(b, p.Value)},
		{"loc", BuildLoc(b, p.Range)},
	})
}

// BuildGrant encodes a grant.
func BuildGrant[T any](b Builder[T], g *Grant) T {
	role := b.Null()
	if g.Role != nil {
		role = b.Object([]KV[T]{{"id", b.String(g.Role.ID)}, {"name", b.String(g.Role.Name)}, {"custom", b.String(g.Role.Custom)}})
	}
	fields := []KV[T]{
		{"via", b.String(g.Via)},
		{"resource", b.String(g.Resource)},
		{"path", b.String(g.Path)},
		{"principal", b.Object([]KV[T]{
			{"kind", b.String(g.Principal.Kind)},
			{"of", b.String(g.Principal.Of)},
			{"text", b.String(g.Principal.Text)},
		})},
		{"target", b.String(g.Target)},
		{"targetType", b.String(g.TargetType)},
		{"targetName", b.String(g.TargetName)},
		{"scopeLevel", b.String(g.ScopeLevel)},
		{"condition", b.Bool(g.Condition)},
		{"role", role},
		{"loc", BuildLoc(b, g.Range)},
	}
	if g.Via == "accessPolicy" {
		perms := make([]KV[T], 0, len(PermissionCollections))
		paths := make([]KV[T], 0, len(PermissionCollections))
		for _, c := range PermissionCollections {
			perms = append(perms, KV[T]{c, strs(b, g.Perms[c])})
			paths = append(paths, KV[T]{c, strs(b, g.PermPaths[c])})
		}
		fields = append(fields,
			KV[T]{"permissions", b.Object(perms)},
			KV[T]{"permissionPaths", b.Object(paths)},
			KV[T]{"permissionsUnknown", strs(b, g.PermsUnknown)})
	}
	return b.Object(fields)
}

// BuildIdentity encodes an identity view.
func BuildIdentity[T any](b Builder[T], iv *IdentityView) T {
	return b.Object([]KV[T]{
		{"kind", b.String(iv.Kind)},
		{"of", b.String(iv.Of)},
		{"attachedTo", strs(b, iv.AttachedTo)},
		{"grants", ints(b, iv.Grants)},
		{"looped", b.Bool(iv.Looped)},
	})
}

// BuildUnit encodes a unit: the input of every rule. x is the unit's
// ScanUnit (nil computes it).
func BuildUnit[T any](b Builder[T], u *Unit, x *Index) T { return BuildUnitFor(b, u, x, nil) }

// BuildUnitFor is BuildUnit for rules that read the properties of some
// resources only: keep (nil keeps all) says whose properties and extra
// attributes are encoded; the others have "properties": null and no
// "extra". Everything else, the indexes included, is encoded in full.
func BuildUnitFor[T any](b Builder[T], u *Unit, x *Index, keep func(*Resource) bool) T {
	res := make([]T, len(u.Resources))
	for i, r := range u.Resources {
		res[i] = buildResource(b, r, keep == nil || keep(r))
	}
	params := make([]T, len(u.Parameters))
	for i, p := range u.Parameters {
		params[i] = BuildParameter(b, p)
	}
	grants := make([]T, len(u.Grants))
	for i, g := range u.Grants {
		grants[i] = BuildGrant(b, g)
	}
	ids := make([]T, len(u.Identities))
	for i, iv := range u.Identities {
		ids[i] = BuildIdentity(b, iv)
	}
	return b.Object(append([]KV[T]{
		{"entry", b.String(u.Entry)},
		{"format", b.String(u.Format)},
		{"targetScope", b.String(u.TargetScope)},
		{"files", strs(b, u.Files)},
		{"resources", b.Array(res)},
		{"parameters", b.Array(params)},
		{"grants", b.Array(grants)},
		{"identities", b.Array(ids)},
	}, BuildScan(b, u, x)...)) // scan.go: the indexes rules read
}

// BuildDiagnostic encodes a diagnostic as {file, line, column, message}.
func BuildDiagnostic[T any](b Builder[T], d Diagnostic) T {
	return b.Object([]KV[T]{
		{"file", b.String(d.Subject.File)},
		{"line", b.Int(int64(d.Subject.Start.Line))},
		{"column", b.Int(int64(d.Subject.Start.Column))},
		{"message", b.String(d.Message())},
	})
}

// GoBuilder builds plain Go values (map[string]any, []any, string, int64,
// float64, bool, nil) for encoding/json.
type GoBuilder struct{}

func (GoBuilder) Null() any           { return nil }
func (GoBuilder) Bool(b bool) any     { return b }
func (GoBuilder) Int(n int64) any     { return n }
func (GoBuilder) Float(f float64) any { return f }
func (GoBuilder) String(s string) any { return s }
func (GoBuilder) Array(items []any) any {
	return items
}
func (GoBuilder) Object(fields []KV[any]) any {
	m := make(map[string]any, len(fields))
	for _, f := range fields {
		m[f.Key] = f.Val
	}
	return m
}

// Document is the plain-Go JSON form of a value.
func (v *Value) Document() any { return BuildValue[any](GoBuilder{}, v) }

// Document is the plain-Go JSON form of a resource.
func (r *Resource) Document() map[string]any {
	return BuildResource[any](GoBuilder{}, r).(map[string]any)
}

// Document is the plain-Go JSON form of a unit.
func (u *Unit) Document() map[string]any { return BuildUnit[any](GoBuilder{}, u, nil).(map[string]any) }

// Document is the plain-Go JSON form of a diagnostic in "errors"/"notes".
func (d Diagnostic) Document() map[string]any {
	return BuildDiagnostic[any](GoBuilder{}, d).(map[string]any)
}

// Loc is the plain-Go JSON form of a range.
func (r Range) Loc() map[string]any { return BuildLoc[any](GoBuilder{}, r).(map[string]any) }

// PermissionCollections are the four access-policy permission lists.
var PermissionCollections = []string{"keys", "secrets", "certificates", "storage"}
