resource r 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'ok'
}
