package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/rules"
)

// pipeline connects the flags whose features live outside the engine: the
// config file, inline suppressions, the baseline and progress. Each step
// returns an error that makes exit code 2.
type pipeline struct {
	root string // repository root (report paths, baseline keys)
	cfg  *lint.Config
	sup  *lint.Suppressor
	now  time.Time // expiry of suppressions is checked against it
}

func newPipeline() *pipeline {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	now := time.Now()
	// MILINT_TODAY=YYYY-MM-DD pins the date suppressions expire against
	// (tests, reproducible CI reruns).
	if d := os.Getenv("MILINT_TODAY"); d != "" {
		if t, err := time.Parse("2006-01-02", d); err == nil {
			now = t
		}
	}
	return &pipeline{root: lint.FindRoot(wd), now: now}
}

// applyConfig loads the config file (-c FILE, else .milint.yaml found
// upward) into opts; changed reports which flags were given (flags win).
func (p *pipeline) applyConfig(path string, opts *lint.Options, changed func(string) bool) error {
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil
		}
		path = lint.FindConfig(wd)
		if path == "" {
			return nil
		}
	}
	cfg, err := lint.LoadConfig(path)
	if err != nil {
		return err
	}
	if err := cfg.Apply(opts, changed); err != nil {
		return err
	}
	if len(cfg.Rules) > 0 {
		known, err := rules.CatalogErr()
		if len(opts.PolicyDirs) > 0 {
			known, err = lint.AvailableRules(opts.PolicyDirs)
		}
		if err != nil {
			return err
		}
		if err := cfg.CheckRules(known); err != nil {
			return err
		}
	}
	p.cfg = cfg
	return nil
}

// applyBaseline sets up inline suppressions and, with --baseline FILE, the
// baseline, through lint.Options.Suppress.
func (p *pipeline) applyBaseline(path string, opts *lint.Options) error {
	var bl *lint.Baseline
	if path != "" {
		var err error
		if bl, err = lint.ReadBaseline(path); err != nil {
			return err
		}
	}
	p.sup = lint.NewSuppressor(p.now, bl, p.root)
	opts.Suppress = p.sup.Hook
	return nil
}

// finish reports invalid and expired suppressions and, with
// --write-baseline FILE, records the findings (atomically). The recorded
// findings then count as baselined: the run that writes a baseline exits 0
// unless an input could not be read.
func (p *pipeline) finish(writePath string, res *lint.Result, opts *lint.Options, stderr io.Writer) error {
	if p.sup != nil {
		p.sup.Finish(res, opts.Severity)
	}
	if writePath == "" {
		return nil
	}
	// Findings already in the old baseline (--baseline with
	// --write-baseline, to refresh it) stay recorded; inline-suppressed
	// findings are not recorded.
	record := append([]lint.Finding(nil), res.Findings...)
	for _, f := range res.Suppressed {
		if f.SuppressReason == "baseline" {
			record = append(record, f)
		}
	}
	bl := lint.NewBaseline(record, p.root)
	if err := bl.Write(writePath); err != nil {
		return fmt.Errorf("--write-baseline: %w", err)
	}
	fmt.Fprintf(stderr, "milint: wrote %d findings to baseline %s\n", bl.Len(), writePath)
	for i := range res.Findings {
		res.Findings[i].Suppressed = true
		res.Findings[i].SuppressReason = "baseline"
	}
	res.Suppressed = append(res.Suppressed, res.Findings...)
	res.Findings = nil
	res.Summary.Findings = 0
	res.Summary.Suppressed = len(res.Suppressed)
	return nil
}
