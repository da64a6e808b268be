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
  properties: {
    siteConfig: {
      appSettings: [
        {
          name: 'AzureWebJobsStorage'
          value: 'DefaultEndpointsProtocol=https;AccountName=${st.name};AccountKey=${st.listKeys().keys[0].value}' // expect: MI402
        }
      ]
    }
  }
}
