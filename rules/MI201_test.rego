package milint.rules.mi201_test

import data.milint.rules.mi201

vault(api, props) := {"id": "kv", "type": "Microsoft.KeyVault/vaults", "name": "kv-prod", "apiVersion": api, "existing": false, "properties": props}

test_flag_false_fires_on_flag if {
	fs := mi201.deny with input as {"resources": [vault("2026-04-01", {"enableRbacAuthorization": false})]}
	count(fs) == 1
	some f in fs
	f.path == "properties.enableRbacAuthorization"
}

test_absent_before_2026_fires_on_properties if {
	fs := mi201.deny with input as {"resources": [vault("2023-07-01", {"tenantId": "x"})]}
	count(fs) == 1
	some f in fs
	f.path == "properties"
	contains(f.msg, "2023-07-01")
}

test_absent_from_2026_02_01_is_rbac if {
	count(mi201.deny) == 0 with input as {"resources": [vault("2026-02-01", {"tenantId": "x"})]}
	count(mi201.deny) == 0 with input as {"resources": [vault("2026-04-01-preview", {})]}
}

test_true_is_silent if {
	count(mi201.deny) == 0 with input as {"resources": [vault("2019-09-01", {"EnableRbacAuthorization": true})]}
}

test_unknown_flag_is_silent if {
	count(mi201.deny) == 0 with input as {"resources": [vault("2019-09-01", {"enableRbacAuthorization": {"unknown": "[parameters('rbac')]"}})]}
}

test_unknown_properties_or_api_is_silent if {
	count(mi201.deny) == 0 with input as {"resources": [vault("2019-09-01", {"unknown": "variables('props')"})]}
	count(mi201.deny) == 0 with input as {"resources": [vault("", {})]}
}

test_existing_vault_is_silent if {
	v := object.union(vault("2019-09-01", {}), {"existing": true})
	count(mi201.deny) == 0 with input as {"resources": [v]}
}

test_flag_key_case_insensitive if {
	count(mi201.deny) == 1 with input as {"resources": [vault("2019-09-01", {"EnableRBACAuthorization": false})]}
}
