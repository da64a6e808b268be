# METADATA
# title: Key Vault access policy gives a workload more than read and use
# description: >-
#   An access policy for a managed identity (a workload) grants more than it
#   needs to read and use vault objects: secrets beyond get and list; keys
#   beyond get, list, encrypt, decrypt, wrapKey, unwrapKey, sign and verify;
#   certificates beyond get and list; or any storage permission. Wildcards
#   (MI101) and purge (MI102) are reported by those rules, not here.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI103.md
#     description: MI103 kv-policy-workload-write
# custom:
#   id: MI103
#   triggers: ["grants:accessPolicy"]
#   reads: []
#   slug: kv-policy-workload-write
#   severity: warning
#   remediation: >-
#     Remove the write, delete, backup and restore permissions from the
#     workload's access policy (an app reading configuration needs secrets
#     get; a customer-managed key needs keys get, wrapKey and unwrapKey), or
#     move the vault to RBAC and assign Key Vault Secrets User.
package milint.rules.mi103

import data.milint.lib

# One finding per grant and permission collection, at its first extra entry.
deny contains f if {
	some g in input.grants
	g.via == "accessPolicy"
	lib.workload(g.principal)
	some c, perms in g.permissions
	extra := [j | some j, p in perms; excess(c, p)]
	count(extra) > 0
	names := [perms[j] | some j in extra]
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted %s %s on %s; a workload needs only %s", [lib.principal_name(g.principal), c, concat(", ", names), lib.target_name(g), lib.least_permissions[c]]),
		"resource": g.resource,
		"path": g.permissionPaths[c][extra[0]],
	}
}

excess(c, p) if {
	not p in lib.workload_permissions[c]
	not p in {"all", "*", "purge"}
}
