resource "azurerm_key_vault" "list" {
  name                      = "kv-list"
  location                  = "westeurope"
  resource_group_name       = "rg"
  tenant_id                 = "00000000-0000-0000-0000-000000000000"
  sku_name                  = "standard"
  enable_rbac_authorization = true
  access_policy = [
    {
      tenant_id               = "00000000-0000-0000-0000-000000000000"
      object_id               = "11111111-1111-1111-1111-111111111111"
      application_id          = null
      key_permissions         = ["Get", "Purge"]
      secret_permissions      = []
      certificate_permissions = []
      storage_permissions     = []
    }
  ]
}

resource "azurerm_key_vault" "empty" {
  name                = "kv-empty"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
  access_policy       = []
}
