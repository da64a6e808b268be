// Package testcorpus finds the shared corpus of real third-party IaC files
// for tests: ../shared/corpus beside the repository, read in place.
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns ../shared/corpus (joined with sub) relative to the repository
// root (the nearest parent with go.mod). When it is absent the test is
// skipped with a clear message, and fails instead when CI=true.
func Dir(tb testing.TB, sub ...string) string {
	tb.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared", "corpus"}, sub...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus not found at %s (CI=true requires it)", p)
		}
		tb.Skipf("corpus not found at %s; skipping", p)
	}
	return p
}
