package serve

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	charmlog "charm.land/log/v2"
)

// A lockout for wrong join codes is said where the White cell looks (the
// server's log and, for the serving terminal's console, every game's log),
// with when it ends; the White cell can lift it. A class behind one NAT
// stalled on it, the instructor none the wiser.
func TestLockoutLoggedAndLifted(t *testing.T) {
	stateDir(t)
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	rooms := newRooms(t, gameOpts{codes: []string{"RIGHT7"}, games: 2})
	ts := startServer(t, Config{Rooms: rooms, Now: clock, MaxAddressFailures: 2})

	c := mustDial(t, ts.addr, "class", noKey())
	c.waitText("Code:")
	c.send("WRONG2\r")
	c.waitText("not the join code")
	mu.Lock()
	now = now.Add(tryGap)
	mu.Unlock()
	c.send("WRONG3\r")
	c.waitText("locked out, try again in 1m0s")
	want := "127.0.0.1 locked out after 2 wrong codes, until 09:01:01"
	if !strings.Contains(ts.log.String(), want) {
		t.Errorf("server log lacks %q:\n%s", want, ts.log)
	}
	for _, r := range rooms {
		var lg []string
		r.Locked(func() { lg = r.Log })
		if !strings.Contains(strings.Join(lg, "\n"), want) {
			t.Errorf("%s log (the console's) lacks %q:\n%s", r.Name(), want, strings.Join(lg, "\n"))
		}
	}
	if got := ts.LiftLockouts("console"); got != "lockout lifted for 127.0.0.1" {
		t.Errorf("LiftLockouts = %q", got)
	}
	if got := ts.LiftLockouts("console"); got != "no address is locked out" {
		t.Errorf("LiftLockouts again = %q", got)
	}
	mu.Lock()
	now = now.Add(tryGap)
	mu.Unlock()
	c.send("RIGHT7\r")
	c.waitText("Team:") // in at once, the minute not over
}

// A team name of spaces and combining marks only is refused: it drew a
// team no one could read or type.
func TestTeamNameNeedsALetter(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"RIGHT7"}})
	ts := startServer(t, Config{Rooms: rooms})
	c := mustDial(t, ts.addr, "marks", noKey())
	c.waitText("Code:")
	c.send("RIGHT7\r")
	c.waitText("Team:")
	c.send("    " + strings.Repeat("\u0301", 20) + "\r")
	c.waitText("a letter or digit")
	if n := len(rooms[0].Members()); n != 0 {
		t.Fatalf("%d members after a name of marks only", n)
	}
	c.send("Bravo\u0301 1\r")
	c.waitText("Choose your side")
}

// The SSH libraries' log lines come to the server's log; a session's
// program ended by a shutdown ("program was killed") is no error and is
// left out. It was printed raw on stderr:
// ERROR app exit with error error="program was killed: program was interrupted".
func TestLibraryLogTaken(t *testing.T) {
	stateDir(t)
	ts := startServer(t, Config{Rooms: newRooms(t, gameOpts{codes: []string{"RIGHT7"}})})
	charmlog.Error("app exit with error", "error", errors.New("the disk is on fire"))
	charmlog.Error("app exit with error", "error", errors.Join(tea.ErrProgramKilled, tea.ErrInterrupted))
	lg := ts.log.String()
	if !strings.Contains(lg, "ssh: ERROR app exit with error") || !strings.Contains(lg, "the disk is on fire") {
		t.Errorf("a library error is not in the server's log:\n%s", lg)
	}
	if strings.Contains(lg, "killed") {
		t.Errorf("a session ended by a shutdown is logged as an error:\n%s", lg)
	}
}

// A team disconnected for idling is said so in the console's log (the
// rooms' logs, which the serving terminal's console shows), by name: the
// log read only "Alpha left".
func TestIdleSaidInTheConsoleLog(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, IdleTimeout: time.Second})
	c := mustDial(t, ts.addr, "idle", noKey())
	c.join(rooms[0], "ABC234", "Alpha", "rok")
	c.waitClosed()
	var lg []string
	rooms[0].Locked(func() { lg = rooms[0].Log })
	if want := "Game 1: Alpha (127.0.0.1) idle for 1s: disconnected"; !strings.Contains(strings.Join(lg, "\n"), want) {
		t.Errorf("the console's log lacks %q:\n%s", want, strings.Join(lg, "\n"))
	}
}
