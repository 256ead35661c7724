//go:build unix

package safefile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A device, named pipe or directory is refused, and left as it was: `--out
// /dev/full` run as root replaced the device node with a regular file. (A
// named pipe stands in for the device: the test must not risk /dev.)
func TestCreateRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	d := filepath.Join(dir, "d")
	os.Mkdir(d, 0o755)
	link := filepath.Join(dir, "link")
	os.Symlink("fifo", link)
	cases := map[string]string{fifo: "a FIFO", link: "a FIFO", d: "a directory"}
	for p, want := range cases {
		for _, f := range []func(string) error{
			func(p string) error { return WriteFile(p, []byte("x"), 0o644) },
			CheckWritable,
		} {
			err := f(p)
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), p) {
				t.Errorf("%s: %v, want an error naming it and %q", p, err, want)
			}
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", fi.Mode(), err)
	}
	assertOnly(t, dir, "d", "fifo", "link")
}

// TestModeFollowsUmask: a file written for the user to share (an --out
// output, 0644) gets the mode the umask leaves, as os.Create would make it
// (it was 0644 whatever the umask: a user with umask 077 found an after-
// action report readable by everyone); a private one (0600) stays 0600.
func TestModeFollowsUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	for _, c := range []struct {
		perm, want os.FileMode
		umask      int
	}{
		{0o644, 0o640, 0o027},
		{0o644, 0o600, 0o077},
		{0o600, 0o600, 0o277}, // the owner keeps what a private file needs
	} {
		syscall.Umask(c.umask)
		p := filepath.Join(dir, fmt.Sprintf("f%o-%o", c.perm, c.umask))
		if err := WriteFile(p, []byte("x"), c.perm); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != c.want {
			t.Errorf("WriteFile(%04o) with umask %04o: mode %04o, want %04o", c.perm, c.umask, got, c.want)
		}
	}
}
