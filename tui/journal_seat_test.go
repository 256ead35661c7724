package tui

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A team over SSH is told that the journal refused a record, not the
// refusal's text, which names the host's files: the White cell's console
// has the detail (a review found the journal's path on students'
// results screens).
func TestSeatResultsHideTheHostsJournalError(t *testing.T) {
	r, _, us, sr, su := seatedRoom(t)
	r.Locked(func() {
		r.Sess.Orders.Set(us, r.Sess.C.LeverIndex("public_diplomacy"), 2)
		if err := r.commit(su.m.seat.me); err != nil {
			t.Fatal(err)
		}
		r.Sess.JournalErr = errors.New("journal /srv/lattice/games/secret.jsonl: the journal is over 32 MiB")
	})
	for _, s := range []*SeatModel{sr, su} {
		s.Update(roomMsg{}) // the room changed: the turn is adjudicated
		screen := ansi.Strip(s.View().Content)
		if !strings.Contains(screen, "Results") {
			t.Fatalf("the seat is not on the results:\n%s", screen)
		}
		if strings.Contains(screen, "/srv/lattice") || strings.Contains(screen, "32 MiB") {
			t.Errorf("a team reads the host's journal error:\n%s", screen)
		}
		if !strings.Contains(strings.Join(strings.Fields(screen), " "), "the host's journal refused this turn's record") {
			t.Errorf("a team is not told the journal refused the record:\n%s", screen)
		}
	}
}
