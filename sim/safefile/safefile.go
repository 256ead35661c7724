// Package safefile writes whole files atomically: a reader sees the old
// file or the new one, never a half-written one, and a crash leaves no
// partial file behind.
//
// It writes a temporary file in the target's directory, fsyncs it, renames
// it over the target and fsyncs the directory. os.Rename replaces the
// target atomically on Unix and, through MoveFileEx with
// MOVEFILE_REPLACE_EXISTING, on Windows. (github.com/google/renameio does
// the same but is not built on Windows, one of our targets.)
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"

	"lattice/sim"
)

// File is a pending atomic write. Write to it, then Commit; Abort (or a
// crash) leaves the target untouched. Abort after Commit does nothing, so
// `defer f.Abort()` is safe.
type File struct {
	*os.File
	path   string // as the caller named it, for messages
	target string // path with its symbolic links followed: what is replaced
	done   bool
}

// Create starts an atomic write of path with the given permissions, less
// the umask's, as os.Create makes a file: an output the user asked for
// (--out) has the mode the user's other files get. A private mode (no
// permission for the group or others, 0600) is kept exactly: a file for
// the user alone stays readable and writable by the user whatever the
// umask.
//
// A symbolic link is followed, so the file it points to is replaced and the
// link kept. A read-only file (no owner write permission) is refused. A path that names a directory, a device (/dev/full,
// /dev/stdout's terminal), a named pipe or a socket is refused: the rename
// would replace the node itself with a regular file (for a device, run as
// root, silently).
func Create(path string, perm os.FileMode) (*File, error) {
	target, err := resolve(path)
	if err != nil {
		return nil, err
	}
	tmp, err := createTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-", perm)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrap(err))
	}
	if perm&0o077 == 0 && runtime.GOOS != "windows" {
		if err := tmp.Chmod(perm); err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil, fmt.Errorf("cannot write %s: %w", path, unwrap(err))
		}
	}
	return &File{File: tmp, path: path, target: target}, nil
}

// createTemp is os.CreateTemp(dir, prefix+"*") but for the mode: perm, as
// the umask leaves it (os.CreateTemp's is 0600, whatever the umask).
func createTemp(dir, prefix string, perm os.FileMode) (*os.File, error) {
	for range 10000 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &os.PathError{Op: "createtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

// resolve follows path's symbolic links (a dangling one to the file it
// would make) and refuses what is there if it is not a regular file.
func resolve(path string) (string, error) {
	p := path
	for range 40 {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", fmt.Errorf("cannot write %s: %w", path, unwrap(err))
		}
		m := fi.Mode()
		switch {
		case m&fs.ModeSymlink != 0:
			dest, err := os.Readlink(p)
			if err != nil {
				return "", fmt.Errorf("cannot write %s: %w", path, unwrap(err))
			}
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(filepath.Dir(p), dest)
			}
			p = dest
			continue
		case m.IsRegular():
			if m.Perm()&0o200 == 0 {
				// The rename would replace it all the same (the
				// directory is what is written), and as root its mode
				// would not stop a write either: a file made read-only
				// to keep it is kept.
				return "", fmt.Errorf("cannot write %s: it is read-only; give another name, or make it writable (chmod u+w) to replace it", path)
			}
			return p, nil
		case m.IsDir():
			return "", fmt.Errorf("cannot write %s: it is a directory; give the path of a file", path)
		default:
			return "", fmt.Errorf("cannot write %s: it is %s, not a regular file; give the path of a file", path, Kind(m))
		}
	}
	return "", fmt.Errorf("cannot write %s: too many levels of symbolic links", path)
}

// Kind names the kind of a file that is not a regular one ("a device",
// "a FIFO", "a directory"), for messages refusing it: sim.FileKind, so
// that every command names a kind alike.
func Kind(m fs.FileMode) string { return sim.FileKind(m) }

// Write writes to the pending file. An error names the file being written,
// not the temporary one ("write .out.csv.tmp-2873975122: no space left on
// device" named a file the user never asked for and will not find).
func (f *File) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	if err != nil {
		err = fmt.Errorf("cannot write %s: %w", f.path, unwrap(err))
	}
	return n, err
}

// WriteString is Write of a string (the *os.File's own would name the
// temporary file).
func (f *File) WriteString(s string) (int, error) {
	return f.Write([]byte(s))
}

// ReadFrom copies r to the pending file through Write, for io.Copy (the
// *os.File's own would name the temporary file).
func (f *File) ReadFrom(r io.Reader) (int64, error) {
	return io.Copy(writer{f}, r)
}

// writer hides File's ReadFrom from io.Copy.
type writer struct{ f *File }

func (w writer) Write(p []byte) (int, error) { return w.f.Write(p) }

// Commit flushes the data to disk and renames it into place.
func (f *File) Commit() error {
	if f.done {
		return errors.New("safefile: already committed or aborted")
	}
	f.done = true
	name := f.File.Name()
	if err := f.File.Sync(); err != nil {
		f.File.Close()
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", f.path, unwrap(err))
	}
	if err := f.File.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", f.path, unwrap(err))
	}
	if err := os.Rename(name, f.target); err != nil {
		os.Remove(name)
		if heldOpenAtRename(f.target, err) {
			return heldOpenError(f.path, err)
		}
		return fmt.Errorf("cannot write %s: %w", f.path, unwrap(err))
	}
	SyncDir(filepath.Dir(f.target))
	return nil
}

// Abort discards the pending write.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	name := f.File.Name()
	f.File.Close()
	os.Remove(name)
}

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err // Write's error names the file and what to do already ("cannot write x: cannot write x: … disk: free some space…: free some space…")
	}
	return f.Commit()
}

// CheckWritable reports whether a file could be written at path, without
// leaving anything behind: for failing before long work starts.
//
// On Windows a file that is there already is opened for writing too (and
// closed, unchanged): a program holding it open without sharing it (a
// spreadsheet showing last run's csv) would otherwise fail the write only
// at the end, after the work.
func CheckWritable(path string) error {
	f, err := Create(path, 0o644)
	if err != nil {
		return err
	}
	target := f.target
	f.Abort()
	if held, err := heldOpen(target); held {
		return heldOpenError(path, err)
	}
	return nil
}

// heldOpenError says that path could not be written because another
// program holds it open (heldOpen), and what to do.
func heldOpenError(path string, err error) error {
	return fmt.Errorf("cannot write %s: another program has it open (a spreadsheet or an editor showing it?): close it there, or write to another name (%w)", path, unwrap(err))
}

// SyncDir fsyncs the directory dir, so that a file just created or renamed
// in it survives a crash. It does nothing on Windows, where a directory
// cannot be opened for it, and reports no error: the data is on disk, and
// at worst a crash loses the new name.
func SyncDir(dir string) {
	if runtime.GOOS == "windows" {
		return // directories cannot be opened for sync on Windows
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// unwrap drops the path an *os.PathError repeats (the messages name the
// file themselves) and says what to do about a full disk.
func unwrap(err error) error {
	var pe *os.PathError
	var le *os.LinkError // a rename's, naming the temporary file
	if errors.As(err, &pe) {
		err = pe.Err
	} else if errors.As(err, &le) {
		err = le.Err
	}
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w: free some space, or write to another disk", err)
	}
	return err
}

var _ io.Writer = (*File)(nil)
