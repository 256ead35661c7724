package main

import (
	"fmt"
	"io"
	"os"

	"lattice/sim"
)

// maxPolicyFile is the most a policy file may hold (sim.ParsePolicy
// refuses more).
const maxPolicyFile = 64 << 10

// readUserFile reads the file a user named, refusing what is not a regular
// file (a device such as /dev/zero, a FIFO, a directory: each could be read
// for ever or block) and anything over max bytes, so that a wrong name
// cannot exhaust memory. what names the file's kind in the errors ("a
// policy file"); the errors do not name the path, the caller does.
func readUserFile(path string, max int64, what string) ([]byte, error) {
	st, err := os.Stat(path) // before opening: opening a FIFO blocks
	if err != nil {
		return nil, readError{err}
	}
	if !st.Mode().IsRegular() {
		return nil, notRegularError{st.Mode(), what}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, readError{err}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() { // replaced since
		return nil, notRegularError{st.Mode(), what}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, readError{err}
	}
	if int64(len(data)) > max {
		return nil, tooBigError{fmt.Sprintf("over %s, the most %s may hold", sizeWords(max), what)}
	}
	return data, nil
}

// fileType names a non-regular file's kind.
func fileType(m os.FileMode) string { return sim.FileKind(m) }

// sizeWords is n bytes as "64 KiB" or "1 MiB" when it is a whole number of
// them.
func sizeWords(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// readError is an error of the file system without the path (the caller
// names the file); errors.Is sees through it (os.ErrNotExist).
type readError struct{ err error }

func (e readError) Error() string { return describeFileError(e.err) }
func (e readError) Unwrap() error { return e.err }

// tooBigError is readUserFile's error for a file over its limit.
type tooBigError struct{ msg string }

func (e tooBigError) Error() string { return e.msg }

// notRegularError is readUserFile's error for a device, FIFO, directory or
// socket; what is the kind of file to give instead.
type notRegularError struct {
	mode os.FileMode
	what string
}

func (e notRegularError) Error() string {
	return fmt.Sprintf("not a regular file (%s): give %s", fileType(e.mode), e.what)
}
