param name string
param enableRbacAuthorization bool = true
param principalId string
param secretPermissions array = [
  'get'
]

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: resourceGroup().location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: enableRbacAuthorization
    accessPolicies: [
      {
        tenantId: tenant().tenantId
        objectId: principalId
        permissions: {
          secrets: secretPermissions
        }
      }
    ]
  }
}

output vaultId string = kv.id
output principalOut string = principalId
