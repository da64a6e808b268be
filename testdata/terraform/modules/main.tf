resource "azurerm_user_assigned_identity" "app" {
  name                = "id-app"
  resource_group_name = "rg"
  location            = "westeurope"
}

module "kv" {
  source      = "./modules/kv"
  name        = "kv-from-module"
  rbac        = false
  reader_id   = azurerm_user_assigned_identity.app.principal_id
  permissions = ["Get", "Purge"]
}

resource "azurerm_role_assignment" "mod" {
  scope                = module.kv.vault_id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}
