# Shared helpers for the bundled rules: names for messages, Key Vault
# permission model, role classes. Rules import it as data.milint.lib.
package milint.lib

# resource(id) is the resource with that id, through the engine's idIndex
# (id -> index, built in Go) when the input has one.
resource(id) := r if {
	is_object(input.idIndex)
	r := input.resources[input.idIndex[id]]
} else := resources_by_id[id] if {
	not input.idIndex
}

# resources_by_id maps a resource id to its resource. It is one complete
# object, built once per evaluation; prefer resource(id), which does not
# build it when the input carries idIndex. A duplicated id (a front-end bug
# or an invalid template) keeps its first resource rather than failing the
# whole evaluation.
resources_by_id := {id: input.resources[i] | some id, i in input.idIndex} if {
	is_object(input.idIndex)
} else := {id: input.resources[min(is)] | some id, is in id_index}

id_index[r.id] contains i if some i, r in input.resources

# name(id) is the resource's name when static, else its id.
name(id) := n if {
	r := resource(id)
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

# prop looks a property up case-insensitively, as ARM does: the key as
# written first (one lookup), else a scan of the keys.
prop(obj, key) := v if {
	known_object(obj)
	v := obj[key]
} else := v if {
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

# ---------------------------------------------------------------------------
# Indexes, computed once per evaluation. Rules iterate these instead of
# scanning every resource.

# type_index maps a lower-case ARM type to the indexes of its resources in
# input.resources: the engine's typeIndex (built in Go) when the input has
# one, else the grouping below, built once per evaluation.
type_index := input.typeIndex if is_object(input.typeIndex)
else := by_type

by_type[t] contains i if {
	some i, r in input.resources
	t := lower(r.type)
}

# of_type(t) are the resources of a lower-case ARM type.
of_type(t) := [input.resources[i] | some i in type_index[t]]

# has_identity_decl is true when some resource declares a managed identity
# or the unit grants anything: the unit composes workloads.
has_identity_decl if {
	some r in input.resources
	is_object(r.identity)
}

has_identity_decl if count(input.grants) > 0

# identity_none is true when a resource has no managed identity: no
# identity block, or type None. An unknown identity type is not "none".
identity_none(r) if object.get(r, "identity", null) == null
identity_none(r) if r.identity.type == "None"

# looped_words explains why a declaration has one principal per instance.
looped_words(r) := "a scale set, so every instance" if lower(r.type) == "microsoft.compute/virtualmachinescalesets"
else := sprintf("declared in a %s loop, so every instance", [r.loop.kind]) if is_object(r.loop)
else := "repeated, so every instance"

# is_list_path is true for a reference path into a list*() call result
# (listKeys().keys[0].value, listConnectionStrings()..., listCredentials()).
is_list_path(p) if regex.match(`^list[A-Za-z]*\(\)`, p)

# ---------------------------------------------------------------------------
# Role classes. Roles are matched by built-in GUID; a custom role (role.custom
# set) never matches a built-in class (MI113 looks at custom roles).

role_ids := {
	"owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
	"contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
	"uaa": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
	"rbacAdmin": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
	"kvAdmin": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
	"kvContributor": "f25e0fa2-a7c8-4377-a976-54943a77a395",
	"kvReader": "21090545-7ca7-4776-b22c-e363652d74d2",
	"kvSecretsOfficer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
	"kvSecretsUser": "4633458b-17de-408a-b874-0445c86b69e6",
	"kvCryptoOfficer": "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
	"kvCryptoUser": "12338af0-0e69-4776-bea7-57ae8d297424",
	"kvCryptoServiceEncryptionUser": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
	"kvCryptoServiceReleaseUser": "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
	"kvCertificatesOfficer": "a4417e6f-fecd-4de8-b567-7b0420556985",
	"kvCertificateUser": "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
	"kvDataAccessAdmin": "8b54135c-b56d-4d72-a534-26097cfdc8d8",
}

# builtin_role(g) is the lower-case GUID of a grant's built-in role.
builtin_role(g) := lower(g.role.id) if {
	is_object(g.role)
	object.get(g.role, "custom", "") in {"", null}
	is_string(g.role.id)
	g.role.id != ""
}

# role_name(g) is the display name of a grant's role, for messages.
role_name(g) := g.role.name if {
	is_string(g.role.name)
	g.role.name != ""
} else := g.role.id

# Roles that can change access (assign roles, write access policies) or that
# hold every Key Vault permission (MI110), each with the least-privilege
# alternative for a workload. Those marked delegating are role-assignment
# writers whose risk an ABAC condition on the assignment bounds.
privileged_roles := {
	role_ids.owner: "grant a role that covers only what the workload does instead",
	role_ids.contributor: "grant a role that covers only what the workload does instead",
	role_ids.uaa: "declare the role assignments in the template instead, or add a condition limiting the roles it may assign",
	role_ids.rbacAdmin: "add a condition limiting the roles it may assign, or declare the role assignments in the template instead",
	role_ids.kvAdmin: "grant Key Vault Secrets User (or Key Vault Crypto Service Encryption User for keys) instead",
	role_ids.kvContributor: "grant no management role (Key Vault Secrets User if it reads secrets) instead",
	role_ids.kvDataAccessAdmin: "declare the data-role assignments in the template instead, or add a condition limiting the roles it may assign",
}

delegating_roles := {role_ids.uaa, role_ids.rbacAdmin, role_ids.kvDataAccessAdmin}

# broad_roles are replaced by a target-specific data role when the target
# is known.
broad_roles := {role_ids.owner, role_ids.contributor}

# data_role_for maps a lower-case target type to the usual read role.
data_role_for := {
	"microsoft.keyvault/vaults": "Key Vault Secrets User",
	"microsoft.storage/storageaccounts": "Storage Blob Data Reader (or Storage Blob Data Contributor if it writes)",
	"microsoft.containerregistry/registries": "AcrPull",
	"microsoft.appconfiguration/configurationstores": "App Configuration Data Reader",
	"microsoft.servicebus/namespaces": "Azure Service Bus Data Receiver or Data Sender",
	"microsoft.eventhub/namespaces": "Azure Event Hubs Data Receiver or Data Sender",
	"microsoft.documentdb/databaseaccounts": "a Cosmos DB data-plane role (Cosmos DB Built-in Data Reader)",
}

# privileged_alternative(g) is the least-privilege remedy for a privileged
# grant, as a clause ("grant AcrPull instead").
privileged_alternative(g) := sprintf("grant %s instead", [data_role_for[lower(g.targetType)]]) if {
	builtin_role(g) in broad_roles
} else := privileged_roles[builtin_role(g)]

# Key Vault data-plane roles (MI111). Key Vault Reader is left out: it reads
# vault and object metadata only, never secret material, and is assigned at
# resource-group scope for inventory on purpose.
kv_data_roles := {
	role_ids.kvAdmin,
	role_ids.kvSecretsOfficer,
	role_ids.kvSecretsUser,
	role_ids.kvCryptoOfficer,
	role_ids.kvCryptoUser,
	role_ids.kvCryptoServiceEncryptionUser,
	role_ids.kvCryptoServiceReleaseUser,
	role_ids.kvCertificatesOfficer,
	role_ids.kvCertificateUser,
	role_ids.kvDataAccessAdmin,
}

# officer_to_user maps a Key Vault Officer role to the User role a workload
# needs (MI112).
officer_to_user := {
	role_ids.kvSecretsOfficer: "Key Vault Secrets User",
	role_ids.kvCryptoOfficer: "Key Vault Crypto User (or Key Vault Crypto Service Encryption User for customer-managed keys)",
	role_ids.kvCertificatesOfficer: "Key Vault Certificate User",
}

# contributor_roles can write a vault's access policies (MI114).
contributor_roles := {role_ids.contributor, role_ids.kvContributor}

# Shared services (MI301): a resource type and its children belong to the
# service of their first two type segments.
shared_service_types := {
	"microsoft.keyvault/vaults": "Key Vault",
	"microsoft.storage/storageaccounts": "storage account",
	"microsoft.containerregistry/registries": "container registry",
	"microsoft.appconfiguration/configurationstores": "App Configuration store",
	"microsoft.servicebus/namespaces": "Service Bus namespace",
	"microsoft.eventhub/namespaces": "Event Hubs namespace",
	"microsoft.documentdb/databaseaccounts": "Cosmos DB account",
	"microsoft.sql/servers": "SQL server",
}

# service_type(t) is the lower-case type of the service a (child) type
# belongs to: "microsoft.keyvault/vaults/secrets" -> "microsoft.keyvault/vaults".
service_type(t) := s if {
	parts := split(lower(t), "/")
	count(parts) >= 2
	s := concat("/", [parts[0], parts[1]])
}

# ---------------------------------------------------------------------------
# Access-policy permissions a workload needs (MI103): read and use.

workload_permissions := {
	"secrets": {"get", "list"},
	"keys": {"get", "list", "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify"},
	"certificates": {"get", "list"},
	"storage": set(),
}

# ---------------------------------------------------------------------------
# Custom role definitions (MI113). Operation strings compare
# case-insensitively; `*` in a pattern matches any run of characters.

# op_match is true when pattern p (an action or notAction) covers
# operation o. Both are lower-cased.
op_match(p, o) if p == o

op_match(p, o) if {
	contains(p, "*")
	glob.match(p, null, o) # null: no delimiters, * spans "/" and "."
}

# Azure lets "a/*/b" cover "a/b" too (Managed Identity Operator grants
# userAssignedIdentities/*/assign/action for userAssignedIdentities/assign/action).
op_match(p, o) if {
	contains(p, "/*/")
	glob.match(replace(p, "/*/", "/"), null, o)
}

# Sensitive management operations: changing access or vault configuration.
sensitive_actions := {
	"microsoft.authorization/roleassignments/write": "role assignment writes",
	"microsoft.authorization/roledefinitions/write": "role definition writes",
	"microsoft.authorization/elevateaccess/action": "elevating access",
	"microsoft.keyvault/vaults/write": "vault writes (including its access policies)",
	"microsoft.keyvault/vaults/accesspolicies/write": "access policy writes",
	"microsoft.managedidentity/userassignedidentities/assign/action": "attaching user-assigned identities",
	"microsoft.managedidentity/userassignedidentities/federatedidentitycredentials/write": "federated credential writes",
}

# Sensitive Key Vault data operations reached by a wildcard data action.
sensitive_data_actions := {
	"microsoft.keyvault/vaults/secrets/getsecret/action": "reading secret values",
	"microsoft.keyvault/vaults/secrets/setsecret/action": "writing secrets",
	"microsoft.keyvault/vaults/secrets/purge/action": "purging secrets",
	"microsoft.keyvault/vaults/keys/release/action": "releasing keys",
	"microsoft.keyvault/vaults/keys/purge/action": "purging keys",
	"microsoft.keyvault/vaults/certificates/purge/action": "purging certificates",
}

# perm_list reads one operation list of a permissions block, accepting the
# ARM name and the Terraform one.
perm_list(block, arm, _) := l if {
	l := prop(block, arm)
	is_array(l)
} else := l if {
	some k, l in block
	lower(k) == lower(tf_names[arm])
	is_array(l)
} else := []

tf_names := {
	"actions": "actions",
	"notActions": "not_actions",
	"dataActions": "data_actions",
	"notDataActions": "not_data_actions",
}

# ---------------------------------------------------------------------------
# Paths. path_string turns a walk() path into a property path:
# ["siteConfig", "appSettings", 2, "value"] -> "siteConfig.appSettings[2].value".
path_string(prefix, p) := concat("", array.concat([prefix], [seg |
	some x in p
	seg := path_seg(x)
]))

path_seg(x) := sprintf("[%d]", [x]) if is_number(x)
else := sprintf(".%s", [x]) if regex.match(`^[A-Za-z_$][A-Za-z0-9_$-]*$`, x)
else := sprintf("[%q]", [x])

# ---------------------------------------------------------------------------
# Secrets (MI401).

# secret_key is true for a property name that holds a password.
secret_key(k) if endswith(lower(k), "password")

# credential_text is true for a connection string carrying a key or password.
credential_text(s) if regex.match(`(?i)(accountkey|sharedaccesskey|password|pwd)=[^;{$\s'"]`, s)

# never_deployed is true for a declaration the template statically skips:
# a condition that is literally false, or a loop over nothing (count = 0,
# for_each over an empty collection). It deploys no instance, so it grants,
# declares and configures nothing.
never_deployed(r) if r.condition == false

never_deployed(r) if r.loop.count == 0

# skipped is never_deployed for a resource id.
skipped(id) if never_deployed(resource(id))
