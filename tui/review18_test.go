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
