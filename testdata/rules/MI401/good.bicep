@secure()
param adminPassword string

resource sql 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: 'sql-orders'
  location: 'westeurope'
  properties: {
    administratorLogin: 'sqladmin'
    administratorLoginPassword: adminPassword
  }
}
