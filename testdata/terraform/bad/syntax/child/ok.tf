resource "azurerm_storage_account" "fine" {
  name = "stfine"
}
