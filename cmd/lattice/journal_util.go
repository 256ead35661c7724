package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/tui"
)

// journalErrorText words an error reading or replaying a journal for the
// terminal, telling how to go on with a journal from another engine version
// (verb: what --force does, "replays" or "reports").
func journalErrorText(err error, verb string) string {
	msg := sim.Sanitize(err.Error(), false)
	var ee *journal.EngineError
	if errors.As(err, &ee) {
		msg += "; --force " + verb + " it anyway"
	}
	return msg
}

// latestArg resolves a journal argument "latest" to the newest journal in
// the games directory, as play --fork latest does (play --resume latest
// passes over a game another lattice is playing; report and replay only
// read it), and says on stderr which it took; any other argument is
// returned as it is. The code is ≥ 0 if the command ends there.
func latestArg(e *env, cmd, arg string) (path string, code int) {
	if arg != "latest" {
		return arg, -1
	}
	path, err := tui.LatestJournal()
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: latest: %s\n", cmd, sim.Sanitize(err.Error(), false))
		return "", exitInvalid
	}
	fmt.Fprintf(e.stderr, "lattice %s: latest: %s\n", cmd, sim.Sanitize(filepath.Base(path), false))
	return path, -1
}
