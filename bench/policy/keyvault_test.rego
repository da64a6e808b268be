package main

import rego.v1

arm_vault(props, api) := {
	"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
	"resources": [{"type": "Microsoft.KeyVault/vaults", "name": "kv", "apiVersion": api, "properties": props}],
}

test_arm_wildcard_and_absent_flag if {
	msgs := deny with input as arm_vault({"accessPolicies": [{"permissions": {"secrets": ["get", "All"]}}]}, "2019-09-01")
	count(msgs) == 2
}

test_arm_rbac_true_clean if {
	count(deny) == 0 with input as arm_vault({"enableRbacAuthorization": true}, "2019-09-01")
}

test_arm_new_api_absent_clean if {
	count(deny) == 0 with input as arm_vault({}, "2026-02-01")
}

test_arm_nested_deployment if {
	inner := arm_vault({"enableRbacAuthorization": false}, "2023-07-01")
	outer := {
		"$schema": inner["$schema"],
		"resources": [{"type": "Microsoft.Resources/deployments", "name": "d", "properties": {"template": inner}}],
	}
	count(deny) == 1 with input as outer
}

test_tf_vault if {
	tf := {"resource": {"azurerm_key_vault": {"kv": [{"name": "kv", "access_policy": [{"key_permissions": ["Get", "all"]}]}]}}}
	count(deny) == 2 with input as tf
}

test_tf_vault_rbac_clean if {
	tf := {"resource": {"azurerm_key_vault": {"kv": [{"name": "kv", "rbac_authorization_enabled": true}]}}}
	count(deny) == 0 with input as tf
}
