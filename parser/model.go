// Package parser holds milint's common model: the shape every front end
// (ARM, Bicep, Terraform) fills in and every rule reads. It knows no source
// format and no Azure semantics beyond the ARM resource shape.
//
// Every node carries its source Range, and problems are Diagnostics (values
// with a summary, a detail and a subject range), never bare strings.
package parser

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Pos is a position in a source file. Line and Column are 1-based; Column
// counts Unicode characters (runes). Byte is the 0-based byte offset.
type Pos struct {
	Line   int
	Column int
	Byte   int
}

// Range is a span of source text. End is exclusive.
type Range struct {
	File  string
	Start Pos
	End   Pos
}

// IsZero reports whether the range has no position.
func (r Range) IsZero() bool { return r.Start.Line == 0 }

func (r Range) String() string {
	return fmt.Sprintf("%s:%d:%d", r.File, r.Start.Line, r.Start.Column)
}

// Severity of a diagnostic.
type Severity int

const (
	// SevError means milint could not do its job for this input (exit code 2).
	SevError Severity = iota
	// SevNote says something was skipped or not followed.
	SevNote
)

// Diagnostic is a problem found while reading input.
type Diagnostic struct {
	Severity Severity
	// Summary is terse: "unterminated string".
	Summary string
	// Detail says what to do, or gives context. Optional.
	Detail string
	// Subject is the tight range the diagnostic is about.
	Subject Range
}

// Message is Summary plus Detail, as printed after "file:line:col: ".
func (d Diagnostic) Message() string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}

func (d Diagnostic) Error() string {
	if d.Subject.File == "" {
		return d.Message()
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.Subject.File, max(d.Subject.Start.Line, 1), max(d.Subject.Start.Column, 1), d.Message())
}

// Diagnostics is a list of diagnostics; it accumulates rather than aborts.
type Diagnostics []Diagnostic

// Errorf appends an error diagnostic.
func (ds *Diagnostics) Errorf(subject Range, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Severity: SevError, Summary: fmt.Sprintf(format, args...), Subject: subject})
}

// Notef appends a note diagnostic.
func (ds *Diagnostics) Notef(subject Range, format string, args ...any) {
	*ds = append(*ds, Diagnostic{Severity: SevNote, Summary: fmt.Sprintf(format, args...), Subject: subject})
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SevError {
			return true
		}
	}
	return false
}

// Sort orders diagnostics by file, line, column and removes exact duplicates.
func (ds Diagnostics) Sort() Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Subject, ds[j].Subject
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Kind is the kind of a Value.
type Kind uint8

const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
	// KindUnknown is a value the template alone does not decide. S holds its
	// source text; Refs lists the resources it mentions.
	KindUnknown
	// KindRef is a reference to another resource (or an attribute of it).
	KindRef
)

// Reference points at a resource of the same unit, optionally at an
// attribute path of it ("id", "identity.principalId", "properties.principalId",
// "listKeys().keys[0].value"). Paths of list*() calls start with the
// function name followed by "()".
type Reference struct {
	Resource string
	Path     string
}

// Field is one member of an object value; order is the source order.
type Field struct {
	Key      string
	KeyRange Range
	Value    *Value
}

// Value is a resolved (or unresolved) template value with its source range.
type Value struct {
	Kind   Kind
	Bool   bool
	Num    float64
	Str    string // KindString: the string; KindUnknown: the source text
	Items  []*Value
	Fields []*Field
	Ref    *Reference  // KindRef
	Refs   []Reference // KindUnknown: resources this expression mentions
	Range  Range
	// Generated is true for a KindString computed from a value generated
	// at deployment time (guid(), uniqueString(), newGuid(), or a string
	// built from one): deterministic text the template knows, but never a
	// literal secret. Additive; the string itself stays known so names
	// built from it still match.
	Generated bool
}

// Constructors. Each takes the range the value came from.

func NullValue(r Range) *Value           { return &Value{Kind: KindNull, Range: r} }
func BoolValue(b bool, r Range) *Value   { return &Value{Kind: KindBool, Bool: b, Range: r} }
func NumValue(n float64, r Range) *Value { return &Value{Kind: KindNumber, Num: n, Range: r} }
func StrValue(s string, r Range) *Value  { return &Value{Kind: KindString, Str: s, Range: r} }
func ArrayValue(items []*Value, r Range) *Value {
	return &Value{Kind: KindArray, Items: items, Range: r}
}
func ObjectValue(fields []*Field, r Range) *Value {
	return &Value{Kind: KindObject, Fields: fields, Range: r}
}

// UnknownValue is a value only known at deployment time; text is its source.
func UnknownValue(text string, r Range, refs ...Reference) *Value {
	return &Value{Kind: KindUnknown, Str: text, Range: r, Refs: refs}
}

// RefValue references resource id at path.
func RefValue(resource, path string, r Range) *Value {
	return &Value{Kind: KindRef, Ref: &Reference{Resource: resource, Path: path}, Range: r}
}

// IsKnown reports whether v is fully decided by the template (no unknown or
// reference anywhere inside it).
func (v *Value) IsKnown() bool {
	if v == nil {
		return true
	}
	switch v.Kind {
	case KindUnknown, KindRef:
		return false
	case KindArray:
		for _, it := range v.Items {
			if !it.IsKnown() {
				return false
			}
		}
	case KindObject:
		for _, f := range v.Fields {
			if !f.Value.IsKnown() {
				return false
			}
		}
	}
	return true
}

// Get returns the field of an object by key (case-sensitive first, then
// case-insensitive, as ARM compares property names), or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != KindObject {
		return nil
	}
	for _, f := range v.Fields {
		if f.Key == key {
			return f.Value
		}
	}
	for _, f := range v.Fields {
		if strings.EqualFold(f.Key, key) {
			return f.Value
		}
	}
	return nil
}

// Equal reports whether two known values are equal, as the template
// languages' equality compares them: by kind and content, objects by key
// (looked up as Get does) regardless of order. fold compares strings
// case-insensitively (Bicep's =~). Unknowns and references are never
// equal to anything.
func Equal(a, b *Value, fold bool) bool {
	if a == nil || b == nil || a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case KindNull:
		return true
	case KindBool:
		return a.Bool == b.Bool
	case KindNumber:
		return a.Num == b.Num
	case KindString:
		if fold {
			return strings.EqualFold(a.Str, b.Str)
		}
		return a.Str == b.Str
	case KindArray:
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if !Equal(a.Items[i], b.Items[i], fold) {
				return false
			}
		}
		return true
	case KindObject:
		if len(a.Fields) != len(b.Fields) {
			return false
		}
		for _, f := range a.Fields {
			o := b.Get(f.Key)
			if o == nil || !Equal(f.Value, o, fold) {
				return false
			}
		}
		return true
	}
	return false
}

// Set sets (or appends) an object field.
func (v *Value) Set(key string, val *Value) {
	for _, f := range v.Fields {
		if f.Key == key {
			f.Value = val
			return
		}
	}
	v.Fields = append(v.Fields, &Field{Key: key, KeyRange: val.Range, Value: val})
}

// String returns the string if v is a known string.
func (v *Value) String() (string, bool) {
	if v == nil || v.Kind != KindString {
		return "", false
	}
	return v.Str, true
}

// Text is a short human form: the string, the unknown's source text, or
// the reference, for messages.
func (v *Value) Text() string {
	if v == nil {
		return ""
	}
	switch v.Kind {
	case KindString, KindUnknown:
		return v.Str
	case KindRef:
		if v.Ref.Path == "" {
			return v.Ref.Resource
		}
		return v.Ref.Resource + "." + v.Ref.Path
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindNumber:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	case KindNull:
		return "null"
	}
	return ""
}

// At follows a property path such as "properties.accessPolicies[0].permissions"
// and returns the value there, or nil.
func (v *Value) At(path string) *Value {
	cur := v
	for _, seg := range SplitPath(path) {
		if cur == nil {
			return nil
		}
		if seg.Index >= 0 {
			if cur.Kind != KindArray || seg.Index >= len(cur.Items) {
				return nil
			}
			cur = cur.Items[seg.Index]
			continue
		}
		cur = cur.Get(seg.Key)
	}
	return cur
}

// PathSeg is one step of a property path: a key or an array index.
type PathSeg struct {
	Key   string
	Index int // -1 for a key step
}

// SplitPath splits "a.b[2].c" into its steps. Keys may be quoted as ["x.y"].
func SplitPath(path string) []PathSeg {
	var segs []PathSeg
	i := 0
	for i < len(path) {
		switch path[i] {
		case '.':
			i++
		case '[':
			j := strings.IndexByte(path[i:], ']')
			if j < 0 {
				return segs
			}
			inner := path[i+1 : i+j]
			if n, err := strconv.Atoi(inner); err == nil {
				segs = append(segs, PathSeg{Index: n})
			} else {
				segs = append(segs, PathSeg{Key: strings.Trim(inner, `"'`), Index: -1})
			}
			i += j + 1
		default:
			j := strings.IndexAny(path[i:], ".[")
			if j < 0 {
				j = len(path) - i
			}
			segs = append(segs, PathSeg{Key: path[i : i+j], Index: -1})
			i += j
		}
	}
	return segs
}

// Loop records that a declaration is repeated (ARM copy, Bicep for,
// Terraform count/for_each).
type Loop struct {
	Kind  string // "copy", "for", "count", "for_each"
	Count *int   // nil when not static
	Range Range
}

// Identity is a resource's managed identity block, normalised.
type Identity struct {
	// Type is "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned",
	// "None", or "" when unknown.
	Type string
	// UserAssigned lists the attached user-assigned identities: usually refs
	// to a Microsoft.ManagedIdentity/userAssignedIdentities resource.
	UserAssigned []*Value
	Range        Range
}

// HasSystem reports whether the identity includes a system-assigned one.
func (id *Identity) HasSystem() bool {
	return id != nil && strings.HasPrefix(id.Type, "SystemAssigned")
}

// NormalizeIdentityType turns "systemassigned,userassigned" and friends into
// the canonical form; unknown spellings are returned as given.
func NormalizeIdentityType(t string) string {
	var sys, user, none bool
	for _, p := range strings.Split(t, ",") {
		switch strings.ToLower(strings.TrimSpace(p)) {
		case "systemassigned":
			sys = true
		case "userassigned":
			user = true
		case "none":
			none = true
		case "":
		default:
			return t
		}
	}
	switch {
	case sys && user:
		return "SystemAssigned, UserAssigned"
	case sys:
		return "SystemAssigned"
	case user:
		return "UserAssigned"
	case none:
		return "None"
	}
	return t
}

// Resource is one resource declaration in ARM shape.
type Resource struct {
	// ID is unique in its unit: a Bicep symbol, an ARM symbolic name or
	// "type/name", a Terraform address. Resources inside a module (Bicep
	// module, ARM nested deployment, Terraform module call) are prefixed with
	// the call's id and ">" (e.g. "kvModule>vault",
	// "module.kv>azurerm_key_vault.this") so ids stay unique; Bicep nested
	// children are "parent::child".
	ID         string
	Type       string // full ARM type, child types fully qualified
	APIVersion string
	Name       *Value
	Existing   bool
	Properties *Value // object, or nil
	Identity   *Identity
	Scope      *Value // ref, id string, unknown, or nil (deployment scope)
	Parent     *Value // ref to the parent resource, or nil
	Loop       *Loop
	Condition  *Value // nil when unconditional
	Native     string // source-native type, e.g. "azurerm_key_vault"
	Module     string // id of the Microsoft.Resources/deployments resource it is declared in ("" at top)
	Metadata   *Value // ARM resource metadata (holds "milint:ignore" suppressions), or nil
	Extra      *Value // other top-level attributes (sku, kind, location, Terraform attributes), or nil
	Range      Range  // the whole declaration
	TypeRange  Range  // where the type is written
}

// Parameter is a template parameter / variable input.
type Parameter struct {
	Name    string
	Type    string // "string", "securestring", "object", ... as declared
	Secure  bool   // @secure(), securestring/secureObject, Terraform sensitive
	Default *Value // declared default, or nil
	Value   *Value // the value in effect (default or parameter file), or nil
	// DefaultGenerated is true when the default is computed at deployment
	// time (newGuid(), utcNow(), uniqueString(...)), never a literal secret.
	DefaultGenerated bool
	Range            Range
}

// Unit is what one rule evaluation sees: an entry file and everything it
// pulls in.
type Unit struct {
	Entry  string
	Format string // "arm", "bicep", "terraform", "terraform-plan"
	// TargetScope is the deployment scope of the entry: "resourceGroup"
	// (also when empty), "subscription", "managementGroup" or "tenant".
	TargetScope string
	Files       []string
	Resources   []*Resource
	Parameters  []*Parameter
	Grants      []*Grant
	Identities  []*IdentityView
	// Sources holds the raw bytes of every file of the unit, for caret
	// display and comment suppressions. Not part of the JSON form.
	Sources map[string][]byte
}

// Resource returns the resource with the given id, or nil.
func (u *Unit) Resource(id string) *Resource {
	for _, r := range u.Resources {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Principal says who a grant is for.
type Principal struct {
	// Kind: "systemAssigned", "userAssigned", "deployer", "parameter",
	// "literal" or "unknown".
	Kind string
	// Of is the resource carrying the system-assigned identity, or the
	// user-assigned identity resource.
	Of string
	// Text is the source text or literal id, for messages.
	Text string
}

// Role is a resolved role definition.
type Role struct {
	ID     string // lower-case GUID ("" when only a name is known)
	Name   string // display name ("" when unknown)
	Custom string // id of a custom roleDefinitions resource in the unit
}

// Grant is one access path: an access policy entry or a role assignment.
type Grant struct {
	Via       string // "accessPolicy" or "rbac"
	Resource  string // the resource that declares it (vault, accessPolicies child, role assignment)
	Path      string // property path of the entry inside Resource ("properties.accessPolicies[0]", "properties.roleDefinitionId")
	Principal Principal
	// Target is the resource the grant applies to, when it is in the unit.
	Target     string
	TargetType string // ARM type of the target, when known
	TargetName string // name of the target, for messages
	// ScopeLevel: "resource", "resourceGroup", "subscription",
	// "managementGroup", "tenant", or "unknown".
	ScopeLevel string
	Role       *Role // rbac
	// Perms (accessPolicy): keys/secrets/certificates/storage → the known
	// permission names, lower-cased. PermPaths holds, aligned with Perms, the
	// property path of each entry inside Resource, for exact locations.
	Perms     map[string][]string
	PermPaths map[string][]string
	// PermsUnknown lists the collections with an entry (or the whole list)
	// that is not static.
	PermsUnknown []string
	Condition    bool // rbac: the assignment has an ABAC condition
	Range        Range
}

// IdentityView is a managed identity with who carries it and what it is
// granted.
type IdentityView struct {
	Kind string // "systemAssigned" or "userAssigned"
	// Of is the carrying resource (systemAssigned) or the user-assigned
	// identity resource (userAssigned).
	Of string
	// AttachedTo lists the resources that carry a user-assigned identity.
	AttachedTo []string
	Grants     []int // indexes into Unit.Grants
	Looped     bool  // the carrier is declared in a loop or is a scale set
}

// AppendRefs appends to refs every reference the values mention (a
// reference value, the refs of an unknown, and those inside arrays and
// objects), each once.
func AppendRefs(refs []Reference, vs ...*Value) []Reference {
	for _, v := range vs {
		refs = appendRefs(refs, v, 0)
	}
	return refs
}

func appendRefs(refs []Reference, v *Value, depth int) []Reference {
	if v == nil || depth > 64 {
		return refs
	}
	switch v.Kind {
	case KindRef:
		return addRef(refs, *v.Ref)
	case KindUnknown:
		for _, r := range v.Refs {
			refs = addRef(refs, r)
		}
	case KindArray:
		for _, it := range v.Items {
			refs = appendRefs(refs, it, depth+1)
		}
	case KindObject:
		for _, f := range v.Fields {
			refs = appendRefs(refs, f.Value, depth+1)
		}
	}
	return refs
}

func addRef(refs []Reference, r Reference) []Reference {
	for _, x := range refs {
		if x == r {
			return refs
		}
	}
	return append(refs, r)
}
