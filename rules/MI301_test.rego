package milint.rules.mi301_test

import data.milint.lib_test as t
import data.milint.rules.mi301

site(id, name) := {"id": id, "type": "Microsoft.Web/sites", "name": name, "identity": {"type": "SystemAssigned"}}

kv := t.vault("2026-02-01", {})

res := [kv, site("a", "app-a"), site("b", "app-b"), site("c", "app-c")]

ident(of, grants, looped) := {"kind": "systemAssigned", "of": of, "attachedTo": [], "grants": grants, "looped": looped}

test_two_declarations_on_one_vault_fire_once_on_the_vault if {
	grants := [t.rbac(t.sys("a"), "Key Vault Secrets User"), t.rbac(t.sys("b"), "Key Vault Secrets User"), t.rbac(t.sys("b"), "Key Vault Crypto User")]
	ids := [ident("a", [0], false), ident("b", [1, 2], false)]
	fs := mi301.deny with input as {"resources": res, "grants": grants, "identities": ids}
	count(fs) == 1
	some f in fs
	f.resource == "kv"
	f.path == ""
	f.msg == "Key Vault kv-prod is granted to the system-assigned identities of 2 resources (app-a, app-b); give them one user-assigned identity and grant it once"
}

test_access_policies_count_too if {
	grants := [t.policy(t.sys("a"), {"secrets": ["get"]}), t.rbac(t.sys("b"), "Key Vault Secrets User")]
	ids := [ident("a", [0], false), ident("b", [1], false)]
	count(mi301.deny) == 1 with input as {"resources": res, "grants": grants, "identities": ids}
}

test_one_declaration_is_silent if {
	grants := [t.rbac(t.sys("a"), "Key Vault Secrets User"), t.rbac(t.sys("a"), "Key Vault Crypto User")]
	ids := [ident("a", [0, 1], false)]
	count(mi301.deny) == 0 with input as {"resources": res, "grants": grants, "identities": ids}
}

test_looped_declarations_are_not_counted if {
	grants := [t.rbac(t.sys("a"), "Key Vault Secrets User"), t.rbac(t.sys("b"), "Key Vault Secrets User")]
	ids := [ident("a", [0], false), ident("b", [1], true)]
	count(mi301.deny) == 0 with input as {"resources": res, "grants": grants, "identities": ids}
}

test_user_assigned_identities_are_silent if {
	grants := [t.rbac(t.uami("id"), "Key Vault Secrets User"), t.rbac(t.sys("a"), "Key Vault Secrets User")]
	ids := [{"kind": "userAssigned", "of": "id", "attachedTo": ["a", "b"], "grants": [0], "looped": false}, ident("a", [1], false)]
	count(mi301.deny) == 0 with input as {"resources": array.concat(res, [t.id_res]), "grants": grants, "identities": ids}
}

test_different_vaults_are_silent if {
	g2 := t.rbac_at(t.sys("b"), t.role("Key Vault Secrets User"), "resource", "kv2", "Microsoft.KeyVault/vaults", "kv-other")
	grants := [t.rbac(t.sys("a"), "Key Vault Secrets User"), g2]
	ids := [ident("a", [0], false), ident("b", [1], false)]
	count(mi301.deny) == 0 with input as {"resources": res, "grants": grants, "identities": ids}
}

test_child_targets_belong_to_their_service if {
	secret := {"id": "kv::s", "type": "Microsoft.KeyVault/vaults/secrets", "name": "kv-prod/db"}
	g1 := t.rbac_at(t.sys("a"), t.role("Key Vault Secrets User"), "resource", "kv::s", "Microsoft.KeyVault/vaults/secrets", "kv-prod/db")
	grants := [g1, t.rbac(t.sys("b"), "Key Vault Secrets User")]
	ids := [ident("a", [0], false), ident("b", [1], false)]
	fs := mi301.deny with input as {"resources": array.concat(res, [secret]), "grants": grants, "identities": ids}
	count(fs) == 1
	some f in fs
	f.resource == "kv"
	contains(f.msg, "Key Vault kv-prod")
}

test_service_outside_unit_reports_on_first_grant if {
	st := "Microsoft.Storage/storageAccounts"
	g1 := object.union(t.rbac_at(t.sys("a"), t.role("Storage Blob Data Reader"), "resource", "", st, "stshared"), {"resource": "ra1"})
	g2 := object.union(t.rbac_at(t.sys("c"), t.role("Storage Blob Data Reader"), "resource", "", st, "stshared"), {"resource": "ra2"})
	ids := [ident("a", [0], false), ident("c", [1], false)]
	fs := mi301.deny with input as {"resources": res, "grants": [g1, g2], "identities": ids}
	count(fs) == 1
	some f in fs
	f.resource == "ra1"
	contains(f.msg, "storage account stshared is granted to the system-assigned identities of 2 resources (app-a, app-c)")
}

test_non_shared_service_types_are_silent if {
	g1 := t.rbac_at(t.sys("a"), t.role("Reader"), "resource", "vnet", "Microsoft.Network/virtualNetworks", "vnet1")
	g2 := t.rbac_at(t.sys("b"), t.role("Reader"), "resource", "vnet", "Microsoft.Network/virtualNetworks", "vnet1")
	ids := [ident("a", [0], false), ident("b", [1], false)]
	count(mi301.deny) == 0 with input as {"resources": res, "grants": [g1, g2], "identities": ids}
}

test_resource_group_scope_is_silent if {
	g1 := t.rbac_at(t.sys("a"), t.role("Key Vault Secrets User"), "resourceGroup", "", "", "")
	g2 := t.rbac_at(t.sys("b"), t.role("Key Vault Secrets User"), "resourceGroup", "", "", "")
	ids := [ident("a", [0], false), ident("b", [1], false)]
	count(mi301.deny) == 0 with input as {"resources": res, "grants": [g1, g2], "identities": ids}
}
