module "kv" {
  source  = "Azure/avm-res-keyvault-vault/azurerm"
  version = "0.9.1"
  name    = "kv-registry"
}

resource "azurerm_role_assignment" "r" {
  scope                = module.kv.resource_id
  role_definition_name = "Key Vault Administrator"
  principal_id         = "11111111-1111-1111-1111-111111111111"
}
