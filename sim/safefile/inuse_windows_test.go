//go:build windows

package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestHeldOpenSaysSo: a csv a spreadsheet shows is held open without
// sharing it for writing; writing it again said only "Access is denied."
// (after a batch's whole run), and now says why, and the check before the
// work says so too. The file is left as it was, and nothing beside it.
func TestHeldOpenSaysSo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rows.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	// As a spreadsheet opens it: read, sharing reads only.
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ, syscall.FILE_SHARE_READ, nil, syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.CloseHandle(h)
	if err := CheckWritable(path); err == nil || !strings.Contains(err.Error(), "another program has it open") {
		t.Errorf("CheckWritable: %v", err)
	}
	if err := WriteFile(path, []byte("new"), 0o644); err == nil || !strings.Contains(err.Error(), "another program has it open") || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("WriteFile: %v", err)
	}
	syscall.CloseHandle(h)
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("the file holds %q", b)
	}
	assertOnly(t, dir, "rows.csv")
	if err := WriteFile(path, []byte("new"), 0o644); err != nil {
		t.Errorf("WriteFile once it is closed: %v", err)
	}
}
