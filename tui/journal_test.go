package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"lattice/sim"
	"lattice/sim/journal"
)

// TestResumeRestoresTheGame plays two turns with a journal, resumes from
// it, and checks the game, its history and the journal carry on exactly.
func TestResumeRestoresTheGame(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	entry := tutorialEntry(t)
	c := entry.Compiled
	human := make([]bool, len(c.Sides))
	human[c.SideIndex("rok")] = true
	pols := make([]sim.Policy, len(c.Sides))
	pols[c.SideIndex("us")], _ = sim.PolicyByName("balanced")
	s := NewSession(c, 9, "normal", human, pols)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	rok := c.SideIndex("rok")
	for turn := 0; turn < 2; turn++ {
		s.Brief()
		s.Orders.Set(rok, c.LeverIndex("coast_guard_patrol"), 2)
		s.Orders.Set(rok, c.LeverIndex("combined_exercise"), 2)
		s.Commit(rok)
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	if s.JournalErr != nil {
		t.Fatal(s.JournalErr)
	}
	want := s.Game.Hash()
	// Only one process writes a journal at a time: the first session
	// closes it (as quitting does) before it is resumed.
	s.Journal.Close()
	s.Journal = nil
	r, notes, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	if len(notes) != 0 {
		t.Errorf("notes on a clean journal: %v", notes)
	}
	if got := r.Game.Hash(); got != want {
		t.Fatalf("resumed game hash %x, want %x", got, want)
	}
	if len(r.History) != 3 || len(r.Results) != 2 {
		t.Fatalf("history %d, results %d; want 3 and 2", len(r.History), len(r.Results))
	}
	// Play on from both and compare: the resumed game is the same game
	// (only the resumed one writes the journal now).
	for _, sess := range []*Session{s, r} {
		sess.Brief()
		sess.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 3)
		sess.Commit(rok)
		if _, err := sess.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	if s.Game.Hash() != r.Game.Hash() {
		t.Fatal("the resumed game played on differently")
	}
	// The resumed session kept journalling: resuming again (once it has
	// closed) reaches turn 4.
	r.Journal.Close()
	r.Journal = nil
	again, _, err := Resume(r.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return again })
	if again.Game.Turn() != 4 || again.Game.Hash() != r.Game.Hash() {
		t.Fatalf("after resuming twice: turn %d", again.Game.Turn())
	}
}

// TestDraftSurvivesQuit: a turn half allocated, then quit, comes back with
// its points when the game is resumed; committing the turn drops the draft.
func TestDraftSurvivesQuit(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	entry := tutorialEntry(t)
	c := entry.Compiled
	human := make([]bool, len(c.Sides))
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	human[rok], human[us] = true, true
	s := NewSession(c, 5, "normal", human, make([]sim.Policy, len(c.Sides)))
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	s.Brief()
	patrol, ex := c.LeverIndex("coast_guard_patrol"), c.LeverIndex("combined_exercise")
	s.Orders.Set(rok, patrol, 3)
	s.Commit(rok)
	s.Orders.Set(us, ex, 2)
	if err := s.SaveDraft(); err != nil {
		t.Fatal(err)
	}
	w.Close() // quit

	r, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	r.Brief()
	if r.Orders.Get(rok, patrol) != 3 || r.Orders.Get(us, ex) != 2 {
		t.Fatalf("draft not restored: rok %d, us %d", r.Orders.Get(rok, patrol), r.Orders.Get(us, ex))
	}
	if !r.Committed(rok) || r.Committed(us) {
		t.Fatalf("committed flags not restored: rok %v us %v", r.Committed(rok), r.Committed(us))
	}
	r.Commit(us)
	if _, err := r.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(DraftPath(r.JournalPath)); !os.IsNotExist(err) {
		t.Fatalf("draft kept after the turn was committed: %v", err)
	}
}

// TestInterfaceJournalVerifies: a journal written by the interface's
// session replays and verifies turn by turn.
func TestInterfaceJournalVerifies(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	entry := tutorialEntry(t)
	c := entry.Compiled
	human := make([]bool, len(c.Sides))
	rok := c.SideIndex("rok")
	human[rok] = true
	human[c.SideIndex("prc")] = true // a human Red team too
	pols := make([]sim.Policy, len(c.Sides))
	pols[c.SideIndex("us")], _ = sim.PolicyByName("alliance-first")
	s := NewSession(c, 21, "normal", human, pols)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	prc := c.SideIndex("prc")
	for !s.Game.Over() {
		if err := s.PlanAdversary(prc, []int{c.Sides[prc].Playbook[0]}, nil); err != nil {
			t.Fatal(err)
		}
		s.Brief()
		s.Orders.Set(rok, c.LeverIndex("coast_guard_patrol"), 2)
		s.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 2)
		s.Commit(rok)
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	j, warns, err := journal.Read(s.JournalPath)
	if err != nil || len(warns) > 0 {
		t.Fatalf("read: %v %v", err, warns)
	}
	res, err := journal.Replay(j, journal.Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hash != fmt.Sprintf("%016x", s.Game.Hash()) || len(res.Turns) != s.Game.Turn() {
		t.Fatalf("replay ends on %s after %d turns; the game on %016x after %d", res.Hash, len(res.Turns), s.Game.Hash(), s.Game.Turn())
	}
}

// TestStartWhenTheStateDirIsAFile: with a file where the journals'
// directory should be, starting a game says it is not being saved and goes
// on (it hung: journal.NewPath looked for a free name for ever).
func TestStartWhenTheStateDirIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_STATE_HOME", file)
	done := make(chan Model, 1)
	go func() {
		m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true})
		closeAtEnd(t, func() *Session { return m.sess })
		done <- press(t, resize(t, m, 80, 24), "enter", "enter")
	}()
	select {
	case m := <-done:
		mustShow(t, m, "Briefing", "this game is not being saved: mkdir ")
	case <-time.After(10 * time.Second):
		t.Fatal("starting a game hangs when the journal's directory cannot be made")
	}
}

// TestDraftBeforeBriefingKeepsNoStaleOrders: a draft saved after a turn's
// results but before the next briefing (the Red team plans then, and a
// server stopped then saves) held the last turn's points and commits under
// the new turn; on resume every ally came back committed to them and lost
// the turn (found playing a seminar over SSH).
func TestDraftBeforeBriefingKeepsNoStaleOrders(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	entry := tutorialEntry(t)
	c := entry.Compiled
	human := make([]bool, len(c.Sides))
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	human[rok], human[us] = true, true
	s := NewSession(c, 5, "normal", human, make([]sim.Policy, len(c.Sides)))
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	s.Brief()
	patrol := c.LeverIndex("coast_guard_patrol")
	s.Orders.Set(rok, patrol, 2)
	s.Commit(rok)
	s.Commit(us)
	if _, err := s.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(); err != nil { // before week 2 is briefed
		t.Fatal(err)
	}
	w.Close()

	r, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	r.Brief()
	if r.Committed(rok) || r.Committed(us) || r.Orders.Get(rok, patrol) != 0 {
		t.Fatalf("week 2 resumed with week 1's orders: rok committed %v (patrol %d), us committed %v",
			r.Committed(rok), r.Orders.Get(rok, patrol), r.Committed(us))
	}
}

// resumedGame plays a journalled solo game of the scenario entry as side
// you, the other allies on policy, for turns turns (all of them if 0), and
// resumes it from its journal as lattice play --resume does.
func resumedGame(t *testing.T, entry Entry, you, policy string, turns int) *Session {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	r, _, err := Resume(journalledGame(t, entry, you, policy, turns))
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	return r
}

// journalledGame plays a journalled solo game as resumedGame does, in the
// default place as it is, and returns its journal's path.
func journalledGame(t *testing.T, entry Entry, you, policy string, turns int) string {
	t.Helper()
	c := entry.Compiled
	human := make([]bool, len(c.Sides))
	human[c.SideIndex(you)] = true
	pols := make([]sim.Policy, len(c.Sides))
	for _, a := range c.Alliance() {
		if !human[a] {
			pols[a], _ = sim.PolicyByName(policy)
		}
	}
	s := NewSession(c, 5, "normal", human, pols)
	w, err := startJournal(s, entry.Name, "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	for i := 0; !s.Over() && (turns == 0 || i < turns); i++ {
		s.Brief()
		s.Commit(c.SideIndex(you))
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	s.Journal.Close()
	s.Journal = nil
	return s.JournalPath
}

// TestPlayAgainAfterResume: n on the end screen of a resumed game opens the
// setup of the same scenario with its sides and policies (it opened the
// picker's first scenario, the tutorial, with the default sides).
func TestPlayAgainAfterResume(t *testing.T) {
	taiwan := scenarioEntry(t, "taiwan-strait")
	r := resumedGame(t, taiwan, "us", "alliance-first", 0)
	m := New(Options{Entries: []Entry{tutorialEntry(t), taiwan}, Seed: 1, Resume: r})
	m = resize(t, m, 100, 30)
	mustShow(t, m, "Verdict:")
	m = press(t, m, "n")
	mustShow(t, m, "Taiwan Strait")
	c := m.setup.entry.Compiled
	if c.ID != "taiwan-strait" {
		t.Fatalf("play again opened %s, want taiwan-strait", c.ID)
	}
	if m.setup.hotseat || m.setup.you != c.SideIndex("us") {
		t.Fatalf("play again: hotseat %v, you %d; want solo as the United States (%d)", m.setup.hotseat, m.setup.you, c.SideIndex("us"))
	}
	if p := policyNames[m.setup.policy[c.SideIndex("rok")]]; p != "alliance-first" {
		t.Fatalf("play again: South Korea plays %s, want alliance-first", p)
	}
	if m.setup.seed == "5" {
		t.Fatal("play again kept the seed")
	}
	m = press(t, m, "enter")
	if m.sess == nil || m.sess.C.ID != "taiwan-strait" || !m.sess.Human[c.SideIndex("us")] {
		t.Fatal("the new game is not taiwan-strait as the United States")
	}
}

// TestResumeShowsLastTurnsMoves: a resumed game's turn screen lists last
// turn's moves in the intelligence panel, as the game that was quit did
// (the panel lost them: the model's last turn was not restored).
func TestResumeShowsLastTurnsMoves(t *testing.T) {
	r := resumedGame(t, tutorialEntry(t), "rok", "balanced", 2)
	moves := r.Results[len(r.Results)-1].Moves
	if len(moves) == 0 {
		t.Fatal("the adversary made no move in week 2: pick another seed")
	}
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Resume: r}), 160, 48)
	// Nothing drafted for week 3: the game was left on week 2's results,
	// shown again first (a resume opened week 3, the results unseen).
	mustShow(t, m, "Results — Week 2", "week 2's results first, then enter")
	m = press(t, m, "enter")
	mustShow(t, m, "Turn 3/5", "Last turn's moves", "• "+r.C.Actions[moves[0].Action].Name)

	// With points drafted for week 3, the game was left in week 3: it
	// opens there.
	r.Brief()
	rok := r.C.SideIndex("rok")
	r.Orders.Set(rok, m.firstUsableLever(), 1)
	if err := r.SaveDraft(); err != nil {
		t.Fatal(err)
	}
	r.Journal.Close()
	again, _, err := Resume(r.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return again })
	defer again.Journal.Close()
	m = resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Resume: again}), 160, 48)
	mustShow(t, m, "Turn 3/5")
	mustNotShow(t, m, "Results — Week 2")
}

// TestPickerContinuesTheLatestGame: the picker of a bare `lattice` offers
// the newest unfinished game first ("Continue", what and how far, saved
// when), and enter on it puts the game back where it stopped; a finished
// game is not offered. (The only way back was the quit dialog's hint,
// "lattice play --resume latest".)
func TestPickerContinuesTheLatestGame(t *testing.T) {
	taiwan := scenarioEntry(t, "taiwan-strait")
	r := resumedGame(t, taiwan, "us", "balanced", 3) // sets XDG_STATE_HOME
	want := r.Results[len(r.Results)-1].After
	r.Journal.Close()
	sg := LatestSaved()
	if sg == nil {
		t.Fatal("LatestSaved offers nothing for a game at week 4 of 10")
	}
	if got := sg.Describe(sg.Saved.Add(12 * time.Minute)); got != "week 4 of 10 · you play United States · saved 12 minutes ago" {
		t.Fatalf("Describe: %q", got)
	}
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t), taiwan}, Seed: 1, Saved: sg}), 80, 24)
	mustShow(t, m, "▸ Continue", "Taiwan Strait", "week 4 of 10 · you play United States", "Choose a scenario")
	m = press(t, m, "down")
	mustShow(t, m, "▸ tutorial")
	m = press(t, m, "up", "enter")
	if m.sess == nil || m.sess.Game.Turn() != 4 || !slices.Equal(m.sess.Results[len(m.sess.Results)-1].After, want) {
		t.Fatalf("continue did not restore the game at week 4:\n%s", plain(m))
	}
	mustShow(t, m, "Results — Week 3", "resumed ")
	m = press(t, m, "enter")
	mustShow(t, m, "Allocation")
	// Played to the end, "s" goes back to the scenarios with the cursor on
	// the one just played (it stayed on the tutorial, where it was).
	m = press(t, playSoloToEnd(t, m), "s")
	mustShow(t, m, "▸ taiwan-strait")
	mustNotShow(t, m, "▸ tutorial", "Continue")

	done := resumedGame(t, taiwan, "us", "balanced", 0)
	done.Journal.Close()
	if sg := LatestSaved(); sg != nil {
		t.Fatalf("a finished game is offered to continue: %+v", sg)
	}
	m = resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1}), 80, 24)
	mustNotShow(t, m, "Continue")
}

// Esc on the first briefing goes back to the setup as it was set, and the
// journal of the game that never began is removed (a "Continue" would
// offer it). Once a turn is played, esc on a briefing does nothing.
func TestBriefingEscBackToSetup(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true}), 80, 24)
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, m, "enter", "down", "down", "left", "enter") // play the United States
	mustShow(t, m, "Briefing", "esc setup")
	path := m.sess.JournalPath
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no journal for the new game: %v", err)
	}
	m = press(t, m, "esc")
	mustShow(t, m, "United States                You")
	if m.screen != scrSetup {
		t.Fatal("esc on the first briefing did not go back to the setup")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the journal of a game never begun is still there: %v", err)
	}
	if LatestSaved() != nil {
		t.Fatal("a game never begun is offered to continue")
	}
	m = press(t, m, "enter")
	mustShow(t, m, "Briefing")
	if m.sess == nil || !m.sess.Human[m.sess.C.SideIndex("us")] {
		t.Fatal("the game set up again does not have the United States played by a person")
	}
}

// TestResultsRevealBluffs: once a turn is played its bluffs are known (the
// moves never came), and the results say which; a resumed game keeps them.
// A bluffed move vanished from the results without a word.
func TestResultsRevealBluffs(t *testing.T) {
	m := resize(t, stateResults(t), 120, 40)
	bl := m.last.Bluffs
	if len(bl) == 0 {
		t.Fatal("no bluff in week 1 of the tutorial at seed 1: pick a seed with one")
	}
	for _, a := range bl {
		for _, mv := range m.last.Moves {
			if mv.Action == a {
				t.Fatalf("%s is listed as a bluff and was played", m.sess.C.Actions[a].ID)
			}
		}
	}
	mustShow(t, m, "Bluffs, signalled but never came: "+m.sess.C.Actions[bl[0]].Name)

	r := resumedGame(t, tutorialEntry(t), "rok", "balanced", 3)
	for i, rec := range r.Results {
		if len(rec.Bluffs) == 0 {
			t.Errorf("resumed week %d has no bluffs recorded", i+1)
		}
	}
}

// TestContinueFindsTheNewestUnfinished: a finished game saved after an
// unfinished one does not hide it, and a seminar's journal (a seats file
// beside it, for lattice serve --resume) is not offered to one screen.
func TestContinueFindsTheNewestUnfinished(t *testing.T) {
	open, done := twoSavedGames(t, 0)
	if p, _ := LatestJournal(); p != done {
		t.Fatalf("the finished game is not the newest journal: %s", p)
	}
	if sg := LatestSaved(); sg == nil || sg.Path != open {
		t.Fatalf("LatestSaved: %+v, want the unfinished %s", sg, open)
	}
	if err := os.WriteFile(SeatsPath(open), []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if sg := LatestSaved(); sg != nil {
		t.Fatalf("a seminar's journal is offered to continue: %+v", sg)
	}
}

// TestLatestSkipsAJournalInUse: --resume latest and the picker's Continue
// pass over a journal another lattice is writing (a 'lattice serve' or a
// game in another terminal) and take the newest free one; the newest
// journal was taken, and resuming it failed as "open in another lattice".
func TestLatestSkipsAJournalInUse(t *testing.T) {
	free, busy := twoSavedGames(t, 2)
	w, _, _, err := journal.OpenAppend(busy) // as a server playing it holds it
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if p, _ := LatestJournal(); p != busy {
		t.Fatalf("the journal in use is not the newest: %s", p)
	}
	p, inUse, err := LatestFree()
	if err != nil || p != free || !slices.Equal(inUse, []string{busy}) {
		t.Errorf("LatestFree: %s, skipped %v, %v; want %s, skipped %s", p, inUse, err, free, busy)
	}
	if sg := LatestSaved(); sg == nil || sg.Path != free {
		t.Errorf("LatestSaved: %+v, want the free %s", sg, free)
	}
	if r, _, err := Resume(p); err != nil {
		t.Errorf("resuming the journal LatestFree gave: %v", err)
	} else {
		r.Journal.Close()
	}
	w2, _, _, err := journal.OpenAppend(free)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	if p, inUse, err := LatestFree(); err == nil || !strings.Contains(err.Error(), "every saved game is open in another lattice") || len(inUse) != 2 {
		t.Errorf("LatestFree with every journal in use: %q, %v, %v", p, inUse, err)
	}
	if sg := LatestSaved(); sg != nil {
		t.Errorf("LatestSaved offers a game in use: %+v", sg)
	}
}

// twoSavedGames journals two taiwan-strait games in a new default place:
// older, the United States' after 3 weeks, then newest, South Korea's
// after turns weeks (0: to the end), dated a minute from now.
func twoSavedGames(t *testing.T, turns int) (older, newest string) {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	taiwan := scenarioEntry(t, "taiwan-strait")
	older = journalledGame(t, taiwan, "us", "balanced", 3)
	newest = journalledGame(t, taiwan, "rok", "balanced", turns)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(newest, later, later); err != nil {
		t.Fatal(err)
	}
	return older, newest
}

// A resumed game keeps why each AI ally put its points where it did (the
// lever details and the results say it): the replay dropped it, and after
// --resume the details had no AI reason to show.
func TestResumeKeepsTheAIReasons(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	s, rok, us := soloTutorial(t)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	var played [][][]sim.PlanReason
	for range 2 {
		played = append(played, playWeekWithAnAIAlly(t, s, rok, us).Reasons)
	}
	w.Close()
	r, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	defer r.Journal.Close()
	for i, want := range played {
		if got := r.Results[i].Reasons; !reflect.DeepEqual(got, want) {
			t.Errorf("week %d: resumed reasons %+v, played %+v", i+1, got, want)
		}
	}
}

// A journal whose turn does not replay to the state it recorded is refused
// on resume with the line, both hashes and what to do, as the command
// line's resume says it (journal.Result.DivergedError): the game said only
// that the turn "does not replay".
func TestResumeOfADivergedJournalSaysWhere(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	s, _, _ := soloTutorial(t)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Brief()
	// Turn 1's orders, with a hash no game reaches (a record that checks,
	// written by an edit or another build).
	if err := w.Turn(journal.NewTurn(s.C, 1, s.Orders, nil, 0x0123456789abcdef)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	_, _, err = Resume(w.Path())
	if err == nil || !strings.Contains(err.Error(), ": line 2: turn 1 does not replay") || !strings.Contains(err.Error(), "0123456789abcdef") || !strings.Contains(err.Error(), "lattice replay --verify") {
		t.Fatalf("resume of a journal that does not replay: %v", err)
	}
}

// The picker's Continue gives a game whose journal holds White-cell acts
// its console back, as play --resume does: W opens it (a new PIN asked).
// Here the only act is of the turn in progress, which Resume applies when
// the turn is briefed: play --resume missed it too.
func TestPickerContinueKeepsTheWhiteCell(t *testing.T) {
	r := resumedGame(t, tutorialEntry(t), "rok", "balanced", 1) // sets XDG_STATE_HOME
	r.Brief()
	if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "50", Reason: "a ruling"}); err != nil {
		t.Fatal(err)
	}
	r.Journal.Close()
	sg := LatestSaved()
	if sg == nil {
		t.Fatal("no saved game to continue")
	}
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Saved: sg}), 80, 24)
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, m, "enter") // Continue
	mustShow(t, m, "Allocation")
	m = press(t, m, "W")
	mustShow(t, m, "White cell")
	if m.pinAsk == 0 && m.wc == nil {
		t.Fatalf("W does not open the White-cell console of a continued game that had one:\n%s", plain(m))
	}
}
