resource "azurerm_user_assigned_identity" "shared" {
  name                = "id-shared"
  resource_group_name = "rg"
  location            = "westeurope"
}

resource "azurerm_storage_account" "sa" {
  name                      = "stdata"
  resource_group_name       = "rg"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  shared_access_key_enabled = false
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.shared.id]
  }
}

resource "azurerm_linux_function_app" "fn" {
  name                       = "fn"
  resource_group_name        = "rg"
  location                   = "westeurope"
  service_plan_id            = "plan"
  storage_account_name       = azurerm_storage_account.sa.name
  storage_account_access_key = azurerm_storage_account.sa.primary_access_key
  app_settings = {
    "DB" = "Server=x;Password=literal;"
  }
  identity {
    type = "systemassigned"
  }
  site_config {}
}

resource "azurerm_windows_web_app" "win" {
  name                = "win"
  resource_group_name = "rg"
  location            = "westeurope"
  service_plan_id     = "plan"
  app_settings        = var.settings
  site_config {}
}

variable "settings" {
  type = map(string)
}

resource "azurerm_linux_virtual_machine_scale_set" "vmss" {
  name                = "vmss"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "Standard_B1s"
  instances           = 3
  admin_username      = "azureuser"
  admin_password      = "Sup3rSecret!"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks"
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.shared.id]
  }
  kubelet_identity {
    user_assigned_identity_id = azurerm_user_assigned_identity.shared.id
    client_id                 = azurerm_user_assigned_identity.shared.client_id
    object_id                 = azurerm_user_assigned_identity.shared.principal_id
  }
  key_vault_secrets_provider {
    secret_rotation_enabled = true
  }
}

resource "azurerm_role_assignment" "kubelet" {
  scope                = azurerm_storage_account.sa.id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id
}

resource "azurerm_container_app" "ca" {
  name                         = "ca"
  container_app_environment_id = "env"
  resource_group_name          = "rg"
  revision_mode                = "Single"
  secret {
    name  = "db"
    value = "literal-secret"
  }
  secret {
    name                = "kv"
    key_vault_secret_id = azurerm_key_vault_secret.s.versionless_id
    identity            = azurerm_user_assigned_identity.shared.id
  }
  template {
    container {
      name   = "app"
      image  = "nginx"
      cpu    = 0.25
      memory = "0.5Gi"
    }
  }
}

resource "azurerm_mssql_server" "sql" {
  name                         = "sql"
  resource_group_name          = "rg"
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = "Literal-P@ss1"
}

resource "azurerm_key_vault" "kv" {
  name                = "kv-types"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
}

resource "azurerm_key_vault_secret" "s" {
  name         = "db-password"
  value        = "literal"
  key_vault_id = azurerm_key_vault.kv.id
}

resource "azurerm_key_vault_key" "k" {
  name         = "cmk"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_key_vault_certificate" "c" {
  name         = "tls"
  key_vault_id = azurerm_key_vault.kv.id
}

resource "azurerm_role_definition" "custom" {
  name        = "kv-writer"
  scope       = "/subscriptions/0000"
  description = "custom"
  permissions {
    actions     = ["Microsoft.KeyVault/vaults/write", "*/read"]
    not_actions = []
    data_actions = ["Microsoft.KeyVault/vaults/secrets/*"]
  }
  assignable_scopes = ["/subscriptions/0000"]
}

resource "azurerm_role_assignment" "custom" {
  scope              = azurerm_key_vault.kv.id
  role_definition_id = azurerm_role_definition.custom.role_definition_resource_id
  principal_id       = azurerm_user_assigned_identity.shared.principal_id
  condition          = "@Resource[Microsoft.KeyVault/vaults/secrets:name] StringEquals 'x'"
  condition_version  = "2.0"
}

data "azurerm_role_definition" "reader" {
  name = "Key Vault Secrets User"
}

resource "azurerm_role_assignment" "by_data" {
  scope              = azurerm_key_vault.kv.id
  role_definition_id = data.azurerm_role_definition.reader.id
  principal_id       = azurerm_user_assigned_identity.shared.principal_id
}

resource "azurerm_federated_identity_credential" "fic" {
  name                = "gh"
  resource_group_name = "rg"
  parent_id           = azurerm_user_assigned_identity.shared.id
  issuer              = "https://token.actions.githubusercontent.com"
  subject             = "repo:x/y:ref:refs/heads/main"
  audience            = ["api://AzureADTokenExchange"]
}

resource "random_password" "p" {
  length = 16
}
