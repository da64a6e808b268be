# Scope levels from Terraform scope strings and references.
resource "azurerm_user_assigned_identity" "app" {
  name                = "id-app"
  location            = "westeurope"
  resource_group_name = "rg-prod"
}

resource "azurerm_key_vault" "kv" {
  name                       = "kv-prod"
  location                   = "westeurope"
  resource_group_name        = "rg-prod"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "standard"
  rbac_authorization_enabled = true
}

resource "azurerm_role_assignment" "rg" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod" # expect: MI111
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

resource "azurerm_role_assignment" "mg" {
  scope                = "/providers/Microsoft.Management/managementGroups/platform" # expect: MI111
  role_definition_name = "Key Vault Crypto User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

resource "azurerm_role_assignment" "vault" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

resource "azurerm_role_assignment" "secret" {
  scope                = "${azurerm_key_vault.kv.id}/secrets/db-password"
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

resource "azurerm_role_assignment" "reader" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_name = "Key Vault Reader"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}
