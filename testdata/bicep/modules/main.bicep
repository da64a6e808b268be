// Module fixture: the caller passes the offending values.
param rbac bool = false

resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-app'
  location: 'westeurope'
}

module vault './child/vault.bicep' = {
  name: 'vault-deploy'
  scope: resourceGroup('rg-sec')
  params: {
    name: 'kv-mod'
    enableRbacAuthorization: rbac
    principalId: uami.properties.principalId
    secretPermissions: [
      'all'
    ]
  }
}

module vaults './child/vault.bicep' = [for i in range(0, 3): if (rbac) {
  name: 'vault-${i}'
  params: {
    name: 'kv-${i}'
    enableRbacAuthorization: true
    principalId: vault.outputs.principalOut
    secretPermissions: []
  }
}]

module json './child/storage.json' = {
  name: 'json-deploy'
  params: {
    storageName: 'stjson'
  }
}

module registry 'br/public:avm/res/key-vault/vault:0.11.0' = {
  name: 'registry'
}

module spec 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {
  name: 'spec'
}

module missing './child/does-not-exist.bicep' = {
  name: 'missing'
}

resource grant 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid('g')
  properties: {
    roleDefinitionId: vault.outputs.vaultId
    principalId: vault.outputs.principalOut
  }
}
