param principalId string
param rbac bool = true
param secretPermissions array = [
  'get'
]

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-module'
  location: 'westeurope'
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: rbac
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
