package milint.rules.mi303_test

import data.milint.lib_test as t
import data.milint.rules.mi303

uami_view(attached, grants) := {"kind": "userAssigned", "of": "id", "attachedTo": attached, "grants": grants, "looped": false}

# a unit that wires identities: "other" is attached to the app
other := {"id": "other", "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "id-other"}

base := [t.id_res, t.app, other]

other_view := {"kind": "userAssigned", "of": "other", "attachedTo": ["app"], "grants": [], "looped": false}

test_unused_identity_fires if {
	fs := mi303.deny with input as {"resources": base, "grants": [], "identities": [uami_view([], []), other_view], "refs": []}
	count(fs) == 1
	some f in fs
	f.resource == "id"
	f.path == ""
	contains(f.msg, "user-assigned identity id-shared is neither attached to a resource nor granted anything")
}

test_attached_or_granted_is_silent if {
	count(mi303.deny) == 0 with input as {"resources": base, "grants": [], "identities": [uami_view(["app"], []), other_view], "refs": []}
	count(mi303.deny) == 0 with input as {"resources": base, "grants": [t.rbac(t.uami("id"), "AcrPull")], "identities": [uami_view([], [0]), other_view], "refs": []}
}

test_referenced_identity_is_used if {
	# e.g. its clientId passed into an app setting or a module parameter
	refs := [{"resource": "app", "path": "properties.siteConfig.appSettings[0].value", "ref": "id", "refPath": "properties.clientId"}]
	count(mi303.deny) == 0 with input as {"resources": base, "grants": [], "identities": [uami_view([], []), other_view], "refs": refs}
}

test_self_reference_does_not_count if {
	refs := [{"resource": "id", "path": "name", "ref": "id", "refPath": "name"}]
	count(mi303.deny) == 1 with input as {"resources": base, "grants": [], "identities": [uami_view([], []), other_view], "refs": refs}
}

test_module_output_counts_as_use if {
	inner := {"id": "idMod>id", "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "id-x", "module": "idMod"}
	mod := {"id": "idMod", "type": "Microsoft.Resources/deployments", "name": "identity"}
	iv := object.union(uami_view([], []), {"of": "idMod>id"})
	refs := [{"resource": "app", "path": "properties.x", "ref": "idMod", "refPath": "properties.outputs.principalId.value"}]
	count(mi303.deny) == 0 with input as {"resources": [inner, mod, t.app, other], "grants": [], "identities": [iv, other_view], "refs": refs}
	count(mi303.deny) == 1 with input as {"resources": [inner, mod, t.app, other], "grants": [], "identities": [iv, other_view], "refs": []}
}

test_identity_only_unit_is_silent if {
	# a unit that only creates identities (an identity module) hands them out
	count(mi303.deny) == 0 with input as {"resources": [t.id_res, t.app], "grants": [], "identities": [uami_view([], [])], "refs": []}
}

test_existing_identity_is_silent if {
	e := object.union(t.id_res, {"existing": true})
	count(mi303.deny) == 0 with input as {"resources": [e, t.app], "grants": [], "identities": [uami_view([], []), other_view], "refs": []}
}

# avm dev-center: the identity's name goes to a registry module milint does
# not follow, which attaches it.
test_unit_with_an_unfollowed_module_is_silent if {
	uami := {"id": "id1", "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "id-x", "existing": false, "module": ""}
	call := {"id": "imageBuilder", "type": "Microsoft.Resources/deployments", "name": "aib", "existing": false, "module": ""}
	other := {"id": "id2", "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "name": "id-y", "existing": false, "module": ""}
	ids := [
		{"kind": "userAssigned", "of": "id1", "attachedTo": [], "grants": []},
		{"kind": "userAssigned", "of": "id2", "attachedTo": ["vm"], "grants": []},
	]
	base := {"resources": [uami, other], "identities": ids, "refs": [], "idIndex": {"id1": 0, "id2": 1}, "typeIndex": {}}
	count(mi303.deny) == 1 with input as base
	with_call := object.union(base, {"resources": [uami, other, call], "idIndex": {"id1": 0, "id2": 1, "imageBuilder": 2}, "typeIndex": {"microsoft.resources/deployments": [2]}})
	count(mi303.deny) == 0 with input as with_call
	inner := {"id": "imageBuilder>x", "type": "Microsoft.Storage/storageAccounts", "name": "st", "existing": false, "module": "imageBuilder"}
	followed := object.union(base, {"resources": [uami, other, call, inner], "idIndex": {"id1": 0, "id2": 1, "imageBuilder": 2, "imageBuilder>x": 3}, "typeIndex": {"microsoft.resources/deployments": [2]}})
	count(mi303.deny) == 1 with input as followed
}
