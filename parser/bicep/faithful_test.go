package bicep

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/milint/milint/parser"
	"github.com/milint/milint/parser/arm"
)

var guidRE = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ruleFields extracts what the rules read from a resource.
func ruleFields(r *parser.Resource) map[string]any {
	m := map[string]any{}
	p := r.Properties
	switch strings.ToLower(r.Type) {
	case "microsoft.keyvault/vaults":
		m["enableRbacAuthorization"] = known2(p.At("enableRbacAuthorization"))
		m["accessPolicies"] = permissionsOf(p.At("accessPolicies"))
	case "microsoft.keyvault/vaults/accesspolicies":
		m["accessPolicies"] = permissionsOf(p.At("accessPolicies"))
	case "microsoft.authorization/roleassignments":
		role := p.At("roleDefinitionId")
		if s, ok := role.String(); ok {
			m["roleGUID"] = strings.ToLower(guidRE.FindString(s))
		} else {
			m["roleGUID"] = "unknown"
		}
		m["scope"] = scopeTarget(r.Scope)
	}
	if r.Identity != nil {
		m["identityType"] = r.Identity.Type
	} else {
		m["identityType"] = ""
	}
	return m
}

func known2(v *parser.Value) any {
	if v == nil {
		return nil
	}
	if !v.IsKnown() {
		return "unknown"
	}
	return v.Document()
}

func permissionsOf(v *parser.Value) any {
	if v == nil {
		return nil
	}
	if v.Kind != parser.KindArray {
		return "unknown"
	}
	var out []any
	for _, it := range v.Items {
		out = append(out, known2(it.Get("permissions")))
	}
	return out
}

func scopeTarget(v *parser.Value) any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case parser.KindRef:
		return "ref:" + v.Ref.Resource
	case parser.KindString:
		return v.Str
	}
	return "unknown"
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// (e) the fields the rules read agree between the .bicep and compiled .json
// forms of the AVM key vault and managed identity modules, for the
// parameter values of their e2e tests.
func TestCorpusFaithfulRuleFields(t *testing.T) {
	root := corpusDir(t, "avm-bicep")
	var entries []string
	for _, mod := range []string{"key-vault/vault", "managed-identity/user-assigned-identity"} {
		entries = append(entries, walkFiles(t, filepath.Join(root, mod, "tests"), func(p string) bool {
			return filepath.Base(p) == "main.test.bicep"
		})...)
		entries = append(entries, filepath.Join(root, mod, "main.bicep"))
	}
	bl := NewLoader(parser.Options{})
	al := arm.NewLoader(parser.Options{})
	compared, knownCompared, mismatches := 0, 0, 0
	for _, entry := range entries {
		u, _ := bl.Load(entry)
		// the module call of the module under test (or the module itself)
		type pair struct {
			prefix   string
			template string
			params   map[string]*parser.Value
		}
		var pairs []pair
		if filepath.Base(entry) == "main.bicep" {
			pairs = append(pairs, pair{"", strings.TrimSuffix(entry, ".bicep") + ".json", nil})
		} else {
			for _, r := range u.Resources {
				if r.Type != "Microsoft.Resources/deployments" || r.ID != "testDeployment" {
					continue
				}
				ps := map[string]*parser.Value{}
				if params := r.Properties.Get("parameters"); params != nil {
					for _, f := range params.Fields {
						ps[f.Key] = f.Value.Get("value")
					}
				}
				pairs = append(pairs, pair{r.ID + ">", filepath.Join(filepath.Dir(entry), "../../../main.json"), ps})
			}
		}
		for _, pr := range pairs {
			var armRes []*parser.Resource
			if pr.params == nil {
				au, _ := al.Load(pr.template)
				armRes = au.Resources
			} else {
				armRes, _, _, _ = al.LoadModule(pr.template, pr.params, strings.TrimSuffix(pr.prefix, ">"), parser.Range{})
			}
			byID := map[string]*parser.Resource{}
			for _, r := range armRes {
				byID[r.ID] = r
			}
			for _, r := range u.Resources {
				if r.Existing || !strings.HasPrefix(r.ID, pr.prefix) || strings.Contains(strings.TrimPrefix(r.ID, pr.prefix), ">") {
					continue
				}
				switch strings.ToLower(r.Type) {
				case "microsoft.keyvault/vaults", "microsoft.keyvault/vaults/accesspolicies", "microsoft.authorization/roleassignments", "microsoft.managedidentity/userassignedidentities":
				default:
					continue
				}
				a := byID[r.ID]
				if a == nil {
					t.Logf("MISMATCH %s %s: no such resource in the JSON form", rel(root, entry), r.ID)
					mismatches++
					continue
				}
				bf, af := ruleFields(r), ruleFields(a)
				compared++
				for k, bv := range bf {
					av := af[k]
					bs, as := asJSON(bv), asJSON(av)
					if bs != as {
						mismatches++
						t.Logf("MISMATCH %s %s.%s: bicep %s json %s", rel(root, entry), r.ID, k, bs, as)
					} else if !strings.Contains(bs, "unknown") && bs != "null" && bs != `""` {
						knownCompared++
					}
				}
			}
		}
	}
	t.Logf("rule fields: %d resources compared, %d known field values equal, %d mismatches", compared, knownCompared, mismatches)
	if compared == 0 || knownCompared == 0 {
		t.Fatalf("nothing compared")
	}
	if mismatches > 0 {
		t.Errorf("%d mismatches", mismatches)
	}
}

func rel(root, p string) string {
	r, err := filepath.Rel(root, p)
	if err != nil {
		return p
	}
	return r
}
