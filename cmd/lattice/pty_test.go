package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyOutput is what the programs on a pseudo-terminal wrote, read as it
// comes. The tests wait for what they expect to arrive rather than close
// the terminal and read to its end: on Linux, output written just before
// the terminal's last close may never reach the reader (it lost a
// batch's closing summary line now and then).
type ptyOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (p *ptyOutput) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.b.Write(b)
}

func (p *ptyOutput) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.b.String()
}

// until returns the output once it holds every one of want, or as it is
// after ten seconds (the caller's checks then say what is missing).
func (p *ptyOutput) until(want ...string) string {
	for deadline := time.Now().Add(10 * time.Second); ; {
		s, all := p.String(), true
		for _, w := range want {
			all = all && strings.Contains(s, w)
		}
		if all || time.Now().After(deadline) {
			return s
		}
		time.Sleep(2 * time.Millisecond) // polling, not asserting timing
	}
}

// openPTY opens a pseudo-terminal cols columns wide (0: its default) and
// returns its terminal end, for a command's stdout or stderr, and its
// output as it comes; both are closed when the test ends. It skips the
// test where there is none.
func openPTY(t *testing.T, cols int) (*os.File, *ptyOutput) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	if cols > 0 {
		if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: uint16(cols)}); err != nil {
			ptmx.Close()
			tty.Close()
			t.Skipf("cannot size the pseudo-terminal: %v", err)
		}
	}
	out := &ptyOutput{}
	copied := make(chan struct{})
	go func() { io.Copy(out, ptmx); close(copied) }()
	t.Cleanup(func() {
		tty.Close()
		ptmx.Close()
		<-copied
	})
	return tty, out
}
