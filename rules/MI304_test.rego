package milint.rules.mi304_test

import data.milint.rules.mi304

kvref := "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db/)"

site(identity, settings) := {
	"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders", "identity": identity,
	"properties": {"siteConfig": {"appSettings": settings}},
}

test_app_setting_without_identity_fires if {
	fs := mi304.deny with input as {"resources": [site(null, [{"name": "PLAIN", "value": "x"}, {"name": "DB_PASSWORD", "value": kvref}])]}
	count(fs) == 1
	some f in fs
	f.resource == "app"
	f.path == ""
	contains(f.msg, "app-orders reads Key Vault references (DB_PASSWORD) but has no managed identity")
}

test_identity_none_fires_on_identity if {
	fs := mi304.deny with input as {"resources": [site({"type": "None", "userAssignedIdentities": []}, [{"name": "S", "value": kvref}])]}
	some f in fs
	f.path == "identity"
}

test_with_identity_is_silent if {
	every id in [{"type": "SystemAssigned"}, {"type": "UserAssigned", "userAssignedIdentities": [{"ref": "id", "path": "id"}]}, {"type": ""}] {
		count(mi304.deny) == 0 with input as {"resources": [site(id, [{"name": "S", "value": kvref}])]}
	}
}

test_interpolated_reference_counts_by_its_text if {
	v := {"unknown": "'@Microsoft.KeyVault(SecretUri=${kv.properties.vaultUri}secrets/db/)'", "refs": [{"ref": "kv", "path": "properties.vaultUri"}]}
	count(mi304.deny) == 1 with input as {"resources": [site(null, [{"name": "S", "value": v}])]}
}

test_no_reference_or_unknown_settings_are_silent if {
	count(mi304.deny) == 0 with input as {"resources": [site(null, [{"name": "S", "value": "plain"}])]}
	count(mi304.deny) == 0 with input as {"resources": [site(null, {"unknown": "parameters('settings')"})]}
	count(mi304.deny) == 0 with input as {"resources": [site(null, [{"name": "S", "value": {"unknown": "parameters('v')"}}])]}
}

test_connection_strings_and_settings_maps if {
	s := {
		"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders", "identity": null,
		"properties": {"siteConfig": {"connectionStrings": [{"name": "Db", "connectionString": kvref, "type": "SQLAzure"}]}},
	}
	count(mi304.deny) == 1 with input as {"resources": [s]}
	m := {
		"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders",
		"properties": {"siteConfig": {"appSettings": {"DB": kvref}}},
	}
	fs := mi304.deny with input as {"resources": [m]}
	some f in fs
	contains(f.msg, "(DB)")
}

test_config_child_reports_on_parent_site if {
	parent := {"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders", "identity": null, "properties": {}}
	byref := {"id": "app::appsettings", "type": "Microsoft.Web/sites/config", "name": "app-orders/appsettings", "parent": {"ref": "app"}, "properties": {"DB": kvref}}
	fs := mi304.deny with input as {"resources": [parent, byref]}
	count(fs) == 1
	some f in fs
	f.resource == "app"

	byname := {"id": "cfg", "type": "Microsoft.Web/sites/config", "name": "app-orders/appsettings", "parent": null, "properties": {"DB": kvref}}
	count(mi304.deny) == 1 with input as {"resources": [parent, byname]}

	withid := object.union(parent, {"identity": {"type": "SystemAssigned"}})
	count(mi304.deny) == 0 with input as {"resources": [withid, byref]}
}

test_existing_site_is_silent if {
	parent := {"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders", "existing": true}
	cfg := {"id": "cfg", "type": "Microsoft.Web/sites/config", "name": "app-orders/appsettings", "parent": {"ref": "app"}, "properties": {"DB": kvref}}
	count(mi304.deny) == 0 with input as {"resources": [parent, cfg]}
}

test_container_app_key_vault_secret if {
	ca := {
		"id": "ca", "type": "Microsoft.App/containerApps", "name": "ca-orders", "identity": null,
		"properties": {"configuration": {"secrets": [{"name": "db", "keyVaultUrl": {"unknown": "kv.properties.vaultUri"}, "identity": "system"}]}},
	}
	fs := mi304.deny with input as {"resources": [ca]}
	count(fs) == 1
	some f in fs
	contains(f.msg, "ca-orders reads Key Vault references (db)")

	plain := json.patch(ca, [{"op": "replace", "path": "/properties/configuration/secrets/0", "value": {"name": "db", "value": {"unknown": "parameters('pw')"}}}])
	count(mi304.deny) == 0 with input as {"resources": [plain]}
}
