resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stordersfunc'
  location: 'westeurope'
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
}

resource func 'Microsoft.Web/sites@2023-12-01' = {
  name: 'func-orders'
  location: 'westeurope'
  kind: 'functionapp'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    siteConfig: {
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: st.name
        }
      ]
    }
  }
}
