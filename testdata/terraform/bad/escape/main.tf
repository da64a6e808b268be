module "outside" {
  source = "../../../../../outside"
}

resource "azurerm_user_assigned_identity" "id" {
  name                = "id-escape"
  resource_group_name = "rg"
  location            = "westeurope"
}
