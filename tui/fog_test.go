package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// fogRoom plays one tutorial turn in a room where the US puts 2 points on
// intelligence sharing, a lever that is not visible, and returns a seat
// for each side: ROK, the US, the Red team (PRC) and the observer.
func fogRoom(t *testing.T) (r *Room, seats map[string]*SeatModel) {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	if intel := c.LeverIndex("intel_sharing"); intel < 0 || c.Levers[intel].Visible {
		t.Fatal("the tutorial's intel_sharing is no longer a lever that is not visible")
	}
	human := make([]bool, len(c.Sides))
	for i := range human {
		human[i] = true
	}
	sess := NewSession(c, 7, "normal", human, make([]sim.Policy, len(c.Sides)))
	r = NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	seats = map[string]*SeatModel{}
	members := map[string]*Member{}
	for _, id := range []string{"rok", "us", "prc", "observer"} {
		mb := mustJoin(t, r, "team "+id, "", false)
		side := -1
		if id != "observer" {
			side = c.SideIndex(id)
		}
		if err := r.ChooseWithCode(mb, side, r.SideCode(max(side, 0))); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		members[id] = mb
		seats[id] = NewSeat(r, mb)
		seats[id].Update(tea.WindowSizeMsg{Width: 200, Height: 80})
	}
	t.Cleanup(func() {
		for _, s := range seats {
			s.Close()
		}
	})
	r.Locked(func() {
		if err := r.planRed(members["prc"], nil, nil); err != nil {
			t.Fatal(err)
		}
		sess.Orders.Set(c.SideIndex("us"), c.LeverIndex("intel_sharing"), 2)
		sess.Orders.Set(c.SideIndex("us"), c.LeverIndex("consultation"), 2)
		sess.Orders.Set(c.SideIndex("rok"), c.LeverIndex("combined_exercise"), 2)
		for _, id := range []string{"us", "rok"} {
			if err := r.commit(members[id]); err != nil {
				t.Fatal(err)
			}
		}
	})
	if len(sess.Results) != 1 {
		t.Fatalf("the turn was not adjudicated:\n%s", strings.Join(r.Log, "\n"))
	}
	for _, s := range seats {
		s.Update(roomMsg{})
	}
	return r, seats
}

// TestSeatsHideOthersHiddenLevers checks fog of war on the screens that
// explain a turn: the results, the why? panel and the end screen's
// decisions that mattered. They printed the whole ledger on every seat, so
// ROK's seat read "Intelligence sharing (United States) +11.52 (alone
// ×0.8)" of the US's points on a lever that is not visible. Now only the
// US names them; ROK, the Red team and the observer read "others'
// undisclosed allocations" for the same change, and the numbers still add
// up. ROK's own points on a visible lever are named everywhere.
func TestSeatsHideOthersHiddenLevers(t *testing.T) {
	r, seats := fogRoom(t)
	c := r.Sess.C
	const usIntel, rokExercise = "Intelligence sharing (United States)", "Combined exercise (South Korea)"
	// The end screen ranks the decisions on the scored metrics: the US's
	// consultation (+1.5 cohesion a point, not visible) is among its top
	// five, where intelligence sharing (+0.5) falls behind the sides'
	// visible-commitment shortfalls.
	const usConsult = "Consultation and joint planning (United States)"
	var screens map[string]string
	r.Locked(func() {
		screens = map[string]string{}
		for id, s := range seats {
			if s.m.screen != scrResults {
				t.Fatalf("%s's seat is on screen %v, want the results", id, s.m.screen)
			}
			s.m.metricSel = c.MetricIndex("intel")
			screens[id+" results"] = ansi.Strip(s.m.resultsText())
			screens[id+" why"] = ansi.Strip(s.m.whyPanel(200))
			screens[id+" end"] = ansi.Strip(s.m.endText())
		}
	})
	for name, text := range screens {
		us := strings.HasPrefix(name, "us ")
		hidden := usIntel
		if strings.HasSuffix(name, " end") {
			hidden = usConsult
		}
		if got := strings.Contains(text, hidden); got != us {
			t.Errorf("%s: names %q: %v, want %v:\n%s", name, hidden, got, us, text)
		}
		if !strings.Contains(text, rokExercise) && !strings.HasSuffix(name, " why") {
			t.Errorf("%s: does not name ROK's visible points %q:\n%s", name, rokExercise, text)
		}
		if !us && !strings.HasSuffix(name, " end") && !strings.Contains(text, "others' undisclosed allocations") {
			t.Errorf("%s: the US's hidden points are not shown as undisclosed (the change must still add up):\n%s", name, text)
		}
	}
}

// TestHotseatSharedScreensKeepHiddenLevers: at a hotseat, every side
// allocates behind a hand-over screen, and the ? screen tells each team "◌
// hidden lever: allies do not see your points". But the results, read by
// the whole room, printed "Intelligence sharing (South Korea) +…" and
// "South Korea: …, Intelligence sharing 2" for the US team to read, and the
// US team's why? panel named them again on its own turn. The screens the
// room shares now show the public's picture (as a server's observer seat),
// and a team's own turn screen its side's: ROK's names its own points, the
// US's does not.
func TestHotseatSharedScreensKeepHiddenLevers(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	m, rok, us := hotseatAtROK(t, s)
	s.Orders.Set(rok, c.LeverIndex("intel_sharing"), 2)
	s.Orders.Set(rok, c.LeverIndex("combined_exercise"), 2)
	m = press(t, m, "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	m = press(t, m, "enter") // the hand-over to the US
	if m.screen != scrTurn || m.side != us {
		t.Fatalf("screen %v for side %d, want the US's turn", m.screen, m.side)
	}
	s.Orders.Set(us, c.LeverIndex("combined_exercise"), 2)
	m = press(t, m, "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	if m.screen != scrResults {
		t.Fatalf("screen %v, want the results", m.screen)
	}
	const rokIntel, rokExercise = "Intelligence sharing (South Korea)", "Combined exercise (South Korea)"
	results := ansi.Strip(m.resultsText())
	for _, leak := range []string{rokIntel, "Intelligence sharing 2"} {
		if strings.Contains(results, leak) {
			t.Errorf("the results the room reads name ROK's points on a hidden lever (%q):\n%s", leak, results)
		}
	}
	if !strings.Contains(results, rokExercise) || !strings.Contains(results, "undisclosed") {
		t.Errorf("the results do not name ROK's visible points, or do not show its hidden ones as undisclosed:\n%s", results)
	}
	why := func(m Model) string {
		m.metricSel = c.MetricIndex("intel")
		return ansi.Strip(m.whyPanel(200))
	}
	m = press(t, m, "enter", "enter") // week 2: the hand-over to ROK, then its turn
	if m.screen != scrTurn || m.side != rok {
		t.Fatalf("screen %v for side %d, want ROK's turn in week 2", m.screen, m.side)
	}
	if got := why(m); !strings.Contains(got, rokIntel) {
		t.Errorf("ROK's own why? panel does not name its own points:\n%s", got)
	}
	m = press(t, m, "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	m = press(t, m, "enter")
	if m.screen != scrTurn || m.side != us {
		t.Fatalf("screen %v for side %d, want the US's turn in week 2", m.screen, m.side)
	}
	if got := why(m); strings.Contains(got, rokIntel) {
		t.Errorf("the US team's why? panel names ROK's points on a hidden lever:\n%s", got)
	}
}
