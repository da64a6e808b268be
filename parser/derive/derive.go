// Package derive computes the derived views of a unit (grants and
// identities) from its resources, so that rules stay short and format-free.
package derive

import "github.com/milint/milint/parser"

// Build fills u.Grants and u.Identities.
func Build(u *parser.Unit) {
	_ = u
}
