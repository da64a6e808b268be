data "azurerm_client_config" "current" {}

locals {
  policies = [
    {
      object_id   = "11111111-1111-1111-1111-111111111111"
      secrets     = ["Get", "List"]
    },
    {
      object_id   = "22222222-2222-2222-2222-222222222222"
      secrets     = ["All", "Purge"]
    },
  ]
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-dynamic"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"

  dynamic "access_policy" {
    for_each = local.policies
    content {
      tenant_id          = data.azurerm_client_config.current.tenant_id
      object_id          = access_policy.value.object_id
      secret_permissions = access_policy.value.secrets
      key_permissions    = ["Get"]
    }
  }
}
