package main

import (
	"bytes"
	"os"
	"testing"
)

func TestUseColor(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	if useColor(&bytes.Buffer{}, false) {
		t.Error("colour on a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if useColor(f, false) {
		t.Error("colour on a regular file")
	}
	// A terminal, when the test has one: colour unless NO_COLOR or --no-color.
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if !useColor(tty, false) {
			t.Error("no colour on a terminal")
		}
		if useColor(tty, true) {
			t.Error("colour with --no-color")
		}
		t.Setenv("NO_COLOR", "1")
		if useColor(tty, false) {
			t.Error("colour with NO_COLOR")
		}
	}
}
