package main

import (
	"strings"
	"testing"
)

// TestFlagValueErrorsSayWhatIsValid checks that a flag given a value of the
// wrong kind is told what kind it takes: a duration is not "a whole
// number" (its default, 0s, once passed for one), and a seed takes no sign.
func TestFlagValueErrorsSayWhatIsValid(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--turn-timer", "10"}, `--turn-timer "10": expected a duration with its unit, such as 90s, 10m or 1h30m`},
		{[]string{"serve", "--idle-timeout", "30"}, `--idle-timeout "30": expected a duration with its unit`},
		{[]string{"run", "tutorial", "--seed", "-1"}, `--seed "-1": expected a whole number, 0 or more`},
		{[]string{"batch", "tutorial", "--runs", "1e3"}, `--runs "1e3": expected a whole number`},
		{[]string{"play", "--hotseat=maybe"}, `--hotseat "maybe": expected true or false`},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d and %q in:\n%s", label(tc.args), r.code, exitUsage, tc.want, r.stderr)
		}
		checkStreams(t, label(tc.args), r)
	}
}
