resource "azapi_resource" "uami" {
  type      = "Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31"
  name      = "id-azapi"
  parent_id = "/subscriptions/0000/resourceGroups/rg"
  location  = "westeurope"
}

resource "azapi_resource" "kv" {
  type      = "Microsoft.KeyVault/vaults@2023-07-01"
  name      = "kv-azapi"
  parent_id = "/subscriptions/0000/resourceGroups/rg"
  location  = "westeurope"
  identity {
    type = "SystemAssigned"
  }
  body = {
    properties = {
      tenantId                = "00000000-0000-0000-0000-000000000000"
      sku                     = { family = "A", name = "standard" }
      enableRbacAuthorization = false
      accessPolicies = [
        {
          tenantId    = "00000000-0000-0000-0000-000000000000"
          objectId    = azapi_resource.uami.output.properties.principalId
          permissions = { secrets = ["all"], keys = ["get", "purge"] }
        }
      ]
    }
  }
}

resource "azapi_resource" "ap" {
  type      = "Microsoft.KeyVault/vaults/accessPolicies@2023-07-01"
  name      = "add"
  parent_id = azapi_resource.kv.id
  body = {
    properties = {
      accessPolicies = [{ tenantId = "t", objectId = "o", permissions = { secrets = ["get"] } }]
    }
  }
}

resource "azapi_resource" "ra" {
  type      = "Microsoft.Authorization/roleAssignments@2022-04-01"
  name      = "6f0e5b7c-0000-4000-8000-000000000001"
  parent_id = azapi_resource.kv.id
  body = {
    properties = {
      roleDefinitionId = "/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483"
      principalId      = azapi_resource.uami.output.properties.principalId
      principalType    = "ServicePrincipal"
    }
  }
}
