//go:build unix

package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestProgressNoColor: under NO_COLOR the progress bar holds no colour
// sequences; the colour-profile writer took the colours out but left each
// cell's reset, a bare \x1b[m.
func TestProgressNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	tty, out := openPTY(t, 100)
	p := newProgress(tty, func(string) string { return "" })
	p.update(500, 1000)
	seen := out.until("500/1000 runs")
	if !strings.Contains(seen, "500/1000 runs") {
		t.Fatalf("no progress drawn: %q", seen)
	}
	if sgr := regexp.MustCompile("\x1b\\[[0-9;]*m").FindString(seen); sgr != "" {
		t.Errorf("NO_COLOR: the progress line holds %q: %q", sgr, seen)
	}
}
