package serve

import (
	"fmt"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// A team that joins a game the White cell has ended is told the game is
// over and offered the observer seat only: the lobby offered "Adversary —
// Red team — nobody yet (you would be its captain)", and the team then
// read "you won" on a game it never played.
func TestFinishedGameLobbyOffersObserving(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{red: true, codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	r.Locked(func() {
		if err := r.End("class is over", "console"); err != nil {
			t.Fatal(err)
		}
	})
	prc := r.Sess.C.SideIndex("prc")

	c := mustDial(t, ts.addr, "late", gossh.PublicKeys(newKey(t)))
	c.waitText("Code:")
	c.send("ABC234\r")
	c.waitText("Team:")
	c.send("Latecomers\r")
	scr := c.waitText("game is over", "Observer")
	for _, bad := range []string{"nobody yet", "you would be its captain", "Choose your side"} {
		if strings.Contains(scr, bad) {
			t.Errorf("the finished game's lobby says %q:\n%s", bad, scr)
		}
	}
	pick, obs := -1, -1
	for i, ch := range r.Choices() {
		switch ch.Side {
		case prc:
			pick = i
		case -1:
			obs = i
		}
	}
	c.send(fmt.Sprint(pick + 1))
	c.waitText("Adversary is not open: the game is over")
	c.send(fmt.Sprint(obs + 1))
	c.waitText(r.Name() + " · Latecomers")
	if m := memberNamed(t, r, "Latecomers"); m.Side != -1 {
		t.Errorf("Latecomers took side %d of a finished game, want the observer seat", m.Side)
	}
}
