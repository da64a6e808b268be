// Package derive computes the derived views of a unit (grants and
// identities) from its resources, once, in Go, so that rules stay short and
// format-free. It reads only the common model.
package derive

import (
	"strings"

	"github.com/milint/milint/parser"
)

// ARM types the views care about (compared lower-case).
const (
	typeVault          = "microsoft.keyvault/vaults"
	typeVaultPolicies  = "microsoft.keyvault/vaults/accesspolicies"
	typeRoleAssignment = "microsoft.authorization/roleassignments"
	typeRoleDefinition = "microsoft.authorization/roledefinitions"
	typeUAMI           = "microsoft.managedidentity/userassignedidentities"
	typeVMSS           = "microsoft.compute/virtualmachinescalesets"
)

// DeployerID is the pseudo-resource id of the principal running the
// deployment (deployer().objectId, data.azurerm_client_config.x.object_id).
const DeployerID = "deployer"

// Build fills u.Grants and u.Identities.
func Build(u *parser.Unit) {
	d := &deriver{u: u, byID: make(map[string]*parser.Resource, len(u.Resources))}
	for _, r := range u.Resources {
		d.byID[r.ID] = r
	}
	u.Grants = u.Grants[:0]
	d.accessPolicies()
	d.roleAssignments()
	d.identities()
}

type deriver struct {
	u    *parser.Unit
	byID map[string]*parser.Resource
}

func lowerType(r *parser.Resource) string { return strings.ToLower(r.Type) }

// accessPolicies derives one grant per access-policy entry: inline lists on
// vaults, then vaults/accessPolicies children in declaration order (add and
// replace add entries; remove takes permissions away from earlier entries
// for the same principal).
func (d *deriver) accessPolicies() {
	for _, r := range d.u.Resources {
		if r.Existing || lowerType(r) != typeVault {
			continue
		}
		d.policyList(r, r, parser.Range{})
	}
	for _, r := range d.u.Resources {
		if r.Existing || lowerType(r) != typeVaultPolicies {
			continue
		}
		vault := d.parentOf(r)
		op := "add"
		if name, ok := r.Name.String(); ok {
			op = strings.ToLower(name[strings.LastIndexByte(name, '/')+1:])
		}
		if op == "remove" {
			d.removePolicies(r, vault)
			continue
		}
		d.policyList(r, vault, parser.Range{})
	}
}

// parentOf finds the vault a child resource belongs to: its parent
// reference, or the resource whose name is the child's name prefix.
func (d *deriver) parentOf(r *parser.Resource) *parser.Resource {
	if r.Parent != nil && r.Parent.Kind == parser.KindRef {
		if p := d.byID[r.Parent.Ref.Resource]; p != nil {
			return p
		}
	}
	if name, ok := r.Name.String(); ok {
		if i := strings.LastIndexByte(name, '/'); i > 0 {
			vaultName := name[:i]
			for _, v := range d.u.Resources {
				if lowerType(v) == typeVault {
					if vn, ok := v.Name.String(); ok && strings.EqualFold(vn, vaultName) {
						return v
					}
				}
			}
		}
	}
	return nil
}

func (d *deriver) policyList(decl, vault *parser.Resource, _ parser.Range) {
	list := decl.Properties.Get("accessPolicies")
	if list == nil || list.Kind != parser.KindArray {
		return
	}
	for i, entry := range list.Items {
		path := "properties.accessPolicies[" + itoa(i) + "]"
		g := &parser.Grant{
			Via:        "accessPolicy",
			Resource:   decl.ID,
			Path:       path,
			Principal:  d.principal(entry.Get("objectId")),
			ScopeLevel: "resource",
			Perms:      map[string][]string{},
			PermPaths:  map[string][]string{},
			Range:      entry.Range,
		}
		if vault != nil {
			g.Target, g.TargetType, g.TargetName = vault.ID, vault.Type, nameText(vault)
		}
		perms := entry.Get("permissions")
		if entry.Kind != parser.KindObject || (perms != nil && perms.Kind != parser.KindObject) {
			g.PermsUnknown = append(g.PermsUnknown, parser.PermissionCollections...)
		} else {
			for _, c := range parser.PermissionCollections {
				l := perms.Get(c)
				switch {
				case l == nil || l.Kind == parser.KindNull:
				case l.Kind != parser.KindArray:
					g.PermsUnknown = append(g.PermsUnknown, c)
				default:
					for j, p := range l.Items {
						s, ok := p.String()
						if !ok {
							g.PermsUnknown = append(g.PermsUnknown, c)
							continue
						}
						g.Perms[c] = append(g.Perms[c], strings.ToLower(s))
						g.PermPaths[c] = append(g.PermPaths[c], path+".permissions."+c+"["+itoa(j)+"]")
					}
				}
			}
		}
		g.PermsUnknown = dedupe(g.PermsUnknown)
		d.u.Grants = append(d.u.Grants, g)
	}
}

// removePolicies applies a vaults/accessPolicies "remove": the listed
// permissions are taken away from earlier grants for the same principal.
func (d *deriver) removePolicies(decl, vault *parser.Resource) {
	list := decl.Properties.Get("accessPolicies")
	if list == nil || list.Kind != parser.KindArray || vault == nil {
		return
	}
	for _, entry := range list.Items {
		p := d.principal(entry.Get("objectId"))
		perms := entry.Get("permissions")
		for _, g := range d.u.Grants {
			if g.Via != "accessPolicy" || g.Target != vault.ID || g.Principal != p {
				continue
			}
			for _, c := range parser.PermissionCollections {
				l := perms.Get(c)
				if l == nil || l.Kind != parser.KindArray {
					continue
				}
				drop := map[string]bool{}
				for _, it := range l.Items {
					if s, ok := it.String(); ok {
						drop[strings.ToLower(s)] = true
					}
				}
				var keep, keepPaths []string
				for k, name := range g.Perms[c] {
					if !drop[name] {
						keep = append(keep, name)
						keepPaths = append(keepPaths, g.PermPaths[c][k])
					}
				}
				g.Perms[c], g.PermPaths[c] = keep, keepPaths
			}
		}
	}
}

// principal classifies a principal id value.
func (d *deriver) principal(v *parser.Value) parser.Principal {
	if v == nil {
		return parser.Principal{Kind: "unknown"}
	}
	switch v.Kind {
	case parser.KindRef:
		return d.refPrincipal(*v.Ref, v.Text())
	case parser.KindString:
		return parser.Principal{Kind: "literal", Text: v.Str}
	case parser.KindUnknown:
		if len(v.Refs) == 1 {
			if p := d.refPrincipal(v.Refs[0], v.Str); p.Kind != "unknown" {
				return p
			}
		}
		if looksLikeParameter(v.Str) {
			return parser.Principal{Kind: "parameter", Text: v.Str}
		}
		return parser.Principal{Kind: "unknown", Text: v.Str}
	}
	return parser.Principal{Kind: "unknown", Text: v.Text()}
}

func (d *deriver) refPrincipal(ref parser.Reference, text string) parser.Principal {
	if ref.Resource == DeployerID {
		return parser.Principal{Kind: "deployer", Text: text}
	}
	r := d.byID[ref.Resource]
	if r == nil {
		return parser.Principal{Kind: "unknown", Text: text}
	}
	path := strings.ToLower(ref.Path)
	switch {
	case strings.HasPrefix(path, "identity.principalid"):
		return parser.Principal{Kind: "systemAssigned", Of: r.ID, Text: text}
	case lowerType(r) == typeUAMI && (path == "properties.principalid" || path == "principalid"):
		return parser.Principal{Kind: "userAssigned", Of: r.ID, Text: text}
	}
	return parser.Principal{Kind: "unknown", Text: text}
}

// looksLikeParameter reports whether an unresolved expression is an input
// (ARM parameters()/variables(), a Bicep identifier, Terraform var./local.).
func looksLikeParameter(s string) bool {
	t := strings.TrimSpace(strings.Trim(s, "[]"))
	l := strings.ToLower(t)
	if strings.HasPrefix(l, "parameters(") || strings.HasPrefix(l, "variables(") ||
		strings.HasPrefix(l, "var.") || strings.HasPrefix(l, "local.") || strings.HasPrefix(l, "each.") {
		return true
	}
	for i, c := range t {
		if c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return t != ""
}

// roleAssignments derives one grant per role assignment.
func (d *deriver) roleAssignments() {
	for _, r := range d.u.Resources {
		if r.Existing || lowerType(r) != typeRoleAssignment {
			continue
		}
		props := r.Properties
		g := &parser.Grant{
			Via:       "rbac",
			Resource:  r.ID,
			Path:      "properties.roleDefinitionId",
			Principal: d.principal(props.Get("principalId")),
			Range:     r.Range,
		}
		roleVal := props.Get("roleDefinitionId")
		if roleVal == nil {
			if n := props.Get("roleDefinitionName"); n != nil {
				roleVal = n
				g.Path = "properties.roleDefinitionName"
			}
		}
		if roleVal != nil {
			g.Range = roleVal.Range
			g.Role = d.role(roleVal)
		}
		if c := props.Get("condition"); c != nil && c.Kind != parser.KindNull {
			if s, ok := c.String(); !ok || strings.TrimSpace(s) != "" {
				g.Condition = true
			}
		}
		d.scope(r, g)
		d.u.Grants = append(d.u.Grants, g)
	}
}

// role resolves a role definition reference.
func (d *deriver) role(v *parser.Value) *parser.Role {
	switch v.Kind {
	case parser.KindRef:
		if r := d.byID[v.Ref.Resource]; r != nil && lowerType(r) == typeRoleDefinition {
			role := &parser.Role{Custom: r.ID}
			if n, ok := r.Properties.Get("roleName").String(); ok {
				role.Name = n
			}
			if id, ok := r.Name.String(); ok && isGUID(id) {
				role.ID = strings.ToLower(id)
			}
			return role
		}
	case parser.KindString:
		return ResolveRole(v.Str)
	case parser.KindUnknown:
		// A custom role referenced inside an id-building expression.
		for _, ref := range v.Refs {
			if r := d.byID[ref.Resource]; r != nil && lowerType(r) == typeRoleDefinition {
				return d.role(parser.RefValue(ref.Resource, ref.Path, v.Range))
			}
		}
	}
	return nil
}

// RoleNamePrefix marks a role given by display name (Bicep's
// roleDefinitions('Name') is lowered to "roleDefinitionName:Name").
const RoleNamePrefix = "roleDefinitionName:"

// ResolveRole resolves a role definition id string, a bare GUID, or a
// display name (case-insensitive) against the built-in role table. A GUID
// that is not built in resolves to a role with only an id; an unknown name
// resolves to nil.
func ResolveRole(s string) *parser.Role {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, RoleNamePrefix)
	guid := ""
	if i := strings.LastIndex(strings.ToLower(s), "roledefinitions/"); i >= 0 {
		guid = s[i+len("roledefinitions/"):]
	} else if isGUID(s) {
		guid = s
	}
	if guid != "" {
		guid = strings.ToLower(strings.Trim(guid, "/"))
		if !isGUID(guid) {
			return nil
		}
		if br, ok := builtinByID[guid]; ok {
			return &parser.Role{ID: guid, Name: br.Name}
		}
		return &parser.Role{ID: guid}
	}
	if br, ok := builtinByName[strings.ToLower(s)]; ok {
		return &parser.Role{ID: br.ID, Name: br.Name}
	}
	return nil
}

// scope sets the target and scope level of a role assignment.
func (d *deriver) scope(r *parser.Resource, g *parser.Grant) {
	s := r.Scope
	for s == nil && r.Module != "" {
		mod := d.byID[r.Module]
		if mod == nil {
			break
		}
		r = mod
		s = mod.Scope
	}
	if s == nil {
		g.ScopeLevel = normalLevel(d.u.TargetScope)
		return
	}
	switch s.Kind {
	case parser.KindRef:
		t := d.byID[s.Ref.Resource]
		if t == nil {
			g.ScopeLevel = "unknown"
			return
		}
		d.setTarget(g, t)
	case parser.KindString:
		g.ScopeLevel = LevelOf(s.Str)
		if g.ScopeLevel == "resource" {
			if t := d.resourceByID(s.Str); t != nil {
				d.setTarget(g, t)
			} else {
				g.TargetType, g.TargetName = typeAndNameOf(s.Str)
			}
		}
	default:
		g.ScopeLevel = "unknown"
		if s.Kind == parser.KindUnknown && len(s.Refs) == 1 && (s.Refs[0].Path == "" || strings.EqualFold(s.Refs[0].Path, "id")) {
			if t := d.byID[s.Refs[0].Resource]; t != nil {
				d.setTarget(g, t)
			}
		}
	}
}

func (d *deriver) setTarget(g *parser.Grant, t *parser.Resource) {
	g.Target, g.TargetType, g.TargetName = t.ID, t.Type, nameText(t)
	switch strings.ToLower(t.Type) {
	case "microsoft.resources/resourcegroups":
		g.ScopeLevel = "resourceGroup"
	case "microsoft.resources/subscriptions", "microsoft.subscription/aliases":
		g.ScopeLevel = "subscription"
	case "microsoft.management/managementgroups":
		g.ScopeLevel = "managementGroup"
	default:
		g.ScopeLevel = "resource"
	}
}

// resourceByID finds a unit resource whose type and name match an ARM
// resource id string.
func (d *deriver) resourceByID(id string) *parser.Resource {
	typ, name := typeAndNameOf(id)
	if typ == "" || strings.Contains(name, "{") {
		return nil
	}
	for _, r := range d.u.Resources {
		if strings.EqualFold(r.Type, typ) {
			if n, ok := r.Name.String(); ok && strings.EqualFold(n, name) {
				return r
			}
		}
	}
	return nil
}

// typeAndNameOf splits ".../providers/Ns/type/name[/child/cname]" into the
// full type and name.
func typeAndNameOf(id string) (string, string) {
	l := strings.ToLower(id)
	i := strings.LastIndex(l, "/providers/")
	if i < 0 {
		return "", ""
	}
	parts := strings.Split(strings.Trim(id[i+len("/providers/"):], "/"), "/")
	if len(parts) < 3 {
		return "", ""
	}
	typ := parts[0] + "/" + parts[1]
	name := parts[2]
	for k := 3; k+1 < len(parts); k += 2 {
		typ += "/" + parts[k]
		name += "/" + parts[k+1]
	}
	return typ, name
}

// LevelOf classifies an ARM scope id string.
func LevelOf(id string) string {
	l := strings.ToLower(strings.TrimSpace(id))
	l = strings.TrimSuffix(l, "/")
	switch {
	case l == "":
		return "tenant"
	case strings.HasPrefix(l, "/providers/microsoft.management/managementgroups/"):
		if strings.Count(l, "/") <= 4 {
			return "managementGroup"
		}
		return "resource"
	case strings.HasPrefix(l, "/subscriptions/"):
		n := strings.Count(l, "/")
		switch {
		case n == 2:
			return "subscription"
		case n == 4 && strings.Contains(l, "/resourcegroups/"):
			return "resourceGroup"
		case n > 4:
			return "resource"
		}
		return "unknown"
	case strings.HasPrefix(l, "/providers/"):
		return "resource"
	}
	return "unknown"
}

func normalLevel(s string) string {
	switch s {
	case "", "resourceGroup":
		return "resourceGroup"
	case "subscription", "managementGroup", "tenant":
		return s
	}
	return "unknown"
}

// identities builds one view per managed identity: every system-assigned
// identity and every user-assigned identity resource.
func (d *deriver) identities() {
	d.u.Identities = d.u.Identities[:0]
	attached := map[string][]string{}
	for _, r := range d.u.Resources {
		if r.Identity == nil {
			continue
		}
		for _, ua := range r.Identity.UserAssigned {
			if id := d.uamiOf(ua); id != "" {
				attached[id] = append(attached[id], r.ID)
			}
		}
	}
	for _, r := range d.u.Resources {
		switch {
		case r.Identity.HasSystem():
			iv := &parser.IdentityView{Kind: "systemAssigned", Of: r.ID,
				Looped: r.Loop != nil || lowerType(r) == typeVMSS}
			iv.Grants = d.grantsOf("systemAssigned", r.ID)
			d.u.Identities = append(d.u.Identities, iv)
		}
		if lowerType(r) == typeUAMI {
			iv := &parser.IdentityView{Kind: "userAssigned", Of: r.ID, AttachedTo: attached[r.ID], Looped: r.Loop != nil}
			iv.Grants = d.grantsOf("userAssigned", r.ID)
			d.u.Identities = append(d.u.Identities, iv)
		}
	}
}

// uamiOf returns the UAMI resource id an identity reference points at.
func (d *deriver) uamiOf(v *parser.Value) string {
	var refs []parser.Reference
	switch v.Kind {
	case parser.KindRef:
		refs = []parser.Reference{*v.Ref}
	case parser.KindUnknown:
		refs = v.Refs
	case parser.KindString:
		if typ, name := typeAndNameOf(v.Str); strings.EqualFold(typ, typeUAMI) {
			for _, r := range d.u.Resources {
				if n, ok := r.Name.String(); ok && lowerType(r) == typeUAMI && strings.EqualFold(n, name) {
					return r.ID
				}
			}
		}
	}
	for _, ref := range refs {
		if r := d.byID[ref.Resource]; r != nil && lowerType(r) == typeUAMI {
			return r.ID
		}
	}
	return ""
}

func (d *deriver) grantsOf(kind, of string) []int {
	var out []int
	for i, g := range d.u.Grants {
		if g.Principal.Kind == kind && g.Principal.Of == of {
			out = append(out, i)
		}
	}
	return out
}

func nameText(r *parser.Resource) string {
	if r.Name == nil {
		return r.ID
	}
	if s, ok := r.Name.String(); ok {
		return s
	}
	return r.ID
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func dedupe(l []string) []string {
	if len(l) < 2 {
		return l
	}
	out := l[:0]
	seen := map[string]bool{}
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
