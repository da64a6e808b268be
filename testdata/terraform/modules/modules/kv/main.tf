variable "name" {
  type = string
}

variable "rbac" {
  type    = bool
  default = true
}

variable "reader_id" {
  type = string
}

variable "permissions" {
  type    = list(string)
  default = ["Get"]
}

variable "admin_password" {
  type      = string
  sensitive = true
  default   = "hunter2-literal"
}

resource "azurerm_key_vault" "this" {
  name                      = var.name
  location                  = "westeurope"
  resource_group_name       = "rg"
  tenant_id                 = "00000000-0000-0000-0000-000000000000"
  sku_name                  = "standard"
  enable_rbac_authorization = var.rbac

  access_policy {
    tenant_id          = "00000000-0000-0000-0000-000000000000"
    object_id          = var.reader_id
    secret_permissions = var.permissions
  }
}

output "vault_id" {
  value = azurerm_key_vault.this.id
}
