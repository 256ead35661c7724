package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// Over SSH the White cell had no results screen: v on the console shows
// the last turn's results, through no side's fog (a side's points on a
// hidden lever are named, where the teams read "undisclosed"), scrolls,
// and v or esc goes back.
func TestConsoleShowsTheLastResults(t *testing.T) {
	s := newRoomSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	con.Update(keyMsg("v"))
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "no turn has been played yet") {
		t.Fatalf("v before any turn:\n%s", out)
	}
	s.Brief()
	rok, intel := c.SideIndex("rok"), c.LeverIndex("intel_sharing")
	if c.Levers[intel].Visible {
		t.Fatal("the test needs a hidden lever")
	}
	s.Orders.Set(rok, intel, 2)
	for _, side := range c.Alliance() {
		s.Commit(side)
	}
	for _, side := range s.HumanAdversaries() {
		s.Commit(side)
	}
	if _, err := s.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	con.Update(keyMsg("v"))
	page := func() string { return strings.Join(strings.Fields(ansi.Strip(con.Render())), " ") }
	all := page()
	for range 40 { // every page of it
		con.Update(keyMsg("down"))
		all += " " + page()
	}
	want := sim.Sanitize(c.Levers[intel].Name, false) + " 2"
	if !strings.Contains(all, "Results — Week 1") || !strings.Contains(all, want) {
		t.Errorf("the console's results lack the title or %q (South Korea's hidden points):\n%s", want, all)
	}
	if strings.Contains(all, "undisclosed") {
		t.Errorf("the White cell's results hide points as undisclosed:\n%s", all)
	}
	con.Update(keyMsg("esc"))
	if out := page(); strings.Contains(out, "Results — Week 1") || !strings.Contains(out, "v results") {
		t.Errorf("esc did not go back to the console:\n%s", out)
	}
}
