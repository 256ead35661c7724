package serve

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// A team that played and left, its connection closed, is not logged two
// minutes on as a connection that opened no session: the timer was armed
// again as its session ended, after the connection had gone (every
// ordinary disconnect read as an attack on the console).
func TestLeftSessionIsNotLoggedAsNoSession(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startConsoleServer(t, Config{Rooms: rooms, AdmitTimeout: 300 * time.Millisecond})
	c := mustDial(t, ts.addr, "team", noKey())
	c.join(r, "ABC234", "Seoul", "rok")
	c.close()
	waitOffline(t, r, "Seoul")
	time.Sleep(900 * time.Millisecond) // three admit timeouts
	var log string
	r.Locked(func() { log = strings.Join(r.Log, "\n") })
	if strings.Contains(log, "opened no session") {
		t.Errorf("a team that left is logged as a connection that opened no session:\n%s", log)
	}
}

// A session cut off for wrong codes is said on the console, where the
// host looks (it went only to a server log that lattice serve in a
// terminal does not have): a student who comes up saying they were kicked
// is found in it, as is a team guessing another side's code.
func TestWrongCodesSaidOnTheConsole(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startConsoleServer(t, Config{Rooms: rooms, MaxSessionFailures: 2})
	c := mustDial(t, ts.addr, "guesser", noKey())
	c.waitText("Code:")
	c.send("AAAA\r")
	waitRoomLog(t, r, "wrong join code from 127.0.0.1")
	time.Sleep(1100 * time.Millisecond) // one try a second after a wrong one
	c.send("BBBB\r")
	waitRoomLog(t, r, "127.0.0.1: 2 wrong codes in one session: disconnected")
}

// The side list offers to choose another side "until the first turn is
// played" only until then: said in week 2, it misled a team that joined
// late.
func TestSideListSaysWrongSideOnlyBeforeTheFirstTurn(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	early := mustDial(t, ts.addr, "early", noKey())
	early.waitText("Code:")
	early.send("ABC234\r")
	early.waitText("Team:")
	early.send("Early\r")
	early.waitText("Choose your side")
	early.waitText("The wrong side?")
	r.Locked(func() {
		if _, err := r.Sess.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	})
	late := mustDial(t, ts.addr, "late", noKey())
	late.waitText("Code:")
	late.send("ABC234\r")
	late.waitText("Team:")
	late.send("Late\r")
	late.waitText("Choose your side")
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(late.screen(), "The wrong side?") {
		t.Errorf("after the first turn the side list still offers another side:\n%s", late.screen())
	}
}

// A keyless team back under its name, its side given to the computer
// while it was away, is told so (the side list simply lacked its side,
// without a word).
func TestKeylessTeamToldItsSideWasGiven(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	c := mustDial(t, ts.addr, "us", noKey())
	c.join(r, "ABC234", "Washington", "us")
	c.close()
	waitOffline(t, r, "Washington")
	r.Locked(func() {
		if err := r.GiveSide(r.Sess.C.SideIndex("us"), "balanced", "the team left", "console"); err != nil {
			t.Fatal(err)
		}
	})
	back := mustDial(t, ts.addr, "back", noKey())
	back.waitText("Code:")
	back.send("ABC234\r")
	back.waitText("Team:")
	back.send("Washington\r")
	back.waitText("gave your side")
}

// A session the server closes for cause (here wrong codes) exits 1, as a
// refused one does: ssh said 0.
func TestSessionClosedForCauseExitsOne(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, MaxSessionFailures: 1})
	c := mustDial(t, ts.addr, "guesser", noKey())
	c.waitText("Code:")
	c.send("AAAA\r")
	c.waitClosed()
	var ee *gossh.ExitError
	if err := c.sess.Wait(); !errors.As(err, &ee) || ee.ExitStatus() != 1 {
		t.Errorf("the session closed for a wrong code ended with %v, want exit status 1", err)
	}
}

// A long entry of a lobby list wraps with its later lines under its text,
// not at column 0 ("(closed: your team has seen the allies' plans)").
func TestLobbyItemWrapsUnderItsText(t *testing.T) {
	l := &Lobby{width: 40, sel: 1}
	long := "3. China (adversary) — Red team (closed: your team has seen the allies' plans)"
	for i, prefix := range []string{"  ", "> "} {
		lines := strings.Split(ansi.Strip(l.item(i, long)), "\n")
		if len(lines) < 2 || !strings.HasPrefix(lines[0], prefix+"3. China") {
			t.Fatalf("item %d: %q", i, lines)
		}
		for _, ln := range lines[1:] {
			if !strings.HasPrefix(ln, "     ") || strings.TrimSpace(ln) == "" || ansi.StringWidth(ln) > 40 {
				t.Errorf("item %d: a later line %q is not under the entry's text, within 40 columns", i, ln)
			}
		}
	}
}
