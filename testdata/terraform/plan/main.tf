data "azurerm_client_config" "current" {}

variable "rbac" {
  type    = bool
  default = false
}

resource "azurerm_user_assigned_identity" "app" {
  name                = "id-app"
  resource_group_name = "rg-plan"
  location            = "westeurope"
}

resource "azurerm_key_vault" "kv" {
  name                      = "kv-plan"
  location                  = "westeurope"
  resource_group_name       = "rg-plan"
  tenant_id                 = "00000000-0000-0000-0000-000000000000"
  sku_name                  = "standard"
  enable_rbac_authorization = var.rbac

  access_policy {
    tenant_id          = "00000000-0000-0000-0000-000000000000"
    object_id          = data.azurerm_client_config.current.object_id
    secret_permissions = ["Get", "List", "Purge"]
  }

  access_policy {
    tenant_id          = "00000000-0000-0000-0000-000000000000"
    object_id          = azurerm_user_assigned_identity.app.principal_id
    key_permissions    = ["Get", "WrapKey", "UnwrapKey"]
    secret_permissions = ["Get"]
  }
}

resource "azurerm_key_vault_access_policy" "extra" {
  count              = 2
  key_vault_id       = azurerm_key_vault.kv.id
  tenant_id          = "00000000-0000-0000-0000-000000000000"
  object_id          = "33333333-3333-3333-3333-333333333333"
  secret_permissions = ["Get", "Purge"]
}

resource "azurerm_role_assignment" "kv" {
  scope                = azurerm_key_vault.kv.id
  role_definition_name = "Key Vault Administrator"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

module "id" {
  source = "./modules/id"
  name   = "id-worker"
}
