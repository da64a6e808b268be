// Command milint lints Azure infrastructure as code (Bicep, ARM JSON,
// Terraform) for identity and secret-access mistakes.
//
//	milint [lint] [flags] [PATH...]     lint files and directories (default: .)
//	milint parse [--format json] PATH   print the common model
//	milint rules [--format json]        list bundled rules
//	milint explain RULE                 rationale, bad and good examples, the fix
//	milint version
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
