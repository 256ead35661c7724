//go:build unix

package serve

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestKeyFileNotAPipe: a named pipe given as a key file is refused without
// opening it (the open waits for a writer, and the server never started).
func TestKeyFileNotAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if _, err := ReadKeys(fifo); err == nil || !strings.Contains(err.Error(), "is a FIFO, not a key file") {
		t.Errorf("ReadKeys: %v", err)
	}
	if _, err := EnsureHostKey(fifo); err == nil || !strings.Contains(err.Error(), "is a FIFO, not a key file") {
		t.Errorf("EnsureHostKey: %v", err)
	}
}
