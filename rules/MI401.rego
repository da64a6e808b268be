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
#   triggers: ["type:microsoft.keyvault/vaults/secrets", "literals"]
#   reads: ["microsoft.keyvault/vaults/secrets"]
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
	not username_secret(r)
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
	l.kind != "parameter"
	lower(l.type) != "microsoft.keyvault/vaults/secrets"
	literal(l.value)
	not credential_from_parameter(l)
	r := lib.resource(l.resource)
	not r.existing
	f := {
		"msg": sprintf("%s of %s is a literal %s; pass it as a secure parameter without a default, or use a managed identity instead", [l.path, lib.name(r.id), kind_words[l.kind]]),
		"resource": r.id,
		"path": l.path,
	}
}

# A vault secret named for a user name or login (…-username, …_login) holds
# an account name, not a credential: a literal one is not a leaked secret.
username_secret(r) if {
	some n in [r.id, lib.name(r.id)]
	is_string(n)
	regex.match(`(?i)(user[-_]?name|login[-_]?name|admin[-_]?login|administrator[-_]?login)$`, n)
}

kind_words := {"password": "password", "connectionString": "connection string with a key or password"}

# Secure (or password-named) parameters with a literal default.
deny contains f if {
	some l in input.literals
	l.kind == "parameter"
	p := input.parameters[l.parameter]
	secret_param(p)
	not names_something(p)
	p.hasDefault
	not p.defaultGenerated
	secret_default(p["default"])
	f := {
		"msg": sprintf("%s parameter %s has a literal default, which is stored in the template and the deployment history; remove the default and supply the value at deployment", [param_words(p), p.name]),
		"resource": "",
		"path": sprintf("parameters.%s", [p.name]),
		"loc": p.loc,
	}
}

secret_param(p) if p.secure

secret_param(p) if {
	lower(p.type) == "string"
	lib.secret_key(p.name)
}

# A secure parameter named for a name or a login (secretName, adminUsername,
# sqlLogin) holds an identifier, not a credential: @secure() on it only
# hides it from the deployment history, and its default gives nothing away
# (bicep-samples key-vault-create: secretName = 'bankAccountPassword').
names_something(p) if regex.match(`(?i)(name|login)$`, p.name)

param_words(p) := "secure" if p.secure
else := "password"

# literal is true for a known, non-empty string that is not a reference
# to a secret store, and did not come from a parameter. Values are resolved
# through parameters (defaults and parameter files), so a string equal to a
# parameter's default or value is taken to be that parameter: never a
# literal of the template (a literal default is reported on the parameter).
literal(v) if {
	secret_default(v)
	not startswith(lower(v), "@microsoft.keyvault(")
	not startswith(lower(v), "secretref:")
	not startswith(lower(v), "privatesettingsref:")
	not param_values[v]
}

# A connection string whose every credential is a parameter's value was
# built from parameters.
credential_from_parameter(l) if {
	l.kind == "connectionString"
	creds := regex.find_all_string_submatch_n(`(?i)(?:accountkey|sharedaccesskey|password|pwd)=([^;]*)`, l.value, -1)
	count(creds) > 0
	every c in creds {
		param_values[c[1]]
	}
}

# Every string default or value of a parameter: the engine's paramValues
# index (built in Go) when the input has one, else one complete set built
# once per evaluation. A lookup is constant time either way.
param_values := input.paramValues if is_object(input.paramValues)
else := {v: true |
	some p in input.parameters
	some v in [p["default"], p.value]
	is_string(v)
}

# secret_default is true for a default that can be a secret: not empty and
# not a placeholder such as "n/a" or "?".
secret_default(v) if secret_string(v)

secret_string(v) if {
	is_string(v)
	count(trim_space(v)) >= 4
	not lower(trim_space(v)) in placeholders
}

placeholders := {"none", "null", "todo", "<none>", "unset"}

# An object or array default (secureObject) can be a secret when it holds
# a string that can.
secret_default(v) if {
	is_object(v)
	lib.known_object(v)
	walk(v, [_, x])
	secret_string(x)
}

secret_default(v) if {
	is_array(v)
	walk(v, [_, x])
	secret_string(x)
}
