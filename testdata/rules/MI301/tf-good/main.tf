terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

resource "azurerm_user_assigned_identity" "apps" {
  name                = "id-apps"
  location            = "westeurope"
  resource_group_name = "rg-prod"
}

resource "azurerm_linux_web_app" "orders" {
  name                = "app-orders"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/serverFarms/plan"

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.apps.id]
  }

  site_config {}
}

resource "azurerm_linux_web_app" "billing" {
  name                = "app-billing"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/serverFarms/plan"

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.apps.id]
  }

  site_config {}
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-prod"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  rbac_authorization_enabled = true
}

resource "azurerm_role_assignment" "apps" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.apps.principal_id
}
