# METADATA
# title: Custom role grants access-changing or Key Vault wildcard operations
# description: >-
#   A custom role definition grants `*`, `Microsoft.Authorization/*`, role
#   assignment or role definition writes, `Microsoft.KeyVault/*` (vault and
#   access-policy writes), managed-identity assignment or federated
#   credential writes, or wildcard Key Vault data actions such as
#   `Microsoft.KeyVault/vaults/*` or `.../secrets/*`, or any purge data
#   action. Operations excluded by notActions / notDataActions of the same
#   permission block do not count.
# related_resources:
#   - ref: https://github.com/milint/milint/blob/main/docs/rules/MI113.md
#     description: MI113 custom-role-wildcard
# custom:
#   id: MI113
#   triggers: ["type:microsoft.authorization/roledefinitions"]
#   reads: ["microsoft.authorization/roledefinitions"]
#   slug: custom-role-wildcard
#   severity: error
#   remediation: >-
#     List the exact operations the role needs (for example
#     `Microsoft.KeyVault/vaults/secrets/getSecret/action`), or exclude the
#     sensitive ones with notActions / notDataActions; prefer a built-in role
#     where one fits.
package milint.rules.mi113

import data.milint.lib

deny contains f if {
	some i in lib.type_index["microsoft.authorization/roledefinitions"]
	r := input.resources[i]
	not lib.never_deployed(r)
	not r.existing
	some b, block in lib.prop(r.properties, "permissions")
	lib.known_object(block)
	some kind in ["actions", "dataActions"]
	some j, op in lib.perm_list(block, kind, "")
	is_string(op)
	hits := reaches(block, kind, lower(op))
	count(hits) > 0
	f := {
		"msg": sprintf("custom role %s grants %s %q, which allows %s; list only the operations the role needs", [role_name(r), kind_words[kind], op, concat(", ", sort(hits))]),
		"resource": r.id,
		"path": sprintf("properties.permissions[%d].%s[%d]", [b, perm_key(block, kind), j]),
	}
}

kind_words := {"actions": "action", "dataActions": "data action"}

not_kind := {"actions": "notActions", "dataActions": "notDataActions"}

# reaches is the set of sensitive operations pattern p covers that the
# block's not-list does not take away.
reaches(block, "actions", p) := {w |
	some o, w in lib.sensitive_actions
	lib.op_match(p, o)
	not excluded(block, "actions", o)
}

reaches(block, "dataActions", p) := {w |
	contains(p, "*")
	some o, w in lib.sensitive_data_actions
	lib.op_match(p, o)
	not excluded(block, "dataActions", o)
} | {"purging" |
	endswith(p, "/purge/action")
	not excluded(block, "dataActions", p)
}

excluded(block, kind, o) if {
	some n in lib.perm_list(block, not_kind[kind], "")
	is_string(n)
	lib.op_match(lower(n), o)
}

# perm_key is the key spelling used in the source, for the path.
perm_key(block, kind) := k if {
	some k, _ in block
	lower(k) in {lower(kind), lower(lib.tf_names[kind])}
} else := kind

role_name(r) := sprintf("%q", [n]) if {
	n := lib.prop(r.properties, "roleName")
	is_string(n)
} else := r.id
