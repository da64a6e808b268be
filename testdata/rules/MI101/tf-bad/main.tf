terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

terraform {
  required_providers {
    azapi = {
      source = "Azure/azapi"
    }
  }
}

resource "azapi_resource" "kv" {
  type      = "Microsoft.KeyVault/vaults@2023-07-01"
  name      = "kv-prod"
  parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod"
  location  = "westeurope"
  body = {
    properties = {
      tenantId                = "00000000-0000-0000-0000-000000000000"
      sku                     = { family = "A", name = "standard" }
      enableRbacAuthorization = false
      accessPolicies = [{
        tenantId    = "00000000-0000-0000-0000-000000000000"
        objectId    = azurerm_linux_web_app.app.identity[0].principal_id
        permissions = { secrets = ["all"] } # expect: MI101
      }]
    }
  }
}

resource "azurerm_linux_web_app" "app" {
  name                = "app-orders"
  location            = "westeurope"
  resource_group_name = "rg-prod"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/serverFarms/plan"

  identity {
    type = "SystemAssigned"
  }

  site_config {}
}
