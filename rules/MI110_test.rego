package milint.rules.mi110_test

import data.milint.lib_test as t
import data.milint.rules.mi110

res := [t.vault("2026-02-01", {}), t.app, t.id_res]

privileged := [
	"Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator",
	"Key Vault Administrator", "Key Vault Contributor", "Key Vault Data Access Administrator",
]

test_every_privileged_role_fires_for_system_identity if {
	every name in privileged {
		fs := mi110.deny with input as {"resources": res, "grants": [t.rbac(t.sys("app"), name)]}
		count(fs) == 1
	}
}

test_message_names_principal_target_and_alternative if {
	fs := mi110.deny with input as {"resources": res, "grants": [t.rbac(t.sys("app"), "Key Vault Administrator")]}
	some f in fs
	f.msg == "app-orders (system-assigned identity) is granted Key Vault Administrator on kv-prod; grant Key Vault Secrets User (or Key Vault Crypto Service Encryption User for keys) instead"
	f.resource == "ra"
	f.path == "properties.roleDefinitionId"
}

test_owner_on_registry_suggests_acrpull if {
	g := t.rbac_at(t.uami("id"), t.role("Owner"), "resource", "acr", "Microsoft.ContainerRegistry/registries", "acrprod")
	fs := mi110.deny with input as {"resources": res, "grants": [g]}
	some f in fs
	contains(f.msg, "id-shared (user-assigned identity) is granted Owner on acrprod; grant AcrPull instead")
}

test_contributor_at_resource_group_scope if {
	g := t.rbac_at(t.sys("app"), t.role("Contributor"), "resourceGroup", "", "", "")
	fs := mi110.deny with input as {"resources": res, "grants": [g]}
	some f in fs
	contains(f.msg, "on the resource group")
}

test_non_workload_principals_are_silent if {
	every p in t.non_workloads {
		count(mi110.deny) == 0 with input as {"resources": res, "grants": [t.rbac(p, "Owner")]}
	}
}

test_data_roles_are_silent if {
	every name in ["Key Vault Secrets User", "Reader", "AcrPull", "Key Vault Secrets Officer"] {
		count(mi110.deny) == 0 with input as {"resources": res, "grants": [t.rbac(t.sys("app"), name)]}
	}
}

test_unresolved_or_custom_role_is_silent if {
	g1 := object.union(t.rbac(t.sys("app"), "Owner"), {"role": null})
	g2 := object.union(t.rbac(t.sys("app"), "Owner"), {"role": {"id": t.roles.Owner, "name": "Owner", "custom": "myRole"}})
	count(mi110.deny) == 0 with input as {"resources": res, "grants": [g1, g2]}
}

test_conditioned_delegation_is_bounded if {
	g := object.union(t.rbac(t.sys("app"), "Role Based Access Control Administrator"), {"condition": true})
	count(mi110.deny) == 0 with input as {"resources": res, "grants": [g]}
	owner := object.union(t.rbac(t.sys("app"), "Owner"), {"condition": true})
	count(mi110.deny) == 1 with input as {"resources": res, "grants": [owner]}
}

test_access_policies_are_ignored if {
	count(mi110.deny) == 0 with input as {"resources": res, "grants": [t.policy(t.sys("app"), {"secrets": ["all"]})]}
}

# A role assignment the template never deploys (if (false), a loop over
# nothing) grants nothing.
test_never_deployed_assignment_is_silent if {
	skipped := [{"id": "ra", "type": "Microsoft.Authorization/roleAssignments", "condition": false}]
	count(mi110.deny) == 0 with input as {"resources": array.concat(res, skipped), "grants": [t.rbac(t.sys("app"), "Owner")]}
	empty := [{"id": "ra", "type": "Microsoft.Authorization/roleAssignments", "loop": {"kind": "for", "count": 0}}]
	count(mi110.deny) == 0 with input as {"resources": array.concat(res, empty), "grants": [t.rbac(t.sys("app"), "Owner")]}
	looped := [{"id": "ra", "type": "Microsoft.Authorization/roleAssignments", "loop": {"kind": "for", "count": 2}}]
	count(mi110.deny) == 1 with input as {"resources": array.concat(res, looped), "grants": [t.rbac(t.sys("app"), "Owner")]}
}
