// Lowering fixture: references, nested children, loops, conditions, scopes.
targetScope = 'resourceGroup'

@description('Vault name')
param vaultName string = 'kv-${suffix}'
param suffix string = 'prod'
@secure()
param adminPassword string
@secure()
param generated string = newGuid()
param enableRbac bool = false
param appNames array = [
  'a'
  'b'
]

var location = resourceGroup().location
var secretsUser = roleDefinitions('Key Vault Secrets User').id
var adminRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '00482a5a-887f-4fb3-b363-3b7fe8e74483')

resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-shared'
  location: location
}

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    enableRbacAuthorization: enableRbac
    sku: {
      family: 'A'
      name: 'standard'
    }
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
      {
        tenantId: tenant().tenantId
        objectId: deployer().objectId
        permissions: {
          secrets: ['get', 'list']
        }
      }
    ]
  }

  resource secret 'secrets' = {
    name: 'db-password'
    properties: {
      value: adminPassword
    }
  }
}

resource policies 'Microsoft.KeyVault/vaults/accessPolicies@2023-07-01' = {
  parent: kv
  name: 'add'
  properties: {
    accessPolicies: [for (n, i) in appNames: {
      tenantId: tenant().tenantId
      objectId: apps[i].identity.principalId
      permissions: {
        secrets: ['get']
      }
    }]
  }
}

resource apps 'Microsoft.Web/sites@2023-01-01' = [for n in appNames: {
  name: 'app-${n}'
  location: location
  identity: {
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: {
      '${uami.id}': {}
    }
  }
  properties: {
    siteConfig: {
      appSettings: [
        {
          name: 'STORAGE'
          value: 'DefaultEndpointsProtocol=https;AccountName=${sa.name};AccountKey=${sa.listKeys().keys[0].value}'
        }
      ]
    }
  }
}]

resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = if (enableRbac) {
  name: toLower('st${uniqueString(resourceGroup().id)}')
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
}

resource grantUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(kv.id, uami.id, secretsUser)
  scope: kv
  properties: {
    roleDefinitionId: secretsUser
    principalId: uami.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource grantAdmin 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for i in range(0, 2): {
  name: guid('admin', string(i))
  scope: resourceGroup()
  properties: {
    roleDefinitionId: adminRole
    principalId: apps[i].identity.principalId
  }
}]

resource existingVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'other-vault'
  scope: resourceGroup('other-rg')

  resource secret 'secrets' existing = {
    name: 'shared'
  }
}

resource grantSecret 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(existingVault::secret.id, 'x')
  scope: existingVault::secret
  properties: {
    roleDefinitionId: secretsUser
    principalId: deployer().objectId
  }
}

output vaultUri string = kv.properties.vaultUri
