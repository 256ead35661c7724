package serve

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoadExternal holds 50 sessions open on a running 'lattice serve'
// (LATTICE_SERVE_LOAD=host:port,CODE), each joined as a team, until the
// file named by LATTICE_SERVE_LOAD_HOLD is removed: for measuring the
// server's memory per session from outside. Skipped otherwise.
func TestLoadExternal(t *testing.T) {
	spec := os.Getenv("LATTICE_SERVE_LOAD")
	if spec == "" {
		t.Skip("set LATTICE_SERVE_LOAD=host:port,CODE to run")
	}
	addr, code, _ := strings.Cut(spec, ",")
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := mustDial(t, addr, fmt.Sprint(i), noKey())
			c.waitText("Code:")
			c.send(code + "\r")
			c.waitText("Team:")
			c.send(fmt.Sprintf("Load %d\r", i))
			c.waitText("Choose your side")
			c.send(fmt.Sprint(1 + i%2))
			c.waitText(fmt.Sprintf("Load %d", i) + " ·")
		}()
	}
	wg.Wait()
	t.Log("50 sessions joined")
	hold := os.Getenv("LATTICE_SERVE_LOAD_HOLD")
	for hold != "" {
		if _, err := os.Stat(hold); err != nil {
			break
		}
		c := make(chan struct{})
		go func() { defer close(c); waitFile(hold) }()
		<-c
	}
}

func waitFile(path string) {
	for {
		if _, err := os.Stat(path); err != nil {
			return
		}
		// polling a file the measurer removes; nothing is asserted on time
		<-timeAfter()
	}
}

func timeAfter() <-chan time.Time { return time.After(100 * time.Millisecond) }
