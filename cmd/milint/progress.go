package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/milint/milint/lint"
)

// progressThreshold is the number of entries above which a run on a
// terminal shows progress on stderr.
const progressThreshold = 300

// progressEvery throttles redraws.
const progressEvery = 100 * time.Millisecond

// progress draws "milint: reading 412/990" on one stderr line.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	last  time.Time
	drawn bool
}

func (p *progress) update(phase string, done, total int) {
	if total <= progressThreshold {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if done < total && now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	verb := "reading"
	if phase == "eval" {
		verb = "checking"
	}
	fmt.Fprintf(p.w, "\r\x1b[Kmilint: %s %d/%d", verb, done, total)
	p.drawn = true
}

func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// startProgress shows progress on stderr when it is a terminal and the run
// is large; it is silent otherwise (pipes, CI logs, pre-commit). The
// returned function clears the line.
func startProgress(opts *lint.Options, stderr io.Writer) func() {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	p := &progress{w: stderr}
	opts.Progress = p.update
	return p.clear
}
