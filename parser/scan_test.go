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
		for _, kv := range BuildScan[any](GoBuilder{}, u, nil) {
			if kv.Key == "literals" {
				lits, _ = kv.Val.([]any)
			}
		}
		if len(lits) != tc.want {
			t.Errorf("%s (%s): %d literals, want %d", tc.typ, tc.native, len(lits), tc.want)
		}
	}
}

func TestScanListsSecretParameterDefaults(t *testing.T) {
	r := Range{}
	u := &Unit{Parameters: []*Parameter{
		{Name: "adminPassword", Type: "securestring", Secure: true, Default: StrValue("P@ss", r)}, // listed
		{Name: "dbPassword", Type: "string", Default: StrValue("x", r)},                           // password-named: listed
		{Name: "token", Secure: true}, // no default
		{Name: "seed", Secure: true, Default: UnknownValue("newGuid()", r), DefaultGenerated: true}, // generated
		{Name: "location", Type: "string", Default: StrValue("westeurope", r)},                      // not a secret
	}}
	var lits []any
	for _, kv := range BuildScan[any](GoBuilder{}, u, nil) {
		if kv.Key == "literals" {
			lits, _ = kv.Val.([]any)
		}
	}
	var got []string
	for _, l := range lits {
		m := l.(map[string]any)
		if m["kind"] == "parameter" {
			got = append(got, m["path"].(string))
		}
	}
	if len(got) != 2 || got[0] != "parameters.adminPassword" || got[1] != "parameters.dbPassword" {
		t.Errorf("parameter literals %v, want adminPassword and dbPassword", got)
	}
}

func TestScanSkipsParameterValues(t *testing.T) {
	r := Range{}
	u := &Unit{
		Parameters: []*Parameter{{Name: "adminPassword", Type: "securestring", Secure: true, Value: StrValue("GEN-PASSWORD", r)}},
		Resources: []*Resource{{ID: "vm", Type: "Microsoft.Compute/virtualMachines", Properties: ObjectValue([]*Field{
			{Key: "adminPassword", Value: StrValue("GEN-PASSWORD", r)}, // resolved from the parameter
			{Key: "otherPassword", Value: StrValue("hunter2hunter2", r)},
		}, r)}},
	}
	x := ScanUnit(u)
	if len(x.Literals) != 1 || x.Literals[0].Path != "properties.otherPassword" {
		t.Errorf("literals %+v, want only properties.otherPassword", x.Literals)
	}
	if len(x.ParamValues) != 1 || x.ParamValues[0] != "GEN-PASSWORD" {
		t.Errorf("paramValues %v", x.ParamValues)
	}
}
