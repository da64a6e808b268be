package terraform

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/milint/milint/parser"
)

// This file is the one place that maps Terraform resource types and
// attributes to ARM types and property paths.
//
// Conventions:
//   - Resource.Type is the ARM type of a mapped azurerm type, the type given
//     to azapi_resource, or "Terraform/<native type>" for everything else.
//   - Resource.APIVersion is the API version the azurerm provider itself
//     calls where that decides a default: azurerm_key_vault is "2023-02-01"
//     (the provider's Key Vault SDK), so an absent enableRbacAuthorization
//     means access policies, as the provider documents, and the rules' API
//     version logic needs no Terraform case. Other azurerm types leave it
//     empty; azapi gives its own after the "@".
//   - Mapped attributes land under Properties (ARM names); the other
//     attributes and blocks, with their Terraform names, land in Extra.
//     Nested blocks are arrays of objects in both.
//   - identity blocks become Resource.Identity on every type.

// attr maps one Terraform attribute to a path under properties.
type attr struct{ tf, arm string }

type tfType struct {
	arm   string
	api   string // API version the provider uses, when it decides a default
	attrs []attr
	// parent names the attribute holding the parent resource's id; the
	// resource's name becomes "<parent name>/<leaf>".
	parent string
	// leaf is a fixed child name ("add"); empty means the name attribute.
	leaf string
	// build does the mapping that is more than a rename.
	build func(c *mapCtx)
}

var webApp = &tfType{arm: "Microsoft.Web/sites", attrs: []attr{
	{"https_only", "httpsOnly"},
	{"key_vault_reference_identity_id", "keyVaultReferenceIdentity"},
	{"service_plan_id", "serverFarmId"},
	{"app_service_plan_id", "serverFarmId"},
	{"public_network_access_enabled", "publicNetworkAccess"},
	{"client_certificate_enabled", "clientCertEnabled"},
}, build: buildWebApp}

var webSlot = &tfType{arm: "Microsoft.Web/sites/slots", attrs: webApp.attrs, parent: "app_service_id", build: buildWebApp}

var vm = &tfType{arm: "Microsoft.Compute/virtualMachines", attrs: []attr{
	{"admin_username", "osProfile.adminUsername"},
	{"admin_password", "osProfile.adminPassword"},
	{"computer_name", "osProfile.computerName"},
	{"custom_data", "osProfile.customData"},
	{"disable_password_authentication", "osProfile.linuxConfiguration.disablePasswordAuthentication"},
}, build: func(c *mapCtx) { c.osProfile("osProfile") }}

var vmss = &tfType{arm: "Microsoft.Compute/virtualMachineScaleSets", attrs: []attr{
	{"admin_username", "virtualMachineProfile.osProfile.adminUsername"},
	{"admin_password", "virtualMachineProfile.osProfile.adminPassword"},
	{"computer_name_prefix", "virtualMachineProfile.osProfile.computerNamePrefix"},
	{"custom_data", "virtualMachineProfile.osProfile.customData"},
	{"instances", "instances"},
}, build: func(c *mapCtx) { c.osProfile("virtualMachineProfile.osProfile") }}

var sqlServer = &tfType{arm: "Microsoft.Sql/servers", attrs: []attr{
	{"administrator_login", "administratorLogin"},
	{"administrator_login_password", "administratorLoginPassword"},
	{"administrator_login_password_wo", "administratorLoginPassword"},
	{"version", "version"},
	{"minimum_tls_version", "minimalTlsVersion"},
	{"public_network_access_enabled", "publicNetworkAccess"},
}}

func flexServer(arm string) *tfType {
	return &tfType{arm: arm, attrs: []attr{
		{"administrator_login", "administratorLogin"},
		{"administrator_password", "administratorLoginPassword"},
		{"administrator_login_password", "administratorLoginPassword"},
		{"version", "version"},
	}}
}

func typeOnly(arm string) *tfType { return &tfType{arm: arm} }

// types is the mapping table.
var types = map[string]*tfType{
	"azurerm_key_vault": {arm: "Microsoft.KeyVault/vaults", api: "2023-02-01", attrs: []attr{
		{"tenant_id", "tenantId"},
		{"sku_name", "sku.name"},
		{"rbac_authorization_enabled", "enableRbacAuthorization"},
		{"enable_rbac_authorization", "enableRbacAuthorization"},
		{"purge_protection_enabled", "enablePurgeProtection"},
		{"soft_delete_retention_days", "softDeleteRetentionInDays"},
		{"enabled_for_deployment", "enabledForDeployment"},
		{"enabled_for_disk_encryption", "enabledForDiskEncryption"},
		{"enabled_for_template_deployment", "enabledForTemplateDeployment"},
		{"public_network_access_enabled", "publicNetworkAccess"},
		{"network_acls", "networkAcls"},
	}, build: func(c *mapCtx) {
		if v := c.take("access_policy"); v != nil {
			c.set("accessPolicies", accessPolicies(v))
		}
	}},
	"azurerm_key_vault_access_policy": {arm: "Microsoft.KeyVault/vaults/accessPolicies", parent: "key_vault_id", leaf: "add",
		build: func(c *mapCtx) {
			entry := parser.ObjectValue(nil, c.r.Range)
			for _, k := range []string{"tenant_id", "object_id", "application_id",
				"key_permissions", "secret_permissions", "certificate_permissions", "storage_permissions"} {
				if v := c.take(k); v != nil {
					entry.Fields = append(entry.Fields, &parser.Field{Key: k, KeyRange: v.Range, Value: v})
				}
			}
			c.set("accessPolicies", parser.ArrayValue([]*parser.Value{accessPolicy(entry)}, c.r.Range))
		}},
	"azurerm_key_vault_secret": {arm: "Microsoft.KeyVault/vaults/secrets", parent: "key_vault_id", attrs: []attr{
		{"value", "value"}, {"value_wo", "value"}, {"content_type", "contentType"},
		{"expiration_date", "attributes.exp"}, {"not_before_date", "attributes.nbf"},
	}},
	"azurerm_key_vault_key": {arm: "Microsoft.KeyVault/vaults/keys", parent: "key_vault_id", attrs: []attr{
		{"key_type", "kty"}, {"key_size", "keySize"}, {"key_opts", "keyOps"}, {"curve", "curveName"},
		{"rotation_policy", "rotationPolicy"},
	}},
	"azurerm_key_vault_certificate": {arm: "Microsoft.KeyVault/vaults/certificates", parent: "key_vault_id", attrs: []attr{
		{"certificate", "certificate"}, {"certificate_policy", "certificatePolicy"},
	}},
	"azurerm_key_vault_managed_hardware_security_module": typeOnly("Microsoft.KeyVault/managedHSMs"),
	"azurerm_role_assignment": {arm: "Microsoft.Authorization/roleAssignments", attrs: []attr{
		{"role_definition_id", "roleDefinitionId"},
		{"role_definition_name", "roleDefinitionName"},
		{"principal_id", "principalId"},
		{"principal_type", "principalType"},
		{"condition", "condition"},
		{"condition_version", "conditionVersion"},
		{"description", "description"},
		{"delegated_managed_identity_resource_id", "delegatedManagedIdentityResourceId"},
	}, build: func(c *mapCtx) {
		if v := c.take("scope"); v != nil {
			c.r.Scope = asTarget(v)
		}
	}},
	"azurerm_role_definition": {arm: "Microsoft.Authorization/roleDefinitions", attrs: []attr{
		{"description", "description"},
		{"assignable_scopes", "assignableScopes"},
	}, build: func(c *mapCtx) {
		if v := c.take("name"); v != nil {
			c.set("roleName", v)
		}
		c.r.Name = c.take("role_definition_id")
		c.set("type", parser.StrValue("CustomRole", c.r.Range))
		if v := c.take("scope"); v != nil {
			c.r.Scope = asTarget(v)
		}
		if v := c.take("permissions"); v != nil {
			c.set("permissions", mapItems(v, func(p *parser.Value) *parser.Value {
				return renameFields(p, map[string]string{"actions": "actions", "not_actions": "notActions",
					"data_actions": "dataActions", "not_data_actions": "notDataActions"})
			}))
		}
	}},
	"azurerm_user_assigned_identity": {arm: "Microsoft.ManagedIdentity/userAssignedIdentities", attrs: []attr{
		{"isolation_scope", "isolationScope"},
	}},
	"azurerm_federated_identity_credential": {arm: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
		parent: "parent_id", attrs: []attr{{"issuer", "issuer"}, {"subject", "subject"}, {"audience", "audiences"}}},
	"azurerm_storage_account": {arm: "Microsoft.Storage/storageAccounts", attrs: []attr{
		{"shared_access_key_enabled", "allowSharedKeyAccess"},
		{"min_tls_version", "minimumTlsVersion"},
		{"allow_nested_items_to_be_public", "allowBlobPublicAccess"},
		{"allow_blob_public_access", "allowBlobPublicAccess"},
		{"https_traffic_only_enabled", "supportsHttpsTrafficOnly"},
		{"enable_https_traffic_only", "supportsHttpsTrafficOnly"},
		{"public_network_access_enabled", "publicNetworkAccess"},
		{"default_to_oauth_authentication", "defaultToOAuthAuthentication"},
		{"infrastructure_encryption_enabled", "encryption.requireInfrastructureEncryption"},
	}, build: func(c *mapCtx) {
		if v := c.take("customer_managed_key"); v != nil {
			if cmk := firstBlock(v); cmk != nil {
				c.set("encryption.keySource", parser.StrValue("Microsoft.Keyvault", cmk.Range))
				if k := cmk.Get("key_vault_key_id"); k != nil {
					c.set("encryption.keyvaultproperties.keyIdentifier", k)
				}
				if k := cmk.Get("managed_hsm_key_id"); k != nil {
					c.set("encryption.keyvaultproperties.keyIdentifier", k)
				}
				if k := cmk.Get("user_assigned_identity_id"); k != nil {
					c.set("encryption.identity.userAssignedIdentity", k)
				}
			}
		}
	}},
	"azurerm_linux_web_app":                          webApp,
	"azurerm_windows_web_app":                        webApp,
	"azurerm_app_service":                            webApp,
	"azurerm_function_app":                           webApp,
	"azurerm_linux_function_app":                     webApp,
	"azurerm_windows_function_app":                   webApp,
	"azurerm_logic_app_standard":                     webApp,
	"azurerm_linux_web_app_slot":                     webSlot,
	"azurerm_windows_web_app_slot":                   webSlot,
	"azurerm_linux_function_app_slot":                {arm: webSlot.arm, attrs: webApp.attrs, parent: "function_app_id", build: buildWebApp},
	"azurerm_windows_function_app_slot":              {arm: webSlot.arm, attrs: webApp.attrs, parent: "function_app_id", build: buildWebApp},
	"azurerm_app_service_slot":                       {arm: webSlot.arm, attrs: webApp.attrs, build: buildWebApp},
	"azurerm_function_app_slot":                      {arm: webSlot.arm, attrs: webApp.attrs, build: buildWebApp},
	"azurerm_service_plan":                           typeOnly("Microsoft.Web/serverfarms"),
	"azurerm_app_service_plan":                       typeOnly("Microsoft.Web/serverfarms"),
	"azurerm_linux_virtual_machine":                  vm,
	"azurerm_windows_virtual_machine":                vm,
	"azurerm_virtual_machine":                        vm,
	"azurerm_linux_virtual_machine_scale_set":        vmss,
	"azurerm_windows_virtual_machine_scale_set":      vmss,
	"azurerm_virtual_machine_scale_set":              vmss,
	"azurerm_orchestrated_virtual_machine_scale_set": vmss,
	"azurerm_kubernetes_cluster": {arm: "Microsoft.ContainerService/managedClusters", attrs: []attr{
		{"dns_prefix", "dnsPrefix"},
		{"kubernetes_version", "kubernetesVersion"},
		{"local_account_disabled", "disableLocalAccounts"},
		{"oidc_issuer_enabled", "oidcIssuerProfile.enabled"},
		{"workload_identity_enabled", "securityProfile.workloadIdentity.enabled"},
		{"private_cluster_enabled", "apiServerAccessProfile.enablePrivateCluster"},
	}, build: buildAKS},
	"azurerm_kubernetes_cluster_node_pool": {arm: "Microsoft.ContainerService/managedClusters/agentPools", parent: "kubernetes_cluster_id"},
	"azurerm_container_app":                {arm: "Microsoft.App/containerApps", build: buildContainerApp},
	"azurerm_container_app_environment":    typeOnly("Microsoft.App/managedEnvironments"),
	"azurerm_mssql_server":                 sqlServer,
	"azurerm_sql_server":                   sqlServer,
	"azurerm_mssql_database":               {arm: "Microsoft.Sql/servers/databases", parent: "server_id"},
	"azurerm_postgresql_flexible_server":   flexServer("Microsoft.DBforPostgreSQL/flexibleServers"),
	"azurerm_postgresql_server":            flexServer("Microsoft.DBforPostgreSQL/servers"),
	"azurerm_mysql_flexible_server":        flexServer("Microsoft.DBforMySQL/flexibleServers"),
	"azurerm_mysql_server":                 flexServer("Microsoft.DBforMySQL/servers"),
	"azurerm_mariadb_server":               flexServer("Microsoft.DBforMariaDB/servers"),
	"azurerm_resource_group":               typeOnly("Microsoft.Resources/resourceGroups"),
	"azurerm_container_registry": {arm: "Microsoft.ContainerRegistry/registries", attrs: []attr{
		{"admin_enabled", "adminUserEnabled"},
		{"public_network_access_enabled", "publicNetworkAccess"},
	}},
	"azurerm_app_configuration": {arm: "Microsoft.AppConfiguration/configurationStores", attrs: []attr{
		{"local_auth_enabled", "disableLocalAuth"},
	}},
	"azurerm_servicebus_namespace":         {arm: "Microsoft.ServiceBus/namespaces", attrs: []attr{{"local_auth_enabled", "disableLocalAuth"}}},
	"azurerm_eventhub_namespace":           {arm: "Microsoft.EventHub/namespaces", attrs: []attr{{"local_authentication_enabled", "disableLocalAuth"}}},
	"azurerm_cosmosdb_account":             {arm: "Microsoft.DocumentDB/databaseAccounts", attrs: []attr{{"local_authentication_disabled", "disableLocalAuth"}}},
	"azurerm_redis_cache":                  typeOnly("Microsoft.Cache/redis"),
	"azurerm_search_service":               typeOnly("Microsoft.Search/searchServices"),
	"azurerm_cognitive_account":            typeOnly("Microsoft.CognitiveServices/accounts"),
	"azurerm_log_analytics_workspace":      typeOnly("Microsoft.OperationalInsights/workspaces"),
	"azurerm_application_insights":         typeOnly("Microsoft.Insights/components"),
	"azurerm_virtual_network":              typeOnly("Microsoft.Network/virtualNetworks"),
	"azurerm_subnet":                       {arm: "Microsoft.Network/virtualNetworks/subnets", parent: "virtual_network_name"},
	"azurerm_network_interface":            typeOnly("Microsoft.Network/networkInterfaces"),
	"azurerm_network_security_group":       typeOnly("Microsoft.Network/networkSecurityGroups"),
	"azurerm_public_ip":                    typeOnly("Microsoft.Network/publicIPAddresses"),
	"azurerm_private_endpoint":             typeOnly("Microsoft.Network/privateEndpoints"),
	"azurerm_data_factory":                 typeOnly("Microsoft.DataFactory/factories"),
	"azurerm_api_management":               typeOnly("Microsoft.ApiManagement/service"),
	"azurerm_automation_account":           typeOnly("Microsoft.Automation/automationAccounts"),
	"azurerm_batch_account":                typeOnly("Microsoft.Batch/batchAccounts"),
	"azurerm_synapse_workspace":            typeOnly("Microsoft.Synapse/workspaces"),
	"azurerm_databricks_workspace":         typeOnly("Microsoft.Databricks/workspaces"),
	"azurerm_machine_learning_workspace":   typeOnly("Microsoft.MachineLearningServices/workspaces"),
	"azurerm_spring_cloud_service":         typeOnly("Microsoft.AppPlatform/Spring"),
	"azurerm_container_group":              typeOnly("Microsoft.ContainerInstance/containerGroups"),
	"azurerm_data_protection_backup_vault": typeOnly("Microsoft.DataProtection/backupVaults"),
	"azurerm_recovery_services_vault":      typeOnly("Microsoft.RecoveryServices/vaults"),
	"azurerm_monitor_diagnostic_setting": {arm: "Microsoft.Insights/diagnosticSettings", build: func(c *mapCtx) {
		if v := c.take("target_resource_id"); v != nil {
			c.r.Scope = asTarget(v)
		}
	}},
	"azurerm_management_lock": {arm: "Microsoft.Authorization/locks", build: func(c *mapCtx) {
		if v := c.take("scope"); v != nil {
			c.r.Scope = asTarget(v)
		}
	}},
}

// exported maps exported attributes of a type to ARM reference paths.
var exported = map[string]string{
	"azurerm_key_vault.vault_uri":                          "properties.vaultUri",
	"azurerm_role_definition.role_definition_resource_id":  "id",
	"azurerm_role_definition.role_definition_id":           "name",
	"azurerm_container_registry.admin_password":            "listCredentials().passwords[0].value",
	"azurerm_container_registry.login_server":              "properties.loginServer",
	"azurerm_storage_account.primary_blob_endpoint":        "properties.primaryEndpoints.blob",
	"azurerm_key_vault_secret.value":                       "properties.value",
	"azurerm_key_vault_secret.versionless_id":              "properties.secretUri",
	"azurerm_key_vault_key.versionless_id":                 "properties.keyUri",
	"azurerm_application_insights.instrumentation_key":     "properties.InstrumentationKey",
	"azurerm_application_insights.connection_string":       "properties.ConnectionString",
	"azurerm_kubernetes_cluster.oidc_issuer_url":           "properties.oidcIssuerProfile.issuerURL",
	"azurerm_log_analytics_workspace.primary_shared_key":   "listKeys().primarySharedKey",
	"azurerm_log_analytics_workspace.secondary_shared_key": "listKeys().secondarySharedKey",
	"azurerm_log_analytics_workspace.workspace_id":         "properties.customerId",
}

// refPath maps a Terraform attribute path of a resource of type native to
// the ARM path of a model reference.
func refPath(native string, path []string) string {
	if len(path) == 0 {
		return ""
	}
	first := path[0]
	switch {
	case first == "id":
		return "id"
	case first == "identity" || (first == "kubelet_identity" && native == "azurerm_kubernetes_cluster"):
		rest := path[1:]
		if len(rest) > 0 && isIndexStep(rest[0]) {
			rest = rest[1:]
		}
		base := "identity"
		if first == "kubelet_identity" {
			base = "properties.identityProfile.kubeletidentity"
		}
		if len(rest) == 0 {
			return base
		}
		return base + "." + camel(rest[0])
	case strings.HasPrefix(native, "azapi_") && first == "output":
		return joinPath(path[1:])
	}
	if p, ok := exported[native+"."+first]; ok {
		return p
	}
	switch first {
	case "principal_id", "client_id", "tenant_id":
		return "properties." + camel(first)
	case "primary_access_key", "primary_key", "default_primary_key", "primary_master_key":
		return "listKeys().keys[0].value"
	case "secondary_access_key", "secondary_key", "default_secondary_key", "secondary_master_key":
		return "listKeys().keys[1].value"
	}
	if strings.Contains(first, "connection_string") {
		return "listKeys().connectionString"
	}
	return joinPath(path)
}

func isIndexStep(s string) bool {
	if strings.HasPrefix(s, "[") {
		return true
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

func joinPath(path []string) string {
	var sb strings.Builder
	for _, p := range path {
		if strings.HasPrefix(p, "[") {
			sb.WriteString(p)
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(p)
	}
	return sb.String()
}

// camel turns snake_case into camelCase.
func camel(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	parts := strings.Split(s, "_")
	var sb strings.Builder
	sb.WriteString(parts[0])
	for _, p := range parts[1:] {
		if p == "" {
			continue
		}
		sb.WriteString(strings.ToUpper(p[:1]))
		sb.WriteString(p[1:])
	}
	return sb.String()
}

// mapCtx is the state of mapping one resource.
type mapCtx struct {
	r     *parser.Resource
	body  *parser.Value // Terraform attributes and blocks
	used  map[string]bool
	props *parser.Value
	s     *scope // nil for plans
}

// take returns attribute k of the body and marks it mapped.
func (c *mapCtx) take(k string) *parser.Value {
	if c.used[k] {
		return nil
	}
	for _, f := range c.body.Fields {
		if f.Key == k {
			c.used[k] = true
			return f.Value
		}
	}
	return nil
}

// set sets a (dotted) path under properties.
func (c *mapCtx) set(path string, v *parser.Value) { setPath(c.props, path, v) }

func setPath(obj *parser.Value, path string, v *parser.Value) {
	if v == nil {
		return
	}
	parts := strings.Split(path, ".")
	cur := obj
	for _, p := range parts[:len(parts)-1] {
		next := cur.Get(p)
		if next == nil || next.Kind != parser.KindObject {
			next = parser.ObjectValue(nil, v.Range)
			cur.Set(p, next)
		}
		cur = next
	}
	cur.Set(parts[len(parts)-1], v)
}

// asTarget turns a reference to a resource id into a reference to the
// resource (the form Scope and Parent use).
func asTarget(v *parser.Value) *parser.Value {
	if v != nil && v.Kind == parser.KindRef && (v.Ref.Path == "id" || v.Ref.Path == "name") {
		return parser.RefValue(v.Ref.Resource, "", v.Range)
	}
	return v
}

// blocksOf returns the objects of a nested-block value (an array of
// objects, or one object in .tf.json).
func blocksOf(v *parser.Value) []*parser.Value {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case parser.KindArray:
		return v.Items
	case parser.KindObject:
		return []*parser.Value{v}
	}
	return nil
}

func firstBlock(v *parser.Value) *parser.Value {
	for _, b := range blocksOf(v) {
		if b.Kind == parser.KindObject {
			return b
		}
	}
	return nil
}

// mapItems maps the objects of a block list; an unknown list stays as is.
func mapItems(v *parser.Value, f func(*parser.Value) *parser.Value) *parser.Value {
	switch v.Kind {
	case parser.KindArray:
		items := make([]*parser.Value, len(v.Items))
		for i, it := range v.Items {
			items[i] = f(it)
		}
		return parser.ArrayValue(items, v.Range)
	case parser.KindObject:
		return parser.ArrayValue([]*parser.Value{f(v)}, v.Range)
	}
	return v
}

func renameFields(v *parser.Value, names map[string]string) *parser.Value {
	if v == nil || v.Kind != parser.KindObject {
		return v
	}
	out := parser.ObjectValue(nil, v.Range)
	for _, f := range v.Fields {
		k := f.Key
		if n, ok := names[k]; ok {
			k = n
		}
		out.Fields = append(out.Fields, &parser.Field{Key: k, KeyRange: f.KeyRange, Value: f.Value})
	}
	return out
}

// accessPolicies maps access_policy blocks or an attribute list.
func accessPolicies(v *parser.Value) *parser.Value { return mapItems(v, accessPolicy) }

// accessPolicy maps one access policy entry to the ARM shape.
func accessPolicy(v *parser.Value) *parser.Value {
	if v == nil || v.Kind != parser.KindObject {
		return v
	}
	out := parser.ObjectValue(nil, v.Range)
	perms := parser.ObjectValue(nil, v.Range)
	for _, f := range v.Fields {
		switch f.Key {
		case "tenant_id", "object_id", "application_id":
			out.Fields = append(out.Fields, &parser.Field{Key: camel(f.Key), KeyRange: f.KeyRange, Value: f.Value})
		case "key_permissions", "secret_permissions", "certificate_permissions", "storage_permissions":
			k := map[string]string{"key_permissions": "keys", "secret_permissions": "secrets",
				"certificate_permissions": "certificates", "storage_permissions": "storage"}[f.Key]
			perms.Fields = append(perms.Fields, &parser.Field{Key: k, KeyRange: f.KeyRange, Value: f.Value})
		}
	}
	out.Fields = append(out.Fields, &parser.Field{Key: "permissions", KeyRange: v.Range, Value: perms})
	return out
}

func buildWebApp(c *mapCtx) {
	var settings []*parser.Value
	var unknown *parser.Value
	if v := c.take("app_settings"); v != nil {
		switch v.Kind {
		case parser.KindObject:
			for _, f := range v.Fields {
				r := f.KeyRange
				r.End = f.Value.Range.End
				settings = append(settings, parser.ObjectValue([]*parser.Field{
					{Key: "name", KeyRange: f.KeyRange, Value: parser.StrValue(f.Key, f.KeyRange)},
					{Key: "value", KeyRange: f.Value.Range, Value: f.Value},
				}, r))
			}
		case parser.KindNull:
		default:
			unknown = v
		}
	}
	if v := c.take("storage_account_access_key"); v != nil {
		settings = append(settings, parser.ObjectValue([]*parser.Field{
			{Key: "name", KeyRange: v.Range, Value: parser.StrValue("AzureWebJobsStorage", v.Range)},
			{Key: "value", KeyRange: v.Range, Value: v},
		}, v.Range))
	}
	switch {
	case unknown != nil:
		c.set("siteConfig.appSettings", unknown)
	case settings != nil:
		c.set("siteConfig.appSettings", parser.ArrayValue(settings, settings[0].Range))
	}
	if v := c.take("connection_string"); v != nil {
		c.set("siteConfig.connectionStrings", mapItems(v, func(b *parser.Value) *parser.Value {
			return renameFields(b, map[string]string{"value": "connectionString"})
		}))
	}
}

// osProfile maps the legacy os_profile block of azurerm_virtual_machine(_scale_set).
func (c *mapCtx) osProfile(base string) {
	v := c.take("os_profile")
	b := firstBlock(v)
	if b == nil {
		if v != nil {
			c.r.Extra.Set("os_profile", v)
		}
		return
	}
	for _, f := range b.Fields {
		switch f.Key {
		case "admin_password":
			c.set(base+".adminPassword", f.Value)
		case "admin_username":
			c.set(base+".adminUsername", f.Value)
		case "computer_name", "computer_name_prefix":
			c.set(base+"."+camel(f.Key), f.Value)
		case "custom_data":
			c.set(base+".customData", f.Value)
		}
	}
}

func buildAKS(c *mapCtx) {
	if b := firstBlock(c.take("kubelet_identity")); b != nil {
		if v := b.Get("user_assigned_identity_id"); v != nil {
			c.set("identityProfile.kubeletidentity.resourceId", v)
		}
		if v := b.Get("object_id"); v != nil {
			c.set("identityProfile.kubeletidentity.objectId", v)
		}
		if v := b.Get("client_id"); v != nil {
			c.set("identityProfile.kubeletidentity.clientId", v)
		}
	}
	if b := firstBlock(c.take("key_vault_secrets_provider")); b != nil {
		c.set("addonProfiles.azureKeyvaultSecretsProvider.enabled", parser.BoolValue(true, b.Range))
		if v := b.Get("secret_rotation_enabled"); v != nil {
			c.set("addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation", v)
		}
	}
	if b := firstBlock(c.take("azure_active_directory_role_based_access_control")); b != nil {
		c.set("aadProfile.managed", parser.BoolValue(true, b.Range))
		if v := b.Get("azure_rbac_enabled"); v != nil {
			c.set("aadProfile.enableAzureRBAC", v)
		}
	}
}

func buildContainerApp(c *mapCtx) {
	if v := c.take("container_app_environment_id"); v != nil {
		c.set("managedEnvironmentId", v)
	}
	if v := c.take("secret"); v != nil {
		c.set("configuration.secrets", mapItems(v, func(b *parser.Value) *parser.Value {
			return renameFields(b, map[string]string{"key_vault_secret_id": "keyVaultUrl"})
		}))
	}
	if v := c.take("registry"); v != nil {
		c.set("configuration.registries", mapItems(v, func(b *parser.Value) *parser.Value {
			return renameFields(b, map[string]string{"password_secret_name": "passwordSecretRef"})
		}))
	}
}

// mapResource fills r (ID, Range, Native, Module set) from the Terraform
// body of a resource of type native.
func mapResource(s *scope, r *parser.Resource, native string, body *parser.Value) {
	c := &mapCtx{r: r, body: body, used: map[string]bool{}, props: parser.ObjectValue(nil, r.Range), s: s}
	r.Extra = parser.ObjectValue(nil, r.Range)
	if id := c.take("identity"); id != nil {
		r.Identity = identity(id, r.Range)
	}
	if native == "azapi_resource" || native == "azapi_update_resource" {
		mapAzapi(c)
		return
	}
	t := types[native]
	if t == nil {
		r.Type = "Terraform/" + native
		r.Name = c.take("name")
		c.finish(false)
		return
	}
	r.Type, r.APIVersion = t.arm, t.api
	if native != "azurerm_role_definition" {
		r.Name = c.take("name")
	}
	for _, a := range t.attrs {
		if v := c.take(a.tf); v != nil {
			if a.arm == "publicNetworkAccess" && v.Kind == parser.KindBool {
				s := "Disabled"
				if v.Bool {
					s = "Enabled"
				}
				v = parser.StrValue(s, v.Range)
			}
			if a.arm == "disableLocalAuth" && strings.HasSuffix(a.tf, "_enabled") && v.Kind == parser.KindBool {
				v = parser.BoolValue(!v.Bool, v.Range)
			}
			c.set(a.arm, v)
		}
	}
	if t.build != nil {
		t.build(c)
	}
	if t.parent != "" {
		if p := c.take(t.parent); p != nil {
			r.Parent = asTarget(p)
			leaf := r.Name
			if t.leaf != "" {
				leaf = parser.StrValue(t.leaf, r.Range)
			}
			if s != nil {
				s.u.pendingNames = append(s.u.pendingNames, pendingName{res: r, parent: r.Parent, leaf: leaf})
			}
			if r.Name == nil || t.leaf != "" {
				r.Name = leaf
			}
		}
	}
	if native == "azurerm_role_assignment" && s != nil {
		c.roleNameFromData()
	}
	c.finish(true)
}

// roleNameFromData: role_definition_id = data.azurerm_role_definition.x.id
// with a static name gives properties.roleDefinitionName.
func (c *mapCtx) roleNameFromData() {
	id := c.props.Get("roleDefinitionId")
	if id == nil || id.Kind != parser.KindUnknown || c.props.Get("roleDefinitionName") != nil {
		return
	}
	parts := strings.Split(id.Str, ".")
	if len(parts) < 4 || parts[0] != "data" || parts[1] != "azurerm_role_definition" {
		return
	}
	if v := c.s.dataAttr("data.azurerm_role_definition."+parts[2], "name"); v != nil && v.Kind == parser.KindString {
		c.set("roleDefinitionName", parser.StrValue(v.Str, id.Range))
	}
}

// finish sets Name, Properties and Extra.
func (c *mapCtx) finish(mapped bool) {
	r := c.r
	if r.Name == nil {
		r.Name = parser.UnknownValue(r.ID, r.TypeRange)
	}
	for _, f := range c.body.Fields {
		if !c.used[f.Key] {
			r.Extra.Fields = append(r.Extra.Fields, f)
		}
	}
	if len(r.Extra.Fields) == 0 {
		r.Extra = nil
	}
	if mapped {
		r.Properties = c.props
	}
}

// identity maps an identity block (or list of one).
func identity(v *parser.Value, r parser.Range) *parser.Identity {
	b := firstBlock(v)
	if b == nil {
		if v.Kind == parser.KindArray && len(v.Items) == 0 {
			return nil
		}
		return &parser.Identity{Range: v.Range}
	}
	id := &parser.Identity{Range: b.Range}
	if t, ok := b.Get("type").String(); ok {
		id.Type = parser.NormalizeIdentityType(t)
	}
	if ids := b.Get("identity_ids"); ids != nil {
		switch ids.Kind {
		case parser.KindArray:
			id.UserAssigned = append(id.UserAssigned, ids.Items...)
		case parser.KindNull:
		default:
			id.UserAssigned = append(id.UserAssigned, ids)
		}
	}
	return id
}

// Extension resource types: parent_id is their scope, not their parent.
func isExtensionType(t string) bool {
	lt := strings.ToLower(t)
	for _, p := range []string{"microsoft.authorization/", "microsoft.insights/diagnosticsettings", "microsoft.resources/tags",
		"microsoft.security/", "microsoft.policyinsights/", "microsoft.resourcehealth/"} {
		if strings.HasPrefix(lt, p) {
			return true
		}
	}
	return false
}

// mapAzapi maps azapi_resource: type "X@api", parent_id as scope or
// parent, body (object or JSON string) as the ARM body.
func mapAzapi(c *mapCtx) {
	r := c.r
	r.Name = c.take("name")
	r.Type = "Terraform/azapi_resource"
	if t := c.take("type"); t != nil {
		if ts, ok := t.String(); ok {
			if typ, api, _ := strings.Cut(ts, "@"); typ != "" {
				r.Type, r.APIVersion = typ, api
				r.TypeRange = t.Range
			}
		}
	}
	if p := c.take("parent_id"); p != nil {
		switch {
		case isExtensionType(r.Type):
			r.Scope = asTarget(p)
		case strings.Count(r.Type, "/") >= 2:
			r.Parent = asTarget(p)
			if c.s != nil {
				c.s.u.pendingNames = append(c.s.u.pendingNames, pendingName{res: r, parent: r.Parent, leaf: r.Name})
			}
		default:
			r.Extra.Fields = append(r.Extra.Fields, &parser.Field{Key: "parent_id", KeyRange: p.Range, Value: p})
		}
	}
	body := c.take("body")
	if body != nil && body.Kind == parser.KindString {
		body = decodeJSON(body)
	}
	if body != nil && body.Kind == parser.KindObject {
		rest := parser.ObjectValue(nil, body.Range)
		for _, f := range body.Fields {
			switch f.Key {
			case "properties":
				c.props = f.Value
			case "identity":
				if r.Identity == nil && f.Value.Kind == parser.KindObject {
					r.Identity = armIdentity(f.Value)
				}
			default:
				rest.Fields = append(rest.Fields, f)
			}
		}
		if len(rest.Fields) > 0 {
			r.Extra.Fields = append(r.Extra.Fields, &parser.Field{Key: "body", KeyRange: body.Range, Value: rest})
		}
	} else if body != nil {
		c.props = body
	}
	c.finish(true)
	if r.Properties != nil && r.Properties.Kind == parser.KindObject && len(r.Properties.Fields) == 0 && body == nil {
		r.Properties = nil
	}
}

// armIdentity reads an ARM-shaped identity object.
func armIdentity(v *parser.Value) *parser.Identity {
	id := &parser.Identity{Range: v.Range}
	if t, ok := v.Get("type").String(); ok {
		id.Type = parser.NormalizeIdentityType(t)
	}
	if ua := v.Get("userAssignedIdentities"); ua != nil && ua.Kind == parser.KindObject {
		for _, f := range ua.Fields {
			id.UserAssigned = append(id.UserAssigned, parser.StrValue(f.Key, f.KeyRange))
		}
	}
	return id
}

// decodeJSON decodes a JSON string value (azapi v1 body); every node gets
// the string's range. Not JSON: the string is returned.
func decodeJSON(v *parser.Value) *parser.Value {
	var x any
	if err := json.Unmarshal([]byte(v.Str), &x); err != nil {
		return v
	}
	return fromJSON(x, v.Range, 0)
}

func fromJSON(x any, r parser.Range, depth int) *parser.Value {
	if depth > parser.DefaultMaxDepth {
		return parser.UnknownValue("", r)
	}
	switch t := x.(type) {
	case nil:
		return parser.NullValue(r)
	case bool:
		return parser.BoolValue(t, r)
	case float64:
		return parser.NumValue(t, r)
	case string:
		return parser.StrValue(t, r)
	case []any:
		items := make([]*parser.Value, len(t))
		for i, it := range t {
			items[i] = fromJSON(it, r, depth+1)
		}
		return parser.ArrayValue(items, r)
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sortStrings(keys)
		fields := make([]*parser.Field, 0, len(t))
		for _, k := range keys {
			fields = append(fields, &parser.Field{Key: k, KeyRange: r, Value: fromJSON(t[k], r, depth+1)})
		}
		return parser.ObjectValue(fields, r)
	}
	return parser.UnknownValue("", r)
}
