resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-orders'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

resource kvSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = { // expect: MI111
  name: guid(resourceGroup().id, 'kvSecrets')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
