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
	"os"
	"path/filepath"
	"runtime"
)

// File is a pending atomic write. Write to it, then Commit; Abort (or a
// crash) leaves the target untouched. Abort after Commit does nothing, so
// `defer f.Abort()` is safe.
type File struct {
	*os.File
	path string
	done bool
}

// Create starts an atomic write of path with the given permissions.
func Create(path string, perm os.FileMode) (*File, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrap(err))
	}
	if err := tmp.Chmod(perm); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("cannot write %s: %w", path, unwrap(err))
	}
	return &File{File: tmp, path: path}, nil
}

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
	if err := os.Rename(name, f.path); err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", f.path, unwrap(err))
	}
	syncDir(filepath.Dir(f.path))
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
		return fmt.Errorf("cannot write %s: %w", path, unwrap(err))
	}
	return f.Commit()
}

// CheckWritable reports whether a file could be written at path, without
// leaving anything behind: for failing before long work starts.
func CheckWritable(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory", path)
	}
	f, err := Create(path, 0o644)
	if err != nil {
		return err
	}
	f.Abort()
	return nil
}

func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return // directories cannot be opened for sync on Windows
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var _ io.Writer = (*File)(nil)
