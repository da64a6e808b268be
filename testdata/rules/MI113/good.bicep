targetScope = 'subscription'

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'app-operator')
  properties: {
    roleName: 'app-operator'
    description: 'Operates the orders web apps'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Web/sites/read'
          'Microsoft.Web/sites/restart/action'
        ]
        notActions: [
        ]
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}
