// The caller passes the offending values; the findings land in the module.
resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-app'
  location: 'westeurope'
}

module vault './modules/vault.bicep' = {
  name: 'vault'
  params: {
    principalId: uami.properties.principalId
    rbac: false
    secretPermissions: [
      'all'
    ]
  }
}

module vault2 './modules/vault.bicep' = {
  name: 'vault2'
  params: {
    principalId: uami.properties.principalId
    rbac: false
    secretPermissions: [
      'all'
    ]
  }
}
