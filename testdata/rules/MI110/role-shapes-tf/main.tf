# Role resolution shapes and principal kinds for MI110 in Terraform.
data "azurerm_client_config" "current" {}

variable "principal_id" {
  type = string
}

resource "azurerm_user_assigned_identity" "app" {
  name                = "id-app"
  location            = "westeurope"
  resource_group_name = "rg-prod"
}

resource "azurerm_role_assignment" "by_name_any_case" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod"
  role_definition_name = "owner" # expect: MI110
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

resource "azurerm_role_assignment" "by_id_string" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod"
  role_definition_id = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c" # expect: MI110
  principal_id       = azurerm_user_assigned_identity.app.principal_id
}

resource "azurerm_role_assignment" "deployer" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod"
  role_definition_name = "Owner"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_role_assignment" "variable" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod"
  role_definition_name = "Owner"
  principal_id         = var.principal_id
}
