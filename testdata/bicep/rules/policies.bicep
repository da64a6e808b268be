// MI101 (all), MI102 (purge) and MI201 (access-policy model) fire here.
resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-app'
  location: 'westeurope'
}

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-rules'
  location: 'westeurope'
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: false
    accessPolicies: [
      {
        tenantId: tenant().tenantId
        objectId: uami.properties.principalId
        permissions: {
          secrets: [
            'all'
          ]
          keys: [
            'get'
            'purge'
          ]
        }
      }
    ]
  }
}
