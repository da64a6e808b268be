package terraform

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/milint/milint/parser"
)

const fixtures = "../../testdata/terraform"

func load(t *testing.T, dir string) (*parser.Unit, parser.Diagnostics) {
	t.Helper()
	l := NewLoader(parser.Options{Root: fixtures})
	return l.Load(filepath.Join(fixtures, dir))
}

func loadOK(t *testing.T, dir string) *parser.Unit {
	t.Helper()
	u, diags := load(t, dir)
	for _, d := range diags {
		if d.Severity == parser.SevError {
			t.Errorf("%s: unexpected error %s", dir, d.Error())
		}
	}
	return u
}

func res(t *testing.T, u *parser.Unit, id string) *parser.Resource {
	t.Helper()
	r := u.Resource(id)
	if r == nil {
		var ids []string
		for _, x := range u.Resources {
			ids = append(ids, x.ID)
		}
		t.Fatalf("resource %q not found; have %v", id, ids)
	}
	return r
}

// doc renders a value's JSON form compactly for comparison.
func doc(v any) string {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return strings.TrimSuffix(sb.String(), "\n")
}

func valDoc(v *parser.Value) string { return doc(v.Document()) }

// src is the source text a value's range covers.
func src(u *parser.Unit, r parser.Range) string {
	b := u.Sources[r.File]
	if r.Start.Byte < 0 || r.End.Byte > len(b) || r.Start.Byte > r.End.Byte {
		return "<bad range " + r.String() + ">"
	}
	return string(b[r.Start.Byte:r.End.Byte])
}

// check asserts that path of resource id has JSON form want.
type check struct {
	id, path, want string
	// text, when set, is the source text the value's range must cover.
	text string
}

func runChecks(t *testing.T, u *parser.Unit, checks []check) {
	t.Helper()
	for _, c := range checks {
		r := res(t, u, c.id)
		var v *parser.Value
		var got string
		switch {
		case c.path == "type":
			got = doc(r.Type)
		case c.path == "apiVersion":
			got = doc(r.APIVersion)
		case c.path == "name":
			v = r.Name
		case c.path == "scope":
			v = r.Scope
		case c.path == "parent":
			v = r.Parent
		case c.path == "module":
			got = doc(r.Module)
		case c.path == "identity":
			got = doc(r.Document()["identity"])
		case c.path == "loop":
			got = doc(r.Document()["loop"])
		case c.path == "condition":
			v = r.Condition
		case strings.HasPrefix(c.path, "extra."):
			v = r.Extra.At(strings.TrimPrefix(c.path, "extra."))
		default:
			v = r.Properties.At(strings.TrimPrefix(c.path, "properties."))
		}
		if v != nil {
			got = valDoc(v)
		} else if got == "" {
			got = "<absent>"
		}
		if got != c.want {
			t.Errorf("%s %s = %s, want %s", c.id, c.path, got, c.want)
		}
		if c.text != "" {
			if v == nil {
				t.Errorf("%s %s: no value to check range of", c.id, c.path)
			} else if s := src(u, v.Range); s != c.text {
				t.Errorf("%s %s: range %s covers %q, want %q", c.id, c.path, v.Range, s, c.text)
			}
		}
	}
}

func TestMapping(t *testing.T) {
	tests := []struct {
		dir    string
		checks []check
	}{
		{"basic", []check{
			{id: "azurerm_key_vault.kv", path: "type", want: `"Microsoft.KeyVault/vaults"`},
			{id: "azurerm_key_vault.kv", path: "apiVersion", want: `"2023-02-01"`},
			{id: "azurerm_key_vault.kv", path: "name", want: `"kv-app"`},
			{id: "azurerm_key_vault.kv", path: "properties.enableRbacAuthorization", want: `false`, text: "false"},
			{id: "azurerm_key_vault.kv", path: "properties.tenantId", want: `"{tenantId}"`},
			{id: "azurerm_key_vault.kv", path: "properties.sku.name", want: `"standard"`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[0].objectId", want: `{"path":"objectId","ref":"deployer"}`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[0].permissions.secrets[2]", want: `"Purge"`, text: `"Purge"`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[0].permissions.keys", want: `["Get"]`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[1].objectId",
				want: `{"path":"properties.principalId","ref":"azurerm_user_assigned_identity.uami"}`,
				text: "azurerm_user_assigned_identity.uami.principal_id"},
			{id: "azurerm_key_vault.kv", path: "extra.location", want: `"westeurope"`},
			{id: "azurerm_user_assigned_identity.uami", path: "type", want: `"Microsoft.ManagedIdentity/userAssignedIdentities"`},
			{id: "azurerm_user_assigned_identity.uami", path: "extra.resource_group_name", want: `"rg-app"`},
			{id: "azurerm_linux_web_app.app", path: "type", want: `"Microsoft.Web/sites"`},
			{id: "azurerm_linux_web_app.app", path: "identity",
				want: `{"type":"SystemAssigned, UserAssigned","userAssignedIdentities":[{"path":"id","ref":"azurerm_user_assigned_identity.uami"}]}`},
			{id: "azurerm_linux_web_app.app", path: "properties.siteConfig.appSettings[0].name", want: `"SECRET"`},
			{id: "azurerm_linux_web_app.app", path: "properties.siteConfig.appSettings[0].value",
				want: `{"refs":[{"path":"properties.vaultUri","ref":"azurerm_key_vault.kv"}],"unknown":"\"@Microsoft.KeyVault(SecretUri=${azurerm_key_vault.kv.vault_uri}secrets/x)\""}`},
			{id: "azurerm_linux_web_app.app", path: "properties.siteConfig.appSettings[1].value",
				want: `{"path":"listKeys().connectionString","ref":"azurerm_storage_account.sa"}`},
			{id: "azurerm_storage_account.sa", path: "type", want: `"Microsoft.Storage/storageAccounts"`},
			{id: "azurerm_role_assignment.app_kv", path: "type", want: `"Microsoft.Authorization/roleAssignments"`},
			{id: "azurerm_role_assignment.app_kv", path: "scope", want: `{"ref":"azurerm_key_vault.kv"}`},
			{id: "azurerm_role_assignment.app_kv", path: "properties.roleDefinitionName", want: `"Key Vault Secrets User"`},
			{id: "azurerm_role_assignment.app_kv", path: "properties.principalId",
				want: `{"path":"identity.principalId","ref":"azurerm_linux_web_app.app"}`},
			{id: "azurerm_role_assignment.sub", path: "scope", want: `"/subscriptions/{subscriptionId}"`},
			{id: "azurerm_role_assignment.sub", path: "properties.roleDefinitionId",
				want: `"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"`},
			{id: "azurerm_role_assignment.sub", path: "properties.principalType", want: `"ServicePrincipal"`},
			{id: "azurerm_role_assignment.rg", path: "scope", want: `"/subscriptions/{subscriptionId}/resourceGroups/rg-app"`},
			{id: "azurerm_role_assignment.rg", path: "properties.principalId",
				want: `{"path":"identity.principalId","ref":"azurerm_linux_virtual_machine.vm"}`},
			{id: "azurerm_role_assignment.rg", path: "loop", want: `{"count":2,"kind":"count"}`},
			{id: "azurerm_linux_virtual_machine.vm", path: "type", want: `"Microsoft.Compute/virtualMachines"`},
			{id: "azurerm_linux_virtual_machine.vm", path: "properties.osProfile.adminPassword", want: `"P@ssw0rd1234!"`, text: `"P@ssw0rd1234!"`},
			{id: "azurerm_linux_virtual_machine.vm", path: "loop", want: `{"count":2,"kind":"count"}`},
			{id: "azurerm_linux_virtual_machine.vm", path: "identity", want: `{"type":"SystemAssigned","userAssignedIdentities":[]}`},
		}},
		{"tfvars-true", []check{
			{id: "azurerm_key_vault.kv", path: "properties.enableRbacAuthorization", want: `true`, text: "var.rbac"},
		}},
		{"tfvars-false", []check{
			{id: "azurerm_key_vault.kv", path: "properties.enableRbacAuthorization", want: `false`, text: "var.rbac"},
		}},
		{"dynamic", []check{
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[0].objectId", want: `"11111111-1111-1111-1111-111111111111"`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[1].objectId", want: `"22222222-2222-2222-2222-222222222222"`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[1].permissions.secrets[0]", want: `"All"`, text: `"All"`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[1].permissions.secrets[1]", want: `"Purge"`, text: `"Purge"`},
			{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[1].permissions.keys[0]", want: `"Get"`, text: `"Get"`},
			{id: "azurerm_key_vault.kv", path: "properties.enableRbacAuthorization", want: `<absent>`},
		}},
		{"kvap-count", []check{
			{id: "azurerm_key_vault_access_policy.ap", path: "type", want: `"Microsoft.KeyVault/vaults/accessPolicies"`},
			{id: "azurerm_key_vault_access_policy.ap", path: "name", want: `"kv-count/add"`},
			{id: "azurerm_key_vault_access_policy.ap", path: "parent", want: `{"ref":"azurerm_key_vault.kv"}`},
			{id: "azurerm_key_vault_access_policy.ap", path: "loop", want: `{"count":2,"kind":"count"}`},
			{id: "azurerm_key_vault_access_policy.ap", path: "properties.accessPolicies[0].objectId",
				want: `{"unknown":"var.principal_ids[count.index]"}`},
			{id: "azurerm_key_vault_access_policy.ap", path: "properties.accessPolicies[0].permissions.secrets[1]", want: `"Purge"`, text: `"Purge"`},
			{id: "azurerm_key_vault_access_policy.ap", path: "properties.accessPolicies[0].permissions.certificates[0]", want: `"all"`, text: `"all"`},
		}},
		{"azapi-v2", []check{
			{id: "azapi_resource.kv", path: "type", want: `"Microsoft.KeyVault/vaults"`},
			{id: "azapi_resource.kv", path: "apiVersion", want: `"2023-07-01"`},
			{id: "azapi_resource.kv", path: "name", want: `"kv-azapi"`},
			{id: "azapi_resource.kv", path: "properties.enableRbacAuthorization", want: `false`, text: "false"},
			{id: "azapi_resource.kv", path: "properties.accessPolicies[0].objectId",
				want: `{"path":"properties.principalId","ref":"azapi_resource.uami"}`},
			{id: "azapi_resource.kv", path: "properties.accessPolicies[0].permissions.secrets[0]", want: `"all"`, text: `"all"`},
			{id: "azapi_resource.kv", path: "identity", want: `{"type":"SystemAssigned","userAssignedIdentities":[]}`},
			{id: "azapi_resource.kv", path: "extra.location", want: `"westeurope"`},
			{id: "azapi_resource.uami", path: "type", want: `"Microsoft.ManagedIdentity/userAssignedIdentities"`},
			{id: "azapi_resource.ap", path: "parent", want: `{"ref":"azapi_resource.kv"}`},
			{id: "azapi_resource.ap", path: "name", want: `"kv-azapi/add"`},
			{id: "azapi_resource.ra", path: "type", want: `"Microsoft.Authorization/roleAssignments"`},
			{id: "azapi_resource.ra", path: "scope", want: `{"ref":"azapi_resource.kv"}`},
			{id: "azapi_resource.ra", path: "parent", want: `<absent>`},
			{id: "azapi_resource.ra", path: "properties.principalId", want: `{"path":"properties.principalId","ref":"azapi_resource.uami"}`},
		}},
		{"azapi-v1", []check{
			{id: "azapi_resource.kv", path: "type", want: `"Microsoft.KeyVault/vaults"`},
			{id: "azapi_resource.kv", path: "apiVersion", want: `"2022-07-01"`},
			{id: "azapi_resource.kv", path: "properties.accessPolicies[0].permissions.secrets[0]", want: `"all"`, text: `"all"`},
			{id: "azapi_resource.kv", path: "properties.accessPolicies[0].objectId",
				want: `{"path":"properties.principalId","ref":"azapi_resource.uami"}`},
			{id: "azapi_resource.kv", path: "properties.enableRbacAuthorization", want: `<absent>`},
			{id: "azapi_resource.kv_heredoc", path: "properties.enableRbacAuthorization", want: `true`},
		}},
		{"attr-list", []check{
			{id: "azurerm_key_vault.list", path: "properties.enableRbacAuthorization", want: `true`},
			{id: "azurerm_key_vault.list", path: "properties.accessPolicies[0].objectId", want: `"11111111-1111-1111-1111-111111111111"`},
			{id: "azurerm_key_vault.list", path: "properties.accessPolicies[0].permissions.keys[1]", want: `"Purge"`, text: `"Purge"`},
			{id: "azurerm_key_vault.list", path: "properties.accessPolicies[0].permissions.secrets", want: `[]`},
			{id: "azurerm_key_vault.list", path: "properties.accessPolicies[0].applicationId", want: `null`},
			{id: "azurerm_key_vault.empty", path: "properties.accessPolicies", want: `[]`},
		}},
		{"types", []check{
			{id: "azurerm_storage_account.sa", path: "properties.allowSharedKeyAccess", want: `false`},
			{id: "azurerm_storage_account.sa", path: "identity",
				want: `{"type":"UserAssigned","userAssignedIdentities":[{"path":"id","ref":"azurerm_user_assigned_identity.shared"}]}`},
			{id: "azurerm_linux_function_app.fn", path: "type", want: `"Microsoft.Web/sites"`},
			{id: "azurerm_linux_function_app.fn", path: "identity", want: `{"type":"SystemAssigned","userAssignedIdentities":[]}`},
			{id: "azurerm_linux_function_app.fn", path: "properties.siteConfig.appSettings[0].value", want: `"Server=x;Password=literal;"`},
			{id: "azurerm_linux_function_app.fn", path: "properties.siteConfig.appSettings[1].value",
				want: `{"path":"listKeys().keys[0].value","ref":"azurerm_storage_account.sa"}`},
			{id: "azurerm_linux_function_app.fn", path: "extra.storage_account_name", want: `"stdata"`},
			{id: "azurerm_windows_web_app.win", path: "properties.siteConfig.appSettings", want: `{"unknown":"var.settings"}`},
			{id: "azurerm_linux_virtual_machine_scale_set.vmss", path: "type", want: `"Microsoft.Compute/virtualMachineScaleSets"`},
			{id: "azurerm_linux_virtual_machine_scale_set.vmss", path: "properties.virtualMachineProfile.osProfile.adminPassword", want: `"Sup3rSecret!"`},
			{id: "azurerm_kubernetes_cluster.aks", path: "type", want: `"Microsoft.ContainerService/managedClusters"`},
			{id: "azurerm_kubernetes_cluster.aks", path: "properties.identityProfile.kubeletidentity.objectId",
				want: `{"path":"properties.principalId","ref":"azurerm_user_assigned_identity.shared"}`},
			{id: "azurerm_kubernetes_cluster.aks", path: "properties.addonProfiles.azureKeyvaultSecretsProvider.enabled", want: `true`},
			{id: "azurerm_role_assignment.kubelet", path: "properties.principalId",
				want: `{"path":"properties.identityProfile.kubeletidentity.objectId","ref":"azurerm_kubernetes_cluster.aks"}`},
			{id: "azurerm_container_app.ca", path: "type", want: `"Microsoft.App/containerApps"`},
			{id: "azurerm_container_app.ca", path: "properties.configuration.secrets[0].value", want: `"literal-secret"`},
			{id: "azurerm_container_app.ca", path: "properties.configuration.secrets[1].keyVaultUrl",
				want: `{"path":"properties.secretUri","ref":"azurerm_key_vault_secret.s"}`},
			{id: "azurerm_mssql_server.sql", path: "type", want: `"Microsoft.Sql/servers"`},
			{id: "azurerm_mssql_server.sql", path: "properties.administratorLoginPassword", want: `"Literal-P@ss1"`},
			{id: "azurerm_key_vault_secret.s", path: "type", want: `"Microsoft.KeyVault/vaults/secrets"`},
			{id: "azurerm_key_vault_secret.s", path: "name", want: `"kv-types/db-password"`},
			{id: "azurerm_key_vault_secret.s", path: "parent", want: `{"ref":"azurerm_key_vault.kv"}`},
			{id: "azurerm_key_vault_secret.s", path: "properties.value", want: `"literal"`},
			{id: "azurerm_key_vault_key.k", path: "type", want: `"Microsoft.KeyVault/vaults/keys"`},
			{id: "azurerm_key_vault_key.k", path: "properties.kty", want: `"RSA"`},
			{id: "azurerm_key_vault_certificate.c", path: "type", want: `"Microsoft.KeyVault/vaults/certificates"`},
			{id: "azurerm_role_definition.custom", path: "type", want: `"Microsoft.Authorization/roleDefinitions"`},
			{id: "azurerm_role_definition.custom", path: "properties.roleName", want: `"kv-writer"`},
			{id: "azurerm_role_definition.custom", path: "properties.permissions[0].actions[0]", want: `"Microsoft.KeyVault/vaults/write"`},
			{id: "azurerm_role_definition.custom", path: "properties.permissions[0].dataActions", want: `["Microsoft.KeyVault/vaults/secrets/*"]`},
			{id: "azurerm_role_definition.custom", path: "properties.assignableScopes", want: `["/subscriptions/0000"]`},
			{id: "azurerm_role_definition.custom", path: "scope", want: `"/subscriptions/0000"`},
			{id: "azurerm_role_assignment.custom", path: "properties.roleDefinitionId", want: `{"path":"id","ref":"azurerm_role_definition.custom"}`},
			{id: "azurerm_role_assignment.custom", path: "properties.condition", want: `"@Resource[Microsoft.KeyVault/vaults/secrets:name] StringEquals 'x'"`},
			{id: "azurerm_role_assignment.by_data", path: "properties.roleDefinitionName", want: `"Key Vault Secrets User"`},
			{id: "azurerm_federated_identity_credential.fic", path: "type",
				want: `"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"`},
			{id: "azurerm_federated_identity_credential.fic", path: "parent", want: `{"ref":"azurerm_user_assigned_identity.shared"}`},
			{id: "random_password.p", path: "type", want: `"Terraform/random_password"`},
			{id: "random_password.p", path: "extra.length", want: `16`},
		}},
		{"modules", []check{
			{id: "module.kv", path: "type", want: `"Microsoft.Resources/deployments"`},
			{id: "module.kv", path: "name", want: `"kv"`},
			{id: "module.kv>azurerm_key_vault.this", path: "module", want: `"module.kv"`},
			{id: "module.kv>azurerm_key_vault.this", path: "name", want: `"kv-from-module"`, text: "var.name"},
			{id: "module.kv>azurerm_key_vault.this", path: "properties.enableRbacAuthorization", want: `false`, text: "var.rbac"},
			{id: "module.kv>azurerm_key_vault.this", path: "properties.accessPolicies[0].objectId",
				want: `{"path":"properties.principalId","ref":"azurerm_user_assigned_identity.app"}`},
			{id: "module.kv>azurerm_key_vault.this", path: "properties.accessPolicies[0].permissions.secrets[1]", want: `"Purge"`, text: "var.permissions"},
			{id: "azurerm_role_assignment.mod", path: "scope", want: `{"ref":"module.kv>azurerm_key_vault.this"}`},
		}},
		{"installed", []check{
			{id: "module.kv>azurerm_key_vault.this", path: "properties.enableRbacAuthorization", want: `true`},
			{id: "module.kv>azurerm_key_vault.this", path: "name", want: `"kv-registry"`},
			{id: "azurerm_role_assignment.r", path: "scope", want: `{"ref":"module.kv>azurerm_key_vault.this"}`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			u := loadOK(t, tt.dir)
			runChecks(t, u, tt.checks)
		})
	}
}

func TestModuleFilesAndParams(t *testing.T) {
	u := loadOK(t, "modules")
	r := res(t, u, "module.kv>azurerm_key_vault.this")
	if !strings.HasSuffix(r.Range.File, filepath.Join("modules", "kv", "main.tf")) {
		t.Errorf("child resource range in %s, want the child's file", r.Range.File)
	}
	ap := r.Properties.At("accessPolicies[0].permissions.secrets[1]")
	if ap == nil || ap.Range.File != r.Range.File {
		t.Errorf("permission range not in the child's file: %+v", ap)
	}
	if len(u.Files) != 2 || u.Files[0] != filepath.Join(fixtures, "modules", "main.tf") {
		t.Errorf("files = %v", u.Files)
	}
	var found bool
	for _, p := range u.Parameters {
		if p.Name == "module.kv>admin_password" {
			found = true
			if !p.Secure || valDoc(p.Default) != `"hunter2-literal"` {
				t.Errorf("admin_password parameter = %+v", p)
			}
		}
	}
	if !found {
		t.Error("child variable admin_password not among parameters")
	}
}

func TestRegistryModuleNote(t *testing.T) {
	u, diags := load(t, "registry")
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	var note bool
	for _, d := range diags {
		if d.Severity == parser.SevNote && strings.Contains(d.Summary, "module not followed") && d.Subject.Start.Line == 2 {
			note = true
		}
	}
	if !note {
		t.Errorf("no 'module not followed' note at line 2: %v", diags)
	}
	runChecks(t, u, []check{
		{id: "module.kv", path: "type", want: `"Microsoft.Resources/deployments"`},
		{id: "azurerm_role_assignment.r", path: "scope", want: `{"unknown":"module.kv.resource_id"}`},
	})
}

// TestReferences checks each reference form against a small configuration.
func TestReferences(t *testing.T) {
	base := `
data "azurerm_client_config" "current" {}
data "azurerm_subscription" "primary" {}
data "azurerm_resource_group" "rg" { name = "rg-data" }
resource "azurerm_resource_group" "rg" { name = "rg-main" }
resource "azurerm_user_assigned_identity" "x" { name = "id" }
resource "azurerm_linux_web_app" "app" { name = "app" }
resource "azurerm_linux_virtual_machine" "vm" { count = 2 }
resource "azurerm_key_vault" "kv" { name = "kv" }
resource "azurerm_storage_account" "sa" { name = "sa" }
variable "unset" {}
locals { prefix = "pre" }
`
	tests := []struct{ expr, want string }{
		{`azurerm_user_assigned_identity.x.principal_id`, `{"path":"properties.principalId","ref":"azurerm_user_assigned_identity.x"}`},
		{`azurerm_user_assigned_identity.x.client_id`, `{"path":"properties.clientId","ref":"azurerm_user_assigned_identity.x"}`},
		{`azurerm_user_assigned_identity.x.id`, `{"path":"id","ref":"azurerm_user_assigned_identity.x"}`},
		{`azurerm_linux_web_app.app.identity[0].principal_id`, `{"path":"identity.principalId","ref":"azurerm_linux_web_app.app"}`},
		{`azurerm_linux_web_app.app.identity.0.principal_id`, `{"path":"identity.principalId","ref":"azurerm_linux_web_app.app"}`},
		{`azurerm_linux_virtual_machine.vm[count.index].identity[0].principal_id`, `{"path":"identity.principalId","ref":"azurerm_linux_virtual_machine.vm"}`},
		{`azurerm_linux_virtual_machine.vm[0].identity[0].principal_id`, `{"path":"identity.principalId","ref":"azurerm_linux_virtual_machine.vm"}`},
		{`azurerm_key_vault.kv.id`, `{"path":"id","ref":"azurerm_key_vault.kv"}`},
		{`azurerm_key_vault.kv.name`, `"kv"`},
		{`data.azurerm_client_config.current.object_id`, `{"path":"objectId","ref":"deployer"}`},
		{`data.azurerm_client_config.current.tenant_id`, `"{tenantId}"`},
		{`data.azurerm_subscription.primary.id`, `"/subscriptions/{subscriptionId}"`},
		{`data.azurerm_resource_group.rg.id`, `"/subscriptions/{subscriptionId}/resourceGroups/rg-data"`},
		{`azurerm_resource_group.rg.id`, `"/subscriptions/{subscriptionId}/resourceGroups/rg-main"`},
		{`azurerm_storage_account.sa.primary_access_key`, `{"path":"listKeys().keys[0].value","ref":"azurerm_storage_account.sa"}`},
		{`azurerm_storage_account.sa.primary_connection_string`, `{"path":"listKeys().connectionString","ref":"azurerm_storage_account.sa"}`},
		{`"${data.azurerm_subscription.primary.id}/providers/Microsoft.Authorization/roleDefinitions/b86a8fe4-44ce-4948-aee5-eccb2c155cd7"`,
			`"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/b86a8fe4-44ce-4948-aee5-eccb2c155cd7"`},
		{`format("%s/providers/x", data.azurerm_subscription.primary.id)`, `"/subscriptions/{subscriptionId}/providers/x"`},
		{`"DefaultEndpointsProtocol=https;AccountKey=${azurerm_storage_account.sa.primary_access_key}"`,
			`{"refs":[{"path":"listKeys().keys[0].value","ref":"azurerm_storage_account.sa"}],"unknown":"\"DefaultEndpointsProtocol=https;AccountKey=${azurerm_storage_account.sa.primary_access_key}\""}`},
		{`var.unset`, `{"unknown":"var.unset"}`},
		{`upper(local.prefix)`, `"PRE"`},
		{`lower(join("-", [local.prefix, "X"]))`, `"pre-x"`},
		{`length(concat(["a"], ["b", "c"]))`, `3`},
		{`merge({a = 1}, {b = 2})`, `{"a":1,"b":2}`},
		{`lookup({a = "x"}, "a", "d")`, `"x"`},
		{`contains(["a", "b"], "b")`, `true`},
		{`try(local.missing, "fallback")`, `"fallback"`},
		{`can(local.missing)`, `false`},
		{`jsondecode("{\"a\": [1, 2]}")`, `{"a":[1,2]}`},
		{`coalesce(null, "x")`, `"x"`},
		{`toset(["b", "a", "b"])`, `["a","b"]`},
		{`true ? "yes" : "no"`, `"yes"`},
		{`var.unset ? "yes" : azurerm_key_vault.kv.id`, `{"refs":[{"path":"id","ref":"azurerm_key_vault.kv"}],"unknown":"var.unset ? \"yes\" : azurerm_key_vault.kv.id"}`},
		{`[for s in ["a", "b"] : upper(s)]`, `["A","B"]`},
		{`terraform.workspace`, `"default"`},
		{`unknownfunc("x")`, `{"unknown":"unknownfunc(\"x\")"}`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			dir := t.TempDir()
			cfg := base + "resource \"azurerm_role_assignment\" \"t\" {\n  principal_id = " + tt.expr + "\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
				t.Fatal(err)
			}
			u, diags := NewLoader(parser.Options{}).Load(dir)
			if diags.HasErrors() {
				t.Fatalf("errors: %v", diags)
			}
			v := u.Resource("azurerm_role_assignment.t").Properties.Get("principalId")
			if got := valDoc(v); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			wantText := tt.expr
			if strings.HasPrefix(tt.expr, "true ?") {
				wantText = `"yes"` // a decided conditional is the branch it takes
			}
			if s := src(u, v.Range); s != wantText {
				t.Errorf("range covers %q, want the expression", s)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	t.Run("syntax error", func(t *testing.T) {
		u, diags := load(t, "bad/syntax")
		if !diags.HasErrors() {
			t.Fatal("no error for an HCL syntax error")
		}
		first := diags[0]
		want := filepath.Join(fixtures, "bad", "syntax", "child", "broken.tf") + ":3:"
		if !strings.HasPrefix(first.Error(), want) {
			t.Errorf("error %q, want it at %s", first.Error(), want)
		}
		// the rest of the unit still loads
		res(t, u, "azurerm_user_assigned_identity.ok")
		res(t, u, "module.child>azurerm_storage_account.fine")
	})
	t.Run("variable without value", func(t *testing.T) {
		u, diags := load(t, "bad/novar")
		if diags.HasErrors() {
			t.Fatalf("errors: %v", diags)
		}
		runChecks(t, u, []check{{id: "azurerm_key_vault.kv", path: "properties.enableRbacAuthorization", want: `{"unknown":"var.rbac"}`, text: "var.rbac"}})
		if len(u.Parameters) != 1 || u.Parameters[0].Value != nil || u.Parameters[0].Default != nil {
			t.Errorf("parameter = %+v", u.Parameters)
		}
	})
	t.Run("cycle between locals", func(t *testing.T) {
		u, diags := load(t, "bad/locals-cycle")
		n := 0
		for _, d := range diags {
			if d.Severity == parser.SevError {
				n++
				if !strings.Contains(d.Error(), "cycle between locals") || !strings.Contains(d.Detail, "local.a -> local.b -> local.c -> local.a") {
					t.Errorf("diagnostic %q", d.Error())
				}
			}
		}
		if n != 1 {
			t.Errorf("%d errors, want 1: %v", n, diags)
		}
		runChecks(t, u, []check{
			{id: "azurerm_user_assigned_identity.id", path: "extra.resource_group_name", want: `"fine"`},
		})
		if r := res(t, u, "azurerm_user_assigned_identity.id"); r.Name.Kind != parser.KindUnknown {
			t.Errorf("name in a cycle = %s, want unknown", valDoc(r.Name))
		}
	})
	t.Run("module calls itself", func(t *testing.T) {
		u, diags := load(t, "bad/self-module")
		if !diags.HasErrors() || !strings.Contains(diags[0].Error(), "main.tf:2:12: module calls itself") {
			t.Errorf("diags = %v", diags)
		}
		res(t, u, "azurerm_user_assigned_identity.id")
	})
	t.Run("source escapes the repository", func(t *testing.T) {
		u, diags := load(t, "bad/escape")
		if !diags.HasErrors() || !strings.Contains(diags[0].Error(), "main.tf:2:12: module source escapes the repository") {
			t.Errorf("diags = %v", diags)
		}
		res(t, u, "azurerm_user_assigned_identity.id")
	})
	t.Run("for_each over unknown", func(t *testing.T) {
		u, diags := load(t, "bad/foreach-unknown")
		if diags.HasErrors() {
			t.Fatalf("errors: %v", diags)
		}
		r := res(t, u, "azurerm_role_assignment.each")
		if r.Loop == nil || r.Loop.Kind != "for_each" || r.Loop.Count != nil {
			t.Errorf("loop = %+v", r.Loop)
		}
		if r.Loop != nil && src(u, r.Loop.Range) != "for_each             = var.principals" {
			t.Errorf("loop range covers %q", src(u, r.Loop.Range))
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		_, diags := load(t, "does-not-exist")
		if !diags.HasErrors() {
			t.Error("no error for a missing directory")
		}
	})
}

func TestCountZeroIsCondition(t *testing.T) {
	dir := t.TempDir()
	cfg := "variable \"on\" { default = false }\nresource \"azurerm_key_vault\" \"kv\" {\n  count = var.on ? 1 : 0\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	u, _ := NewLoader(parser.Options{}).Load(dir)
	r := u.Resource("azurerm_key_vault.kv")
	if r.Loop == nil || r.Loop.Count == nil || *r.Loop.Count != 0 || valDoc(r.Condition) != "false" {
		t.Errorf("loop %+v condition %s", r.Loop, valDoc(r.Condition))
	}
}

func TestTFJSON(t *testing.T) {
	dir := t.TempDir()
	cfg := `{
  "resource": {
    "azurerm_user_assigned_identity": {"x": {"name": "id-json"}},
    "azurerm_key_vault": {
      "kv": {
        "name": "kv-json",
        "enable_rbac_authorization": false,
        "access_policy": [
          {"object_id": "${azurerm_user_assigned_identity.x.principal_id}", "secret_permissions": ["Get", "Purge"]}
        ]
      }
    }
  }
}`
	if err := os.WriteFile(filepath.Join(dir, "main.tf.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	u, diags := NewLoader(parser.Options{}).Load(dir)
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	runChecks(t, u, []check{
		{id: "azurerm_key_vault.kv", path: "properties.enableRbacAuthorization", want: "false"},
		{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[0].objectId",
			want: `{"path":"properties.principalId","ref":"azurerm_user_assigned_identity.x"}`},
		{id: "azurerm_key_vault.kv", path: "properties.accessPolicies[0].permissions.secrets", want: `["Get","Purge"]`},
	})
}

func TestConcurrentLoads(t *testing.T) {
	l := NewLoader(parser.Options{Root: fixtures})
	done := make(chan string, 8)
	for i := 0; i < 8; i++ {
		go func() {
			u, _ := l.Load(filepath.Join(fixtures, "modules"))
			done <- valDoc(u.Resource("module.kv>azurerm_key_vault.this").Properties)
		}()
	}
	first := <-done
	for i := 1; i < 8; i++ {
		if got := <-done; got != first {
			t.Errorf("concurrent loads differ:\n%s\n%s", got, first)
		}
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestVarFilePrecedence(t *testing.T) {
	main := `variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "flag" { type = bool }
resource "azurerm_key_vault" "kv" {
  name                       = "${var.a}-${var.b}-${var.c}"
  rbac_authorization_enabled = var.flag
}
`
	dir := writeFiles(t, map[string]string{
		"main.tf":          main,
		"terraform.tfvars": "a = \"tfvars\"\nb = \"tfvars\"\nc = \"tfvars\"\nflag = \"true\"\n",
		"x.auto.tfvars":    "b = \"auto\"\nc = \"auto\"\n",
		"prod.tfvars":      "c = \"explicit\"\n",
	})
	u, diags := NewLoader(parser.Options{VarFiles: []string{filepath.Join(dir, "prod.tfvars")}}).Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	runChecks(t, u, []check{
		{id: "azurerm_key_vault.kv", path: "name", want: `"tfvars-auto-explicit"`},
		{id: "azurerm_key_vault.kv", path: "properties.enableRbacAuthorization", want: `true`},
	})
	if len(u.Files) != 4 {
		t.Errorf("files = %v", u.Files)
	}
}

func TestLimits(t *testing.T) {
	t.Run("module depth", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{
			"main.tf":       `module "a" { source = "./a" }`,
			"a/main.tf":     `module "b" { source = "./b" }`,
			"a/b/main.tf":   `module "c" { source = "./c" }`,
			"a/b/c/main.tf": `resource "azurerm_resource_group" "deep" { name = "x" }`,
		})
		_, diags := NewLoader(parser.Options{MaxModuleDepth: 2}).Load(dir)
		if !diags.HasErrors() || !strings.Contains(diags[0].Error(), "modules nest more than 2 levels") {
			t.Errorf("diags = %v", diags)
		}
		u, diags := NewLoader(parser.Options{}).Load(dir)
		if diags.HasErrors() || u.Resource("module.a>module.b>module.c>azurerm_resource_group.deep") == nil {
			t.Errorf("deep module not loaded: %v", diags)
		}
	})
	t.Run("file size", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"main.tf": `resource "azurerm_resource_group" "rg" { name = "x" }`})
		_, diags := NewLoader(parser.Options{MaxFileSize: 10}).Load(dir)
		if !diags.HasErrors() || diags[0].Summary != "file too large" {
			t.Errorf("diags = %v", diags)
		}
	})
	t.Run("nesting", func(t *testing.T) {
		deep := "locals {\n  x = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n}\n"
		dir := writeFiles(t, map[string]string{"main.tf": deep})
		_, diags := NewLoader(parser.Options{}).Load(dir)
		if !diags.HasErrors() || diags[0].Summary != "nesting too deep" || diags[0].Subject.Start.Line != 2 {
			t.Errorf("diags = %v", diags)
		}
	})
}

func TestParseCache(t *testing.T) {
	l := NewLoader(parser.Options{Root: fixtures})
	l.Load(filepath.Join(fixtures, "modules"))
	child := filepath.Join(fixtures, "modules", "modules", "kv", "main.tf")
	first := l.files[child].Value() // a strong reference keeps the entry cached
	l.Load(filepath.Join(fixtures, "modules", "modules", "kv"))
	if first == nil || l.files[child].Value() != first {
		t.Error("child file parsed again")
	}
}
