package tui

import (
	"testing"
)

// TestAllocationKeysDisarmAnEvent: keys meant for the allocation, typed on
// as the results gave way to an event's dialog, decided the event unread
// (over SSH, "↓ → → enter": ↓ picked a choice and armed enter). An
// allocation key now disarms enter and says the event comes first; enter
// then asks once more before it decides.
func TestAllocationKeysDisarmAnEvent(t *testing.T) {
	m := stateInjectDialog(t)
	in := m.dialog
	if in < 0 {
		t.Fatal("no event's dialog open")
	}
	m = press(t, m, "down", "right", "right", "enter")
	if m.dialog != in || m.sess.Orders.Choices[in] >= 0 {
		t.Fatalf("the allocation keys and one enter decided the event: choice %d", m.sess.Orders.Choices[in])
	}
	mustShow(t, m, "enter again chooses")
	m = press(t, m, "enter")
	if m.sess.Orders.Choices[in] != 1 {
		t.Fatalf("a second enter did not take the choice ↓ picked: %d", m.sess.Orders.Choices[in])
	}
	// ↓ then enter, with no other key between, still decides at once.
	m = stateInjectDialog(t)
	m = press(t, m, "down", "enter")
	if m.sess.Orders.Choices[in] != 1 {
		t.Fatalf("↓ enter did not decide: %d", m.sess.Orders.Choices[in])
	}
}

// TestRedTeamAskedBeforeAShortPlan: one enter committed a Red team's week
// with 1 of its 2 real moves (the allies are asked before they leave
// budget unspent). With fewer real moves marked than the side may make,
// enter asks first and a second enter commits; a full plan commits at
// once.
func TestRedTeamAskedBeforeAShortPlan(t *testing.T) {
	m := redSolo(t, "taiwan-strait", 100, 30) // China: two real moves a week and a bluff
	prc := m.side
	m = press(t, m, "r", "enter")
	if m.screen != scrAdversary || m.sess.HasPlan(prc) {
		t.Fatal("one real move of two was committed without a word")
	}
	mustShow(t, m, "1 of 2 real moves and 0 of 1 bluff marked: enter again commits")
	m = press(t, m, "enter") // committed, the week is played: its results
	if m.screen != scrResults {
		t.Fatalf("the second enter did not commit:\n%s", plain(m))
	}

	m = redSolo(t, "taiwan-strait", 100, 30)
	m = press(t, m, "r", "down", "down", "down", "down", "r", "enter") // the next open move is the fifth
	if m.screen != scrResults {
		t.Fatalf("a plan of both real moves was not committed at once:\n%s", plain(m))
	}
}
