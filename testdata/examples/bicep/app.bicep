// An app that reads secrets from an RBAC vault, but its system-assigned
// identity is given Key Vault Administrator (MI110): it needs Key Vault
// Secrets User, scoped to the vault.
param location string = resourceGroup().location

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-orders-prod'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
  }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-orders'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    siteConfig: {
      appSettings: [
        { name: 'DB_PASSWORD', value: '@Microsoft.KeyVault(VaultName=kv-orders-prod;SecretName=db-password)' }
      ]
    }
  }
}

resource grant 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(kv.id, app.id, 'kv-admin')
  scope: kv
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '00482a5a-887f-4fb3-b363-3b7fe8e74483')
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}
