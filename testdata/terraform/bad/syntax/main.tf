module "child" {
  source = "./child"
}

resource "azurerm_user_assigned_identity" "ok" {
  name                = "id-ok"
  resource_group_name = "rg"
  location            = "westeurope"
}
