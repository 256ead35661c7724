//go:build unix

package safefile

import (
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
