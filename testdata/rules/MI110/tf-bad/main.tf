terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

resource "azurerm_linux_web_app" "app" {
  name                = "app-orders"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/serverFarms/plan"

  identity {
    type = "SystemAssigned"
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

resource "azurerm_role_assignment" "app_contributor" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod"
  role_definition_name = "Contributor" # expect: MI110
  principal_id         = azurerm_linux_web_app.app.identity[0].principal_id
}
