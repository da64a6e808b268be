package milint.rules.mi202_test

import data.milint.lib_test as t
import data.milint.rules.mi202

entry := {"tenantId": "{tenantId}", "objectId": "x", "permissions": {"secrets": ["get"]}}

test_inline_policies_on_rbac_vault_fire if {
	v := t.vault("2023-07-01", {"enableRbacAuthorization": true, "accessPolicies": [entry, entry]})
	fs := mi202.deny with input as {"resources": [v], "grants": []}
	count(fs) == 1
	some f in fs
	f.path == "properties.accessPolicies"
	f.resource == "kv"
	contains(f.msg, "kv-prod uses RBAC, so its 2 access policies are ignored")
}

test_default_rbac_from_2026_api if {
	v := t.vault("2026-02-01", {"accessPolicies": [entry]})
	fs := mi202.deny with input as {"resources": [v], "grants": []}
	count(fs) == 1
	some f in fs
	contains(f.msg, "1 access policy is ignored")
}

test_empty_list_is_silent if {
	v := t.vault("2023-07-01", {"enableRbacAuthorization": true, "accessPolicies": []})
	count(mi202.deny) == 0 with input as {"resources": [v], "grants": []}
}

test_access_policy_vault_is_silent if {
	v := t.vault("2023-07-01", {"enableRbacAuthorization": false, "accessPolicies": [entry]})
	count(mi202.deny) == 0 with input as {"resources": [v], "grants": [t.policy(t.sys("app"), {"secrets": ["get"]})]}
	v2 := t.vault("2023-07-01", {"accessPolicies": [entry]})
	count(mi202.deny) == 0 with input as {"resources": [v2], "grants": []}
}

test_unknown_model_or_list_is_silent if {
	v := t.vault("2023-07-01", {"enableRbacAuthorization": {"unknown": "parameters('rbac')"}, "accessPolicies": [entry]})
	count(mi202.deny) == 0 with input as {"resources": [v], "grants": []}
	v2 := t.vault("2023-07-01", {"enableRbacAuthorization": true, "accessPolicies": {"unknown": "parameters('policies')"}})
	count(mi202.deny) == 0 with input as {"resources": [v2], "grants": []}
}

test_child_access_policies_fire_on_the_child if {
	v := t.vault("2026-04-01", {})
	child := {"id": "kv::add", "type": "Microsoft.KeyVault/vaults/accessPolicies", "name": "kv-prod/add"}
	g := object.union(t.policy(t.sys("app"), {"secrets": ["get"]}), {"resource": "kv::add"})
	fs := mi202.deny with input as {"resources": [v, child, t.app], "grants": [g, g]}
	count(fs) == 1
	some f in fs
	f.resource == "kv::add"
	f.path == ""
	contains(f.msg, "declared in kv::add are ignored")
}

test_existing_vault_is_silent if {
	v := object.union(t.vault("2026-04-01", {"accessPolicies": [entry]}), {"existing": true})
	count(mi202.deny) == 0 with input as {"resources": [v], "grants": []}
}

# avm-res-keyvault-vault: azurerm_key_vault_access_policy with
# for_each = var.legacy_access_policies_enabled ? var.legacy_access_policies : {}
# declares no policy on an RBAC vault.
test_policy_resource_with_no_instances_is_silent if {
	v := t.vault("2023-07-01", {"enableRbacAuthorization": true})
	pol := {"id": "pol", "type": "Microsoft.KeyVault/vaults/accessPolicies", "loop": {"kind": "for_each", "count": 0}}
	g := object.union(t.policy(t.param, {"secrets": ["get"]}), {"resource": "pol"})
	count(mi202.deny) == 0 with input as {"resources": [v, pol], "grants": [g]}
	pol1 := object.union(pol, {"loop": {"kind": "for_each", "count": 1}})
	count(mi202.deny) == 1 with input as {"resources": [v, pol1], "grants": [g]}
}

test_vault_never_deployed_is_silent if {
	v := object.union(t.vault("2023-07-01", {"enableRbacAuthorization": true, "accessPolicies": [entry]}), {"condition": false})
	count(mi202.deny) == 0 with input as {"resources": [v], "grants": []}
}
