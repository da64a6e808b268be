package milint.rules.mi302_test

import data.milint.lib_test as t
import data.milint.rules.mi302

apps(loop) := {"id": "apps", "type": "Microsoft.Web/sites", "name": {"unknown": "format('app-{0}', i)"}, "identity": {"type": "SystemAssigned"}, "loop": loop}

vmss := {"id": "vmss", "type": "Microsoft.Compute/virtualMachineScaleSets", "name": "vmss-web", "identity": {"type": "SystemAssigned"}, "loop": null}

ident(of, grants) := {"kind": "systemAssigned", "of": of, "attachedTo": [], "grants": grants, "looped": true}

test_every_loop_kind_fires if {
	every kind in ["copy", "for", "count", "for_each"] {
		fs := mi302.deny with input as {
			"resources": [apps({"kind": kind, "count": null}), t.vault("2026-02-01", {})],
			"grants": [t.rbac(t.sys("apps"), "Key Vault Secrets User")],
			"identities": [ident("apps", [0])],
		}
		count(fs) == 1
		some f in fs
		f.resource == "apps"
		f.path == "identity"
		contains(f.msg, sprintf("declared in a %s loop", [kind]))
		contains(f.msg, "granted Key Vault Secrets User on kv-prod")
	}
}

test_scale_set_fires if {
	fs := mi302.deny with input as {
		"resources": [vmss],
		"grants": [t.policy(t.sys("vmss"), {"secrets": ["get"]})],
		"identities": [ident("vmss", [0])],
	}
	count(fs) == 1
	some f in fs
	contains(f.msg, "vmss-web is a scale set, so every instance gets its own system-assigned identity, and it is granted an access policy on kv-prod")
}

test_not_granted_is_silent if {
	count(mi302.deny) == 0 with input as {"resources": [apps({"kind": "for", "count": 3})], "grants": [], "identities": [ident("apps", [])]}
}

test_not_looped_is_silent if {
	iv := object.union(ident("app", [0]), {"looped": false})
	count(mi302.deny) == 0 with input as {"resources": [t.app], "grants": [t.rbac(t.sys("app"), "Key Vault Secrets User")], "identities": [iv]}
}

test_single_instance_loop_is_silent if {
	doc := {
		"resources": [apps({"kind": "count", "count": 1})],
		"grants": [t.rbac(t.sys("apps"), "Key Vault Secrets User")],
		"identities": [ident("apps", [0])],
	}
	count(mi302.deny) == 0 with input as doc
}

test_user_assigned_is_silent if {
	iv := {"kind": "userAssigned", "of": "id", "attachedTo": ["apps"], "grants": [0], "looped": true}
	count(mi302.deny) == 0 with input as {"resources": [apps({"kind": "for", "count": null}), t.id_res], "grants": [t.rbac(t.uami("id"), "Key Vault Secrets User")], "identities": [iv]}
}
