package lint

import (
	"strings"

	"github.com/milint/milint/parser"
)

// Facets say what a unit contains (keys are lower case, as rules.Metadata
// lower-cases triggers), so the engine evaluates only the rules
// that can fire on it (a rule's custom.triggers; a rule without triggers
// always runs). The vocabulary:
//
//	type:<lower-case ARM type>  a resource of that type (existing ones too)
//	grants                      any grant
//	grants:accessPolicy         an access-policy grant
//	grants:rbac                 a role-assignment grant
//	identities                  any managed identity
//	parameters                  any parameter
//	literals                    a credential-looking literal (input.literals)
//	refs                        any reference (input.refs)
//	refs:list                   a reference to a list*() result (keys, connection strings)
//
// Gating is an optimisation only: TestGatingIsSound checks, over every
// fixture and the corpus, that gated and ungated evaluation give the same
// findings.
type Facets map[string]bool

// unitFacets computes the facets of a unit from the model and its
// indexes (parser.ScanUnit), before any input is built: a unit on which no
// rule can fire is never converted to OPA terms.
func unitFacets(u *parser.Unit, x *parser.Index) Facets {
	f := Facets{}
	for _, r := range u.Resources {
		f["type:"+strings.ToLower(r.Type)] = true
	}
	for _, g := range u.Grants {
		f["grants"] = true
		f["grants:"+strings.ToLower(g.Via)] = true
	}
	if len(u.Identities) > 0 {
		f["identities"] = true
	}
	if len(u.Parameters) > 0 {
		f["parameters"] = true
	}
	if len(x.Literals) > 0 {
		f["literals"] = true
	}
	if len(x.Refs) > 0 {
		f["refs"] = true
	}
	for _, r := range x.Refs {
		if strings.HasPrefix(strings.ToLower(r.RefPath), "list") {
			f["refs:list"] = true
			break
		}
	}
	return f
}

// matches reports whether a rule with these triggers can fire on a unit
// with these facets.
func (f Facets) matches(triggers []string) bool {
	if len(triggers) == 0 || f == nil {
		return true
	}
	for _, t := range triggers {
		if f[t] {
			return true
		}
	}
	return false
}
