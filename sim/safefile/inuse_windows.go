//go:build windows

package safefile

import (
	"errors"
	"os"
	"syscall"
)

// Windows' errors for a file another program holds open without sharing
// it (a spreadsheet holding a csv, an editor).
const (
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

// heldOpen reports whether target, an existing file, is held open by
// another program that keeps others from writing it: opening it for
// writing (and closing it at once, unchanged) fails with a sharing or
// lock violation. Access denied is not that: it is a permission.
func heldOpen(target string) (bool, error) {
	w, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err == nil {
		w.Close()
		return false, nil
	}
	return errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation), err
}

// heldOpenAtRename reports whether err, of renaming a file over target,
// is another program holding target open: the rename says only "access
// denied" (as it does for a permission), so target is tried as heldOpen
// tries it.
func heldOpenAtRename(target string, err error) bool {
	if !errors.Is(err, errorAccessDenied) && !errors.Is(err, errorSharingViolation) && !errors.Is(err, errorLockViolation) {
		return false
	}
	held, _ := heldOpen(target)
	return held
}
