package derive

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// BuiltinRole is an Azure built-in role definition.
type BuiltinRole struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

//go:embed roles.json
var rolesJSON []byte

var (
	builtinRoles  []BuiltinRole
	builtinByID   = map[string]BuiltinRole{}
	builtinByName = map[string]BuiltinRole{}
)

func init() {
	if err := json.Unmarshal(rolesJSON, &builtinRoles); err != nil {
		panic("derive: roles.json: " + err.Error())
	}
	for _, r := range builtinRoles {
		builtinByID[strings.ToLower(r.ID)] = r
		builtinByName[strings.ToLower(r.Name)] = r
	}
}

// BuiltinRoles returns the bundled table of built-in roles.
func BuiltinRoles() []BuiltinRole { return append([]BuiltinRole(nil), builtinRoles...) }
