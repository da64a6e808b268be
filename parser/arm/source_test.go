package arm

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/milint/milint/parser"
)

// TestLoadSourceUsesTheBytesGiven checks that LoadSource parses the bytes
// the caller read instead of reading the file again.
func TestLoadSourceUsesTheBytesGiven(t *testing.T) {
	p := filepath.Join(t.TempDir(), "azuredeploy.json")
	onDisk := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}`
	if err := os.WriteFile(p, []byte(onDisk), 0o644); err != nil {
		t.Fatal(err)
	}
	given := `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv", "properties": {}}]}`
	u, diags := NewLoader(parser.Options{}).LoadSource(p, []byte(given))
	if diags.HasErrors() || u == nil {
		t.Fatalf("LoadSource: %v", diags)
	}
	if len(u.Resources) != 1 || u.Resources[0].Type != "Microsoft.KeyVault/vaults" {
		t.Fatalf("resources %v, want the vault of the given bytes", u.Resources)
	}
	if string(u.Sources[p]) != given {
		t.Errorf("unit source is not the given bytes")
	}
	// Without bytes the file is read.
	u, _ = NewLoader(parser.Options{}).LoadSource(p, nil)
	if u == nil || len(u.Resources) != 0 {
		t.Fatalf("LoadSource(nil) did not read the file")
	}
}
