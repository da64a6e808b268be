package arm

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/milint/milint/parser"
)

// TestDump prints the unit of $ARM_DUMP as JSON (a debugging aid).
func TestDump(t *testing.T) {
	path := os.Getenv("ARM_DUMP")
	if path == "" {
		t.Skip("set ARM_DUMP=template.json")
	}
	u, diags := NewLoader(parser.Options{}).Load(path)
	for _, d := range diags {
		t.Log(d.Error())
	}
	if u == nil {
		t.Fatal("no unit")
	}
	b, _ := json.MarshalIndent(u.Document(), "", "  ")
	t.Log(string(b))
}
