//go:build windows

package journal

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes an exclusive lock on f without waiting; the lock goes with
// the file's closing (or the process's end). It returns errLocked if
// another process holds it. Any other failure (a handle opened for append
// only may lack the access LockFileEx wants on some file systems) leaves
// the journal unguarded rather than unplayable.
func lockFile(f *os.File) error {
	// Windows locks are mandatory: lock one byte far past any journal's
	// end, so readers (replay, spectate) of the game being played are not
	// refused.
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, lockByte())
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return errLocked
	}
	return nil
}

// lockByte is the byte a writer locks: far past any journal's end.
func lockByte() *windows.Overlapped { return &windows.Overlapped{OffsetHigh: 0x40000000} }

// probeFile reports whether another handle holds the writer's lock on f's
// file, by taking a shared lock on its byte without waiting and giving it
// back.
func probeFile(f *os.File) bool {
	h := windows.Handle(f.Fd())
	err := windows.LockFileEx(h, windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, lockByte())
	if err == nil {
		windows.UnlockFileEx(h, 0, 1, 0, lockByte())
		return false
	}
	return errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING)
}
