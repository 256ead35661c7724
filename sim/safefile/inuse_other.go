//go:build !windows

package safefile

// heldOpen reports whether target is held open by another program that
// keeps others from writing it: never, but on Windows (nothing is
// opened here).
func heldOpen(string) (bool, error) { return false, nil }

// heldOpenAtRename reports whether a rename over target failed because
// another program holds it open: never, but on Windows.
func heldOpenAtRename(string, error) bool { return false }
