package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	for _, s := range []string{"one", "two"} {
		if err := WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != s {
			t.Fatalf("read %q, want %q", b, s)
		}
	}
	assertOnly(t, dir, "out.csv")
}

// A symbolic link is followed: the file it names is written and the link
// kept (the rename replaced the link with a regular file, leaving the
// target as it was).
func TestWriteFileFollowsSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("links need privileges on Windows, and Wine's do not read back as links")
	}
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(sub, "target.csv")
	os.WriteFile(target, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(filepath.Join("sub", "target.csv"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Fatalf("target holds %q, want %q", b, "new")
	}
	// A dangling link makes the file it names.
	dangling := filepath.Join(dir, "dangling.csv")
	os.Symlink(filepath.Join("sub", "made.csv"), dangling)
	if err := WriteFile(dangling, []byte("made"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(sub, "made.csv")); string(b) != "made" {
		t.Fatalf("made.csv holds %q", b)
	}
	// A loop is an error, not a hang.
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Symlink(b, a)
	os.Symlink(a, b)
	if err := WriteFile(a, []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), "symbolic links") {
		t.Fatalf("loop: %v", err)
	}
	assertOnly(t, sub, "made.csv", "target.csv")
}

// A directory is refused and left as it was.
func TestCreateRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d")
	os.Mkdir(d, 0o755)
	for _, f := range []func(string) error{
		func(p string) error { return WriteFile(p, []byte("x"), 0o644) },
		CheckWritable,
	} {
		if err := f(d); err == nil || !strings.Contains(err.Error(), "a directory") || !strings.Contains(err.Error(), d) {
			t.Errorf("%v, want an error naming %s as a directory", err, d)
		}
	}
	assertOnly(t, dir, "d")
}

func TestAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "x"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("partial"))
	f.Abort()
	assertOnly(t, dir)
	if _, err := Create(filepath.Join(dir, "missing", "x"), 0o644); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("missing dir: %v", err)
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
}

// TestWriteErrorNamesTheFile: a failed write said "write
// .out.csv.tmp-2873975122: no space left on device", naming a temporary
// file the user never asked for, whichever way the data was written.
func TestWriteErrorNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	for name, write := range map[string]func(f *File) error{
		"Write":       func(f *File) error { _, err := f.Write([]byte("x")); return err },
		"WriteString": func(f *File) error { _, err := io.WriteString(f, "x"); return err },
		"io.Copy":     func(f *File) error { _, err := io.Copy(f, strings.NewReader("x")); return err },
		"Fprintf":     func(f *File) error { _, err := fmt.Fprintf(f, "%d", 1); return err },
	} {
		f, err := Create(p, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.File.Close() // every write now fails
		err = write(f)
		if err == nil || !strings.Contains(err.Error(), "cannot write "+p+": ") || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("%s: error %v, want one naming %s and not the temporary file", name, err, p)
		}
		f.Abort()
	}
	assertOnly(t, dir)
}

// TestFullDiskSaysWhatToDo: "no space left on device" is followed by what
// to do, and is still the error it was.
func TestFullDiskSaysWhatToDo(t *testing.T) {
	err := unwrap(&os.PathError{Op: "write", Path: ".out.csv.tmp-1", Err: syscall.ENOSPC})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "free some space, or write to another disk") || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("got %v", err)
	}
}

// TestReadOnlyFileKept: a file made read-only was replaced all the same
// (the rename writes the directory, not the file), and came back writable
// (0444 became 0644); a read-only file is now refused and left as it was.
func TestReadOnlyFileKept(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "results.csv")
	if err := os.WriteFile(p, []byte("keep"), 0o444); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func(string) error{
		"WriteFile":     func(p string) error { return WriteFile(p, []byte("new"), 0o644) },
		"CheckWritable": CheckWritable,
	} {
		err := f(p)
		if err == nil || !strings.Contains(err.Error(), "cannot write "+p+": it is read-only") {
			t.Errorf("%s: %v, want an error saying %s is read-only", name, err, p)
		}
	}
	if b, _ := os.ReadFile(p); string(b) != "keep" {
		t.Errorf("the read-only file now holds %q", b)
	}
	assertOnly(t, dir, "results.csv")
	// Made writable, it is replaced.
	os.Chmod(p, 0o644)
	if err := WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
}
