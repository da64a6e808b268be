param names array = [
  'orders'
  'billing'
]

resource apps 'Microsoft.Web/sites@2023-12-01' = [for name in names: {
  name: 'app-${name}'
  location: 'westeurope'
  identity: { // expect: MI302
    type: 'SystemAssigned'
  }
  properties: {}
}]

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

resource secretsUsers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (name, i) in names: {
  name: guid(kv.id, name, 'secrets-user')
  scope: kv
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: apps[i].identity.principalId
    principalType: 'ServicePrincipal'
  }
}]
