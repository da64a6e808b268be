# Tests of the shared helpers, and the input builders the rule tests share.
package milint.lib_test

import data.milint.lib

# --- builders -------------------------------------------------------------

sys(of) := {"kind": "systemAssigned", "of": of, "text": ""}

uami(of) := {"kind": "userAssigned", "of": of, "text": ""}

deployer := {"kind": "deployer", "of": "", "text": "deployer().objectId"}

param := {"kind": "parameter", "of": "", "text": "parameters('principalId')"}

literal := {"kind": "literal", "of": "", "text": "11111111-2222-3333-4444-555555555555"}

unknown := {"kind": "unknown", "of": "", "text": "reference(x).foo"}

# every principal kind that is not a managed identity
non_workloads := [deployer, param, literal, unknown]

roles := {
	"Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
	"Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
	"User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
	"Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
	"Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
	"Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
	"Key Vault Contributor": "f25e0fa2-a7c8-4377-a976-54943a77a395",
	"Key Vault Reader": "21090545-7ca7-4776-b22c-e363652d74d2",
	"Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
	"Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
	"Key Vault Crypto Officer": "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
	"Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
	"Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
	"Key Vault Crypto Service Release User": "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
	"Key Vault Certificates Officer": "a4417e6f-fecd-4de8-b567-7b0420556985",
	"Key Vault Certificate User": "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
	"Key Vault Data Access Administrator": "8b54135c-b56d-4d72-a534-26097cfdc8d8",
	"AcrPull": "7f951dda-4ed3-4680-a7ca-43fe172d538d",
	"Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
}

role(name) := {"id": roles[name], "name": name, "custom": ""}

vault_type := "Microsoft.KeyVault/vaults"

# rbac is a role assignment grant declared by resource "ra" on target kv.
rbac(p, name) := rbac_at(p, role(name), "resource", "kv", vault_type, "kv-prod")

rbac_at(p, r, level, target, ttype, tname) := {
	"via": "rbac", "resource": "ra", "path": "properties.roleDefinitionId",
	"principal": p, "role": r, "condition": false,
	"target": target, "targetType": ttype, "targetName": tname, "scopeLevel": level,
}

# policy is an access-policy grant in the vault kv's first entry.
policy(p, perms) := {
	"via": "accessPolicy", "resource": "kv", "path": "properties.accessPolicies[0]",
	"principal": p, "target": "kv", "targetType": vault_type, "targetName": "kv-prod", "scopeLevel": "resource",
	"permissions": object.union({"keys": [], "secrets": [], "certificates": [], "storage": []}, perms),
	"permissionPaths": {c: [sprintf("properties.accessPolicies[0].permissions.%s[%d]", [c, i]) | some i, _ in l] | some c, l in object.union({"keys": [], "secrets": [], "certificates": [], "storage": []}, perms)},
	"permissionsUnknown": [],
}

app := {"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders", "identity": {"type": "SystemAssigned", "userAssignedIdentities": []}}

id_res := {"id": "id", "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "id-shared"}

vault(api, props) := {"id": "kv", "type": vault_type, "name": "kv-prod", "apiVersion": api, "existing": false, "properties": props}

# --- lib tests ------------------------------------------------------------

test_type_index_groups_case_insensitively if {
	rs := [
		{"id": "a", "type": "Microsoft.KeyVault/vaults"},
		{"id": "b", "type": "microsoft.keyvault/VAULTS"},
		{"id": "c", "type": "Microsoft.Web/sites"},
	]
	lib.type_index["microsoft.keyvault/vaults"] == {0, 1} with input as {"resources": rs}
	[r.id | some r in lib.of_type("microsoft.web/sites")] == ["c"] with input as {"resources": rs}
	not lib.type_index["microsoft.storage/storageaccounts"] with input as {"resources": rs}
}

test_resources_by_id_and_name if {
	rs := [app, {"id": "x", "type": "T", "name": {"unknown": "parameters('n')"}}]
	lib.resources_by_id.app.name == "app-orders" with input as {"resources": rs}
	lib.name("app") == "app-orders" with input as {"resources": rs}
	lib.name("x") == "x" with input as {"resources": rs}
	lib.name("missing") == "missing" with input as {"resources": rs}
}

test_principal_names if {
	lib.principal_name(sys("app")) == "app-orders (system-assigned identity)" with input as {"resources": [app]}
	lib.principal_name(uami("id")) == "id-shared (user-assigned identity)" with input as {"resources": [id_res]}
	lib.principal_name(deployer) == "the deployer"
	lib.principal_name(param) == "principal parameters('principalId')"
}

test_workload_only_managed_identities if {
	lib.workload(sys("a"))
	lib.workload(uami("a"))
	every p in non_workloads {
		not lib.workload(p)
	}
}

test_builtin_role_ignores_custom_roles if {
	lib.builtin_role({"role": role("Owner")}) == roles.Owner
	lib.builtin_role({"role": {"id": "8E3AF657-A8FF-443C-A75C-2FE8C4BCB635", "name": "", "custom": ""}}) == roles.Owner
	not lib.builtin_role({"role": {"id": roles.Owner, "name": "Owner", "custom": "myRole"}})
	not lib.builtin_role({"role": null})
	not lib.builtin_role({"role": {"id": "", "name": "x", "custom": ""}})
}

test_role_name_falls_back_to_id if {
	lib.role_name({"role": {"id": "abc", "name": "", "custom": ""}}) == "abc"
	lib.role_name({"role": role("Owner")}) == "Owner"
}

test_role_classes if {
	roles["Key Vault Administrator"] in lib.kv_data_roles
	not roles["Key Vault Reader"] in lib.kv_data_roles
	not roles.Owner in lib.kv_data_roles
	lib.officer_to_user[roles["Key Vault Secrets Officer"]] == "Key Vault Secrets User"
	count(lib.privileged_roles) == 7
	count(lib.officer_to_user) == 3
}

test_privileged_alternative_by_target_type if {
	g := rbac(sys("app"), "Owner")
	lib.privileged_alternative(g) == "grant Key Vault Secrets User instead"
	g2 := rbac_at(sys("app"), role("Contributor"), "resource", "acr", "Microsoft.ContainerRegistry/registries", "acr1")
	lib.privileged_alternative(g2) == "grant AcrPull instead"
	g3 := rbac_at(sys("app"), role("Owner"), "resourceGroup", "", "", "")
	lib.privileged_alternative(g3) == "grant a role that covers only what the workload does instead"
	startswith(lib.privileged_alternative(rbac(sys("app"), "Key Vault Administrator")), "grant Key Vault Secrets User")
}

test_service_type if {
	lib.service_type("Microsoft.KeyVault/vaults/secrets") == "microsoft.keyvault/vaults"
	lib.service_type("Microsoft.Storage/storageAccounts") == "microsoft.storage/storageaccounts"
	not lib.service_type("")
}

test_op_match_globs if {
	lib.op_match("*", "microsoft.keyvault/vaults/write")
	lib.op_match("microsoft.keyvault/*", "microsoft.keyvault/vaults/accesspolicies/write")
	lib.op_match("microsoft.authorization/*/write", "microsoft.authorization/roleassignments/write")
	lib.op_match("microsoft.keyvault/vaults/write", "microsoft.keyvault/vaults/write")
	not lib.op_match("*/read", "microsoft.keyvault/vaults/write")
	not lib.op_match("microsoft.keyvault/vaults/*/read", "microsoft.keyvault/vaults/write")
	not lib.op_match("microsoft.storage/*", "microsoft.keyvault/vaults/write")
}

test_perm_list_reads_arm_and_terraform_names if {
	lib.perm_list({"notActions": ["a"]}, "notActions", "") == ["a"]
	lib.perm_list({"not_actions": ["b"]}, "notActions", "") == ["b"]
	lib.perm_list({"DataActions": ["c"]}, "dataActions", "") == ["c"]
	lib.perm_list({}, "actions", "") == []
	lib.perm_list({"actions": {"unknown": "x"}}, "actions", "") == []
}

test_path_string if {
	lib.path_string("properties", ["siteConfig", "appSettings", 2, "value"]) == "properties.siteConfig.appSettings[2].value"
	lib.path_string("properties", ["a.b"]) == `properties["a.b"]`
}

test_identity_none if {
	lib.identity_none({"identity": null})
	lib.identity_none({})
	lib.identity_none({"identity": {"type": "None"}})
	not lib.identity_none({"identity": {"type": "SystemAssigned"}})
	not lib.identity_none({"identity": {"type": ""}})
}

test_is_list_path if {
	lib.is_list_path("listKeys().keys[0].value")
	lib.is_list_path("listConnectionStrings().connectionStrings[0].connectionString")
	lib.is_list_path("listKeys().connectionString")
	not lib.is_list_path("properties.primaryEndpoints.blob")
	not lib.is_list_path("listKeys")
}

test_vault_model_by_api_version if {
	lib.vault_model(vault("2023-07-01", {})) == "accessPolicy"
	lib.vault_model(vault("2026-02-01", {})) == "rbac"
	lib.vault_model(vault("2019-09-01", {"enableRbacAuthorization": true})) == "rbac"
	lib.vault_model(vault("2026-02-01", {"enableRbacAuthorization": false})) == "accessPolicy"
	not lib.vault_model(vault("2019-09-01", {"enableRbacAuthorization": {"unknown": "parameters('rbac')"}}))
	not lib.vault_model(vault("", {}))
}

test_duplicate_ids_keep_the_first if {
	rs := [{"id": "a", "type": "T", "name": "first"}, {"id": "a", "type": "T", "name": "second"}]
	lib.resources_by_id.a.name == "first" with input as {"resources": rs}
}
