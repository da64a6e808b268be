package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// A baseline records the findings of a brownfield repository so that only
// new ones are reported. A finding is identified by its rule, its file
// (relative to the repository root), its resource and its property path:
// line numbers are not part of the key, so a finding that moves stays
// baselined.

// BaselineVersion is the format version written to baseline files.
const BaselineVersion = 1

// BaselineEntry is one recorded finding.
type BaselineEntry struct {
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Resource    string `json:"resource,omitempty"`
	Path        string `json:"path,omitempty"`
	Fingerprint string `json:"fingerprint"`
	Message     string `json:"message,omitempty"` // for the reader; not matched
}

// Baseline is a set of recorded findings.
type Baseline struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []BaselineEntry `json:"findings"`

	keys map[string]bool
}

// BaselineKey is the key a finding is recorded under.
func BaselineKey(rule, relFile, resource, path string) string {
	return Fingerprint(rule, relFile, resource, path)
}

// Has reports whether key is recorded.
func (b *Baseline) Has(key string) bool {
	if b == nil {
		return false
	}
	return b.keys[key]
}

// Len is the number of recorded findings.
func (b *Baseline) Len() int {
	if b == nil {
		return 0
	}
	return len(b.Findings)
}

func (b *Baseline) index() {
	b.keys = make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		k := e.Fingerprint
		if k == "" {
			k = BaselineKey(e.Rule, e.File, e.Resource, e.Path)
		}
		b.keys[k] = true
	}
}

// NewBaseline records findings; root is the repository root their files
// are made relative to.
func NewBaseline(findings []Finding, root string) *Baseline {
	b := &Baseline{Version: BaselineVersion, Tool: "milint", Findings: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, f := range findings {
		rel := relPath(root, f.Range.File)
		k := BaselineKey(f.Rule, rel, f.Resource, f.Path)
		if seen[k] {
			continue
		}
		seen[k] = true
		b.Findings = append(b.Findings, BaselineEntry{Rule: f.Rule, File: rel, Resource: f.Resource, Path: f.Path, Fingerprint: k, Message: f.Message})
	}
	sort.Slice(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.Resource != y.Resource {
			return x.Resource < y.Resource
		}
		return x.Path < y.Path
	})
	b.index()
	return b
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", err)
	}
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("--baseline %s: not a milint baseline: %w", path, err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("--baseline %s: version %d is not supported (want %d)", path, b.Version, BaselineVersion)
	}
	b.index()
	return &b, nil
}

// Write writes the baseline to path atomically: to a temporary file in the
// same directory, then renamed over path, so a reader never sees half a
// file and an interrupted run leaves the old baseline in place.
func (b *Baseline) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	return WriteFileAtomic(path, data)
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename.
func WriteFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
