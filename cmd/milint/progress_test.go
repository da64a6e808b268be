package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/milint/milint/lint"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf}
	p.update("load", 5, progressThreshold) // small runs stay silent
	if buf.Len() != 0 {
		t.Fatalf("small run drew %q", buf.String())
	}
	p.update("load", 1, 990)
	p.update("load", 2, 990) // throttled
	p.update("eval", 990, 990)
	p.clear()
	out := buf.String()
	if !strings.Contains(out, "milint: reading 1/990") || strings.Contains(out, "2/990") || !strings.Contains(out, "milint: checking 990/990") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("progress output %q", out)
	}
	// Not a terminal: no hook is installed, nothing is written.
	var opts lint.Options
	var sink bytes.Buffer
	startProgress(&opts, &sink)()
	if opts.Progress != nil || sink.Len() != 0 {
		t.Error("progress on a non-terminal")
	}
}
