# METADATA
# title: Key Vault access policy grants every permission
# description: >-
#   An access policy grants `all` (or `*`) on keys, secrets, certificates or
#   storage. The principal can then read, change, back up and purge every
#   object of that kind in the vault.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI101.md
#     description: MI101 kv-policy-wildcard
# custom:
#   id: MI101
#   triggers: ["grants:accessPolicy"]
#   reads: []
#   slug: kv-policy-wildcard
#   severity: error
#   remediation: >-
#     List only the permissions the workload uses (an app reading
#     configuration needs secrets get, and list only if it enumerates), or
#     move the vault to RBAC and assign Key Vault Secrets User.
package milint.rules.mi101

import data.milint.lib

deny contains f if {
	some g in input.grants
	g.via == "accessPolicy"
	some c, perms in g.permissions
	some j, p in perms
	p in {"all", "*"}
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted all %s permissions on %s; grant only %s", [lib.principal_name(g.principal), c, lib.target_name(g), lib.least_permissions[c]]),
		"resource": g.resource,
		"path": g.permissionPaths[c][j],
	}
}
