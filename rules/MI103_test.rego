package milint.rules.mi103_test

import data.milint.lib_test as t
import data.milint.rules.mi103

res := [t.vault("2023-07-01", {}), t.app, t.id_res]

test_secret_writes_for_system_identity_fire_once_per_collection if {
	g := t.policy(t.sys("app"), {"secrets": ["get", "list", "set", "delete"]})
	fs := mi103.deny with input as {"resources": res, "grants": [g]}
	count(fs) == 1
	some f in fs
	f.path == "properties.accessPolicies[0].permissions.secrets[2]"
	f.resource == "kv"
	contains(f.msg, "app-orders (system-assigned identity)")
	contains(f.msg, "secrets set, delete")
	contains(f.msg, "kv-prod")
	contains(f.msg, "secrets get and list")
}

test_user_assigned_identity_fires if {
	g := t.policy(t.uami("id"), {"keys": ["get", "create"], "certificates": ["import"], "storage": ["get"]})
	fs := mi103.deny with input as {"resources": res, "grants": [g]}
	count(fs) == 3
	paths := {f.path | some f in fs}
	paths == {
		"properties.accessPolicies[0].permissions.keys[1]",
		"properties.accessPolicies[0].permissions.certificates[0]",
		"properties.accessPolicies[0].permissions.storage[0]",
	}
}

test_read_and_use_is_silent if {
	g := t.policy(t.sys("app"), {
		"secrets": ["get", "list"],
		"keys": ["get", "list", "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify"],
		"certificates": ["get", "list"],
	})
	count(mi103.deny) == 0 with input as {"resources": res, "grants": [g]}
}

test_all_and_purge_are_left_to_mi101_mi102 if {
	g := t.policy(t.sys("app"), {"secrets": ["all", "purge", "*"], "keys": ["purge"]})
	count(mi103.deny) == 0 with input as {"resources": res, "grants": [g]}
}

test_non_workload_principals_are_silent if {
	every p in t.non_workloads {
		g := t.policy(p, {"secrets": ["set", "delete"]})
		count(mi103.deny) == 0 with input as {"resources": res, "grants": [g]}
	}
}

test_unknown_permissions_are_silent if {
	g := object.union(t.policy(t.sys("app"), {"secrets": ["get"]}), {"permissionsUnknown": ["secrets", "keys"]})
	count(mi103.deny) == 0 with input as {"resources": res, "grants": [g]}
}

test_rbac_grants_are_ignored if {
	count(mi103.deny) == 0 with input as {"resources": res, "grants": [t.rbac(t.sys("app"), "Owner")]}
}
