// Every value a rule judges comes from a parameter without a default: the
// template alone decides nothing, so milint must report nothing. The
// parameter file bad-values.bicepparam supplies values that are findings.

param rbac bool
param secretPermissions array
param roleId string

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-orders'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-prod'
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: rbac
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: app.identity.principalId
        permissions: {
          secrets: secretPermissions
        }
      }
    ]
  }
}

resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(kv.id, roleId)
  scope: kv
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
