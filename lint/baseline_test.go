package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/milint/milint/parser"
)

func TestBaselineMovedFinding(t *testing.T) {
	dir := tree(t, map[string]string{"t.json": templateJSON})
	const f = "t.json"
	runWith := func(u *parser.Unit, bl *Baseline) *Result {
		fe := &frontEnds{arm: &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){f: fixed(u)}}, classify: sniffJSON}
		sup := NewSuppressor(time.Now(), bl, dir)
		r := run(t, Options{fe: fe, Suppress: sup.Hook})
		sup.Finish(r, nil)
		return r
	}
	// First run: one finding at line 5; record it.
	r1 := runWith(unit(f, nil, flagRes(f, "old", 2, 5)), nil)
	if len(r1.Findings) != 1 {
		t.Fatalf("first run: %d findings", len(r1.Findings))
	}
	path := filepath.Join(dir, "milint-baseline.json")
	if err := NewBaseline(r1.Findings, dir).Write(path); err != nil {
		t.Fatal(err)
	}
	bl, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if bl.Len() != 1 || bl.Findings[0].File != "t.json" || bl.Findings[0].Rule != "MI900" || bl.Findings[0].Path != "properties.flag" {
		t.Fatalf("baseline %+v", bl.Findings)
	}

	// Second run: the same finding moved 20 lines down, and a new one.
	moved := flagRes(f, "old", 22, 25)
	r2 := runWith(unit(f, nil, moved, flagRes(f, "new", 40, 43)), bl)
	if len(r2.Findings) != 1 || r2.Findings[0].Resource != "new" {
		t.Fatalf("findings %+v, want only the new one", r2.Findings)
	}
	if len(r2.Suppressed) != 1 || r2.Suppressed[0].Resource != "old" || r2.Suppressed[0].Range.Start.Line != 25 ||
		r2.Suppressed[0].SuppressReason != "baseline" || r2.Summary.Suppressed != 1 {
		t.Fatalf("suppressed %+v summary %+v", r2.Suppressed, r2.Summary)
	}
	// Baselined findings do not fail the run; the new one does.
	if r2.ExitCode(SevWarning) != 1 {
		t.Errorf("exit %d", r2.ExitCode(SevWarning))
	}
	r3 := runWith(unit(f, nil, moved), bl)
	if r3.ExitCode(SevWarning) != 0 {
		t.Errorf("exit %d with only baselined findings", r3.ExitCode(SevWarning))
	}
}

func TestBaselineWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.json")
	if err := os.WriteFile(path, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := []Finding{
		{Rule: "MI201", Range: parser.Range{File: filepath.Join(dir, "infra", "kv.bicep")}, Resource: "kv", Path: "properties", Message: "m"},
		{Rule: "MI201", Range: parser.Range{File: filepath.Join(dir, "infra", "kv.bicep")}, Resource: "kv", Path: "properties", Message: "dup"},
	}
	if err := NewBaseline(fs, dir).Write(path); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 1 || b.Findings[0].File != "infra/kv.bicep" {
		t.Errorf("baseline %+v (duplicates are recorded once, paths are root-relative)", b.Findings)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("temporary files left behind: %v", names)
	}
	// A write into a missing directory fails and leaves nothing.
	if err := NewBaseline(fs, dir).Write(filepath.Join(dir, "missing", "b.json")); err == nil {
		t.Error("write into a missing directory succeeded")
	}
}

func TestReadBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage.json": "{not json",
		"version.json": `{"version": 99, "tool": "milint", "findings": []}`,
		"unknown.json": `{"version": 1, "tool": "milint", "findings": [], "extra": 1}`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadBaseline(p); err == nil || !strings.Contains(err.Error(), "--baseline") {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if _, err := ReadBaseline(filepath.Join(dir, "none.json")); err == nil {
		t.Error("missing baseline read")
	}
}
