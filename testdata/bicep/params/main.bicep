param vaultName string = 'kv-default'
param enableRbac bool = true
param permissions array = [
  'get'
]
@secure()
param secretValue string = 'literal-secret'

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: enableRbac
    accessPolicies: [
      {
        tenantId: tenant().tenantId
        objectId: '00000000-0000-0000-0000-000000000001'
        permissions: {
          secrets: permissions
        }
      }
    ]
  }
}
