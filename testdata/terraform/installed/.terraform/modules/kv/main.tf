variable "name" {
  type = string
}

resource "azurerm_key_vault" "this" {
  name                       = var.name
  location                   = "westeurope"
  resource_group_name        = "rg"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "standard"
  rbac_authorization_enabled = true
}

output "resource_id" {
  value = azurerm_key_vault.this.id
}
