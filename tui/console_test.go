package tui

import (
	"strings"
	"testing"

	"lattice/sim"
	"lattice/sim/journal"
)

// The one-screen White cell: W opens the console on the hand-over screen;
// it hides the drafts until every side has committed, fires an inject,
// rolls back a turn and ends the game.
func TestHotseatWhiteCell(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	pols := make([]sim.Policy, len(c.Sides))
	s := NewSession(c, 3, "normal", human, pols)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	defer w.Close()
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 100, 30)
	if m.screen != scrHandover {
		t.Fatalf("screen %d, want the hand-over", m.screen)
	}
	if !strings.Contains(m.render(), "White cell") {
		t.Fatalf("the hand-over's help does not offer the White cell:\n%s", m.render())
	}
	type_ := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			m, _ = update(t, m, keyMsg(k))
		}
	}
	type_("W")
	if m.wc == nil {
		t.Fatal("W did not open the console")
	}
	if out := m.render(); !strings.Contains(out, "drafts stay hidden") {
		t.Fatalf("the console shows drafts before every side committed:\n%s", out)
	}
	type_("i", "enter", "enter")
	if len(s.Acts) != 0 {
		t.Fatal("an inject fired without a reason")
	}
	type_("w", "h", "y", "enter")
	if len(s.Acts) != 1 || !s.Game.Briefed() {
		t.Fatalf("inject not fired: acts %q, console %q", s.Acts, m.wc.msg)
	}
	type_("esc")
	if m.wc != nil {
		t.Fatal("esc did not close the console")
	}
	// Play the turn: each side commits what it has.
	for i := 0; i < 12 && m.screen != scrResults; i++ {
		switch {
		case m.screen == scrHandover:
			type_("enter")
		case m.dialog >= 0:
			type_("enter")
		case m.confirmEnd:
			type_("y")
		default:
			type_("enter")
		}
	}
	if m.screen != scrResults || len(s.Results) != 1 {
		t.Fatalf("screen %d with %d results, want turn 1's results", m.screen, len(s.Results))
	}
	if !strings.Contains(m.render(), "fired by the White cell") {
		t.Fatalf("the results do not say the White cell fired the inject:\n%s", m.render())
	}
	type_("W", "u")
	type_(strings.Split("oops", "")...)
	type_("enter")
	if len(s.Results) != 0 || s.Game.Turn() != 1 || m.wc != nil {
		t.Fatalf("rollback: %d results, turn %d, console open %v", len(s.Results), s.Game.Turn(), m.wc != nil)
	}
	if !strings.Contains(m.message, "rolled back") {
		t.Fatalf("no word of the rollback: %q", m.message)
	}
	type_("W", "e", "enter")
	if s.Over() {
		t.Fatal("the game ended without a reason")
	}
	type_("d", "o", "n", "e", "enter")
	if !s.Over() || m.screen != scrEnd || !strings.Contains(m.render(), "Ended by the White cell") {
		t.Fatalf("end: over %v, screen %d\n%s", s.Over(), m.screen, m.render())
	}
}

// A White-cell act made in a turn still in progress when the game was
// closed is applied again when the resumed game briefs that turn.
func TestResumeReappliesPendingActs(t *testing.T) {
	s := newRoomSession(t)
	s.Brief()
	in := -1
	for i := range s.C.Injects {
		if len(s.C.Injects[i].Effects) > 0 {
			in = i
			break
		}
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActInject, Inject: s.C.Injects[in].ID, Reason: "a test"}); err != nil {
		t.Fatal(err)
	}
	want := s.Game.Hash()
	s.Journal.Close()
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Journal.Close()
	back.Brief()
	if back.Game.Hash() != want {
		t.Fatalf("resumed turn hash %x, want %x (acts %q, journal error %v)", back.Game.Hash(), want, back.Acts, back.JournalErr)
	}
	if len(back.Acts) != 1 {
		t.Fatalf("acts after resume: %q", back.Acts)
	}
}

// The setup's White-cell row turns the console on for a game started from
// the picker (no flag needed).
func TestSetupWhiteCellRow(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "right") // setup; hotseat
	for range m.setupRows() - 1 {
		m = press(t, m, "down")
	}
	mustShow(t, m, "▸ White-cell console", "off")
	m = press(t, m, "right")
	mustShow(t, m, "on — W opens it during the game", "facilitator's console")
	m = press(t, m, "enter") // start
	mustShow(t, m, "Briefing")
	m = press(t, m, "enter")
	mustShow(t, m, "W White cell")
	m = press(t, m, "W")
	if m.wc == nil {
		t.Fatal("W did not open the console in a game started with the White-cell row on")
	}
}
