resource "azapi_resource" "uami" {
  type      = "Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31"
  name      = "id-azapi"
  parent_id = "/subscriptions/0000/resourceGroups/rg"
  location  = "westeurope"
}

resource "azapi_resource" "kv" {
  type      = "Microsoft.KeyVault/vaults@2022-07-01"
  name      = "kv-azapi-v1"
  parent_id = "/subscriptions/0000/resourceGroups/rg"
  location  = "westeurope"
  body = jsonencode({
    properties = {
      tenantId = "00000000-0000-0000-0000-000000000000"
      sku      = { family = "A", name = "standard" }
      accessPolicies = [
        {
          tenantId    = "00000000-0000-0000-0000-000000000000"
          objectId    = jsondecode(azapi_resource.uami.output).properties.principalId
          permissions = { secrets = ["all"] }
        }
      ]
    }
  })
}

resource "azapi_resource" "kv_heredoc" {
  type      = "Microsoft.KeyVault/vaults@2022-07-01"
  name      = "kv-azapi-heredoc"
  parent_id = "/subscriptions/0000/resourceGroups/rg"
  body      = <<-JSON
    {"properties": {"enableRbacAuthorization": true, "tenantId": "t"}}
  JSON
}
