package milint.rules.mi114_test

import data.milint.lib_test as t
import data.milint.rules.mi114

ap_vault := t.vault("2023-07-01", {"enableRbacAuthorization": false})

rbac_vault := t.vault("2023-07-01", {"enableRbacAuthorization": true})

test_contributor_on_access_policy_vault_fires if {
	every name in ["Contributor", "Key Vault Contributor"] {
		fs := mi114.deny with input as {"resources": [ap_vault, t.app], "grants": [t.rbac(t.sys("app"), name)]}
		count(fs) == 1
		some f in fs
		f.path == "properties.roleDefinitionId"
		contains(f.msg, sprintf("app-orders (system-assigned identity) is granted %s on kv-prod, which uses access policies", [name]))
	}
}

test_every_principal_kind_fires if {
	every p in array.concat([t.sys("app"), t.uami("id")], t.non_workloads) {
		count(mi114.deny) == 1 with input as {"resources": [ap_vault, t.app, t.id_res], "grants": [t.rbac(p, "Contributor")]}
	}
}

test_absent_flag_before_2026_is_access_policy if {
	count(mi114.deny) == 1 with input as {"resources": [t.vault("2023-07-01", {"sku": {}})], "grants": [t.rbac(t.deployer, "Contributor")]}
	count(mi114.deny) == 0 with input as {"resources": [t.vault("2026-02-01", {"sku": {}})], "grants": [t.rbac(t.deployer, "Contributor")]}
}

test_above_the_vault_fires if {
	every level in ["resourceGroup", "subscription", "managementGroup", "tenant"] {
		g := t.rbac_at(t.sys("app"), t.role("Key Vault Contributor"), level, "", "", "")
		fs := mi114.deny with input as {"resources": [ap_vault, t.app], "grants": [g]}
		count(fs) == 1
		some f in fs
		contains(f.msg, "which holds kv-prod using access policies")
	}
}

test_rbac_vault_is_silent if {
	g := t.rbac_at(t.sys("app"), t.role("Contributor"), "resourceGroup", "", "", "")
	count(mi114.deny) == 0 with input as {"resources": [rbac_vault, t.app], "grants": [g, t.rbac(t.sys("app"), "Contributor")]}
}

test_unknown_model_is_silent if {
	v := t.vault("2023-07-01", {"enableRbacAuthorization": {"unknown": "parameters('rbac')"}})
	g := t.rbac_at(t.sys("app"), t.role("Contributor"), "subscription", "", "", "")
	count(mi114.deny) == 0 with input as {"resources": [v, t.app], "grants": [g, t.rbac(t.sys("app"), "Contributor")]}
}

test_other_roles_and_scopes_are_silent if {
	sa := t.rbac_at(t.sys("app"), t.role("Contributor"), "resource", "sa", "Microsoft.Storage/storageAccounts", "stprod")
	unknown_scope := t.rbac_at(t.sys("app"), t.role("Contributor"), "unknown", "", "", "")
	count(mi114.deny) == 0 with input as {"resources": [ap_vault, t.app], "grants": [sa, unknown_scope, t.rbac(t.sys("app"), "Key Vault Secrets User"), t.rbac(t.sys("app"), "Reader")]}
}

test_no_vault_in_unit_is_silent if {
	g := t.rbac_at(t.sys("app"), t.role("Contributor"), "subscription", "", "", "")
	count(mi114.deny) == 0 with input as {"resources": [t.app], "grants": [g]}
}
