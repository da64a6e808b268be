// Package report writes lint results: text (compiler-like), json, and any
// format registered with Register (sarif, junit, github).
package report

import (
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/milint/milint/lint"
	"github.com/milint/milint/rules"
)

// Formatter writes one result in one format. meta holds the metadata of the
// rules that ran (for rule tables in sarif and the like).
type Formatter interface {
	Write(w io.Writer, r *lint.Result, meta []rules.Metadata) error
}

// Config is what a formatter may depend on beyond the result.
type Config struct {
	// Color enables ANSI colour (text). The command line decides it: a TTY,
	// no NO_COLOR, no --no-color, no -o.
	Color bool
	// Quiet drops the summary line and notes (text).
	Quiet bool
	// Root is the repository root, for formats that need repository-relative
	// paths (sarif).
	Root string
	// ShowSuppressed lists suppressed and baselined findings too (text:
	// marked as suppressed; json: with "suppressed": true).
	ShowSuppressed bool
}

// Factory makes a formatter for a configuration.
type Factory func(Config) Formatter

var (
	mu       sync.RWMutex
	registry = map[string]Factory{}
)

// Register adds a format. Formats register themselves in init functions.
func Register(name string, f Factory) {
	mu.Lock()
	defer mu.Unlock()
	registry[name] = f
}

// Lookup returns the formatter for a format name.
func Lookup(name string, cfg Config) (Formatter, error) {
	mu.RLock()
	f, ok := registry[name]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown format %q (one of %v)", name, Names())
	}
	return f(cfg), nil
}

// Names lists the registered formats, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func init() {
	Register("text", func(c Config) Formatter {
		return &Text{Color: c.Color, Quiet: c.Quiet, ShowSuppressed: c.ShowSuppressed}
	})
	Register("json", func(c Config) Formatter { return JSON{ShowSuppressed: c.ShowSuppressed} })
}
