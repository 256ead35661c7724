package tui

import (
	"strings"
	"testing"
)

// The journal's notes for the host reach the room's log, which the
// serving console shows: those made before the room (a folder made
// private when the game began) and those after (a write refused, its
// catch-up).
func TestRoomLogsTheJournalsNotes(t *testing.T) {
	sess := alliesSession(t)
	sess.journalNotes = []string{"the state folder was made private"}
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	sess.hostNote("journal x: 1 record kept")
	log := strings.Join(r.Log, "\n")
	for _, want := range []string{"the state folder was made private", "journal x: 1 record kept"} {
		if !strings.Contains(log, want) {
			t.Errorf("the room's log lacks %q:\n%s", want, log)
		}
	}
	if notes := sess.JournalNotes(); len(notes) != 0 {
		t.Errorf("notes left in the session: %q", notes)
	}
}
