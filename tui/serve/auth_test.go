package serve

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestNewCode: a generated join code is one the server accepts when it is
// given back (CheckCode), CodeLen characters of CodeAlphabet, and not the
// same twice in a row.
func TestNewCode(t *testing.T) {
	prev := ""
	for range 200 {
		c := NewCode()
		if len(c) != CodeLen || strings.Trim(c, CodeAlphabet) != "" {
			t.Fatalf("NewCode() = %q: want %d characters of %s", c, CodeLen, CodeAlphabet)
		}
		if why := CheckCode(c); why != "" {
			t.Fatalf("NewCode() = %q, which CheckCode refuses: %s", c, why)
		}
		if c == prev {
			t.Fatalf("NewCode() gave %q twice in a row", c)
		}
		prev = c
	}
}

// TestKeyFilesMustBeFiles: --authorized-keys /dev/zero was read until the
// machine ran out of memory (24 GB, then the kernel killed the server); a
// device read as an empty key list; a directory was "read X: is a
// directory", not naming the flag's file as a key file. Key files are
// regular files of at most maxKeyFile bytes.
func TestKeyFilesMustBeFiles(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxKeyFile + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	device := filepath.Join(dir, "device")
	if runtime.GOOS == "windows" {
		device = os.DevNull // NUL: a link to it is no link to a device
	} else if err := os.Symlink(os.DevNull, device); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for path, want := range map[string]string{
		huge:   huge + ": over 4 MB: not a key file",
		device: device + ": is a device, not a key file",
		dir:    dir + ": is a directory: give the path of a key file",
	} {
		if _, err := ReadKeys(path); err == nil || err.Error() != want {
			t.Errorf("ReadKeys(%s): %v, want %q", path, err, want)
		}
		if fp := HostKeyFingerprint(path); fp != "" {
			t.Errorf("HostKeyFingerprint(%s) = %q", path, fp)
		}
	}
	if _, err := EnsureHostKey(dir); err == nil || err.Error() != "host key "+dir+": is a directory: give the path of a key file" {
		t.Errorf("EnsureHostKey(a directory): %v", err)
	}
	if _, err := EnsureHostKey(huge); err == nil || err.Error() != "host key "+huge+": over 4 MB: not a key file" {
		t.Errorf("EnsureHostKey(a huge file): %v", err)
	}
}

// An empty host key file (a disk full when it was written, a touch) said
// only "ssh: no key found": it names the file, says what is wrong with it
// and what to do. A key file that is not a key says the parser's reason.
func TestUnusableHostKeySaysWhatToDo(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct{ data, why string }{
		"empty":   {"", "(the file is empty)"},
		"blank":   {"\n\n", "(the file is empty)"},
		"garbage": {"not a key\n", "(ssh: no key found)"},
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := EnsureHostKey(path)
		if err == nil {
			t.Fatalf("%s: a host key file that is not a key was taken", name)
		}
		for _, want := range []string{"host key " + path + " is not a usable private key " + c.why, "delete it to have a new one generated"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want %q in it", name, err, want)
			}
		}
	}
}
