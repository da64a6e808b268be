package main

import (
	"fmt"

	"github.com/milint/milint/lint"
)

// The hooks below connect flags whose features live elsewhere. Each takes
// the flag value and the options (or the result) and returns an error that
// makes exit code 2.

// applyConfig loads the config file (-c FILE, else .milint.yaml found
// upward) into opts; changed reports which flags were given (flags win).
// HOOK(config): the config loader is another engineer's task.
func applyConfig(path string, opts *lint.Options, changed func(string) bool) error {
	_, _ = opts, changed
	if path != "" {
		return fmt.Errorf("--config %s: configuration files are not supported yet", path)
	}
	return nil
}

// applyBaseline makes opts suppress the findings recorded in a baseline
// file (--baseline FILE), through lint.Options.Suppress.
// HOOK(baseline): not implemented yet.
func applyBaseline(path string, opts *lint.Options) error {
	_ = opts
	if path != "" {
		return fmt.Errorf("--baseline %s: baselines are not supported yet", path)
	}
	return nil
}

// writeBaseline records the findings of a run (--write-baseline FILE).
// HOOK(baseline): not implemented yet.
func writeBaseline(path string, res *lint.Result) error {
	_ = res
	if path != "" {
		return fmt.Errorf("--write-baseline %s: baselines are not supported yet", path)
	}
	return nil
}
