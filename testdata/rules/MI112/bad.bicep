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
    enableRbacAuthorization: true
  }
}

resource kvSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(kv.id, 'kvSecrets')
  scope: kv
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7') // expect: MI112
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
