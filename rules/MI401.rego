# METADATA
# title: Secret written as a literal
# description: >-
#   A secret-bearing property is a literal in the template: a Key Vault
#   secret's value, an admin or login password (any property whose name ends
#   in "password"), or a connection string carrying `AccountKey=`,
#   `SharedAccessKey=` or `Password=`. Or a secure parameter has a literal
#   default (a generated one such as newGuid() is fine, and so is an empty
#   string, the usual "not set" default). Parameters without a literal
#   default and references are never reported.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI401.md
#     description: MI401 secret-literal
# custom:
#   id: MI401
#   slug: secret-literal
#   severity: error
#   remediation: >-
#     Remove the literal and rotate the secret. Pass secrets as secure
#     parameters without defaults (filled from a Key Vault reference in the
#     parameter file or from the pipeline's secret store), or better, replace
#     the password or key with a managed identity and a role assignment.
package milint.rules.mi401

import data.milint.lib

# Key Vault secret values.
deny contains f if {
	some i in lib.type_index["microsoft.keyvault/vaults/secrets"]
	r := input.resources[i]
	not r.existing
	v := lib.prop(r.properties, "value")
	literal(v)
	f := {
		"msg": sprintf("secret %s has a literal value in the template; pass it as a secure parameter without a default, or let the service that owns the secret write it", [lib.name(r.id)]),
		"resource": r.id,
		"path": "properties.value",
	}
}

# Password-named properties and connection strings with credentials, in
# properties and in other (Terraform) attributes. input.literals is the
# index of credential-looking literals the engine builds in Go.
deny contains f if {
	some l in input.literals
	r := lib.resources_by_id[l.resource]
	not r.existing
	lower(r.type) != "microsoft.keyvault/vaults/secrets"
	literal(l.value)
	f := {
		"msg": sprintf("%s of %s is a literal %s; pass it as a secure parameter without a default, or use a managed identity instead", [l.path, lib.name(r.id), kind_words[l.kind]]),
		"resource": r.id,
		"path": l.path,
	}
}

kind_words := {"password": "password", "connectionString": "connection string with a key or password"}

# Secure parameters with a literal default.
deny contains f if {
	some p in input.parameters
	p.secure
	p.hasDefault
	not p.defaultGenerated
	non_empty(p["default"])
	f := {
		"msg": sprintf("secure parameter %s has a literal default, which is stored in the template and the deployment history; remove the default and supply the value at deployment", [p.name]),
		"resource": "",
		"path": sprintf("parameters.%s", [p.name]),
		"loc": p.loc,
	}
}

# literal is true for a known, non-empty string that is not a reference
# to a secret store, and not the default of a secure parameter (that is
# reported on the parameter).
literal(v) if {
	is_string(v)
	trim_space(v) != ""
	not startswith(lower(v), "@microsoft.keyvault(")
	not startswith(lower(v), "secretref:")
	not secure_defaults[v]
}

secure_defaults contains p["default"] if {
	some p in input.parameters
	p.secure
	p.hasDefault
	not p.defaultGenerated
	is_string(p["default"])
}

non_empty(v) if {
	is_string(v)
	trim_space(v) != ""
}

non_empty(v) if {
	lib.known_object(v)
	count(v) > 0
}

non_empty(v) if {
	is_array(v)
	count(v) > 0
}
