# METADATA
# title: Looped declaration or scale set uses a system-assigned identity that is granted access
# description: >-
#   A resource declared in a loop (ARM copy, Bicep for, Terraform count or
#   for_each), or a virtual machine scale set, uses a system-assigned
#   identity that is granted access. Every instance becomes its own
#   principal with its own grants: scale-out creates identities and role
#   assignments at a rate that hits Entra limits, and access cannot be
#   granted before the instances exist.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI302.md
#     description: MI302 looped-system-identity
# custom:
#   id: MI302
#   triggers: ["grants"]
#   reads: []
#   slug: looped-system-identity
#   severity: warning
#   remediation: >-
#     Create one user-assigned identity outside the loop, attach it to every
#     instance (identity type UserAssigned) and grant it access once.
package milint.rules.mi302

import data.milint.lib

deny contains f if {
	some iv in input.identities
	iv.kind == "systemAssigned"
	iv.looped
	count(iv.grants) > 0
	r := lib.resource(iv.of)
	not single(r)
	g := input.grants[min(iv.grants)]
	f := {
		"msg": sprintf("%s is %s gets its own system-assigned identity, and it is granted %s on %s; attach one user-assigned identity to all instances and grant it once", [lib.name(iv.of), lib.looped_words(r), grant_words(g), lib.target_name(g)]),
		"resource": iv.of,
		"path": "identity",
	}
}

# A loop known to make at most one instance (count = 1, a conditional
# count of 0 or 1 resolved statically) has a single principal.
single(r) if {
	is_object(r.loop)
	is_number(r.loop.count)
	r.loop.count <= 1
	lower(r.type) != "microsoft.compute/virtualmachinescalesets"
}

grant_words(g) := lib.role_name(g) if g.via == "rbac"
else := "an access policy"
