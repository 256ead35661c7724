package tui

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"lattice/sim"
	"lattice/sim/journal"
)

// journalledAllies is alliesSessionOf with a journal: every ally played by
// people but those given to the balanced policy by id, the adversaries by
// their doctrine.
func journalledAllies(t *testing.T, name string, seed uint64, ai ...string) *Session {
	t.Helper()
	s := alliesSessionOf(t, name, seed)
	if len(ai) > 0 {
		pols := make([]sim.Policy, len(s.C.Sides))
		for _, id := range ai {
			side := s.C.SideIndex(id)
			s.Human[side], pols[side] = false, mustPolicy(t, "balanced")
		}
		s = NewSession(s.C, seed, "normal", s.Human, pols)
	}
	w, err := startJournal(s, name, "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	t.Cleanup(func() { w.Close() })
	return s
}

// spent is what side put into the turn record rec, in points.
func spent(rec *TurnRecord, c *sim.Compiled, side int) int {
	n := 0
	for l := range c.Levers {
		n += rec.Points[side*len(c.Levers)+l]
	}
	return n
}

// TestGiveSideToTheComputer: a team leaves a seminar for good; the White
// cell gives its side to the computer. The turn no longer waits for it
// (the other side had committed: the turn is adjudicated at once), the
// computer spends its budget where the absent team committed nothing, the
// team goes back to the lobby, and the side is no longer offered there.
// Given back, it is offered again. The journal replays the game to the
// same hash, and a resumed game has the side where the White cell left it.
func TestGiveSideToTheComputer(t *testing.T) {
	// Japan is the computer's from the start: it follows the teams onto
	// joint levers, the United States too once the computer plays it, as
	// the journal's replay has it.
	s := journalledAllies(t, "gray-zone", 5, "japan")
	c := s.C
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	ma, mb := onSide(t, r, "Alpha", rok), onSide(t, r, "Bravo", us)
	plan := mustPolicy(t, "balanced")
	commit := func(m *Member) {
		t.Helper()
		r.Locked(func() {
			Apart(plan).Plan(s.Game, m.Side, s.Orders) // the team plays as balanced would
			for _, i := range s.undecided(m.Side) {
				s.Orders.Choices[i] = 0
			}
			if err := r.commit(m); err != nil {
				t.Fatal(err)
			}
		})
	}
	commit(ma)
	commit(mb) // turn 1, both teams
	commit(ma)
	var err error
	r.Locked(func() { err = r.GiveSide(us, "balanced", "Bravo had to leave", "console") })
	if err == nil || !strings.Contains(err.Error(), "Bravo is still at United States") {
		t.Fatalf("given away while its team is connected: %v", err)
	}
	r.Leave(mb)
	if len(s.Results) != 1 {
		t.Fatalf("%d turns played before the act, want 1", len(s.Results))
	}
	r.Locked(func() { err = r.GiveSide(us, "balanced", "Bravo had to leave", "console") })
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Results) != 2 {
		t.Fatalf("South Korea had committed, yet turn 2 was not adjudicated once the US went to the computer (%d turns)", len(s.Results))
	}
	if n := spent(&s.Results[1], c, us); n == 0 {
		t.Error("the computer spent nothing for the United States in turn 2")
	}
	if mb.Side != NoSide || mb.Given != "United States" || mb.GivenReason != "Bravo had to leave" {
		t.Errorf("Bravo: side %d, given %q for %q; want the lobby, told the United States was given", mb.Side, mb.Given, mb.GivenReason)
	}
	for _, ch := range r.Choices() {
		if ch.Side == us {
			t.Error("the lobby still offers the United States, which the computer plays")
		}
	}
	if !strings.Contains(strings.Join(r.Log, "\n"), "gave United States to the computer (balanced) — Bravo had to leave") {
		t.Errorf("the console's log does not say so:\n%s", strings.Join(r.Log, "\n"))
	}
	// The turn waits only for South Korea now.
	commit(ma)
	if len(s.Results) != 3 {
		t.Fatalf("turn 3 waits for a side the computer plays (%d turns)", len(s.Results))
	}
	// A rollback keeps the side with the computer (it ran the seminar,
	// not the game), and the game still replays.
	r.Locked(func() { err = r.Rollback("again", "console") })
	if err != nil {
		t.Fatal(err)
	}
	commit(ma)
	// The AI allies still follow the sides the journal has as people's
	// onto joint levers, as its replay has them.
	want := make([]bool, len(c.Sides))
	want[rok], want[us] = true, true
	if got := s.Game.Leads(); !slices.Equal(got, want) {
		t.Errorf("after a rollback the AI allies follow %v, want %v (the journal's)", got, want)
	}
	// Given back: offered again, and Bravo takes it.
	r.Locked(func() { err = r.GiveSide(us, "", "Bravo is back", "console") })
	if err != nil {
		t.Fatal(err)
	}
	if mb.Given != "" {
		t.Errorf("the United States is the teams' again, yet Bravo would be told it was given to the computer (%q)", mb.Given)
	}
	// Given back, the side is Bravo's again: Bravo comes back to it, with
	// its side's code (a name is no proof), and no other team takes it
	// without the code.
	if _, err := r.Join("Bravo", "", false); !errors.Is(err, ErrTeamCode) {
		t.Fatalf("Bravo back by its name alone: %v, want its side code asked", err)
	}
	bravo, err := r.JoinWithCode("Bravo", "", false, r.SideCode(us))
	if err != nil || bravo.Side != us {
		t.Fatalf("Bravo back with its code: side %d, %v; want the United States", bravo.Side, err)
	}
	commit(ma)
	if len(s.Results) != 3 {
		t.Fatalf("turn 4 did not wait for Bravo (%d turns)", len(s.Results))
	}
	commit(bravo)
	r.Locked(func() { err = r.GiveSide(us, "lookahead", "Bravo left again", "console") })
	if err == nil {
		t.Fatal("given away while Bravo is connected")
	}
	r.Leave(bravo)
	r.Locked(func() { err = r.GiveSide(us, "alliance-first", "Bravo left again", "console") })
	if err != nil {
		t.Fatal(err)
	}
	hash := s.Game.Hash()
	s.Journal.Close()

	j, _, err := journal.Read(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	res, err := journal.Replay(j, journal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.DivergedError(s.JournalPath); err != nil {
		t.Fatalf("the journal no longer replays: %v", err)
	}
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	defer back.Journal.Close()
	back.Brief()
	if back.Game.Hash() != hash {
		t.Errorf("resumed at hash %x, want %x", back.Game.Hash(), hash)
	}
	if back.Human[us] || back.Policies[us] == nil || back.Policies[us].Name() != "alliance-first" {
		t.Errorf("resumed with the United States human %v, policy %v: want the computer's, alliance-first", back.Human[us], back.Policies[us])
	}
	if !back.Human[rok] {
		t.Error("resumed with South Korea not the teams'")
	}
}

// TestGiveSideRefusals: a side the computer has played since the game
// began, the last side the teams play, a side given twice, and an
// adversary are refused, with what to do.
func TestGiveSideRefusals(t *testing.T) {
	s := alliesSessionOf(t, "gray-zone", 2)
	c := s.C
	rok, us, japan := c.SideIndex("rok"), c.SideIndex("us"), c.SideIndex("japan")
	human, pols := s.Human, make([]sim.Policy, len(c.Sides))
	human[japan], pols[japan] = false, mustPolicy(t, "balanced")
	s = NewSession(c, 2, "normal", human, pols)
	for _, tc := range []struct {
		side          int
		policy, wants string
	}{
		{japan, "balanced", "Japan has been the computer's since the game began"},
		{japan, "", "Japan has been the computer's since the game began"},
		{rok, "", "South Korea is played by the teams already"},
		{c.SideIndex("prc"), "balanced", "only an allied side"},
		{rok, "cautious", `unknown policy "cautious"`},
	} {
		if err := s.GiveSide(tc.side, tc.policy, "r", "console"); err == nil || !strings.Contains(err.Error(), tc.wants) {
			t.Errorf("GiveSide(%d, %q): %v, want %q", tc.side, tc.policy, err, tc.wants)
		}
	}
	if err := s.GiveSide(rok, "balanced", "r", "console"); err != nil {
		t.Fatal(err)
	}
	if err := s.GiveSide(rok, "balanced", "r", "console"); err == nil || !strings.Contains(err.Error(), "played by the computer already (balanced)") {
		t.Errorf("given twice: %v", err)
	}
	if err := s.GiveSide(us, "balanced", "r", "console"); err == nil || !strings.Contains(err.Error(), "the last allied side the teams play") {
		t.Errorf("the last team side given away: %v", err)
	}
	if err := s.GiveSide(rok, "balanced", "", "console"); err == nil {
		t.Error("given back without a reason")
	}
}

func mustPolicy(t *testing.T, name string) sim.Policy {
	t.Helper()
	p, err := sim.PolicyByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHotseatGivesTheSideAtTheKeyboard: at one screen, the White cell
// gives the side whose turn it is to the computer: the next side plays,
// and once the last has committed the turn is adjudicated with the
// computer's points for the side given away.
func TestHotseatGivesTheSideAtTheKeyboard(t *testing.T) {
	s := journalledAllies(t, "tutorial", 3)
	c := s.C
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 100, 30)
	if m.screen != scrHandover || m.side != rok {
		t.Fatalf("screen %d side %d, want South Korea's hand-over", m.screen, m.side)
	}
	m = press(t, m, "W", "a", "enter", "enter")
	m, _ = update(t, m, tea.PasteMsg{Content: "the ROK team was called away"})
	m = press(t, m, "enter")
	if s.Human[rok] {
		t.Fatalf("South Korea is still the teams': %s", m.wc.msg)
	}
	m = press(t, m, "esc")
	// A game of teams still, at a screen the class shares: the United
	// States' turn behind its hand-over, and the results fogged as they
	// were (the screen became a solo player's, and showed South Korea's
	// team the other's undisclosed points).
	if m.side != us || m.screen != scrHandover || !m.hotseat() {
		t.Fatalf("after South Korea went to the computer: screen %d side %d (hotseat %v), want the United States' hand-over", m.screen, m.side, m.hotseat())
	}
	m = press(t, m, "enter")
	if m.screen != scrTurn {
		t.Fatalf("screen %d, want the United States' turn", m.screen)
	}
	m = press(t, m, "enter", "y")
	if len(s.Results) != 1 {
		t.Fatalf("%d turns played, want 1:\n%s", len(s.Results), plain(m))
	}
	if _, fogged := m.fogSide(); !fogged || strings.Contains(plain(m), "Solo") {
		t.Errorf("the shared results are not fogged once a side went to the computer:\n%s", plain(m))
	}
	if spent(&s.Results[0], c, rok) == 0 {
		t.Error("the computer spent nothing for South Korea")
	}
}

// Each turn's results name who played each side that turn, and a resumed
// game keeps the computer's reasons for a side the White cell gave it: a
// resumed game had lost them (it planned the header's policies alone), and
// every past turn was labelled by who plays the side now ("(AI:
// lookahead)" over the weeks its team played).
func TestResultsNameWhoPlayedEachTurn(t *testing.T) {
	s := journalledAllies(t, "taiwan-strait", 9)
	c := s.C
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	week := func() *TurnRecord {
		t.Helper()
		s.Brief()
		for _, a := range c.Alliance() {
			if s.Human[a] {
				s.Orders.Set(a, 0, 1)
				s.Commit(a)
			}
		}
		rec, err := s.Adjudicate()
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	week()
	if err := s.GiveSide(us, "lookahead", "the US team left for a briefing", "test"); err != nil {
		t.Fatal(err)
	}
	week()
	if err := s.GiveSide(us, "", "the US team is back", "test"); err != nil {
		t.Fatal(err)
	}
	week()
	check := func(how string, results []TurnRecord) {
		t.Helper()
		m := resize(t, New(Options{Resume: s}), 120, 60)
		for i, want := range []string{"", "lookahead", ""} {
			r := &results[i]
			if r.Played[us] != want || r.Played[rok] != "" {
				t.Errorf("%s, week %d: played by %q", how, i+1, r.Played)
			}
			lines := strings.Join(m.allocationLines(r), "\n")
			if labelled := strings.Contains(lines, "United States (AI: lookahead)"); labelled != (want != "") {
				t.Errorf("%s, week %d: the label:\n%s", how, i+1, lines)
			}
			if given := r.Chose[us] != nil && len(r.Reasons[us]) > 0 && strings.Contains(lines, "why: chose "); given != (want != "") {
				t.Errorf("%s, week %d: the computer's reasons %v, %+v:\n%s", how, i+1, r.Reasons[us], r.Chose[us], lines)
			}
		}
	}
	check("played", s.Results)
	s.Journal.Close()
	r, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	defer r.Journal.Close()
	check("resumed", r.Results)
	for i := range s.Results {
		if !reflect.DeepEqual(r.Results[i].Reasons, s.Results[i].Reasons) || !reflect.DeepEqual(r.Results[i].Chose, s.Results[i].Chose) {
			t.Errorf("week %d: resumed reasons differ from the played ones", i+1)
		}
	}
}
