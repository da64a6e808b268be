package parser

import "testing"

func TestScanLiteralsOnlyForAzureResources(t *testing.T) {
	pw := func() *Value {
		return ObjectValue([]*Field{{Key: "adminPassword", Value: StrValue("P@ssw0rd1234", Range{})}}, Range{})
	}
	tests := []struct {
		typ, native string
		want        int
	}{
		{"Microsoft.Compute/virtualMachines", "", 1},
		{"Microsoft.Compute/virtualMachines", "azurerm_linux_virtual_machine", 1},
		{"Terraform/azapi_resource", "azapi_resource", 1},
		{"Terraform/azurerm_unmapped_thing", "azurerm_unmapped_thing", 1},
		{"Terraform/azuread_application_password", "azuread_application_password", 1},
		{"Terraform/google_container_cluster", "google_container_cluster", 0},
		{"Terraform/aws_db_instance", "", 0},
	}
	for _, tc := range tests {
		u := &Unit{Resources: []*Resource{{ID: "r", Type: tc.typ, Native: tc.native, Properties: pw()}}}
		var lits []any
		for _, kv := range BuildScan[any](GoBuilder{}, u) {
			if kv.Key == "literals" {
				lits, _ = kv.Val.([]any)
			}
		}
		if len(lits) != tc.want {
			t.Errorf("%s (%s): %d literals, want %d", tc.typ, tc.native, len(lits), tc.want)
		}
	}
}
