# METADATA
# title: Shared service reached by several system-assigned identities
# description: >-
#   One shared service (Key Vault, storage account, container registry, App
#   Configuration, Service Bus, Event Hubs, Cosmos DB, SQL) is granted to the
#   system-assigned identities of two or more resource declarations. Each
#   gets its own principal and its own grants; Microsoft recommends one
#   user-assigned identity for resources that need the same access. Looped
#   declarations are MI302's and are not counted here.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI301.md
#     description: MI301 shared-service-system-identities
# custom:
#   id: MI301
#   triggers: ["grants"]
#   reads: []
#   slug: shared-service-system-identities
#   severity: warning
#   remediation: >-
#     Create one user-assigned identity, attach it to each of these
#     resources, and grant it access to the service once.
package milint.rules.mi301

import data.milint.lib

# consumers[key] is the set of resources whose system-assigned identity is
# granted access to the service key ("<service type>|<service name>").
consumers[key] contains iv.of if {
	some iv in input.identities
	iv.kind == "systemAssigned"
	not iv.looped
	some gi in iv.grants
	key := service_key(input.grants[gi])
}

# first_grant[key] is the lowest grant index for the service, used to
# locate the finding when the service is not declared in the unit.
first_grant[key] := min([gi |
	some gi, g in input.grants
	g.principal.kind == "systemAssigned"
	service_key(g) == key
]) if {
	some key, ofs in consumers
	count(ofs) >= 2
}

service_key(g) := sprintf("%s|%s", [st, lower(base)]) if {
	st := lib.service_type(g.targetType)
	lib.shared_service_types[st]
	g.targetName != ""
	base := split(g.targetName, "/")[0]
}

deny contains f if {
	some key, ofs in consumers
	count(ofs) >= 2
	[st, base] := split(key, "|")
	names := sort([lib.name(o) | some o in ofs])
	g := input.grants[first_grant[key]]
	f := {
		"msg": sprintf("%s %s is granted to the system-assigned identities of %d resources (%s); give them one user-assigned identity and grant it once", [lib.shared_service_types[st], split(g.targetName, "/")[0], count(ofs), concat(", ", names)]),
		"resource": location(st, base, g),
		"path": "",
	}
}

# The service resource when the unit declares it, else the resource that
# declares the first grant.
location(st, base, g) := ids[0] if {
	ids := [r.id |
		some i in lib.type_index[st]
		r := input.resources[i]
		lower(svc_name(r)) == base
	]
	count(ids) > 0
} else := g.resource

svc_name(r) := r.name if is_string(r.name)
else := r.id
