module "again" {
  source = "./"
}

resource "azurerm_user_assigned_identity" "id" {
  name                = "id-self"
  resource_group_name = "rg"
  location            = "westeurope"
}
