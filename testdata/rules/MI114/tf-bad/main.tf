terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

variable "ops_group_id" {
  type = string
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-prod"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  rbac_authorization_enabled = false
}

resource "azurerm_role_assignment" "ops" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Contributor" # expect: MI114
  principal_id         = var.ops_group_id
}
