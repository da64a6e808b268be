// Command milint lints Azure infrastructure as code (Bicep, ARM JSON,
// Terraform) for identity and secret-access mistakes.
//
//	milint [lint] [flags] [PATH...]     lint files and directories (default: .)
//	milint parse [--format json] PATH   print the common model
//	milint rules [--format json]        list bundled rules
//	milint explain RULE                 rationale, bad and good examples, the fix
//	milint version
//
// Setting MILINT_CPUPROFILE=FILE writes a CPU profile of the run (for the
// performance work in bench/).
package main

import (
	"os"
	"runtime/pprof"
)

func main() {
	if p := os.Getenv("MILINT_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				code := run(os.Args[1:], os.Stdout, os.Stderr)
				pprof.StopCPUProfile()
				_ = f.Close()
				os.Exit(code)
			}
		}
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
