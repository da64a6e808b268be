variable "rbac" {
  type    = bool
  default = false
}

resource "azurerm_key_vault" "kv" {
  name                       = "kv-tfvars"
  location                   = "westeurope"
  resource_group_name        = "rg"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "standard"
  rbac_authorization_enabled = var.rbac
}
