# METADATA
# title: Key Vault access policy grants purge
# description: >-
#   An access policy grants `purge` on keys, secrets, certificates or
#   storage. Purge deletes a soft-deleted object for good; no workload needs
#   it, and a compromised principal with it can destroy data irreversibly.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI102.md
#     description: MI102 kv-policy-purge
# custom:
#   id: MI102
#   triggers: ["grants:accessPolicy"]
#   reads: []
#   slug: kv-policy-purge
#   severity: error
#   remediation: >-
#     Remove purge from the permission list; keep purge protection on and
#     leave purging to a break-glass process.
package milint.rules.mi102

import data.milint.lib

deny contains f if {
	some g in input.grants
	g.via == "accessPolicy"
	some c, perms in g.permissions
	some j, p in perms
	p == "purge"
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted purge on %s of %s; remove purge (no workload needs to destroy soft-deleted %s)", [lib.principal_name(g.principal), c, lib.target_name(g), c]),
		"resource": g.resource,
		"path": g.permissionPaths[c][j],
	}
}
