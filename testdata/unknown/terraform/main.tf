# Every value a rule judges comes from a variable without a default: the
# configuration alone decides nothing, so milint must report nothing.
# bad-values.tfvars (not loaded unless named) supplies values that are
# findings.

terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

variable "rbac" {
  type = bool
}

variable "secret_permissions" {
  type = list(string)
}

variable "role_name" {
  type = string
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
  name                       = "kv-prod"
  location                   = "westeurope"
  resource_group_name        = "rg-prod"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "standard"
  rbac_authorization_enabled = var.rbac

  access_policy {
    tenant_id          = "00000000-0000-0000-0000-000000000000"
    object_id          = azurerm_linux_web_app.app.identity[0].principal_id
    secret_permissions = var.secret_permissions
  }
}

resource "azurerm_role_assignment" "ra" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = var.role_name
  principal_id         = azurerm_linux_web_app.app.identity[0].principal_id
}
