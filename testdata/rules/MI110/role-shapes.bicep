// Role resolution shapes and principal kinds for MI110.
param principalId string

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-orders'
  location: 'westeurope'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

resource custom 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'custom-owner')
  properties: {
    roleName: 'Owner'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Web/sites/read'
        ]
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

// subscriptionResourceId(...)
resource byFunction 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'fn')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635') // expect: MI110
    principalId: app.identity.principalId
  }
}

// a full literal id
resource byLiteral 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'lit')
  properties: {
    roleDefinitionId: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9' // expect: MI110
    principalId: app.identity.principalId
  }
}

// a bare GUID
resource byGuid 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'guid')
  properties: {
    roleDefinitionId: 'B24988AC-6180-42A0-AB88-20F7382DD24C' // expect: MI110
    principalId: app.identity.principalId
  }
}

// a reference to a custom role named "Owner" is not the built-in Owner
resource byCustom 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'custom')
  properties: {
    roleDefinitionId: custom.id
    principalId: app.identity.principalId
  }
}

// the deployer, a parameter and a literal object id are not workloads
resource toDeployer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'deployer')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')
    principalId: deployer().objectId
  }
}

resource toParameter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'param')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')
    principalId: principalId
  }
}

resource toLiteral 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'literal')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')
    principalId: '11111111-2222-3333-4444-555555555555'
  }
}

// an unknown role id
resource byUnknown 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, 'unknown')
  properties: {
    roleDefinitionId: principalId
    principalId: app.identity.principalId
  }
}
