# METADATA
# title: Key Vault uses the access-policy permission model
# description: >-
#   A vault uses access policies instead of Azure RBAC:
#   `enableRbacAuthorization` is false, or it is absent and the API version
#   is before 2026-02-01 (in azurerm, absent means false). Access policies
#   cannot be scoped below the vault, are not governed by PIM or deny
#   assignments, and let any Contributor grant itself access.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI201.md
#     description: MI201 kv-access-policy-model
# custom:
#   id: MI201
#   triggers: ["type:microsoft.keyvault/vaults"]
#   reads: ["microsoft.keyvault/vaults"]
#   slug: kv-access-policy-model
#   severity: warning
#   remediation: >-
#     Set enableRbacAuthorization to true (azurerm: rbac_authorization_enabled
#     = true) and replace each access policy with a role assignment of a Key
#     Vault data role (Secrets User, Crypto Service Encryption User, ...).
package milint.rules.mi201

import data.milint.lib

deny contains f if {
	some i in lib.type_index["microsoft.keyvault/vaults"]
	r := input.resources[i]
	not lib.never_deployed(r)
	not r.existing
	lib.prop(r.properties, "enableRbacAuthorization") == false
	f := {
		"msg": sprintf("%s uses access policies (enableRbacAuthorization is false); set it to true (azurerm: rbac_authorization_enabled) and grant Key Vault data roles instead", [lib.name(r.id)]),
		"resource": r.id,
		"path": "properties.enableRbacAuthorization",
	}
}

deny contains f if {
	some i in lib.type_index["microsoft.keyvault/vaults"]
	r := input.resources[i]
	not lib.never_deployed(r)
	not r.existing
	not lib.has_rbac_flag(r)
	lib.vault_model(r) == "accessPolicy"
	f := {
		"msg": sprintf("%s uses access policies: enableRbacAuthorization is not set, and with API version %s that means access policies; set enableRbacAuthorization (azurerm: rbac_authorization_enabled) to true", [lib.name(r.id), r.apiVersion]),
		"resource": r.id,
		"path": "properties",
	}
}
