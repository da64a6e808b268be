variable "principal_ids" {
  type    = list(string)
  default = ["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"]
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-count"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_key_vault_access_policy" "ap" {
  count        = length(var.principal_ids)
  key_vault_id = azurerm_key_vault.kv.id
  tenant_id    = "00000000-0000-0000-0000-000000000000"
  object_id    = var.principal_ids[count.index]

  secret_permissions = [
    "Get",
    "Purge",
  ]
  certificate_permissions = ["all"]
}
