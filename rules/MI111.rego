# METADATA
# title: Key Vault data role assigned above the vault
# description: >-
#   A Key Vault data role (Administrator, Secrets Officer or User, Crypto
#   Officer or User, Crypto Service Encryption or Release User, Certificates
#   Officer, Certificate User, Data Access Administrator) is assigned at
#   resource group, subscription, management group or tenant scope. It then
#   applies to every vault there, including vaults created later.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI111.md
#     description: MI111 rbac-kv-role-broad-scope
# custom:
#   id: MI111
#   triggers: ["grants:rbac"]
#   reads: []
#   slug: rbac-kv-role-broad-scope
#   severity: warning
#   remediation: >-
#     Scope the assignment to the vault (Bicep `scope: kv`, ARM `"scope":
#     "[resourceId('Microsoft.KeyVault/vaults', ...)]"`, Terraform `scope =
#     azurerm_key_vault.kv.id`), or to the single secret, key or certificate
#     the workload reads.
package milint.rules.mi111

import data.milint.lib

broad := {"resourceGroup", "subscription", "managementGroup", "tenant"}

deny contains f if {
	some g in input.grants
	g.via == "rbac"
	g.scopeLevel in broad
	lib.builtin_role(g) in lib.kv_data_roles
	not lib.skipped(g.resource)
	f := {
		"msg": sprintf("%s is granted %s on %s, which covers every vault there; assign it on the vault (or a single secret, key or certificate) instead", [lib.principal_name(g.principal), lib.role_name(g), lib.target_name(g)]),
		"resource": g.resource,
		"path": "scope",
	}
}
