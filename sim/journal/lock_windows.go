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
	ol := &windows.Overlapped{OffsetHigh: 0x40000000}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return errLocked
	}
	return nil
}
