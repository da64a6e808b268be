resource "azurerm_key_vault" "broken" {
  name = "kv-broken"
  sku_name = "standard
}
