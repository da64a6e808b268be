// Access policies from vaults/accessPolicies children: add and replace add
// entries, remove takes permissions away.
resource orders 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-orders'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

resource billing 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-billing'
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
        objectId: billing.identity.principalId
        permissions: {
          secrets: [
            'get'
            'all'
          ]
        }
      }
    ]
  }
}

resource add 'Microsoft.KeyVault/vaults/accessPolicies@2023-07-01' = {
  parent: kv
  name: 'add'
  properties: {
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: orders.identity.principalId
        permissions: {
          keys: [
            'All' // expect: MI101
          ]
        }
      }
    ]
  }
}

resource replace 'Microsoft.KeyVault/vaults/accessPolicies@2023-07-01' = {
  parent: kv
  name: 'replace'
  properties: {
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: orders.identity.principalId
        permissions: {
          certificates: [
            'get'
            'purge' // expect: MI102
          ]
        }
      }
    ]
  }
}

// takes 'all' away from billing's inline entry: no MI101 there
resource remove 'Microsoft.KeyVault/vaults/accessPolicies@2023-07-01' = {
  parent: kv
  name: 'remove'
  properties: {
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: billing.identity.principalId
        permissions: {
          secrets: [
            'all'
          ]
        }
      }
    ]
  }
}
