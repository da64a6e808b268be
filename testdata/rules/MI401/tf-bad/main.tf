terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
  }
}

variable "admin_password" { # expect: MI401
  type      = string
  sensitive = true
  default   = "Winter2024!-change"
}

resource "azurerm_mssql_server" "sql" {
  name                         = "sql-orders"
  resource_group_name          = "rg-prod"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = "Winter2024!-literal" # expect: MI401
}
