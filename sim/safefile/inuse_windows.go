//go:build windows

package safefile

import (
	"errors"
	"syscall"
)

// Windows' errors for a file another program holds open without sharing
// it (a spreadsheet holding a csv, an editor): replacing it fails with
// one of these.
const (
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

// heldOpen reports whether err, of writing or replacing an existing
// file, is another program holding the file open.
func heldOpen(err error) bool {
	return errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation) || errors.Is(err, errorAccessDenied)
}
