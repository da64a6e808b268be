package milint.rules.mi113_test

import data.milint.rules.mi113

def(perms) := {
	"id": "role", "type": "Microsoft.Authorization/roleDefinitions", "existing": false,
	"name": "2d1f7c6a-0000-4000-8000-000000000001",
	"properties": {"roleName": "app-operator", "type": "CustomRole", "permissions": perms},
}

run(perms) := fs if {
	fs := mi113.deny with input as {"resources": [def(perms)]}
}

test_star_action_fires_at_the_entry if {
	fs := run([{"actions": ["Microsoft.Web/sites/read", "*"], "notActions": []}])
	count(fs) == 1
	some f in fs
	f.path == "properties.permissions[0].actions[1]"
	f.resource == "role"
	contains(f.msg, `custom role "app-operator" grants action "*"`)
	contains(f.msg, "role assignment writes")
}

test_catalog_patterns_fire if {
	every op in [
		"Microsoft.Authorization/*",
		"Microsoft.Authorization/roleAssignments/write",
		"microsoft.authorization/ROLEDEFINITIONS/write",
		"Microsoft.KeyVault/*",
		"Microsoft.KeyVault/vaults/write",
		"Microsoft.KeyVault/vaults/accessPolicies/write",
		"Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
	] {
		count(run([{"actions": [op]}])) == 1
	}
}

test_wildcard_data_actions_fire if {
	every op in ["Microsoft.KeyVault/vaults/*", "Microsoft.KeyVault/vaults/secrets/*", "*", "Microsoft.KeyVault/vaults/keys/*"] {
		fs := run([{"actions": [], "dataActions": [op]}])
		count(fs) == 1
		some f in fs
		f.path == "properties.permissions[0].dataActions[0]"
	}
}

test_explicit_purge_data_action_fires if {
	count(run([{"dataActions": ["Microsoft.KeyVault/vaults/secrets/purge/action"]}])) == 1
}

test_narrow_operations_are_silent if {
	count(run([{
		"actions": ["*/read", "Microsoft.KeyVault/vaults/read", "Microsoft.Authorization/*/read", "Microsoft.Storage/storageAccounts/*"],
		"dataActions": ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/keys/wrap/action", "Microsoft.KeyVault/vaults/*/read"],
	}])) == 0
}

test_not_actions_take_away if {
	count(run([{
		"actions": ["*"],
		"notActions": ["Microsoft.Authorization/*", "Microsoft.KeyVault/*", "Microsoft.ManagedIdentity/*"],
	}])) == 0

	# only part taken away: still fires, naming what is left
	fs := run([{"actions": ["*"], "notActions": ["Microsoft.Authorization/*/Write"]}])
	count(fs) == 1
	some f in fs
	contains(f.msg, "vault writes")
	not contains(f.msg, "role assignment writes")

	count(run([{"dataActions": ["Microsoft.KeyVault/vaults/secrets/*"], "notDataActions": ["Microsoft.KeyVault/vaults/secrets/*"]}])) == 0
}

test_terraform_attribute_names if {
	fs := run([{"actions": ["*"], "not_actions": ["Microsoft.Authorization/*", "Microsoft.KeyVault/*", "Microsoft.ManagedIdentity/*"], "data_actions": ["Microsoft.KeyVault/vaults/*"]}])
	count(fs) == 1
	some f in fs
	f.path == "properties.permissions[0].data_actions[0]"
}

test_unknown_values_are_silent if {
	count(run({"unknown": "parameters('perms')"})) == 0
	count(run([{"unknown": "x"}])) == 0
	count(run([{"actions": {"unknown": "parameters('actions')"}}])) == 0
	count(run([{"actions": [{"unknown": "parameters('a')"}]}])) == 0
}

test_existing_definition_is_silent if {
	d := object.union(def([{"actions": ["*"]}]), {"existing": true})
	count(mi113.deny) == 0 with input as {"resources": [d]}
}

test_second_block_path if {
	fs := run([{"actions": ["Microsoft.Web/*"]}, {"actions": ["Microsoft.KeyVault/*"]}])
	some f in fs
	f.path == "properties.permissions[1].actions[0]"
}
