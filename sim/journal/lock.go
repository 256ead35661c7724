package journal

import (
	"errors"
	"fmt"
	"os"
)

// lock takes the journal's lock for a Writer, held until it is closed.
func lock(f *os.File, path string) error {
	switch err := lockFile(f); {
	case errors.Is(err, errLocked):
		return fmt.Errorf("journal %s is open in another lattice (a game or a server is playing it): quit that one first, or play on there; 'lattice replay' can read it meanwhile", path)
	case err != nil:
		return fmt.Errorf("cannot lock journal %s: %v", path, err)
	}
	return nil
}

// errLocked is lockFile's answer when another process holds the journal:
// two writers would each append their own next turn, and the journal would
// record a turn twice and never load again.
var errLocked = errors.New("locked by another process")

// InUse reports whether another process holds the lock of the journal at
// path: a game or a server is writing it, and OpenAppend would refuse it.
// It takes a shared lock for as long as the check lasts and gives it back,
// so readers are not kept out; a writer that opens the journal in that
// instant is refused as if the journal were in use. A journal that cannot
// be opened, or a file system without locks, is not in use.
func InUse(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return probeFile(f)
}
