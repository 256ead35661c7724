package main

import (
	"strings"
	"testing"

	"lattice/tui"
)

// --resume --ai gives the computer only a side no team has joined: a team
// on the side keeps it though no turn has been adjudicated yet (the
// report names only the teams that played a turn, tui.SavedTeams; the
// restart asks who joined, tui.JoinedTeams).
func TestServeResumeAIKeepsAJoinedSide(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	r := serveUntilStarted(t, dir, "--listen", "127.0.0.1:0")
	path := journalsOf(t, r.stderr)[0]
	sess, _, err := tui.Resume(path)
	if err != nil {
		t.Fatal(err)
	}
	room := tui.NewRoom(sess, tui.RoomOptions{Name: "Game 1"})
	m, err := room.Join("Bravo", "SHA256:bravo", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := room.Choose(m, sess.C.SideIndex("us")); err != nil {
		t.Fatal(err)
	}
	room.Closing()
	room.Leave(m)
	sess.Journal.Close()
	if got := tui.SavedTeams(path)["us"]; len(got) != 0 {
		t.Fatalf("Bravo played no turn, yet the report's teams for the United States are %q", got)
	}

	r = serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--resume", path, "--ai", "us")
	if r.code != exitInterrupted {
		t.Fatalf("exit %d, want 130:\n%s", r.code, r.stderr)
	}
	if want := "United States stays with team Bravo"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	if strings.Contains(r.stderr, "the computer plays United States") {
		t.Errorf("--ai gave the computer the side Bravo had joined:\n%s", r.stderr)
	}
}
