package milint.rules.mi112_test

import data.milint.lib_test as t
import data.milint.rules.mi112

res := [t.vault("2026-02-01", {}), t.app, t.id_res]

test_officers_fire_with_user_alternative if {
	cases := {
		"Key Vault Secrets Officer": "grant Key Vault Secrets User instead",
		"Key Vault Crypto Officer": "grant Key Vault Crypto User",
		"Key Vault Certificates Officer": "grant Key Vault Certificate User instead",
	}
	every name, alt in cases {
		fs := mi112.deny with input as {"resources": res, "grants": [t.rbac(t.sys("app"), name)]}
		count(fs) == 1
		some f in fs
		contains(f.msg, alt)
		contains(f.msg, sprintf("app-orders (system-assigned identity) is granted %s on kv-prod", [name]))
		f.path == "properties.roleDefinitionId"
	}
}

test_user_assigned_fires if {
	count(mi112.deny) == 1 with input as {"resources": res, "grants": [t.rbac(t.uami("id"), "Key Vault Secrets Officer")]}
}

test_non_workloads_are_silent if {
	every p in t.non_workloads {
		count(mi112.deny) == 0 with input as {"resources": res, "grants": [t.rbac(p, "Key Vault Secrets Officer")]}
	}
}

test_user_roles_are_silent if {
	every name in ["Key Vault Secrets User", "Key Vault Crypto User", "Key Vault Certificate User", "Key Vault Administrator"] {
		count(mi112.deny) == 0 with input as {"resources": res, "grants": [t.rbac(t.sys("app"), name)]}
	}
}

test_role_given_by_name_only_path if {
	g := object.union(t.rbac(t.sys("app"), "Key Vault Secrets Officer"), {"path": "properties.roleDefinitionName"})
	fs := mi112.deny with input as {"resources": res, "grants": [g]}
	some f in fs
	f.path == "properties.roleDefinitionName"
}
