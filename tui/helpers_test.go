package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/scenarios"
	"lattice/sim"
)

// tutorialEntry builds the tutorial's picker entry the way
// cmd/lattice/play_cmd.go does: scenarios.Open, then sim.Compile, with a
// Load for the other difficulty levels.
func tutorialEntry(t testing.TB) Entry {
	t.Helper()
	return scenarioEntry(t, "tutorial")
}

// scenarioEntry builds the picker entry of the built-in scenario name.
func scenarioEntry(t testing.TB, name string) Entry {
	t.Helper()
	e := Entry{Name: name, Load: func(level string) (*sim.Compiled, error) { return scenarios.Compile(name, level, nil) }}
	s, err := scenarios.Open(name)
	if err != nil {
		t.Fatalf("scenarios.Open(%q): %v", name, err)
	}
	e.Scenario = s
	if e.Compiled, err = sim.Compile(s); err != nil {
		t.Fatalf("sim.Compile(%q): %v", name, err)
	}
	return e
}

// newTutorial returns the interface on the tutorial alone, on the picker,
// at seed 1 (as `lattice play` with the picker, i.e. without SkipPicker).
func newTutorial(t testing.TB) Model {
	t.Helper()
	return New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1})
}

// keyMsg turns a key name ("enter", "right", "q", …) into the message a
// terminal would send.
func keyMsg(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("keyMsg: unknown key " + name)
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// update feeds one message and returns the new root model and command.
func update(t testing.TB, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	nm, cmd := m.Update(msg)
	mm, ok := nm.(Model)
	if !ok {
		t.Fatalf("Update returned %T, want tui.Model", nm)
	}
	return mm, cmd
}

// press feeds key presses in order. A key that asks the program to quit
// fails the test unless it is the last one. An enter on the hand-over
// screen is sent as the space that passes it now (the tests' sequences
// were written when enter did; TestHandoverWantsSpace sends the enter).
func press(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	for i, k := range keys {
		if k == "enter" && m.screen == scrHandover && m.wc == nil && !m.confirmQuit {
			k = "space"
		}
		var cmd tea.Cmd
		m, cmd = update(t, m, keyMsg(k))
		if isQuit(cmd) && i != len(keys)-1 {
			t.Fatalf("key %d (%q) of %q quit the program", i, k, keys)
		}
	}
	return m
}

// resize sends a WindowSizeMsg.
func resize(t testing.TB, m Model, w, h int) Model {
	t.Helper()
	m, _ = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// isQuit reports whether cmd (run now) asks the program to quit.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// plain renders the model's View with the ANSI styling stripped: what a
// terminal without colour shows.
func plain(m Model) string {
	return ansi.Strip(m.View().Content)
}

// mustShow fails unless the screen contains every string.
func mustShow(t testing.TB, m Model, want ...string) {
	t.Helper()
	s := plain(m)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

// mustRead fails unless the screen's text, its lines joined and its runs
// of spaces made one, contains every string: a sentence however the
// screen's width wraps it.
func mustRead(t testing.TB, m Model, want ...string) {
	t.Helper()
	s := strings.Join(strings.Fields(plain(m)), " ")
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("screen does not read %q:\n%s", w, plain(m))
		}
	}
}

// mustNotShow fails if the screen contains any of the strings.
func mustNotShow(t testing.TB, m Model, unwanted ...string) {
	t.Helper()
	s := plain(m)
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			t.Fatalf("screen shows %q:\n%s", w, s)
		}
	}
}

// gameHash is the hash of the game the model drives (0 before a game
// starts). The Session has no exported accessor on Model, so this is the
// one place the tests reach inside it.
func gameHash(m Model) uint64 {
	if m.sess == nil {
		return 0
	}
	return m.sess.Game.Hash()
}

// Key scripts. Each goes from the state the previous one leaves.
var (
	// From the picker to the first turn screen, solo as South Korea.
	toTurn1Solo = []string{"enter", "enter", "enter"}
	// Two points on the combined exercise and one on coast-guard patrols.
	addPoints = []string{"right", "right", "down", "right"}
	// The setup for a solo game as the United States (the decider of the
	// tutorial's week-3 inject): from the picker.
	toSetupAsUS = []string{"enter", "down", "down", "left"}
	// Setup in hotseat with a human Red team: from the picker. Row 0 toggles
	// the mode; the adversary is the tutorial's third side (row 3).
	toSetupHotseatRed = []string{"enter", "right", "down", "down", "down", "right"}
)

// commitTurn commits the current side's draft, answering the "commit with
// budget left?" confirmation if it comes.
func commitTurn(t testing.TB, m Model) Model {
	t.Helper()
	m = press(t, m, "enter")
	if strings.Contains(plain(m), "Commit with budget left?") {
		m = press(t, m, "enter")
	}
	return m
}

// playSoloToEnd plays from the first turn screen of a solo game to the
// scorecard: points, commit, dialogs answered with enter, enter on results.
func playSoloToEnd(t testing.TB, m Model) Model {
	t.Helper()
	for turn := 1; turn <= 20; turn++ {
		for i := 0; strings.Contains(plain(m), "decides:"); i++ {
			if i > 10 {
				t.Fatalf("inject dialogs do not close:\n%s", plain(m))
			}
			m = press(t, m, "enter")
		}
		mustShow(t, m, "Allocation")
		m = press(t, m, addPoints...)
		m = commitTurn(t, m)
		mustShow(t, m, "Results — ")
		m = press(t, m, "enter")
		if s := plain(m); strings.Contains(s, "Verdict:") {
			return m
		}
	}
	t.Fatalf("no scorecard after 20 turns:\n%s", plain(m))
	return m
}

// soloTutorial is a solo tutorial game at seed 7: ROK played by a person,
// the US by the balanced AI.
func soloTutorial(t testing.TB) (s *Session, rok, us int) {
	t.Helper()
	c := tutorialEntry(t).Compiled
	rok, us = c.SideIndex("rok"), c.SideIndex("us")
	human := make([]bool, len(c.Sides))
	human[rok] = true
	pols := make([]sim.Policy, len(c.Sides))
	pols[us], _ = sim.PolicyByName("balanced")
	return NewSession(c, 7, "normal", human, pols), rok, us
}

// soloTutorialWith is soloTutorial with the United States played by the
// built-in policy named ally.
func soloTutorialWith(t testing.TB, ally string) (s *Session, rok, us int) {
	t.Helper()
	s, rok, us = soloTutorial(t)
	p, err := sim.PolicyByName(ally)
	if err != nil {
		t.Fatal(err)
	}
	s.Policies[us] = p
	return s, rok, us
}

// soloSession is a solo game of c at normal difficulty: a person plays
// side, the balanced policy every other ally, the doctrine the adversary.
func soloSession(c *sim.Compiled, side int, seed uint64) *Session {
	human := make([]bool, len(c.Sides))
	human[side] = true
	pols := make([]sim.Policy, len(c.Sides))
	for _, a := range c.Alliance() {
		if a != side {
			pols[a], _ = sim.PolicyByName("balanced")
		}
	}
	return NewSession(c, seed, "normal", human, pols)
}

// closeAtEnd closes, as the test ends, the journal of the session get
// then returns: Windows cannot remove the test's temporary directory
// while a file in it is open.
func closeAtEnd(t testing.TB, get func() *Session) {
	t.Cleanup(func() {
		if s := get(); s != nil && s.Journal != nil {
			s.Journal.Close()
		}
	})
}
