# METADATA
# title: Key Vault references read without a managed identity
# description: >-
#   A resource reads Key Vault references (`@Microsoft.KeyVault(...)` app
#   settings or connection strings of App Service and Functions, container
#   app secrets with `keyVaultUrl`) but has no managed identity. The platform
#   resolves those references with the resource's identity; without one they
#   fail, and the usual workaround is pasting the secret in.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI304.md
#     description: MI304 kv-reference-without-identity
# custom:
#   id: MI304
#   triggers: ["type:microsoft.web/sites", "type:microsoft.web/sites/slots", "type:microsoft.web/sites/config", "type:microsoft.web/sites/slots/config", "type:microsoft.app/containerapps", "type:microsoft.app/jobs"]
#   reads: ["microsoft.web/sites", "microsoft.web/sites/slots", "microsoft.web/sites/config", "microsoft.web/sites/slots/config", "microsoft.app/containerapps", "microsoft.app/jobs"]
#   slug: kv-reference-without-identity
#   severity: warning
#   remediation: >-
#     Give the resource a managed identity (a user-assigned one shared with
#     its siblings, or SystemAssigned) and grant it Key Vault Secrets User on
#     the vault.
package milint.rules.mi304

import data.milint.lib

site_types := {"microsoft.web/sites", "microsoft.web/sites/slots"}

config_types := {"microsoft.web/sites/config", "microsoft.web/sites/slots/config"}

app_types := {"microsoft.app/containerapps", "microsoft.app/jobs"}

# reads contains [owner, declaring resource, path, setting name]: a Key
# Vault reference read with owner's identity.
reads contains [r.id, r.id, sprintf("properties.siteConfig.%s", [p]), n] if {
	some t in site_types
	some i in lib.type_index[t]
	r := input.resources[i]
	sc := lib.prop(r.properties, "siteConfig")
	some [p, n] in setting_refs(sc)
}

reads contains [owner, r.id, sprintf("properties%s", [lib.path_seg(k)]), k] if {
	some t in config_types
	some i in lib.type_index[t]
	r := input.resources[i]
	owner := parent_site(r)
	lib.known_object(r.properties)
	some k, v in r.properties
	kv_ref(setting_value(v))
}

# A "web" config child carries siteConfig-shaped lists.
reads contains [owner, r.id, sprintf("properties.%s", [p]), n] if {
	some t in config_types
	some i in lib.type_index[t]
	r := input.resources[i]
	owner := parent_site(r)
	some [p, n] in setting_refs(r.properties)
}

reads contains [r.id, r.id, sprintf("properties.configuration.secrets[%d].keyVaultUrl", [j]), secret_name(s)] if {
	some t in app_types
	some i in lib.type_index[t]
	r := input.resources[i]
	secrets := lib.prop(lib.prop(r.properties, "configuration"), "secrets")
	some j, s in secrets
	url := lib.prop(s, "keyVaultUrl")
	url != null
}

# setting_refs yields [path below siteConfig, setting name] for appSettings
# and connectionStrings given as name/value lists or as maps.
setting_refs(sc) := {[p, n] |
	some key in ["appSettings", "connectionStrings"]
	list := lib.prop(sc, key)
	some j, e in list
	[p, n] := entry_ref(key, list, j, e)
}

entry_ref(key, list, j, e) := [sprintf("%s[%d].%s", [key, j, vk]), name_of(e)] if {
	is_array(list)
	some vk in ["value", "connectionString"]
	kv_ref(lib.prop(e, vk))
}

entry_ref(key, list, j, e) := [sprintf("%s%s", [key, lib.path_seg(j)]), j] if {
	lib.known_object(list)
	kv_ref(setting_value(e))
}

setting_value(v) := lib.prop(v, "value") if lib.known_object(v)
else := v

name_of(e) := n if {
	n := lib.prop(e, "name")
	is_string(n)
} else := "?"

secret_name(s) := n if {
	n := lib.prop(s, "name")
	is_string(n)
} else := "?"

# kv_ref is true for a Key Vault reference. The "@Microsoft.KeyVault("
# prefix is literal text even when the secret URI inside it is computed, so
# an interpolated value counts by its source text.
kv_ref(v) if {
	is_string(v)
	contains(lower(v), "@microsoft.keyvault(")
}

kv_ref(v) if {
	is_string(v.unknown)
	contains(lower(v.unknown), "@microsoft.keyvault(")
}

# parent_site is the site (or slot) a config child belongs to.
parent_site(r) := r.parent.ref if {
	lib.resource(r.parent.ref)
} else := id if {
	is_string(r.name)
	parts := split(r.name, "/")
	count(parts) >= 2
	site := concat("/", array.slice(parts, 0, count(parts) - 1))
	ids := [s.id |
		some t in site_types
		some i in lib.type_index[t]
		s := input.resources[i]
		is_string(s.name)
		lower(s.name) == lower(site)
	]
	id := ids[0]
}

owners contains o if some [o, _, _, _] in reads

deny contains f if {
	some o in owners
	r := lib.resource(o)
	not r.existing
	lib.identity_none(r)
	rs := sort([[d, p, n] | some [o2, d, p, n] in reads; o2 == o])
	names := sort({sprintf("%v", [n]) | some [_, _, n] in rs})
	f := {
		"msg": sprintf("%s reads Key Vault references (%s) but has no managed identity, so they cannot resolve; add a user-assigned (or system-assigned) identity and grant it Key Vault Secrets User on the vault", [lib.name(o), concat(", ", names)]),
		"resource": o,
		"path": identity_path(r),
	}
}

identity_path(r) := "identity" if is_object(r.identity)
else := ""
