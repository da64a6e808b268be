package terraform

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/milint/milint/parser"
)

func TestDump(t *testing.T) {
	dir := os.Getenv("TFDUMP")
	if dir == "" {
		t.Skip("set TFDUMP")
	}
	u, d := NewLoader(parser.Options{}).Load(dir)
	b, _ := json.MarshalIndent(u.Document(), "", " ")
	t.Log(string(b))
	for _, x := range d {
		t.Log(x.Error())
	}
}

func TestDumpPlan(t *testing.T) {
	p := os.Getenv("TFPLAN")
	if p == "" {
		t.Skip("set TFPLAN")
	}
	u, d := NewLoader(parser.Options{}).LoadPlan(p)
	b, _ := json.MarshalIndent(u.Document(), "", " ")
	t.Log(string(b))
	for _, x := range d {
		t.Log(x.Error())
	}
}
