// MI301 counts distinct declarations (orders, billing), not the loop;
// MI302 reports the looped declaration.
param workers array = [
  'a'
  'b'
]

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

resource jobs 'Microsoft.Web/sites@2023-12-01' = [for w in workers: {
  name: 'job-${w}'
  location: 'westeurope'
  identity: { // expect: MI302
    type: 'SystemAssigned'
  }
  properties: {}
}]

resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = { // expect: MI301
  name: 'stshared'
  location: 'westeurope'
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
}

resource ordersBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(st.id, 'orders')
  scope: st
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: orders.identity.principalId
  }
}

resource billingBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(st.id, 'billing')
  scope: st
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: billing.identity.principalId
  }
}

resource jobsBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (w, i) in workers: {
  name: guid(st.id, w)
  scope: st
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: jobs[i].identity.principalId
  }
}]
