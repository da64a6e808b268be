package lint

import (
	"context"
	"path/filepath"
	"testing"
)

// TestFileNameRunThroughCallers: a changed module named on the command line
// (pre-commit) is linted through the entry file that calls it, and a file
// that merely mentions it is not linted.
func TestFileNameRunThroughCallers(t *testing.T) {
	tree(t, map[string]string{
		".git/HEAD":  "ref: refs/heads/main\n",
		"main.bicep": "param name string = 'kv-prod'\nmodule kv 'modules/kv.bicep' = {\n  name: 'kv'\n  params: {\n    name: name\n  }\n}\n",
		"modules/kv.bicep": "param name string\nresource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: name\n  location: 'westeurope'\n" +
			"  properties: {\n    tenantId: subscription().tenantId\n    sku: { family: 'A', name: 'standard' }\n    enableRbacAuthorization: false\n  }\n}\n",
		"other.bicep":              "// see modules/kv.bicep\nresource x 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n}\n",
		"tf/root/main.tf":          "module \"vault\" {\n  source = \"../modules/vault\"\n}\n",
		"tf/modules/vault/main.tf": "resource \"azurerm_key_vault\" \"kv\" {\n  name = \"kv\"\n  location = \"westeurope\"\n  resource_group_name = \"rg\"\n  tenant_id = \"t\"\n  sku_name = \"standard\"\n  enable_rbac_authorization = false\n}\n",
		"package.json":             `{"name": "x"}`,
	})
	tests := []struct {
		paths     []string
		entries   []string
		findingIn string
	}{
		{[]string{"modules/kv.bicep"}, []string{"main.bicep"}, "modules/kv.bicep"},
		{[]string{"modules/kv.bicep", "main.bicep"}, []string{"main.bicep"}, "modules/kv.bicep"},
		{[]string{"tf/modules/vault/main.tf"}, []string{"tf/root"}, "tf/modules/vault/main.tf"},
		{[]string{"main.bicep", "package.json"}, []string{"main.bicep"}, "modules/kv.bicep"},
	}
	for _, tt := range tests {
		r, err := Run(context.Background(), Options{Paths: tt.paths})
		if err != nil {
			t.Fatal(err)
		}
		var entries []string
		for _, u := range r.Units {
			entries = append(entries, filepath.ToSlash(u.Entry))
		}
		if len(entries) != len(tt.entries) || entries[0] != tt.entries[0] {
			t.Errorf("%v: units %v, want %v (errors %v)", tt.paths, entries, tt.entries, r.Errors)
			continue
		}
		if len(r.Findings) != 1 || filepath.ToSlash(r.Findings[0].Range.File) != tt.findingIn || r.Findings[0].Rule != "MI201" {
			t.Errorf("%v: findings %+v", tt.paths, r.Findings)
		}
	}
}
