# METADATA
# title: Contributor on an access-policy vault can grant itself access
# description: >-
#   Contributor or Key Vault Contributor is assigned on, or above, a vault
#   that uses the access-policy model. Both roles may write
#   Microsoft.KeyVault/vaults, and so the vault's access policies: the holder
#   can give itself full access to every secret, key and certificate.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI114.md
#     description: MI114 kv-contributor-escalation
# custom:
#   id: MI114
#   triggers: ["grants:rbac"]
#   reads: ["microsoft.keyvault/vaults"]
#   slug: kv-contributor-escalation
#   severity: error
#   remediation: >-
#     Move the vault to RBAC (enableRbacAuthorization true), where
#     Contributor grants no data access, or assign a narrower role; give
#     data access through Key Vault data roles.
package milint.rules.mi114

import data.milint.lib

# Vaults of the unit that use access policies.
ap_vaults contains r.id if {
	some i in lib.type_index["microsoft.keyvault/vaults"]
	r := input.resources[i]
	not lib.never_deployed(r)
	lib.vault_model(r) == "accessPolicy"
}

above := {"resourceGroup", "subscription", "managementGroup", "tenant"}

# At the vault itself.
deny contains f if {
	some g in input.grants
	g.via == "rbac"
	g.scopeLevel == "resource"
	g.target in ap_vaults
	lib.builtin_role(g) in lib.contributor_roles
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted %s on %s, which uses access policies: it can write itself an access policy; move %s to RBAC or grant a narrower role", [lib.principal_name(g.principal), lib.role_name(g), lib.target_name(g), lib.name(g.target)]),
		"resource": g.resource,
		"path": g.path,
	}
}

# Above the vault: the assignment's scope holds the unit's access-policy vaults.
deny contains f if {
	count(ap_vaults) > 0
	some g in input.grants
	g.via == "rbac"
	g.scopeLevel in above
	lib.builtin_role(g) in lib.contributor_roles
	names := sort([lib.name(v) | some v in ap_vaults])
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted %s on %s, which holds %s using access policies: it can write itself an access policy; move the vault to RBAC or grant a narrower role", [lib.principal_name(g.principal), lib.role_name(g), lib.target_name(g), concat(", ", names)]),
		"resource": g.resource,
		"path": g.path,
	}
}
