package main

import (
	"errors"

	"lattice/sim"
	"lattice/sim/journal"
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
