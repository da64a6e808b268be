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
	"runtime/debug"
	"runtime/pprof"
)

// GC tuning for a short-lived batch process: the engine streams units
// (read, evaluate, drop), so the live heap stays small and the default
// GOGC=100 collects far too often. A higher GOGC with a soft memory limit
// trades a bounded amount of memory for less GC time. GOGC and GOMEMLIMIT
// in the environment still win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(100 << 20)
	}
}

func main() {
	tuneGC()
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
