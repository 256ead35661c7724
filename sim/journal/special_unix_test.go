//go:build unix

package journal

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadRefusesSpecialFiles: a device or a FIFO named as a journal is
// refused without reading it (/dev/urandom was read for a million lines)
// or opening it (opening a FIFO blocks until something writes to it).
func TestReadRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo.jsonl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for path, want := range map[string]string{
		"/dev/zero": "/dev/zero: is a device, not a journal",
		fifo:        fifo + ": is a FIFO, not a journal",
		".":         ".: is a directory, not a journal",
	} {
		done := make(chan error, 1)
		go func() {
			_, _, err := Read(path)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || err.Error() != want {
				t.Errorf("Read(%s): %v, want %q", path, err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Read(%s) blocked", path)
		}
	}
}
