terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

resource "azurerm_user_assigned_identity" "orders" {
  name                = "id-orders"
  location            = "westeurope"
  resource_group_name = "rg-prod"
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-prod"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  rbac_authorization_enabled = true
}

resource "azurerm_role_assignment" "orders_secrets" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "key vault secrets officer" # expect: MI112
  principal_id         = azurerm_user_assigned_identity.orders.principal_id
}
