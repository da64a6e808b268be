# METADATA
# title: Access policies declared for a vault that uses RBAC
# description: >-
#   A vault uses the RBAC permission model and access policies are still
#   declared for it, inline or as vaults/accessPolicies children
#   (azurerm_key_vault_access_policy). Azure ignores them: the principals get
#   no access from them, and readers of the template are misled about who
#   can reach the vault.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI202.md
#     description: MI202 kv-policies-ignored
# custom:
#   id: MI202
#   triggers: ["type:microsoft.keyvault/vaults"]
#   reads: ["microsoft.keyvault/vaults"]
#   slug: kv-policies-ignored
#   severity: warning
#   remediation: >-
#     Delete the access policies and assign each principal the Key Vault data
#     role it needs (Key Vault Secrets User, Crypto Service Encryption User,
#     ...) scoped to the vault.
package milint.rules.mi202

import data.milint.lib

rbac_vaults contains r.id if {
	some i in lib.type_index["microsoft.keyvault/vaults"]
	r := input.resources[i]
	not lib.never_deployed(r)
	not r.existing
	lib.vault_model(r) == "rbac"
}

# Inline policies on the vault.
deny contains f if {
	some id in rbac_vaults
	r := lib.resource(id)
	list := lib.prop(r.properties, "accessPolicies")
	is_array(list)
	count(list) > 0
	f := {
		"msg": sprintf("%s uses RBAC, so its %d access polic%s ignored; remove them and assign Key Vault data roles instead", [lib.name(id), count(list), plural(count(list))]),
		"resource": id,
		"path": key_path(r.properties),
	}
}

# vaults/accessPolicies children (and separate Terraform policy resources).
deny contains f if {
	some g in input.grants
	g.via == "accessPolicy"
	g.target in rbac_vaults
	g.resource != g.target
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s uses RBAC, so the access policies declared in %s are ignored; remove them and assign Key Vault data roles instead", [lib.name(g.target), g.resource]),
		"resource": g.resource,
		"path": "",
	}
}

plural(1) := "y is"

plural(n) := "ies are" if n != 1

key_path(props) := sprintf("properties.%s", [k]) if {
	some k, _ in props
	lower(k) == "accesspolicies"
} else := "properties.accessPolicies"
