//go:build !unix && !windows

package journal

import "os"

// lockFile does nothing where the platform has no file locks (js, wasip1,
// plan9): a journal there is not guarded against a second writer.
func lockFile(*os.File) error { return nil }

// probeFile finds no lock where the platform has none.
func probeFile(*os.File) bool { return false }
