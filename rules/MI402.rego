# METADATA
# title: Account key or connection string passed into another resource
# description: >-
#   An account key or connection string read with listKeys(),
#   listConnectionStrings() or another list*() call (Terraform
#   primary_access_key, primary_connection_string, ...) is written into
#   another resource's configuration: app settings, container secrets,
#   module parameters. The key grants full access, never expires on its own,
#   and is copied into every place that shows configuration. Storing it in a
#   Key Vault secret is not reported (that is where such a key belongs when
#   one is unavoidable).
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI402.md
#     description: MI402 listkeys-credential
# custom:
#   id: MI402
#   triggers: ["refs:list"]
#   reads: []
#   slug: listkeys-credential
#   severity: warning
#   remediation: >-
#     Give the consuming resource a managed identity and grant it a data
#     role on the service (Storage Blob Data Reader, Azure Service Bus Data
#     Sender, ...); configure the endpoint (for example
#     AzureWebJobsStorage__accountName) instead of the key.
package milint.rules.mi402

import data.milint.lib

# input.refs is the index of every reference inside resource values, built
# in Go; a reference mentioned by an unknown expression is listed at the
# unknown's path.
deny contains f if {
	some x in input.refs
	lib.is_list_path(x.refPath)
	x.ref != x.resource
	r := lib.resource(x.resource)
	not r.existing
	lower(r.type) != "microsoft.keyvault/vaults/secrets"
	not via_module_parameter(r, x.ref)
	not exports_to_key_vault(r)
	f := {
		"msg": sprintf("%s of %s is set from %s of %s, a credential; give %s a managed identity and grant it a data role on %s instead", [x.path, lib.name(r.id), x.refPath, lib.name(x.ref), lib.name(r.id), lib.name(x.ref)]),
		"resource": r.id,
		"path": x.path,
	}
}

# A value inside a module that reads a resource outside the module came in
# through a module parameter: the module call reports it.
via_module_parameter(r, target) if {
	r.module != ""
	t := lib.resource(target)
	object.get(t, "module", "") != r.module
}

# A module call whose module only writes Key Vault secrets (the "export
# keys to a vault" pattern) stores the key, as a vault secret does: it does
# not configure another resource with it.
exports_to_key_vault(r) if {
	lower(r.type) == "microsoft.resources/deployments"
	inner := [x | some x in input.resources; object.get(x, "module", "") == r.id; not x.existing]
	count(inner) > 0
	every x in inner {
		lower(x.type) == "microsoft.keyvault/vaults/secrets"
	}
}
