variable "name" {
  type = string
}

resource "azurerm_user_assigned_identity" "this" {
  name                = var.name
  resource_group_name = "rg-plan"
  location            = "westeurope"
}

output "principal_id" {
  value = azurerm_user_assigned_identity.this.principal_id
}
