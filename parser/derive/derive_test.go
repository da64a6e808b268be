package derive

import (
	"reflect"
	"testing"

	"github.com/milint/milint/parser"
)

var r0 = parser.Range{File: "t", Start: parser.Pos{Line: 1, Column: 1}}

func at(line int) parser.Range {
	return parser.Range{File: "t", Start: parser.Pos{Line: line, Column: 3}}
}

func obj(kv ...any) *parser.Value {
	v := parser.ObjectValue(nil, r0)
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i].(string), kv[i+1].(*parser.Value))
	}
	return v
}

func str(s string) *parser.Value { return parser.StrValue(s, r0) }

func strs(l ...string) *parser.Value {
	items := make([]*parser.Value, len(l))
	for i, s := range l {
		items[i] = parser.StrValue(s, at(10+i))
	}
	return parser.ArrayValue(items, r0)
}

func policy(objectID *parser.Value, secrets *parser.Value) *parser.Value {
	return obj("objectId", objectID, "permissions", obj("secrets", secrets))
}

func TestResolveRole(t *testing.T) {
	tests := []struct {
		in       string
		wantID   string
		wantName string
		wantNil  bool
	}{
		{"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6", "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", false},
		{"/providers/Microsoft.Authorization/roleDefinitions/00482A5A-887F-4FB3-B363-3B7FE8E74483", "00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator", false},
		{"8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", false},
		{"key vault secrets officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer", false},
		{"roleDefinitionName:Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", false},
		{"11111111-2222-3333-4444-555555555555", "11111111-2222-3333-4444-555555555555", "", false},
		{"Some Unknown Role", "", "", true},
		{"/providers/Microsoft.Authorization/roleDefinitions/{roleId}", "", "", true},
	}
	for _, tt := range tests {
		got := ResolveRole(tt.in)
		if tt.wantNil {
			if got != nil {
				t.Errorf("ResolveRole(%q) = %+v, want nil", tt.in, got)
			}
			continue
		}
		if got == nil || got.ID != tt.wantID || got.Name != tt.wantName {
			t.Errorf("ResolveRole(%q) = %+v, want id %s name %q", tt.in, got, tt.wantID, tt.wantName)
		}
	}
}

func TestLevelOf(t *testing.T) {
	tests := map[string]string{
		"/": "tenant",
		"/providers/Microsoft.Management/managementGroups/{managementGroupName}":    "managementGroup",
		"/subscriptions/{subscriptionId}":                                           "subscription",
		"/subscriptions/x/resourceGroups/rg":                                        "resourceGroup",
		"/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv": "resource",
		"not an id": "unknown",
	}
	for in, want := range tests {
		if got := LevelOf(in); got != want {
			t.Errorf("LevelOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAccessPolicyGrants(t *testing.T) {
	app := &parser.Resource{ID: "app", Type: "Microsoft.Web/sites", Name: str("app-orders"),
		Identity: &parser.Identity{Type: "SystemAssigned"}}
	uami := &parser.Resource{ID: "uami", Type: "Microsoft.ManagedIdentity/userAssignedIdentities", Name: str("id-shared")}
	kv := &parser.Resource{ID: "kv", Type: "Microsoft.KeyVault/vaults", Name: str("kv-prod"),
		Properties: obj("accessPolicies", parser.ArrayValue([]*parser.Value{
			policy(parser.RefValue("app", "identity.principalId", r0), strs("Get", "ALL")),
			policy(parser.RefValue("uami", "properties.principalId", r0), strs("get")),
			policy(parser.UnknownValue("parameters('objectId')", r0), strs("purge")),
			policy(parser.RefValue("deployer", "objectId", r0), parser.UnknownValue("variables('perms')", r0)),
		}, r0))}
	add := &parser.Resource{ID: "kv/add", Type: "Microsoft.KeyVault/vaults/accessPolicies", Name: str("kv-prod/add"),
		Properties: obj("accessPolicies", parser.ArrayValue([]*parser.Value{
			policy(str("00000000-0000-0000-0000-000000000001"), strs("list", "set")),
		}, r0))}
	remove := &parser.Resource{ID: "kv/remove", Type: "Microsoft.KeyVault/vaults/accessPolicies", Name: str("remove"),
		Parent: parser.RefValue("kv", "", r0),
		Properties: obj("accessPolicies", parser.ArrayValue([]*parser.Value{
			policy(str("00000000-0000-0000-0000-000000000001"), strs("set")),
		}, r0))}
	u := &parser.Unit{Resources: []*parser.Resource{app, uami, kv, add, remove}}
	Build(u)
	if len(u.Grants) != 5 {
		t.Fatalf("got %d grants, want 5", len(u.Grants))
	}
	wantKinds := []string{"systemAssigned", "userAssigned", "parameter", "deployer", "literal"}
	for i, g := range u.Grants {
		if g.Principal.Kind != wantKinds[i] {
			t.Errorf("grant %d principal kind %q, want %q", i, g.Principal.Kind, wantKinds[i])
		}
		if g.Target != "kv" || g.Via != "accessPolicy" {
			t.Errorf("grant %d target %q via %q", i, g.Target, g.Via)
		}
	}
	if got := u.Grants[0].Perms["secrets"]; !reflect.DeepEqual(got, []string{"get", "all"}) {
		t.Errorf("perms lower-cased: got %v", got)
	}
	if got := u.Grants[0].PermPaths["secrets"][1]; got != "properties.accessPolicies[0].permissions.secrets[1]" {
		t.Errorf("perm path: got %q", got)
	}
	if got := u.Grants[3].PermsUnknown; !reflect.DeepEqual(got, []string{"secrets"}) {
		t.Errorf("unknown list: got %v", got)
	}
	if got := u.Grants[4].Perms["secrets"]; !reflect.DeepEqual(got, []string{"list"}) {
		t.Errorf("remove must subtract set: got %v", got)
	}
	if u.Grants[4].Resource != "kv/add" {
		t.Errorf("child grant resource %q", u.Grants[4].Resource)
	}
	if len(u.Identities) != 2 {
		t.Fatalf("identities: %d", len(u.Identities))
	}
	if iv := u.Identities[0]; iv.Of != "app" || !reflect.DeepEqual(iv.Grants, []int{0}) {
		t.Errorf("app identity %+v", iv)
	}
}

func TestRoleAssignmentGrants(t *testing.T) {
	kv := &parser.Resource{ID: "kv", Type: "Microsoft.KeyVault/vaults", Name: str("kv-prod")}
	custom := &parser.Resource{ID: "cr", Type: "Microsoft.Authorization/roleDefinitions",
		Name: str("11111111-2222-3333-4444-555555555555"), Properties: obj("roleName", str("My Role"))}
	vmss := &parser.Resource{ID: "vmss", Type: "Microsoft.Compute/virtualMachineScaleSets",
		Identity: &parser.Identity{Type: "SystemAssigned"}}
	uami := &parser.Resource{ID: "uami", Type: "Microsoft.ManagedIdentity/userAssignedIdentities"}
	web := &parser.Resource{ID: "web", Type: "Microsoft.Web/sites",
		Identity: &parser.Identity{Type: "UserAssigned", UserAssigned: []*parser.Value{parser.RefValue("uami", "id", r0)}}}
	mod := &parser.Resource{ID: "m", Type: "Microsoft.Resources/deployments", Scope: str("/subscriptions/{subscriptionId}")}
	ra := func(id string, scope *parser.Value, role *parser.Value, module string) *parser.Resource {
		return &parser.Resource{ID: id, Type: "Microsoft.Authorization/roleAssignments", Scope: scope, Module: module,
			Properties: obj("roleDefinitionId", role, "principalId", parser.RefValue("vmss", "identity.principalId", r0))}
	}
	u := &parser.Unit{TargetScope: "resourceGroup", Resources: []*parser.Resource{kv, custom, vmss, uami, web, mod,
		ra("a1", parser.RefValue("kv", "", r0), str("/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483"), ""),
		ra("a2", nil, str("4633458b-17de-408a-b874-0445c86b69e6"), ""),
		ra("a3", nil, parser.RefValue("cr", "id", r0), "m"),
		ra("a4", str("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-prod"), parser.UnknownValue("parameters('role')", r0), ""),
	}}
	Build(u)
	type want struct{ level, target, roleName, roleID string }
	wants := []want{
		{"resource", "kv", "Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483"},
		{"resourceGroup", "", "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"},
		{"subscription", "", "My Role", "11111111-2222-3333-4444-555555555555"},
		{"resource", "kv", "", ""},
	}
	if len(u.Grants) != len(wants) {
		t.Fatalf("grants: %d", len(u.Grants))
	}
	for i, w := range wants {
		g := u.Grants[i]
		name, id := "", ""
		if g.Role != nil {
			name, id = g.Role.Name, g.Role.ID
		}
		if g.ScopeLevel != w.level || g.Target != w.target || name != w.roleName || id != w.roleID {
			t.Errorf("grant %d: level %q target %q role %q/%q; want %+v", i, g.ScopeLevel, g.Target, name, id, w)
		}
		if g.Principal.Kind != "systemAssigned" || g.Principal.Of != "vmss" {
			t.Errorf("grant %d principal %+v", i, g.Principal)
		}
	}
	if u.Grants[2].Role.Custom != "cr" {
		t.Errorf("custom role not linked: %+v", u.Grants[2].Role)
	}
	var sawVMSS, sawUAMI bool
	for _, iv := range u.Identities {
		if iv.Of == "vmss" {
			sawVMSS = iv.Looped && len(iv.Grants) == 4
		}
		if iv.Of == "uami" {
			sawUAMI = reflect.DeepEqual(iv.AttachedTo, []string{"web"})
		}
	}
	if !sawVMSS || !sawUAMI {
		t.Errorf("identities: %+v", u.Identities)
	}
}

func TestLooksLikeParameter(t *testing.T) {
	for in, want := range map[string]bool{
		"[parameters('x')]": true, "principalId": true, "var.object_id": true,
		"concat('a', 'b')": false, "": false,
	} {
		if got := looksLikeParameter(in); got != want {
			t.Errorf("looksLikeParameter(%q) = %v", in, got)
		}
	}
}
