package milint.rules.mi101_test

import data.milint.rules.mi101

vault := {"id": "kv", "type": "Microsoft.KeyVault/vaults", "name": "kv-prod", "apiVersion": "2023-07-01", "properties": {}}

app := {"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders"}

grant(perms) := {
	"via": "accessPolicy", "resource": "kv", "path": "properties.accessPolicies[0]",
	"principal": {"kind": "systemAssigned", "of": "app", "text": ""},
	"target": "kv", "targetName": "kv-prod", "scopeLevel": "resource",
	"permissions": perms,
	"permissionPaths": {c: [sprintf("properties.accessPolicies[0].permissions.%s[%d]", [c, i]) | some i, _ in l] | some c, l in perms},
}

test_all_on_secrets_fires if {
	fs := mi101.deny with input as {"resources": [vault, app], "grants": [grant({"secrets": ["get", "all"], "keys": [], "certificates": [], "storage": []})]}
	count(fs) == 1
	some f in fs
	f.path == "properties.accessPolicies[0].permissions.secrets[1]"
	f.resource == "kv"
	contains(f.msg, "app-orders (system-assigned identity)")
	contains(f.msg, "kv-prod")
	contains(f.msg, "secrets get and list")
}

test_wildcard_star_and_every_collection if {
	perms := {"secrets": ["*"], "keys": ["all"], "certificates": ["all"], "storage": ["all"]}
	fs := mi101.deny with input as {"resources": [vault, app], "grants": [grant(perms)]}
	count(fs) == 4
}

test_least_privilege_is_silent if {
	fs := mi101.deny with input as {"resources": [vault, app], "grants": [grant({"secrets": ["get", "list"], "keys": [], "certificates": [], "storage": []})]}
	count(fs) == 0
}

test_unknown_permissions_are_silent if {
	g := object.union(grant({"secrets": [], "keys": [], "certificates": [], "storage": []}), {"permissionsUnknown": ["secrets"]})
	fs := mi101.deny with input as {"resources": [vault, app], "grants": [g]}
	count(fs) == 0
}

test_rbac_grants_ignored if {
	g := {"via": "rbac", "resource": "ra", "principal": {"kind": "deployer"}, "role": {"name": "Owner"}}
	count(mi101.deny) == 0 with input as {"resources": [], "grants": [g]}
}
