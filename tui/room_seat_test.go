package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestSeatWaitScreenOpensCharts: the waiting screen's key line offers
// "c charts", but the seat swallowed every key there.
func TestSeatWaitScreenOpensCharts(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	obs := seatOn(t, r, "Watchers", -1)
	t.Cleanup(obs.Close)
	if screenOf(obs) != scrWait {
		obs.Update(keyMsg("enter"))
	}
	if screenOf(obs) != scrWait {
		t.Fatalf("the observer is on screen %v, want the waiting screen", screenOf(obs))
	}
	if out := ansi.Strip(obs.Render()); !strings.Contains(out, "charts") {
		t.Fatalf("the waiting screen does not offer the charts:\n%s", out)
	}
	obs.Update(keyMsg("c"))
	if !obs.m.showCharts {
		t.Fatal("c on the waiting screen did not open the charts")
	}
	obs.Update(keyMsg("c"))
	if obs.m.showCharts || screenOf(obs) != scrWait {
		t.Fatalf("c did not close the charts (charts %v, screen %v)", obs.m.showCharts, screenOf(obs))
	}
}

// TestSeatHelpOverlay: on a seat's turn screen, ? covers the screen with
// the keys; esc did not close it, and enter behind it committed the draft.
func TestSeatHelpOverlay(t *testing.T) {
	sess := grayZoneAllies(t) // no Red team: the turn is briefed at once
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	ally := sess.HumanAllies()[0]
	s := seatOn(t, r, "Alpha", ally)
	t.Cleanup(s.Close)
	s.Update(keyMsg("enter")) // past the briefing
	for i := 0; i < 6 && s.m.dialog >= 0; i++ {
		s.Update(keyMsg("enter"))
	}
	if screenOf(s) != scrTurn {
		t.Fatalf("screen %v, want the turn", screenOf(s))
	}
	s.Update(keyMsg("?"))
	if !s.m.fullHelp {
		t.Fatal("? did not show the keys")
	}
	s.Update(keyMsg("right"))
	s.Update(keyMsg("enter"))
	s.Update(keyMsg("y"))
	if sess.Committed(ally) || s.m.confirmEnd || len(sess.Results) > 0 {
		t.Fatal("enter behind the keys acted on the turn screen")
	}
	for l := range sess.C.Levers {
		if sess.Orders.Get(ally, l) != 0 {
			t.Fatal("→ behind the keys put a point on a lever")
		}
	}
	s.Update(keyMsg("esc"))
	if s.m.fullHelp {
		t.Fatal("esc did not close the keys")
	}
	if screenOf(s) != scrTurn {
		t.Fatalf("esc left the turn screen (screen %v)", screenOf(s))
	}
}
