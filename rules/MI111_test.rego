package milint.rules.mi111_test

import data.milint.lib_test as t
import data.milint.rules.mi111

data_roles := [
	"Key Vault Administrator", "Key Vault Secrets Officer", "Key Vault Secrets User",
	"Key Vault Crypto Officer", "Key Vault Crypto User", "Key Vault Crypto Service Encryption User",
	"Key Vault Crypto Service Release User", "Key Vault Certificates Officer",
	"Key Vault Certificate User", "Key Vault Data Access Administrator",
]

at(p, name, level) := t.rbac_at(p, t.role(name), level, "", "", "")

test_every_data_role_at_every_broad_level_fires if {
	every name in data_roles {
		every level in ["resourceGroup", "subscription", "managementGroup", "tenant"] {
			count(mi111.deny) == 1 with input as {"resources": [t.app], "grants": [at(t.sys("app"), name, level)]}
		}
	}
}

test_fires_for_every_principal_kind if {
	every p in array.concat([t.sys("app"), t.uami("id")], t.non_workloads) {
		count(mi111.deny) == 1 with input as {"resources": [t.app, t.id_res], "grants": [at(p, "Key Vault Secrets User", "subscription")]}
	}
}

test_location_and_message if {
	fs := mi111.deny with input as {"resources": [t.app], "grants": [at(t.sys("app"), "Key Vault Secrets User", "resourceGroup")]}
	some f in fs
	f.path == "scope"
	f.resource == "ra"
	contains(f.msg, "app-orders (system-assigned identity) is granted Key Vault Secrets User on the resource group")
	contains(f.msg, "assign it on the vault")
}

test_vault_scope_is_silent if {
	count(mi111.deny) == 0 with input as {"resources": [t.app], "grants": [t.rbac(t.sys("app"), "Key Vault Secrets User")]}
}

test_unknown_scope_is_silent if {
	count(mi111.deny) == 0 with input as {"resources": [t.app], "grants": [at(t.sys("app"), "Key Vault Secrets User", "unknown")]}
}

test_reader_and_non_kv_roles_are_silent if {
	every name in ["Key Vault Reader", "Reader", "Storage Blob Data Reader", "Owner"] {
		count(mi111.deny) == 0 with input as {"resources": [t.app], "grants": [at(t.sys("app"), name, "subscription")]}
	}
}

test_unresolved_role_is_silent if {
	g := object.union(at(t.sys("app"), "Key Vault Secrets User", "subscription"), {"role": null})
	count(mi111.deny) == 0 with input as {"resources": [t.app], "grants": [g]}
}
