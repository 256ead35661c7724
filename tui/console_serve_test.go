package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Ctrl-C on the serving terminal's console is an interrupt (the server
// exits 130, as on SIGINT headless); q then y is a deliberate quit. Both
// exited 0.
func TestConsoleCtrlCIsAnInterrupt(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := openConsole(t, 100, 30, r)
	con.Update(keyMsg("q"))
	if _, cmd := con.Update(keyMsg("y")); cmd == nil || con.Interrupted() {
		t.Errorf("q then y: quit %v, interrupted %v; want a quit, not an interrupt", cmd != nil, con.Interrupted())
	}
	con = openConsole(t, 100, 30, r)
	if _, cmd := con.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}); cmd == nil || !con.Interrupted() {
		t.Errorf("ctrl+c: quit %v, interrupted %v; want an interrupt", cmd != nil, con.Interrupted())
	}
}

// l on a server's console lifts the lockouts for wrong join codes, and ?
// lists it; a console with no server to ask (SetLift not called) has no l.
func TestConsoleLiftsLockouts(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 5 * time.Minute})
	con := openConsole(t, 100, 30, r)
	con.Update(keyMsg("?"))
	if out := ansi.Strip(con.Render()); strings.Contains(out, "locked out") {
		t.Errorf("? lists l with no server to lift lockouts:\n%s", out)
	}
	con.Update(keyMsg("x"))
	var by string
	con.SetLift(func(who string) string { by = who; return "lockout lifted for 10.0.0.5" })
	con.Update(keyMsg("?"))
	if out := strings.Join(strings.Fields(ansi.Strip(con.Render())), " "); !strings.Contains(out, "l let in now the addresses locked out for wrong join codes") {
		t.Errorf("? does not list l:\n%s", out)
	}
	con.Update(keyMsg("x"))
	con.Update(keyMsg("l"))
	if out := ansi.Strip(con.Render()); by != "console" || !strings.Contains(out, "lockout lifted for 10.0.0.5") {
		t.Errorf("l: lifted by %q; the console says\n%s", by, out)
	}
}

// u on a game the White cell ended says what it does: the end is undone
// with the last turn played, which is played again (it said "roll back the
// last turn", and the instructor who meant to take back a mistaken end
// lost a week without being told).
func TestConsoleSaysWhatUndoDoesAfterAnEnd(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := openConsole(t, 120, 30, r)
	r.Locked(func() { r.Force("console") })
	r.Locked(func() {
		if err := r.End("a mistake", "console"); err != nil {
			t.Fatal(err)
		}
	})
	want := "u reopens the game one week back: Week 1, the last played, is played again (the end alone cannot be undone)"
	if out := strings.Join(strings.Fields(ansi.Strip(con.Render())), " "); !strings.Contains(out, want) {
		t.Errorf("the console lacks %q:\n%s", want, out)
	}
	con.Update(keyMsg("u"))
	if out := strings.Join(strings.Fields(ansi.Strip(con.Render())), " "); !strings.Contains(out, "Reason for rolling back Week 1 (the end goes with it)") {
		t.Errorf("u's reason prompt does not say the end goes:\n%s", out)
	}
	con.Update(keyMsg("enter"))
	if s.Over() || s.Game.Turn() != 1 {
		t.Errorf("after u: over %v, turn %d; want week 1 played again", s.Over(), s.Game.Turn())
	}
}

// The console's log gives each entry whole, wrapped under its time: a
// refusal's reason and a journal's path were cut with "…" at 80 columns,
// and the console is where the host reads them.
func TestConsoleLogWrapsLongEntries(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	long := "15:04:05  10.0.0.5 sent more than 16 KiB of input at once: disconnected (and 3 more like it since 15:03:05; the limit is the server's InputBurst)"
	r.AddLog(long)
	con := openConsole(t, 80, 30, r)
	out := strings.Join(strings.Fields(ansi.Strip(con.Render())), " ")
	if !strings.Contains(out, "the limit is the server's InputBurst)") {
		t.Errorf("the log entry's end is not on the console:\n%s", ansi.Strip(con.Render()))
	}
}
