# Shared helpers for the bundled rules: names for messages, Key Vault
# permission model, role classes. Rules import it as data.milint.lib.
package milint.lib

# resources_by_id maps a resource id to its resource.
resources_by_id[r.id] := r if some r in input.resources

# name(id) is the resource's name when static, else its id.
name(id) := n if {
	r := resources_by_id[id]
	is_string(r.name)
	n := r.name
} else := id

# principal_name describes a grant's principal for a message.
principal_name(p) := sprintf("%s (system-assigned identity)", [name(p.of)]) if p.kind == "systemAssigned"
else := sprintf("%s (user-assigned identity)", [name(p.of)]) if p.kind == "userAssigned"
else := "the deployer" if p.kind == "deployer"
else := sprintf("principal %s", [p.text]) if p.text != ""
else := "an unknown principal"

# workload is true for principals that are managed identities.
workload(p) if p.kind in {"systemAssigned", "userAssigned"}

# target_name describes a grant's target for a message.
target_name(g) := g.targetName if g.targetName != ""
else := g.target if g.target != ""
else := sprintf("the %s", [scope_words[g.scopeLevel]])

scope_words := {
	"resource": "resource",
	"resourceGroup": "resource group",
	"subscription": "subscription",
	"managementGroup": "management group",
	"tenant": "tenant",
	"unknown": "deployment scope",
}

# known_object is true for an object value that is not an unresolved
# {"unknown": ...} or a {"ref": ...} placeholder.
known_object(v) if {
	is_object(v)
	not v.unknown
	not v.ref
}

# known is true for a value the template decides (not an unknown or ref).
known(v) if not is_object(v)
known(v) if known_object(v)

# prop looks a property up case-insensitively, as ARM does.
prop(obj, key) := v if {
	known_object(obj)
	some k, v in obj
	lower(k) == lower(key)
}

is_vault(r) if lower(r.type) == "microsoft.keyvault/vaults"

# The API version from which an absent enableRbacAuthorization means RBAC.
rbac_default_api := "2026-02-01"

# vault_model is "rbac" or "accessPolicy" when the template decides it.
# An unresolved flag or API version decides nothing.
vault_model(r) := "rbac" if prop(r.properties, "enableRbacAuthorization") == true
else := "accessPolicy" if prop(r.properties, "enableRbacAuthorization") == false
else := "rbac" if {
	not has_rbac_flag(r)
	known_object(r.properties)
	api_at_least(r.apiVersion, rbac_default_api)
}
else := "accessPolicy" if {
	not has_rbac_flag(r)
	known_object(r.properties)
	regex.match(`^\d{4}-\d{2}-\d{2}`, r.apiVersion)
	not api_at_least(r.apiVersion, rbac_default_api)
}

has_rbac_flag(r) if {
	some k, _ in r.properties
	lower(k) == "enablerbacauthorization"
}

api_at_least(api, min) if substring(api, 0, 10) >= min

# Least-privilege permission sets per access-policy collection, for messages.
least_permissions := {
	"secrets": "secrets get and list",
	"keys": "keys get, wrapKey and unwrapKey",
	"certificates": "certificates get and list",
	"storage": "no storage permissions",
}
