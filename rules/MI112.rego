# METADATA
# title: Key Vault Officer role assigned to a managed identity
# description: >-
#   Key Vault Secrets Officer, Crypto Officer or Certificates Officer is
#   assigned to a managed identity. Officer roles create, change, delete and
#   purge vault objects; a workload reads and uses them and needs the
#   matching User role.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI112.md
#     description: MI112 rbac-kv-officer-for-workload
# custom:
#   id: MI112
#   triggers: ["grants:rbac"]
#   reads: []
#   slug: rbac-kv-officer-for-workload
#   severity: warning
#   remediation: >-
#     Assign Key Vault Secrets User, Key Vault Crypto User (Crypto Service
#     Encryption User for customer-managed keys) or Key Vault Certificate
#     User instead, and keep Officer roles for the people or pipelines that
#     manage the vault's content.
package milint.rules.mi112

import data.milint.lib

deny contains f if {
	some g in input.grants
	g.via == "rbac"
	lib.workload(g.principal)
	alt := lib.officer_to_user[lib.builtin_role(g)]
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted %s on %s; grant %s instead", [lib.principal_name(g.principal), lib.role_name(g), lib.target_name(g), alt]),
		"resource": g.resource,
		"path": g.path,
	}
}
