package milint.rules.mi401_test

import data.milint.rules.mi401

secret(v) := {"id": "kv::s", "type": "Microsoft.KeyVault/vaults/secrets", "name": "kv-prod/db-password", "existing": false, "properties": {"value": v}}

vm := {"id": "vm", "type": "Microsoft.Compute/virtualMachines", "name": "vm-web", "properties": {}}

lit(path, kind, v) := {"resource": "vm", "type": "Microsoft.Compute/virtualMachines", "path": path, "kind": kind, "value": v}

# plits are the literal-index entries the Go scan makes of parameters that
# may hold a secret and have a non-generated default.
plits(params) := [{"resource": "", "type": "", "path": sprintf("parameters.%s", [p.name]), "kind": "parameter", "value": v, "parameter": i} |
	some i, p in params
	p.hasDefault
	not p.defaultGenerated
	scan_candidate(p)
	v := string_or_empty(p["default"])
]

scan_candidate(p) if p.secure

scan_candidate(p) if endswith(lower(p.name), "password")

string_or_empty(v) := v if is_string(v)
else := ""

param(name, secure, dflt, generated) := {
	"name": name, "type": "string", "secure": secure, "hasDefault": dflt != null, "default": dflt,
	"defaultGenerated": generated, "value": dflt, "loc": {"file": "main.bicep", "line": 3, "column": 1, "endLine": 3, "endColumn": 40},
}

test_literal_vault_secret_fires if {
	fs := mi401.deny with input as {"resources": [secret("hunter2")], "parameters": [], "literals": []}
	count(fs) == 1
	some f in fs
	f.path == "properties.value"
	f.resource == "kv::s"
	contains(f.msg, "secret kv-prod/db-password has a literal value")
}

test_username_secret_is_silent if {
	every n in ["kv/sql-admin-username", "kv/mysql_administrator_username", "kv/adminLogin"] {
		s := object.union(secret("psqladmin"), {"name": n})
		count(mi401.deny) == 0 with input as {"resources": [s], "parameters": [], "literals": []}
	}
	# by the id when the name is not static, as in Terraform modules
	t := object.union(secret("psqladmin"), {"id": "azurerm_key_vault_secret.db_username", "name": {"unknown": "format(...)"}})
	count(mi401.deny) == 0 with input as {"resources": [t], "parameters": [], "literals": []}
	# a password secret still fires
	p := object.union(secret("psqladmin"), {"name": "kv/db-username-password"})
	count(mi401.deny) == 1 with input as {"resources": [p], "parameters": [], "literals": []}
}

test_parameter_or_reference_secret_is_silent if {
	every v in [{"unknown": "parameters('dbPassword')"}, {"ref": "sa", "path": "listKeys().keys[0].value"}, "", "  "] {
		count(mi401.deny) == 0 with input as {"resources": [secret(v)], "parameters": [], "literals": []}
	}
}

test_password_literal_fires if {
	l := lit("properties.osProfile.adminPassword", "password", "P@ssw0rd1234!")
	fs := mi401.deny with input as {"resources": [vm], "parameters": [], "literals": [l]}
	count(fs) == 1
	some f in fs
	f.path == "properties.osProfile.adminPassword"
	f.resource == "vm"
	contains(f.msg, "is a literal password")
}

test_connection_string_literal_fires if {
	l := lit("properties.siteConfig.connectionStrings[0].connectionString", "connectionString", "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc123==")
	fs := mi401.deny with input as {"resources": [vm], "parameters": [], "literals": [l]}
	some f in fs
	contains(f.msg, "connection string with a key or password")
}

test_key_vault_references_are_not_literals if {
	l := lit("properties.x.password", "password", "@Microsoft.KeyVault(SecretUri=https://kv/secrets/x)")
	count(mi401.deny) == 0 with input as {"resources": [vm], "parameters": [], "literals": [l]}
}

test_existing_resources_are_silent if {
	e := object.union(vm, {"existing": true})
	count(mi401.deny) == 0 with input as {"resources": [e], "parameters": [], "literals": [lit("properties.adminPassword", "password", "x")]}
}

test_secure_parameter_with_literal_default_fires_on_parameter if {
	p := param("adminPassword", true, "P@ssw0rd1234!", false)
	fs := mi401.deny with input as {"resources": [vm], "parameters": [p], "literals": array.concat([lit("properties.osProfile.adminPassword", "password", "P@ssw0rd1234!")], plits([p]))}

	# reported once, on the parameter (the property only carries its default)
	count(fs) == 1
	some f in fs
	f.loc.line == 3
	f.path == "parameters.adminPassword"
	contains(f.msg, "secure parameter adminPassword has a literal default")
}

# The engine's paramValues index decides what came from a parameter when
# the input has it (the fallback set from input.parameters is not built).
test_param_values_index_is_used if {
	l := lit("properties.osProfile.adminPassword", "password", "P@ssw0rd1234!")
	count(mi401.deny) == 0 with input as {"resources": [vm], "parameters": [], "literals": [l], "paramValues": {"P@ssw0rd1234!": true}}
	count(mi401.deny) == 1 with input as {"resources": [vm], "parameters": [], "literals": [l], "paramValues": {}}
}

test_secure_parameter_without_literal_default_is_silent if {
	every p in [
		param("a", true, null, false),
		param("b", true, "", false),
		param("c", true, {"unknown": "newGuid()"}, true),
		param("d", true, {"unknown": "uniqueString(resourceGroup().id)"}, true),
		param("e", false, "not-secure-but-not-a-secret-by-itself", false),
		param("f", true, {}, false),
	] {
		count(mi401.deny) == 0 with input as {"resources": [], "parameters": [p], "literals": plits([p])}
	}
}

test_secure_object_default_fires if {
	p := object.union(param("cfg", true, {"password": "s3cr3t-value"}, false), {"type": "secureObject"})
	count(mi401.deny) == 1 with input as {"resources": [], "parameters": [p], "literals": plits([p])}
	q := object.union(param("cfg", true, {"enabled": false, "n": 3}, false), {"type": "secureObject"})
	count(mi401.deny) == 0 with input as {"resources": [], "parameters": [q], "literals": plits([q])}
}

test_value_from_a_parameter_file_is_not_a_literal if {
	# adminPassword: parameters('adminPassword'), bound from a parameter file
	p := object.union(param("adminPassword", true, null, false), {"value": "GEN-PASSWORD"})
	l := lit("properties.osProfile.adminPassword", "password", "GEN-PASSWORD")
	count(mi401.deny) == 0 with input as {"resources": [vm], "parameters": [p], "literals": array.concat([l], plits([p]))}
}

test_password_named_string_parameter_with_default_fires if {
	p := param("adminPassword", false, "P@ssw0rd1234!", false)
	fs := mi401.deny with input as {"resources": [vm], "parameters": [p], "literals": array.concat([lit("properties.osProfile.adminPassword", "password", "P@ssw0rd1234!")], plits([p]))}
	count(fs) == 1
	some f in fs
	contains(f.msg, "password parameter adminPassword has a literal default")
}

test_placeholder_defaults_are_silent if {
	every d in ["n/a", "?", "none", "TODO"] {
		count(mi401.deny) == 0 with input as {"resources": [], "parameters": [param("x", true, d, false)], "literals": plits([param("x", true, d, false)])}
	}
}

test_connection_string_built_from_parameters_is_silent if {
	p := object.union(param("storageKey", true, null, false), {"value": "GEN-KEY"})
	l := lit("properties.typeProperties.connectionString", "connectionString", "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=GEN-KEY")
	count(mi401.deny) == 0 with input as {"resources": [vm], "parameters": [p], "literals": array.concat([l], plits([p]))}
	count(mi401.deny) == 1 with input as {"resources": [vm], "parameters": [], "literals": [l]}
}

test_dsc_private_settings_reference_is_silent if {
	l := lit("properties.settings.Properties.AdminCreds.Password", "password", "PrivateSettingsRef:AdminPassword")
	count(mi401.deny) == 0 with input as {"resources": [vm], "parameters": [], "literals": [l]}
}

# bicep-samples key-vault-create: @secure() param secretName string =
# 'bankAccountPassword' holds the secret's name, not its value.
test_secure_parameter_holding_a_name_is_silent if {
	every p in [
		param("secretName", true, "bankAccountPassword", false),
		param("adminUsername", true, "azureuser", false),
		param("sqlAdminLogin", true, "sqladmin", false),
	] {
		count(mi401.deny) == 0 with input as {"resources": [], "parameters": [p], "literals": plits([p])}
	}
	count(mi401.deny) == 1 with input as {"resources": [], "parameters": [param("secretValue", true, "12345", false)], "literals": plits([param("secretValue", true, "12345", false)])}
}
