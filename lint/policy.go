package lint

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/milint/milint/rules"
)

// Custom policies (--policy DIR) are Rego files with the same contract as
// the bundled rules: package milint.rules.<lower-case id>, a package-scope
// METADATA block with custom.id, custom.slug and custom.severity, and a
// deny set of {"msg", "resource", "path"} objects, evaluated over the same
// input document. They are compiled with Capabilities(): no network, no
// environment and no runtime introspection, because a CI run on an
// untrusted pull request (whose author may also have written the policy
// directory) must not become an exfiltration channel. CheckPolicy gives the
// clear message; the restricted capabilities make sure of it.

// forbiddenWhy says why a builtin is refused, or "" when it is allowed.
func forbiddenWhy(name string) string {
	switch {
	case name == "http.send":
		return "a CI run on an untrusted pull request must not become an exfiltration channel"
	case strings.HasPrefix(name, "net."):
		return "policies must not reach the network (a CI run on an untrusted pull request must not become an exfiltration channel)"
	case name == "opa.runtime":
		return "policies must not read the environment or the runtime configuration (it exposes environment variables and secrets of the CI run)"
	}
	if deniedBuiltin(name) {
		return "it is not available to milint policies"
	}
	return ""
}

// PolicyError is a refused builtin in a policy, with its position.
type PolicyError struct {
	File         string
	Line, Column int
	Builtin      string
	Why          string
}

func (e *PolicyError) Error() string {
	return fmt.Sprintf("%s:%d:%d: milint forbids %s in policies: %s", e.File, e.Line, e.Column, e.Builtin, e.Why)
}

// CheckPolicy reports every call of a forbidden builtin (http.send, net.*,
// opa.runtime) in a parsed policy module, each naming its file:line:col.
func CheckPolicy(m *ast.Module) error {
	if m == nil {
		return nil
	}
	var errs []*PolicyError
	seen := map[string]bool{}
	report := func(op ast.Ref, loc *ast.Location) {
		name := op.String()
		why := forbiddenWhy(name)
		if why == "" {
			return
		}
		e := &PolicyError{Builtin: name, Why: why}
		if loc != nil {
			e.File, e.Line, e.Column = loc.File, loc.Row, loc.Col
		}
		key := e.Error()
		if seen[key] {
			return
		}
		seen[key] = true
		errs = append(errs, e)
	}
	ast.WalkExprs(m, func(x *ast.Expr) bool {
		if x.IsCall() {
			op := x.Operator()
			loc := x.Location
			if ts, ok := x.Terms.([]*ast.Term); ok && len(ts) > 0 && ts[0].Location != nil {
				loc = ts[0].Location
			}
			report(op, loc)
		}
		return false
	})
	ast.WalkTerms(m, func(t *ast.Term) bool {
		if c, ok := t.Value.(ast.Call); ok && len(c) > 0 {
			if op, ok := c[0].Value.(ast.Ref); ok {
				loc := c[0].Location
				if loc == nil {
					loc = t.Location
				}
				report(op, loc)
			}
		}
		return false
	})
	if len(errs) == 0 {
		return nil
	}
	sort.Slice(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return errs[i].Column < errs[j].Column
	})
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return errors.Join(out...)
}

// AvailableRules returns the metadata of the bundled rules plus those of
// the policy directories (for checking rule ids in a config file).
func AvailableRules(policyDirs []string) ([]rules.Metadata, error) {
	eng, err := engineFor(policyDirs)
	if err != nil {
		return nil, err
	}
	return eng.Rules(), nil
}

// checkPolicies runs CheckPolicy over modules in file order.
func checkPolicies(modules map[string]*ast.Module) error {
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, n := range names {
		if err := CheckPolicy(modules[n]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
