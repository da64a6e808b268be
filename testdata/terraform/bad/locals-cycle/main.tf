locals {
  a = "${local.b}-x"
  b = local.c
  c = local.a
  d = "fine"
}

resource "azurerm_user_assigned_identity" "id" {
  name                = local.a
  resource_group_name = local.d
  location            = "westeurope"
}
