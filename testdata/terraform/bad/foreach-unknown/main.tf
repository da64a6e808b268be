variable "principals" {
  type = map(string)
}

resource "azurerm_role_assignment" "each" {
  for_each             = var.principals
  scope                = "/subscriptions/0000/resourceGroups/rg"
  role_definition_name = "Owner"
  principal_id         = each.value
}
