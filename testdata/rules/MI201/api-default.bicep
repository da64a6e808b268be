// enableRbacAuthorization absent: before 2026-02-01 it means access policies,
// from 2026-02-01 RBAC; an unknown flag decides nothing.
param rbac bool

resource legacy 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: 'kv-legacy'
  location: 'westeurope'
  properties: { // expect: MI201
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
  }
}

resource current 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: 'kv-current'
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
  }
}

resource fromParam 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-param'
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: rbac
  }
}
