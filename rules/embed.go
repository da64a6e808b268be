// Package rules holds milint's bundled Rego rules and their metadata.
//
// One rule per file, package milint.rules.<lower-case id> (e.g.
// milint.rules.mi101), with a # METADATA block at package scope:
//
//	# METADATA
//	# title: Access policy grants all permissions
//	# description: ...
//	# related_resources:
//	# - ref: https://github.com/milint/milint/blob/main/docs/rules/MI101.md
//	# custom:
//	#   id: MI101
//	#   slug: kv-policy-wildcard
//	#   severity: error
//	#   remediation: ...
//	package milint.rules.mi101
//
// A rule defines `deny contains f if { ... }` where f is an object
// {"msg": string, "resource": resourceId, "path": propertyPath} with an
// optional "grant" (index into input.grants) and an optional "loc"
// ({file, line, column, endLine, endColumn}). The engine (package lint)
// turns these into findings and resolves their locations.
package rules

import "embed"

// files is the bundle: every rule and its Rego unit tests.
//
//go:embed *.rego
var files embed.FS
