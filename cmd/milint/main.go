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
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// GC tuning for a short-lived batch process: the engine streams units
// (read, evaluate, drop), so the live heap stays small and the default
// GOGC=100 collects far too often. A high GOGC with a soft memory limit
// trades a bounded amount of memory for less GC time: in practice the heap
// grows to the limit and is collected there. The limit follows the live
// heap (at least 100 MiB, else 1.75x the live heap): a fixed limit close to
// the live heap of a large run (two huge Terraform roots evaluated at
// once) makes the collector run back to back, and the run superlinear.
// GOGC 1000 rather than 400 cost the ARM quickstarts 72 -> 106 MB of peak
// memory and saved about 5% of their CPU time (and 10% on the Terraform
// set); the whole corpus stays at about 125 MB. GOGC and GOMEMLIMIT in
// the environment still win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(1000)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	const floor = 100 << 20
	debug.SetMemoryLimit(floor)
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := int64(floor)
		for range time.Tick(20 * time.Millisecond) {
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			want := int64(sample[0].Value.Uint64()) * 7 / 4
			if want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
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
