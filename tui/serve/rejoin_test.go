package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"lattice/tui"
)

// TestRejoinTextIsTrue: the lobby promised "connect again and give the
// same name … to get your side back", but from another SSH key the same
// name is refused (rightly: another student could type it). The lobby now
// says what works, and doing what it says gets the team back on its side.
func TestRejoinTextIsTrue(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	rok := r.Sess.C.SideIndex("rok")

	a := mustDial(t, ts.addr, "a", gossh.PublicKeys(newKey(t)))
	a.waitText("Code:")
	a.send("ABC234\r")
	scr := a.waitText("Team:")
	if strings.Contains(scr, "give the same name") {
		t.Errorf("a team with an SSH key is told the same name gets its side back:\n%s", scr)
	}
	if !strings.Contains(scr, "same SSH key") || !strings.Contains(scr, "side code") {
		t.Errorf("the lobby does not say how to get the side back:\n%s", scr)
	}
	a.send("Alpha\r")
	a.waitText("Choose your side")
	pick := -1
	for i, ch := range r.Choices() {
		if ch.Side == rok {
			pick = i
		}
	}
	a.send(fmt.Sprint(pick + 1))
	a.waitText(r.Name() + " · Alpha")
	a.close()
	waitOffline(t, r, "Alpha")

	// From another computer (another key): the name is refused, and the
	// refusal says what to do; a new name and the side code work.
	b := mustDial(t, ts.addr, "b", gossh.PublicKeys(newKey(t)))
	b.waitText("Code:")
	b.send("ABC234\r")
	b.waitText("Team:")
	b.send("Alpha\r")
	b.waitText("in the game already", "side code")
	if memberNamed(t, r, "Alpha").Online {
		t.Fatal("another key took Alpha's seat by its name")
	}
	b.send(strings.Repeat("\x7f", 5) + "Alpha 2\r")
	b.waitText("Choose your side")
	b.send(fmt.Sprint(pick + 1))
	b.waitText("Side code:")
	b.send(r.SideCode(rok) + "\r")
	b.waitText(r.Name() + " · Alpha 2")
	if m := memberNamed(t, r, "Alpha 2"); m.Side != rok {
		t.Errorf("Alpha 2 plays side %d, want South Korea", m.Side)
	}
}

// TestReturningKeyTypesItsCodeSafely: a key seen before went straight back
// into its seat, so the join code a student typed out of habit went to the
// game, and its Enter committed the draft (or answered an inject). Now a
// line says where the key goes back to and Enter takes it there: the code
// typed is dropped, its Enter only goes back, and the draft is still open.
func TestReturningKeyTypesItsCodeSafely(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	rok := r.Sess.C.SideIndex("rok")
	key := newKey(t)
	a := mustDial(t, ts.addr, "a", gossh.PublicKeys(key))
	a.join(r, "ABC234", "Alpha", "rok")
	a.send("\r") // past the briefing, to the turn
	a.waitText("enter commit")
	r.Locked(func() { // the whole budget spent: Enter on the turn commits at once
		r.Sess.Orders.Set(rok, r.Sess.C.LeverIndex("combined_exercise"), 3)
		r.Sess.Orders.Set(rok, r.Sess.C.LeverIndex("public_diplomacy"), 3)
	})
	a.close()
	waitOffline(t, r, "Alpha")

	b := mustDial(t, ts.addr, "a again", gossh.PublicKeys(key))
	scr := b.waitText("Welcome back, team Alpha", "South Korea", "Press Enter")
	if strings.Contains(scr, "Code:") {
		t.Errorf("a returning key is asked for the code:\n%s", scr)
	}
	b.send("ABC234\r")
	b.waitText(r.Name() + " · Alpha")
	var committed bool
	r.Locked(func() { committed = r.Sess.Committed(rok) })
	if committed {
		t.Error("the code typed on reconnecting committed South Korea's draft")
	}
}

// waitOffline waits until the team name is offline in r.
func waitOffline(t *testing.T, r *tui.Room, name string) {
	t.Helper()
	for deadline := time.Now().Add(waitLimit); memberNamed(t, r, name).Online; {
		if time.Now().After(deadline) {
			t.Fatalf("%s is still online", name)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// alphaLeft starts a server of one game (join code ABC234) where team
// Alpha joined South Korea with key and left: the room, the server and
// Alpha's key.
func alphaLeft(t *testing.T) (*tui.Room, *testServer, gossh.Signer) {
	t.Helper()
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	key := newKey(t)
	a := mustDial(t, ts.addr, "a", gossh.PublicKeys(key))
	a.join(r, "ABC234", "Alpha", "rok")
	a.close()
	waitOffline(t, r, "Alpha")
	return r, ts, key
}

// TestWrongSideChosenAgain: a team that pressed the digit of the wrong
// side stayed on it (a key is a team, and a team plays one side). Back
// through the lobby it is told that s chooses another until the first turn
// is played, and s does.
func TestWrongSideChosenAgain(t *testing.T) {
	r, ts, key := alphaLeft(t)

	b := mustDial(t, ts.addr, "b", gossh.PublicKeys(key))
	b.waitText("Welcome back", "s chooses another")
	b.send("s")
	b.waitText("Choose your side")
	us := r.Sess.C.SideIndex("us")
	for i, ch := range r.Choices() {
		if ch.Side == us {
			b.send(fmt.Sprint(i + 1))
		}
	}
	b.waitText(r.Name() + " · Alpha")
	if m := memberNamed(t, r, "Alpha"); m.Side != us {
		t.Errorf("Alpha plays side %d, want the US (%d)", m.Side, us)
	}
}

// TestReturningTeamHearsItsSideWasGiven: a team whose side the White cell
// gave to the computer while it was away came back to "You have not
// chosen a side yet", as if the server had lost it. It is told what
// happened, and why, and chooses among the sides still the teams'.
func TestReturningTeamHearsItsSideWasGiven(t *testing.T) {
	r, ts, key := alphaLeft(t)
	b := mustDial(t, ts.addr, "b", gossh.PublicKeys(newKey(t)))
	b.join(r, "ABC234", "Bravo", "us") // a team stays with the alliance
	var err error
	r.Locked(func() { err = r.GiveSide(r.Sess.C.SideIndex("rok"), "balanced", "Alpha left early", "console") })
	if err != nil {
		t.Fatal(err)
	}
	back := mustDial(t, ts.addr, "a again", gossh.PublicKeys(key))
	back.waitText("Welcome back, team Alpha", "the White cell gave your side", "South Korea", "Alpha left early")
	back.send("\r")
	scr := back.waitText("Choose your side")
	if strings.Contains(scr, "South Korea") {
		t.Errorf("the lobby offers South Korea, which the computer plays:\n%s", scr)
	}
}
