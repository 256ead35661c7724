package tui

import (
	"strings"
	"testing"

	"lattice/sim"
)

// calledOffSrc is a small scenario whose adversary's swarm is open only
// while cohesion is above 50, and an event in week 2 that brings it to 50.
const calledOffSrc = `format = 1
id = "calledoff"
title = "Called off"
turns = 4

[[domain]]
id = "maritime"

[[side]]
id = "rok"
name = "South Korea"
team = "alliance"
budget = 6

[[side]]
id = "prc"
name = "China"
team = "adversary"

[[metric]]
id = "cohesion"
start = 60

[deterrence]
capability = { start = 0.7 }
resolve = { start = 0.7 }
communication = { start = 0.7 }

[[lever]]
id = "patrol"
effect = { cohesion = 0.1 }

[[action]]
id = "swarm"
name = "Militia swarm"
domain = "maritime"
success = { cohesion = -2 }
when = "cohesion > 50"

[[inject]]
id = "scandal"
turn = 2
effect = { cohesion = -15 }

[[end]]
id = "held"
success = true
`

// TestRedTeamToldOfAMoveCalledOff: a Red team's swarm, planned before
// week 2 was briefed, is locked by the week's event; the Red team and the
// White cell are told at the briefing, and every side with the results.
func TestRedTeamToldOfAMoveCalledOff(t *testing.T) {
	r, red, blue := redRoom(t, calledOffSrc, 1)
	s, c := r.Sess, r.Sess.C
	rok, prc, swarm := c.SideIndex("rok"), c.SideIndex("prc"), c.ActionIndex("swarm")
	r.Locked(func() {
		for turn := 1; turn <= 2; turn++ {
			if err := r.planRed(red, []int{swarm}, nil); err != nil {
				t.Fatalf("week %d: %v", turn, err)
			}
			if err := r.commit(blue); err != nil {
				t.Fatalf("week %d: %v", turn, err)
			}
		}
	})
	want := "China's move Militia swarm was called off at the briefing: its condition does not hold"
	if len(s.Results) != 2 || len(s.Results[0].CalledOff) != 0 || len(s.Results[1].CalledOff) != 1 {
		t.Fatalf("turns %d; want week 2 alone to call the swarm off: %+v", len(s.Results), s.Results)
	}
	if got := calledOffText(c, s.Results[1].CalledOff[0]); !strings.HasPrefix(got, want) {
		t.Errorf("said %q, want it to start %q", got, want)
	}
	if !strings.Contains(strings.Join(r.Log, "\n"), want) {
		t.Errorf("the console's log does not say so:\n%s", strings.Join(r.Log, "\n"))
	}
	if got := r.noticesSince(0, prc); !strings.Contains(got, want) {
		t.Errorf("the Red team is told %q, want %q", got, want)
	}
	if got := r.noticesSince(0, rok); strings.Contains(got, "called off") {
		t.Errorf("the allies are told of the Red team's plan before the results: %q", got)
	}
	for _, mv := range s.Results[1].Moves {
		if mv.Action == swarm {
			t.Error("the swarm was carried out in week 2")
		}
	}
}

// redRoom is a room on scenario src (a small one, such as calledOffSrc)
// at seed, its ally rok played by team Blue and its adversary prc by a
// Red team, in a state directory of its own.
func redRoom(t *testing.T, src string, seed uint64) (r *Room, red, blue *Member) {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	sc, err := sim.Parse("calledoff.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(sc)
	if err != nil {
		t.Fatal(err)
	}
	rok, prc := c.SideIndex("rok"), c.SideIndex("prc")
	human := make([]bool, len(c.Sides))
	human[rok], human[prc] = true, true
	r = NewRoom(NewSession(c, seed, "normal", human, make([]sim.Policy, len(c.Sides))), RoomOptions{Name: "Game 1", AllowRed: true})
	return r, onSide(t, r, "Red", prc), onSide(t, r, "Blue", rok)
}
