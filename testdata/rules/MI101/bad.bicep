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
    enableRbacAuthorization: false
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: app.identity.principalId
        permissions: {
          secrets: [
            'all' // expect: MI101
          ]
        }
      }
    ]
  }
}
