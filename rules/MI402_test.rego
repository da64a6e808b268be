package milint.rules.mi402_test

import data.milint.rules.mi402

sa := {"id": "sa", "type": "Microsoft.Storage/storageAccounts", "name": "stprod"}

app := {"id": "app", "type": "Microsoft.Web/sites", "name": "app-orders"}

ref(holder, path, target, refpath) := {"resource": holder, "path": path, "ref": target, "refPath": refpath}

test_list_keys_in_app_setting_fires if {
	x := ref("app", "properties.siteConfig.appSettings[0].value", "sa", "listKeys().keys[0].value")
	fs := mi402.deny with input as {"resources": [sa, app], "refs": [x]}
	count(fs) == 1
	some f in fs
	f.resource == "app"
	f.path == "properties.siteConfig.appSettings[0].value"
	contains(f.msg, "set from listKeys().keys[0].value of stprod, a credential; give app-orders a managed identity")
}

test_every_list_shape_fires if {
	every p in ["listKeys().connectionString", "listConnectionStrings().connectionStrings[0].connectionString", "listCredentials().passwords[0].value", "listKeys().primaryConnectionString"] {
		count(mi402.deny) == 1 with input as {"resources": [sa, app], "refs": [ref("app", "properties.x", "sa", p)]}
	}
}

test_other_references_are_silent if {
	every p in ["id", "properties.primaryEndpoints.blob", "name", ""] {
		count(mi402.deny) == 0 with input as {"resources": [sa, app], "refs": [ref("app", "properties.x", "sa", p)]}
	}
}

test_own_keys_and_vault_secrets_are_silent if {
	count(mi402.deny) == 0 with input as {"resources": [sa], "refs": [ref("sa", "properties.x", "sa", "listKeys().keys[0].value")]}
	s := {"id": "kv::s", "type": "Microsoft.KeyVault/vaults/secrets", "name": "kv/st-key"}
	count(mi402.deny) == 0 with input as {"resources": [sa, s], "refs": [ref("kv::s", "properties.value", "sa", "listKeys().keys[0].value")]}
}

test_module_parameter_reported_on_the_call_only if {
	mod := {"id": "appMod", "type": "Microsoft.Resources/deployments", "name": "app"}
	inner := {"id": "appMod>app", "type": "Microsoft.Web/sites", "name": "app-orders", "module": "appMod"}
	refs := [
		ref("appMod", "properties.parameters.storageKey.value", "sa", "listKeys().keys[0].value"),
		ref("appMod>app", "properties.siteConfig.appSettings[0].value", "sa", "listKeys().keys[0].value"),
	]
	fs := mi402.deny with input as {"resources": [sa, mod, inner], "refs": refs}
	count(fs) == 1
	some f in fs
	f.resource == "appMod"
}

test_keys_read_inside_the_same_module_fire if {
	innersa := {"id": "m>sa", "type": "Microsoft.Storage/storageAccounts", "name": "st", "module": "m"}
	inner := {"id": "m>app", "type": "Microsoft.Web/sites", "name": "app-orders", "module": "m"}
	count(mi402.deny) == 1 with input as {"resources": [innersa, inner], "refs": [ref("m>app", "properties.x", "m>sa", "listKeys().keys[0].value")]}
}

test_existing_holder_is_silent if {
	e := object.union(app, {"existing": true})
	count(mi402.deny) == 0 with input as {"resources": [sa, e], "refs": [ref("app", "properties.x", "sa", "listKeys().keys[0].value")]}
}

test_module_that_only_writes_vault_secrets_is_silent if {
	call := {"id": "export", "type": "Microsoft.Resources/deployments", "name": "export", "module": ""}
	kv := {"id": "export>kv", "type": "Microsoft.KeyVault/vaults", "name": "kv", "module": "export", "existing": true}
	sec := {"id": "export>secrets", "type": "Microsoft.KeyVault/vaults/secrets", "name": "kv/k", "module": "export"}
	x := ref("export", "properties.parameters.secretsToSet.value", "sa", "listKeys().keys[0].value")
	count(mi402.deny) == 0 with input as {"resources": [sa, call, kv, sec], "refs": [x]}
	# a module that also deploys a workload still reports the call
	web := {"id": "export>app", "type": "Microsoft.Web/sites", "name": "app", "module": "export"}
	count(mi402.deny) == 1 with input as {"resources": [sa, call, kv, sec, web], "refs": [x]}
	# and so does a call whose module was not read
	count(mi402.deny) == 1 with input as {"resources": [sa, call], "refs": [x]}
}
