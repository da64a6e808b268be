package milint.rules.mi102_test

import data.milint.rules.mi102

grant(perms, principal) := {
	"via": "accessPolicy", "resource": "kv", "path": "properties.accessPolicies[0]",
	"principal": principal, "target": "kv", "targetName": "kv-prod", "scopeLevel": "resource",
	"permissions": perms,
	"permissionPaths": {c: [sprintf("properties.accessPolicies[0].permissions.%s[%d]", [c, i]) | some i, _ in l] | some c, l in perms},
}

test_purge_fires_for_every_principal_kind if {
	kinds := [{"kind": "deployer"}, {"kind": "parameter", "text": "[parameters('objectId')]"}, {"kind": "literal", "text": "0000"}]
	every p in kinds {
		fs := mi102.deny with input as {"resources": [], "grants": [grant({"keys": ["get", "Purge"], "secrets": ["purge"]}, p)]}
		count(fs) == 1
	}
}

test_purge_path_points_at_entry if {
	fs := mi102.deny with input as {"resources": [], "grants": [grant({"keys": ["get", "purge"]}, {"kind": "deployer"})]}
	some f in fs
	f.path == "properties.accessPolicies[0].permissions.keys[1]"
	contains(f.msg, "the deployer")
}

test_no_purge_is_silent if {
	count(mi102.deny) == 0 with input as {"resources": [], "grants": [grant({"keys": ["get", "delete"]}, {"kind": "deployer"})]}
}
