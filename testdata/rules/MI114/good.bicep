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

resource kvContrib 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(kv.id, 'kvContrib')
  scope: kv
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'f25e0fa2-a7c8-4377-a976-54943a77a395')
    principalId: '11111111-2222-3333-4444-555555555555'
    principalType: 'ServicePrincipal'
  }
}
