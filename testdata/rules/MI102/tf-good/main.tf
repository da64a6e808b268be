terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

data "azurerm_client_config" "current" {}

resource "azurerm_key_vault" "kv" {
  name                = "kv-prod"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  rbac_authorization_enabled = false

  access_policy {
    tenant_id          = data.azurerm_client_config.current.tenant_id
    object_id          = data.azurerm_client_config.current.object_id
    secret_permissions = ["Get", "List", "Set"]
  }
}
