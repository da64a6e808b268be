# METADATA
# title: User-assigned identity is not used
# description: >-
#   A user-assigned identity is declared but neither attached to a resource
#   nor granted anything, and nothing in the unit refers to it, in a unit
#   that attaches or grants other user-assigned identities. It is an
#   orphaned principal in Entra ID: it costs an object, and whoever later
#   finds it can attach it somewhere without anyone noticing.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI303.md
#     description: MI303 uami-unused
# custom:
#   id: MI303
#   triggers: ["type:microsoft.managedidentity/userassignedidentities"]
#   reads: []
#   slug: uami-unused
#   severity: note
#   remediation: >-
#     Attach the identity to the workload that needs it (identity type
#     UserAssigned) and grant it what that workload uses, or delete it.
package milint.rules.mi303

import data.milint.lib

deny contains f if {
	some iv in input.identities
	iv.kind == "userAssigned"
	count(iv.attachedTo) == 0
	count(iv.grants) == 0
	r := lib.resource(iv.of)
	not r.existing
	uses_user_assigned
	not referenced[iv.of]
	not module_output_used(r)
	not unfollowed_module
	f := {
		"msg": sprintf("user-assigned identity %s is neither attached to a resource nor granted anything; attach it to the workload that needs it or remove it", [lib.name(iv.of)]),
		"resource": iv.of,
		"path": "",
	}
}

# The unit attaches or grants some other user-assigned identity: it wires
# identities itself. A file that only creates identities (a dependencies or
# identity module, linted on its own) hands them out through outputs, which
# the model does not carry, so it stays silent.
uses_user_assigned if {
	some iv in input.identities
	iv.kind == "userAssigned"
	count(iv.attachedTo) + count(iv.grants) > 0
}

# referenced holds the ids that some other resource's value refers to
# (input.refs is the engine's index of every reference in resource values).
referenced contains x.ref if {
	some x in input.refs
	x.ref != x.resource
}

# An identity declared in a module may be handed out through the module's
# outputs: a reference to the module call counts as a use.
module_output_used(r) if {
	r.module != ""
	referenced[r.module]
}

# A module call milint did not follow (a registry or template-spec module)
# may receive the identity by name and attach it: the unit's use of its
# identities is then not known, and the rule stays silent. A followed module
# call has resources of its own (their module field names the call).
unfollowed_module if {
	some i in lib.type_index["microsoft.resources/deployments"]
	call := input.resources[i]
	not module_members[call.id]
}

module_members contains r.module if {
	some r in input.resources
	r.module != ""
}
