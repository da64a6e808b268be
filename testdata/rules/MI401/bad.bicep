@secure()
param adminPassword string = 'Winter2024!-change' // expect: MI401

resource sql 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: 'sql-orders'
  location: 'westeurope'
  properties: {
    administratorLogin: 'sqladmin'
    administratorLoginPassword: adminPassword
  }
}

resource kv 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: 'kv-prod'
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: kv
  name: 'storage-connection'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=stprod;AccountKey=bXlrZXk=' // expect: MI401
  }
}
