//go:build unix

package main

import (
	"bytes"
	"io"
	"regexp"
	"testing"

	"github.com/creack/pty"
)

// TestProgressNoColor: under NO_COLOR the progress bar holds no colour
// sequences; the colour-profile writer took the colours out but left each
// cell's reset, a bare \x1b[m.
func TestProgressNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 100}); err != nil {
		t.Skipf("cannot size the pseudo-terminal: %v", err)
	}
	var seen bytes.Buffer
	copied := make(chan struct{})
	go func() { io.Copy(&seen, ptmx); close(copied) }()
	p := newProgress(tty, func(string) string { return "" })
	p.update(500, 1000)
	tty.Close()
	<-copied
	if !bytes.Contains(seen.Bytes(), []byte("500/1000 runs")) {
		t.Fatalf("no progress drawn: %q", seen.String())
	}
	if sgr := regexp.MustCompile("\x1b\\[[0-9;]*m").FindString(seen.String()); sgr != "" {
		t.Errorf("NO_COLOR: the progress line holds %q: %q", sgr, seen.String())
	}
}
