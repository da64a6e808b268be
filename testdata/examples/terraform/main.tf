# A vault on the access-policy model (no rbac_authorization_enabled, which
# azurerm reads as false: MI201) whose policy lets the deployer purge
# secrets (MI102).
data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "rg" {
  name     = "rg-orders"
  location = "westeurope"
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-orders-tf"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"

  access_policy {
    tenant_id          = data.azurerm_client_config.current.tenant_id
    object_id          = data.azurerm_client_config.current.object_id
    secret_permissions = ["Get", "List", "Set", "Purge"]
  }
}
