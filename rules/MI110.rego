# METADATA
# title: Privileged role assigned to a managed identity
# description: >-
#   Owner, Contributor, User Access Administrator, Role Based Access Control
#   Administrator, Key Vault Administrator, Key Vault Contributor or Key
#   Vault Data Access Administrator is assigned to a managed identity. Anyone
#   who can run code as the workload (or attach its user-assigned identity)
#   inherits the right to change access or to manage every object in scope.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI110.md
#     description: MI110 rbac-privileged-role
# custom:
#   id: MI110
#   triggers: ["grants:rbac"]
#   reads: []
#   slug: rbac-privileged-role
#   severity: error
#   remediation: >-
#     Assign the data role the workload uses (Key Vault Secrets User,
#     Storage Blob Data Reader, AcrPull, ...) on the one resource it reaches.
#     Declare role assignments in the template instead of letting the
#     workload create them; where it must delegate, add a condition that
#     limits the roles it may assign.
package milint.rules.mi110

import data.milint.lib

deny contains f if {
	some g in input.grants
	g.via == "rbac"
	lib.workload(g.principal)
	id := lib.builtin_role(g)
	lib.privileged_roles[id]
	not bounded(g, id)
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted %s on %s; %s", [lib.principal_name(g.principal), lib.role_name(g), lib.target_name(g), lib.privileged_alternative(g)]),
		"resource": g.resource,
		"path": g.path,
	}
}

# A role-assignment writer whose own assignment carries an ABAC condition
# (delegation with conditions) is bounded.
bounded(g, id) if {
	id in lib.delegating_roles
	g.condition == true
}
