# Conftest policy for bench/compare.sh: the equivalent of milint's MI101
# (kv-policy-wildcard) and MI201 (kv-access-policy-model) over conftest's raw
# input, for ARM JSON templates and Terraform HCL2 (as conftest's hcl2 parser
# presents it). It is deliberately direct, the "one trivial policy" of
# issue 7: no parameter evaluation, no module following.
package main

import rego.v1

permission_kinds := {"keys", "secrets", "certificates", "storage"}

tf_permission_attrs := {
	"key_permissions", "secret_permissions",
	"certificate_permissions", "storage_permissions",
}

wildcard(p) if lower(p) == "all"

wildcard("*")

# Resources anywhere in an ARM template: top level, child resources[] and
# inline nested deployments (properties.template.resources), and
# languageVersion 2.0 symbolic-name objects.
arm_resources contains r if {
	is_string(input["$schema"])
	walk(input, [path, r])
	is_object(r)
	is_string(r.type)
	count(path) > 0
	is_resource_slot(path)
}

is_resource_slot(path) if path[count(path) - 2] == "resources"

vault_types := {"microsoft.keyvault/vaults"}

policy_types := {"microsoft.keyvault/vaults", "microsoft.keyvault/vaults/accesspolicies"}

# MI101, ARM.
deny contains msg if {
	some r in arm_resources
	lower(r.type) in policy_types
	some pol in r.properties.accessPolicies
	some kind in permission_kinds
	some p in pol.permissions[kind]
	is_string(p)
	wildcard(p)
	msg := sprintf("MI101: %s %v grants %q on %s", [r.type, r.name, p, kind])
}

# MI201, ARM: enableRbacAuthorization false, or absent before 2026-02-01.
deny contains msg if {
	some r in arm_resources
	lower(r.type) in vault_types
	r.properties.enableRbacAuthorization == false
	msg := sprintf("MI201: vault %v sets enableRbacAuthorization false", [r.name])
}

deny contains msg if {
	some r in arm_resources
	lower(r.type) in vault_types
	not has_key(object.get(r, "properties", {}), "enableRbacAuthorization")
	r.apiVersion < "2026-02-01"
	msg := sprintf("MI201: vault %v uses access policies (enableRbacAuthorization absent, API %v)", [r.name, r.apiVersion])
}

has_key(o, k) if {
	is_object(o)
	_ = o[k]
}

# Terraform: conftest's hcl2 input is {"resource": {TYPE: {NAME: [block]}}}.
tf_blocks(type) := [b |
	some name
	some b in as_list(input.resource[type][name])
]

as_list(x) := x if is_array(x)

as_list(x) := [x] if is_object(x)

# MI101, Terraform: inline access_policy blocks and azurerm_key_vault_access_policy.
deny contains msg if {
	some kv in tf_blocks("azurerm_key_vault")
	some pol in as_list(kv.access_policy)
	some attr in tf_permission_attrs
	some p in pol[attr]
	is_string(p)
	wildcard(p)
	msg := sprintf("MI101: azurerm_key_vault %v grants %q in %s", [kv.name, p, attr])
}

deny contains msg if {
	some pol in tf_blocks("azurerm_key_vault_access_policy")
	some attr in tf_permission_attrs
	some p in pol[attr]
	is_string(p)
	wildcard(p)
	msg := sprintf("MI101: azurerm_key_vault_access_policy grants %q in %s", [p, attr])
}

# MI201, Terraform: absent means false in azurerm (both attribute spellings).
rbac_attrs := {"enable_rbac_authorization", "rbac_authorization_enabled"}

deny contains msg if {
	some kv in tf_blocks("azurerm_key_vault")
	not tf_rbac_enabled(kv)
	msg := sprintf("MI201: azurerm_key_vault %v uses access policies", [kv.name])
}

tf_rbac_enabled(kv) if {
	some a in rbac_attrs
	v := kv[a]
	v != false
}
