package tui

import (
	tea "charm.land/bubbletea/v2"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lattice/sim"
	"lattice/sim/journal"
)

// The one-screen White cell: W opens the console on the hand-over screen;
// it hides the drafts until every side has committed, fires an inject,
// rolls back a turn and ends the game.
func TestHotseatWhiteCell(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	pols := make([]sim.Policy, len(c.Sides))
	s := NewSession(c, 3, "normal", human, pols)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	defer w.Close()
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 100, 30)
	if m.screen != scrHandover {
		t.Fatalf("screen %d, want the hand-over", m.screen)
	}
	if !strings.Contains(m.render(), "White cell") {
		t.Fatalf("the hand-over's help does not offer the White cell:\n%s", m.render())
	}
	type_ := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			m, _ = update(t, m, keyMsg(k))
		}
	}
	type_("W")
	if m.wc == nil {
		t.Fatal("W did not open the console")
	}
	if out := m.render(); !strings.Contains(out, "drafts and real moves hidden until every side commits") {
		t.Fatalf("the console shows drafts before every side committed:\n%s", out)
	}
	type_("i", "enter", "enter")
	if len(s.Acts) != 0 {
		t.Fatal("an inject fired without a reason")
	}
	type_("w", "h", "y", "enter")
	if len(s.Acts) != 1 || !s.Game.Briefed() {
		t.Fatalf("inject not fired: acts %q, console %q", s.Acts, m.wc.msg)
	}
	type_("esc")
	if m.wc != nil {
		t.Fatal("esc did not close the console")
	}
	// Play the turn: each side commits what it has.
	playTurn := func() {
		t.Helper()
		for i := 0; i < 12 && m.screen != scrResults; i++ {
			switch {
			case m.screen == scrHandover:
				type_("space")
			case m.dialog >= 0:
				type_("enter")
			case m.confirmEnd:
				type_("y")
			default:
				type_("enter")
			}
		}
	}
	playTurn()
	if m.screen != scrResults || len(s.Results) != 1 {
		t.Fatalf("screen %d with %d results, want turn 1's results", m.screen, len(s.Results))
	}
	if !strings.Contains(m.render(), "fired by the White cell") {
		t.Fatalf("the results do not say the White cell fired the inject:\n%s", m.render())
	}
	// v at the shared screen asks first, as o does: the results through
	// no side's fog name every side's hidden levers (a seminar's
	// play-test: they were on the projector at once).
	type_("W", "v")
	if out := m.render(); !strings.Contains(out, "Make sure the teams are not looking") || strings.Contains(out, "Results — Week 1") {
		t.Fatalf("v at a hotseat's console shows the results without asking:\n%s", out)
	}
	type_("n")
	if out := m.render(); strings.Contains(out, "Results — Week 1") || !strings.Contains(out, "cancelled") {
		t.Fatalf("n did not cancel v:\n%s", out)
	}
	type_("v", "y")
	if out := m.render(); !strings.Contains(out, "Results — Week 1") {
		t.Fatalf("v, y did not show the results:\n%s", out)
	}
	type_("esc", "esc")
	if m.wc != nil {
		t.Fatal("esc, esc did not close the console")
	}
	type_("W", "u")
	type_(strings.Split("oops", "")...)
	type_("enter")
	if len(s.Results) != 0 || s.Game.Turn() != 1 || m.wc != nil {
		t.Fatalf("rollback: %d results, turn %d, console open %v", len(s.Results), s.Game.Turn(), m.wc != nil)
	}
	if want := "the White cell rolled back: Week 1 is played again — oops"; m.message != want {
		t.Fatalf("the word of the rollback is %q, want %q (with the reason, as a seat's)", m.message, want)
	}
	// Week 1 played again, then the game ended after it.
	playTurn()
	if m.screen != scrResults || len(s.Results) != 1 {
		t.Fatalf("screen %d with %d results, want turn 1's results played again", m.screen, len(s.Results))
	}
	type_("enter")
	type_("W", "e", "enter")
	if s.Over() {
		t.Fatal("the game ended without a reason")
	}
	type_("d", "o", "n", "e", "enter")
	if s.Over() {
		t.Fatal("the game ended before it was confirmed")
	}
	type_("y")
	if !s.Over() || m.screen != scrEnd || !strings.Contains(m.render(), "Ended by the White cell after ") {
		t.Fatalf("end: over %v, screen %d\n%s", s.Over(), m.screen, m.render())
	}
	// Said as the report says it, with the turn left unplayed.
	if g := s.Game; !strings.Contains(plain(m), fmt.Sprintf("Ended by the White cell after %d of %d weeks", g.Turn()-1, s.C.Turns)) ||
		!strings.Contains(plain(m), fmt.Sprintf("Week %d was not played.", g.Turn())) {
		t.Errorf("the end screen does not say how many weeks were played:\n%s", plain(m))
	}
	// The end screen's game is the report's: the journal replayed, which
	// stops before the turn the White cell ended (week 2's events and
	// drift, briefed at its hand-over, undone).
	if j, _, err := journal.Read(s.JournalPath); err != nil {
		t.Fatal(err)
	} else if res, err := journal.Replay(j, journal.Options{}); err != nil {
		t.Fatal(err)
	} else if res.Game.Hash() != s.Game.Hash() || !slices.Equal(res.Game.Scorecard(), s.Game.Scorecard()) {
		t.Errorf("the end screen's game is not the journal's: scorecard %v, the report's %v", s.Game.Scorecard(), res.Game.Scorecard())
	}
	// A seminar short of time still has a verdict to debrief: the one week
	// 1 would have given as the last.
	if e := s.Game.VerdictIfLast(); e < 0 || !strings.Contains(strings.Join(strings.Fields(plain(m)), " "), "Had week 1 been the last, the verdict would have been "+s.C.Ends[e].Title+" (") {
		t.Errorf("the end screen does not give the verdict as things stood (%d):\n%s", e, plain(m))
	}
	// No end was reached: the private objectives are judged as they stood.
	if out := plain(m); !strings.Contains(out, "met so far") && !strings.Contains(out, "missed so far") {
		t.Errorf("the objectives of a game the White cell ended are judged as if it had run its course:\n%s", out)
	}
	// The command that replays the dice sets up a hotseat, and says the
	// White cell's acts are not in it.
	if out := plain(m); !strings.Contains(out, "lattice play tutorial --seed 3 --hotseat") || !strings.Contains(out, "the White cell's acts are not replayed") {
		t.Errorf("the end screen's replay command:\n%s", out)
	}
	// The report, from the end screen: each file's path on a line of its
	// own, to be copied whole (run on after the words, they broke at
	// their hyphens).
	type_("W", "r")
	if m.wc == nil {
		t.Fatal("W did not open the console on the end screen")
	}
	lines := strings.Split(m.wc.msg, "\n")
	if len(lines) != 3 || lines[0] != "after-action report written:" || !strings.HasSuffix(lines[1], ".report.md") || !strings.HasSuffix(lines[2], ".report.html") {
		t.Fatalf("the report's message: %q", m.wc.msg)
	}
	for _, l := range lines[1:] {
		if _, err := os.Stat(strings.TrimPrefix(l, "  ")); err != nil || !strings.HasPrefix(l, "  ") || !filepath.IsAbs(l[2:]) {
			t.Errorf("the report's path line %q: %v", l, err)
		}
		if wide := resize(t, m, 240, 30); !strings.Contains(plain(wide), strings.TrimPrefix(l, "  ")) { // wide enough for any temporary directory's path
			t.Errorf("the path %q is not shown whole:\n%s", l, plain(wide))
		}
	}
}

// A White-cell act made in a turn still in progress when the game was
// closed is applied again when the resumed game briefs that turn.
func TestResumeReappliesPendingActs(t *testing.T) {
	s := newRoomSession(t)
	s.Brief()
	in := -1
	for i := range s.C.Injects {
		if len(s.C.Injects[i].Effects) > 0 {
			in = i
			break
		}
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActInject, Inject: s.C.Injects[in].ID, Reason: "a test"}); err != nil {
		t.Fatal(err)
	}
	want := s.Game.Hash()
	s.Journal.Close()
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	defer back.Journal.Close()
	back.Brief()
	if back.Game.Hash() != want {
		t.Fatalf("resumed turn hash %x, want %x (acts %q, journal error %v)", back.Game.Hash(), want, back.Acts, back.JournalErr)
	}
	if len(back.Acts) != 1 {
		t.Fatalf("acts after resume: %q", back.Acts)
	}
}

// The setup's White-cell row turns the console on for a game started from
// the picker (no flag needed).
func TestSetupWhiteCellRow(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "right") // setup; hotseat
	for range m.setupRows() - 1 {
		m = press(t, m, "down")
	}
	mustShow(t, m, "▸ White-cell console", "off")
	m = press(t, m, "right")
	mustShow(t, m, "on — W opens it during the game", "facilitator's console")
	m = press(t, m, "enter") // start
	mustShow(t, m, "Briefing")
	m = press(t, m, "enter")
	mustShow(t, m, "W White cell")
	m = press(t, m, "W")
	if m.wc == nil {
		t.Fatal("W did not open the console in a game started with the White-cell row on")
	}
}

// Setting a metric whose index is past the scenario's injects (the reason
// prompt once indexed the injects with it), and a value out of bounds
// refused before the reason is asked.
func TestConsoleSetsAnyMetric(t *testing.T) {
	s := newRoomSession(t)
	s.Brief()
	k := &console{by: "console"}
	cl := hotseatCell{s}
	st := NewStyles(true)
	ms := editableMetrics(s.C)
	last := len(ms) - 1
	if ms[last] < len(s.C.Injects) {
		t.Fatal("the tutorial's last settable metric no longer lies past its injects")
	}
	keys := func(ks ...string) {
		for _, x := range ks {
			k.key(cl, keyMsg(x))
			k.view(cl, st, 80, 24) // draws every step, as the program does
		}
	}
	keys("m")
	for range last {
		keys("down")
	}
	keys("enter", "9", "9", "9", "enter")
	if !k.err || k.mode != conValue {
		t.Fatalf("an out-of-bounds value went on to the reason (mode %d, msg %q)", k.mode, k.msg)
	}
	keys("backspace", "backspace", "backspace", "1", "enter", "w", "h", "y", "enter")
	if len(s.Acts) != 1 || k.err {
		t.Fatalf("acts %q, console %q", s.Acts, k.msg)
	}
}

// The console survives any sequence of keys, drawn after each one, on a
// game that is played on between them (no panic, whatever the mode).
func TestConsoleAnyKeys(t *testing.T) {
	s := newRoomSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true, Timer: time.Minute})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	keys := []string{"i", "m", "o", "b", "u", "e", "r", "p", "+", "f", "y", "n", "s", "enter", "esc", "up", "down", "1", "9", ".", "-", "a", "backspace", "tab", "q"}
	rng := uint64(1)
	for i := 0; i < 4000; i++ {
		rng = rng*6364136223846793005 + 1442695040888963407
		k := keys[(rng>>33)%uint64(len(keys))]
		if k == "q" {
			continue // would ask to stop
		}
		con.Update(keyMsg(k))
		_ = con.Render()
		if i%50 == 0 && !s.Over() { // the teams play on
			r.Locked(func() { r.Force("test") })
		}
	}
	// The same at one screen (the hotseat's cell).
	h := newRoomSession(t)
	h.Brief()
	k := &console{by: "console"}
	st := NewStyles(true)
	for i := 0; i < 4000; i++ {
		rng = rng*6364136223846793005 + 1442695040888963407
		k.key(hotseatCell{h}, keyMsg(keys[(rng>>33)%uint64(len(keys))]))
		_ = k.view(hotseatCell{h}, st, 80, 24)
		if i%50 == 0 && !h.Over() {
			if !h.Game.Briefed() {
				h.Brief()
			}
			for _, a := range h.HumanAllies() {
				h.Commit(a)
			}
			h.Adjudicate()
			if !h.Over() {
				h.Brief()
			}
		}
	}
}

// A solo game's White-cell console (--white-cell, or the setup's row) is
// titled Solo, not Hotseat.
func TestSoloConsoleTitle(t *testing.T) {
	m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, WhiteCell: true})
	m = press(t, resize(t, m, 80, 24), "enter", "enter", "enter", "W")
	mustShow(t, m, "White cell · Solo · ")
}

// In a solo game with the White-cell console, the turn screen's full help
// (?) lists W: there is no hand-over screen to show it on.
func TestSoloWhiteCellKeyInHelp(t *testing.T) {
	m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, WhiteCell: true})
	m = press(t, resize(t, m, 80, 24), "enter", "enter", "enter", "?")
	mustShow(t, m, "Reading the turn screen", "W", "White cell")
}

// Before the turn is briefed (a Red team planning, at the hotseat), i and
// m are refused at once, not after the White cell has picked an inject and
// typed its reason only to be told the engine will not take it.
func TestWhiteCellRefusesInjectBeforeBriefing(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for i := range human {
		human[i] = true // the allies and a Red team
	}
	s := NewSession(c, 3, "normal", human, make([]sim.Policy, len(c.Sides)))
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	defer w.Close()
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 100, 30)
	if s.Game.Briefed() {
		t.Fatal("the turn is briefed before the Red team planned")
	}
	for _, k := range []string{"i", "m"} {
		m = press(t, m, "W", k)
		if m.wc == nil || m.wc.mode != conMain {
			t.Fatalf("%s opened a list the engine would refuse to act on:\n%s", k, plain(m))
		}
		mustShow(t, m, "once the turn is briefed")
		m = press(t, m, "esc")
	}
}

// When the White cell ends a hotseat game the console closes on the end
// screen: the after-action report it wrote must be named there (its
// message went with the console), and W, then r, must still write the
// report from the end screen.
func TestHotseatEndShowsReport(t *testing.T) {
	s := alliesSessionOf(t, "tutorial", 3)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	defer w.Close()
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 200, 60) // every path on one line
	m = press(t, m, "W", "e", "t", "i", "m", "e", "enter", "y")
	if m.screen != scrEnd || m.wc != nil {
		t.Fatalf("screen %d, console open %v: want the end screen", m.screen, m.wc != nil)
	}
	md := strings.TrimSuffix(s.JournalPath, ".jsonl") + ".report.md"
	mustShow(t, m, "after-action report", md)
	if help := plain(m); !strings.Contains(help, "W White cell") {
		t.Fatalf("the end screen's help does not offer the White cell:\n%s", help)
	}
	s.Reports = nil
	m = press(t, m, "W")
	if m.wc == nil {
		t.Fatal("W does not open the console on the end screen")
	}
	m = press(t, m, "r")
	if len(s.Reports) != 2 {
		t.Fatalf("r on the end screen's console wrote %q (%s)", s.Reports, m.wc.msg)
	}
}

// At 100 columns (and at 80) the console's top line keeps the turn timer
// and PAUSED: the scenario's title gives way, not the clock.
func TestConsoleHeaderKeepsTimer(t *testing.T) {
	s := newRoomSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", Code: "6XVPKC", Timer: 5 * time.Minute})
	con := NewConsole([]*Room{r}, "students type: ssh -p 23456 127.0.0.1")
	defer con.Close()
	for _, w := range []int{80, 100} {
		con.Update(tea.WindowSizeMsg{Width: w, Height: 30})
		con.Update(keyMsg("p"))
		var head string
		for _, l := range strings.Split(ansi.Strip(con.Render()), "\n") {
			if strings.HasPrefix(l, "White cell") {
				head = l
			}
		}
		if !strings.Contains(head, "⏱ ") || !strings.HasSuffix(strings.TrimRight(head, " "), "PAUSED") {
			t.Errorf("at %d columns the console's top line is %q: no timer or PAUSED", w, head)
		}
		con.Update(keyMsg("p"))
	}
}

// Quitting a game with the White-cell console says how to resume it with
// the console: --resume alone brings the game back without it where its
// journal neither says it had one nor shows an act; where it does, the
// command is --resume alone, as play prints at exit (a seminar's
// play-test: the two commands differed).
func TestQuitWhiteCellResumeHint(t *testing.T) {
	s := alliesSessionOf(t, "tutorial", 3)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	defer w.Close()
	m := resize(t, New(Options{Resume: s, WhiteCell: true}), 100, 30)
	mustShow(t, press(t, m, "q"), "lattice play --resume latest --white-cell")
	if got := m.ResumeFlags(); got != " --white-cell" {
		t.Errorf("ResumeFlags %q, want --white-cell", got)
	}
	m = resize(t, New(Options{Resume: s}), 100, 30)
	mustShow(t, press(t, m, "q"), "lattice play --resume latest")
	mustNotShow(t, press(t, m, "q"), "--white-cell")
	// A game whose journal says it had the console gets it back.
	s.whiteCell = true
	m = resize(t, New(Options{Resume: s, WhiteCell: true}), 100, 30)
	mustShow(t, press(t, m, "q"), "lattice play --resume latest")
	mustNotShow(t, press(t, m, "q"), "--white-cell")
	if got := m.ResumeFlags(); got != "" {
		t.Errorf("ResumeFlags %q for a game that gets its console back, want none", got)
	}
}

// At 80×24, on gray-zone's five sides, the console's message (an act done,
// a refusal) is on screen: it came after the overview and was cut off.
func TestConsoleMessageOnScreen(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := scenarioEntry(t, "gray-zone").Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	s := NewSession(c, 1, "normal", human, make([]sim.Policy, len(c.Sides)))
	w, err := startJournal(s, "gray-zone", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	defer w.Close()
	m := resize(t, New(Options{Resume: s, WhiteCell: true}), 80, 24)
	m = press(t, m, "enter", "W", "i", "enter", "t", "e", "s", "t", "enter")
	if len(s.Acts) != 1 {
		t.Fatalf("the inject was not fired: %q", s.Acts)
	}
	mustShow(t, m, "fired The fishing season opens")
	// The log is on screen too: "drafts stay hidden" once, not on each
	// of five sides' lines, each two lines long at 80 columns.
	mustShow(t, m, "Log", s.Acts[0][:min(len(s.Acts[0]), 40)])
	// In a line at 80 columns, not cut before "(o: moves)".
	mustShow(t, m, "Sides — drafts and real moves hidden until every side commits (o: moves)")
	m = press(t, m, "p")
	mustShow(t, m, "a hotseat game has no timer to pause")
}

// The serving terminal's top line names the command students type: at 80
// columns, with two or four games, it must be whole, not cut to "…".
func TestConsoleHintWhole(t *testing.T) {
	// The host key's fingerprint, the serving terminal's other line for the
	// board, whole too (it was cut at 80 columns).
	const cmd, fp = "students type: ssh -p 23457 127.0.0.1", "host key SHA256:u7mKL64fwiTJKOXAWP5i9FOabcdefghijklmnopqrstuv"
	hint := cmd + " · " + fp
	for _, n := range []int{1, 2, 4} {
		var rooms []*Room
		for i := range n {
			rooms = append(rooms, NewRoom(newRoomSession(t), RoomOptions{Name: fmt.Sprintf("Game %d", i+1), Code: "K6KB2H", Timer: 5 * time.Minute}))
		}
		con := NewConsole(rooms, "console")
		con.Hint = hint
		con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		out := ansi.Strip(con.Render())
		con.Close()
		for _, want := range []string{cmd, fp, fmt.Sprintf("Game %d (K6KB2H)", n)} {
			if !strings.Contains(out, want) {
				t.Errorf("%d games: the console lacks %q:\n%s", n, want, out)
			}
		}
	}
}

// TestWhiteCellPIN: at a hotseat any team could press W and read the
// adversary's real moves on the console. With WhiteCellPIN (lattice play
// sets it) the first W has the White cell choose a PIN, and every later W
// asks for it; a wrong one opens nothing.
func TestWhiteCellPIN(t *testing.T) {
	m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, WhiteCell: true, WhiteCellPIN: true})
	m = press(t, resize(t, m, 80, 24), "enter", "enter", "enter", "W")
	if m.wc != nil {
		t.Fatal("the first W opened the console before a PIN was chosen")
	}
	mustShow(t, m, "Choose a PIN")
	// It said "The console shows the adversary's real moves and every
	// draft", but a hotseat's console keeps the drafts hidden until every
	// side has committed, and the real moves until asked (o, then y).
	mustShow(t, m, "changes the game", "when asked")
	mustNotShow(t, m, "every draft")
	m = press(t, m, "4", "2", "x", "enter")
	if m.wc != nil {
		t.Fatal("a PIN typed once opened the console")
	}
	mustShow(t, m, "Type the PIN again")
	m = press(t, m, "4", "2", "y", "enter") // a slip
	mustShow(t, m, "The two PINs differ", "Choose a PIN")
	m = press(t, m, "4", "2", "x", "enter", "4", "2", "x", "enter")
	if m.wc == nil {
		t.Fatal("choosing a PIN did not open the console")
	}
	m = press(t, m, "esc")
	if m.wc != nil {
		t.Fatal("esc did not close the console")
	}
	// A wrong PIN keeps the prompt open: the PIN typed again, and its
	// enter, went to the game behind it (on the results screen, enter
	// moved on to the next turn).
	screen := m.screen
	m = press(t, m, "W", "4", "1", "x", "enter")
	if m.wc != nil {
		t.Fatal("a wrong PIN opened the console")
	}
	mustShow(t, m, "Wrong PIN: type it again", "White-cell PIN: ")
	mustNotShow(t, m, "41x")
	m = press(t, m, "4", "2", "x", "enter")
	if m.wc == nil || m.screen != screen {
		t.Fatalf("the right PIN typed after a wrong one: console open %v, screen %d (was %d)", m.wc != nil, m.screen, screen)
	}
	// The White cell is told of the wrong PINs as the console opens (a
	// team could try them unseen; the tries are not limited, so that the
	// instructor always gets in), once.
	mustShow(t, m, "1 wrong PIN was typed since the console was last open")
	m = press(t, m, "esc", "W", "9", "enter", "esc")
	if m.pinAsk != 0 || m.wc != nil || m.screen != screen {
		t.Fatalf("esc after a wrong PIN: prompt %d, console %v, screen %d (was %d)", m.pinAsk, m.wc != nil, m.screen, screen)
	}
	m = press(t, m, "W", "7", "enter", "8", "enter", "4", "2", "x", "enter")
	mustShow(t, m, "3 wrong PINs were typed since the console was last open")
	m = press(t, m, "esc", "W", "4", "2", "x", "enter")
	mustNotShow(t, m, "wrong PIN")
	// With no PIN chosen (enter at once), W opens the console directly.
	m2 := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, WhiteCell: true, WhiteCellPIN: true})
	m2 = press(t, resize(t, m2, 80, 24), "enter", "enter", "enter", "W", "enter", "esc", "W")
	if m2.wc == nil {
		t.Fatal("with no PIN chosen, W did not open the console")
	}
}

// TestConsoleWarnsBeforeAMetricEndsTheGame: setting a metric past an end
// condition (cohesion below 45: the alliance splits) ended the game when
// the turn was adjudicated, without a word. The console says so as the
// value is typed and asks before it goes on.
func TestConsoleWarnsBeforeAMetricEndsTheGame(t *testing.T) {
	s := newRoomSession(t)
	s.Brief()
	c := s.C
	k := &console{by: "console"}
	cl := hotseatCell{s}
	st := NewStyles(true)
	row := slices.Index(editableMetrics(c), c.MetricIndex("cohesion"))
	if row < 0 {
		t.Fatal("cohesion cannot be set from the console")
	}
	keys := func(ks ...string) string {
		t.Helper()
		for _, x := range ks {
			k.key(cl, keyMsg(x))
		}
		return ansi.Strip(k.view(cl, st, 100, 30))
	}
	open := func() {
		t.Helper()
		keys("m")
		for range row {
			keys("down")
		}
		keys("enter")
	}
	open()
	if out := keys("3", "0"); !strings.Contains(out, "The alliance splits") {
		t.Errorf("typing cohesion 30 does not warn of the end it meets:\n%s", out)
	}
	if out := keys("enter"); k.mode != conConfirmMetricEnd || !strings.Contains(out, "Set it all the same?") {
		t.Fatalf("enter went on without asking (mode %d):\n%s", k.mode, out)
	}
	keys("n")
	if len(s.Acts) != 0 || k.mode != conMain || c.Metrics[c.MetricIndex("cohesion")].Name == "" {
		t.Fatalf("n did not cancel: acts %q, mode %d", s.Acts, k.mode)
	}
	open()
	keys("3", "0", "enter", "y", "t", "e", "s", "t", "enter")
	if len(s.Acts) != 1 || k.err {
		t.Fatalf("y did not set it: acts %q, console %q", s.Acts, k.msg)
	}
	// A value that meets no end is set without the question.
	open()
	keys("5", "0")
	if out := keys("enter"); k.mode != conReason || strings.Contains(out, "⚠") {
		t.Errorf("cohesion 50 was asked about (mode %d):\n%s", k.mode, out)
	}
}

// TestServeConsoleKeysCodesAndTeams: the serve console's ? showed nothing;
// it had no Red team's side code (a second Red team could not be let in)
// and did not say which teams were connected.
func TestServeConsoleKeysCodesAndTeams(t *testing.T) {
	sess := newRoomSession(t)
	c := sess.C
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true, Timer: 5 * time.Minute})
	red, rok := sess.HumanAdversaries()[0], c.SideIndex("rok")
	join := func(name, key string, side int) *Member {
		m := mustJoin(t, r, name, key, false)
		if err := r.ChooseWithCode(m, side, r.SideCode(side)); err != nil {
			t.Fatal(err)
		}
		return m
	}
	join("Reds", "SHA256:reds", red)
	join("Alpha", "SHA256:alpha", rok)
	r.Leave(join("Bravo", "SHA256:bravo", rok))
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	out := ansi.Strip(con.Render())
	for _, want := range []string{"side code " + r.SideCode(red), "side code " + r.SideCode(rok), "Reds online", "Alpha online", "Bravo offline", "? keys"} {
		if !strings.Contains(out, want) {
			t.Errorf("the console lacks %q:\n%s", want, out)
		}
	}
	for _, side := range sess.HumanAllies() {
		if !strings.Contains(out, "side code "+r.SideCode(side)) {
			t.Errorf("the console lacks %s's side code:\n%s", c.Sides[side].Name, out)
		}
	}
	con.Update(keyMsg("?"))
	out = ansi.Strip(con.Render())
	for _, want := range []string{"keys", "pause", "one more minute", "fire an inject", "roll back", "tab"} {
		if !strings.Contains(out, want) {
			t.Errorf("? does not show %q:\n%s", want, out)
		}
	}
	con.Update(keyMsg("x"))
	if out := ansi.Strip(con.Render()); strings.Contains(out, "fire an inject now") {
		t.Errorf("a key did not close the keys:\n%s", out)
	}
}

// TestMidGameReportKeptApart: r on the console mid-game wrote the same
// files as the final report, which then overwrote it without a word, and
// nothing marked it as the White cell's (every draft, the truth about the
// signals). It is named for the turn in progress and marked now.
func TestMidGameReportKeptApart(t *testing.T) {
	s := newRoomSession(t)
	s.Brief()
	k := &console{by: "console"}
	cl := hotseatCell{s}
	k.key(cl, keyMsg("r"))
	if k.err {
		t.Fatalf("r: %s", k.msg)
	}
	base := strings.TrimSuffix(s.JournalPath, ".jsonl")
	mid := base + ".midgame-week1.report.md"
	data, err := os.ReadFile(mid)
	if err != nil {
		t.Fatalf("no mid-game report named for the week in progress: %v (console: %q)", err, k.msg)
	}
	if !strings.Contains(string(data), "Mid-game White-cell report") || !strings.Contains(k.msg, "not for the teams") {
		t.Errorf("the mid-game report is not marked as the White cell's (console %q):\n%s", k.msg, data)
	}
	if _, err := os.Stat(base + ".report.md"); err == nil {
		t.Error("the mid-game report took the final report's name")
	}
	if len(s.Reports) != 0 {
		t.Errorf("the end screen would offer the mid-game report as the report: %q", s.Reports)
	}
	for _, key := range []string{"e", "d", "o", "n", "e", "enter", "y"} {
		k.key(cl, keyMsg(key))
	}
	if !s.Over() {
		t.Fatalf("the game did not end: %q", k.msg)
	}
	final, err := os.ReadFile(base + ".report.md")
	if err != nil {
		t.Fatalf("no final report: %v", err)
	}
	if strings.Contains(string(final), "Mid-game") {
		t.Error("the final report is marked mid-game")
	}
	if again, err := os.ReadFile(mid); err != nil || string(again) != string(data) {
		t.Errorf("the final report overwrote the mid-game one (%v)", err)
	}
}

// TestEndNamesWhiteCellOverride: a game ended by a metric the White cell
// set says so beside the end's own text ("the adversary drove a wedge"),
// with the override's size.
func TestEndNamesWhiteCellOverride(t *testing.T) {
	entry := tutorialEntry(t)
	s, rok, _ := soloTutorial(t)
	s.Brief()
	if err := s.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "20", Reason: "test", By: "console"}); err != nil {
		t.Fatal(err)
	}
	s.Commit(rok)
	if _, err := s.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	if !s.Over() {
		t.Fatal("cohesion 20 did not end the tutorial")
	}
	m := resize(t, New(Options{Entries: []Entry{entry}, Resume: s}), 100, 40)
	mustShow(t, m, "Verdict:", "The White cell's overrides moved Cohesion by −")
}

// The end screen names a budget the White cell set, whatever the end: it
// weighs on every verdict and is in no ledger.
func TestEndNamesWhiteCellBudget(t *testing.T) {
	entry := tutorialEntry(t)
	s, rok, us := soloTutorial(t)
	c := s.C
	for !s.Over() {
		s.Brief()
		if s.Game.Turn() == 2 {
			if err := s.Act(journal.WhiteCell{Action: journal.ActBudget, Side: "us", Value: "2", Reason: "test", By: "console"}); err != nil {
				t.Fatal(err)
			}
		}
		s.Commit(rok)
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	m := resize(t, New(Options{Entries: []Entry{entry}, Resume: s}), 100, 40)
	mustShow(t, m, "The White cell set United States' budget to 2 a week (the scenario's: "+c.Sides[us].Budget.String()+").")
}

// Text meant as a reason, typed after the console refused its key, runs
// the console's keys: "Congress passes …" after a refused b wrote a report
// (r), opened the end's reason (e) and its enter ended the game. Ending
// now asks once more, and only y ends it.
func TestConsoleEndAsksOnceMore(t *testing.T) {
	s := newRoomSession(t)
	k := &console{by: "console"}
	cl := hotseatCell{s}
	st := NewStyles(true)
	press := func(ks ...string) {
		for _, x := range ks {
			k.key(cl, keyMsg(x))
			k.view(cl, st, 80, 24)
		}
	}
	press("b") // refused: the turn is not briefed
	for _, r := range "Congress passes a supplemental" {
		press(string(r))
	}
	press("enter")
	if s.Over() {
		t.Fatal("typing a reason after a refused key ended the game")
	}
	if k.mode != conConfirmEnd {
		t.Fatalf("mode %d, want the end's confirmation", k.mode)
	}
	press("n")
	if s.Over() || k.mode != conMain {
		t.Fatalf("n did not keep the game going (over %v, mode %d)", s.Over(), k.mode)
	}
	press("e", "t", "i", "m", "e", "enter", "y")
	if !s.Over() {
		t.Fatalf("y after the reason did not end the game: %q", k.msg)
	}
}

// W from a team's first turn shows the console's own keys at the foot, not
// the team's first-turn tip.
func TestConsoleKeysNotHiddenByTheFirstTurnTip(t *testing.T) {
	s := alliesSession(t)
	m := resize(t, New(Options{Resume: s, WhiteCell: true}), 100, 30)
	m = press(t, m, "enter") // to ROK's first turn
	if !strings.Contains(m.message, "your first turn") {
		t.Fatalf("no first-turn tip to hide the keys: %q", m.message)
	}
	m = press(t, m, "W")
	if out := plain(m); !strings.Contains(out, "b budget") || strings.Contains(out, "your first turn") {
		t.Errorf("the console's foot:\n%s", out)
	}
}

// TestConsoleLogKeepsTheNewest: the console's overview was cut to the
// screen from the bottom, so at 80×24 the log showed its oldest lines and
// lost the newest ("time is up", a commit, a team that left): what the
// White cell looks for. The log now takes the lines left above the keys,
// newest last.
func TestConsoleLogKeepsTheNewest(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true, Timer: 5 * time.Minute})
	for _, side := range append(sess.HumanAdversaries(), sess.HumanAllies()...) {
		for _, team := range []string{"First team of", "Second team of"} { // two a side, as the README recommends
			m := mustJoin(t, r, team+" "+sess.C.Sides[side].ID, "", false)
			if err := r.ChooseWithCode(m, side, r.SideCode(side)); err != nil {
				t.Fatal(err)
			}
		}
	}
	r.Locked(func() { r.logf("the newest line") })
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Hint = "students type: ssh -p 23456 127.0.0.1 · host key SHA256:mQArz24JKcKZOu7MZsDxngK1/72Ncm1+ShvzKGE2va8" // as lattice serve sets it
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		con.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		out := ansi.Strip(con.Render())
		if !strings.Contains(out, "the newest line") {
			t.Errorf("at %d×%d the console's log lacks its newest line:\n%s", size[0], size[1], out)
		}
		if !strings.Contains(out, "? keys") {
			t.Errorf("at %d×%d the console lost its keys:\n%s", size[0], size[1], out)
		}
	}
}

// TestHotseatConsoleBetweenTurnsReopensNothing: between a turn's results
// and the next briefing, the committed flags and drafts are the last
// turn's. Any key on the hotseat's console (r, for the report) checked
// them against the coming turn's budget, and a side whose budget had
// fallen (the White cell cut the US's to 6; support fell) was "re-opened":
// the console said "waiting for United States" between turns. Nothing is
// re-opened before the turn is briefed.
func TestHotseatConsoleBetweenTurnsReopensNothing(t *testing.T) {
	s := alliesSessionOf(t, "taiwan-strait", 5)
	m, _, us := hotseatAtROK(t, s)
	m = press(t, m, "right", "right", "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	m = press(t, m, "W", "enter", "b", "down", "enter", "6", "enter", "c", "u", "t", "enter", "esc", "enter")
	if m.screen != scrTurn || m.side != us {
		t.Fatalf("screen %v for side %d, want the US's turn", m.screen, m.side)
	}
	m = press(t, m, "right", "right", "right", "down", "down", "down", "right", "right", "right", "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	if m.screen != scrResults {
		t.Fatalf("screen %v, want the results; message %q", m.screen, m.message)
	}
	if err := s.CheckSide(s.Orders, us); err == nil {
		t.Fatal("the US's last draft fits the coming turn's budget: this test no longer sets the scene")
	}
	m = press(t, m, "W", "r")
	if out := plain(m); strings.Contains(out, "waiting for") {
		t.Errorf("between turns the console waits for a side:\n%s", out)
	}
	if len(m.queue) != 0 || len(m.reopened) != 0 {
		t.Errorf("between turns a side was queued again: queue %v, re-opened %v", m.queue, m.reopened)
	}
}

// TestConsoleMetricListAligned: the console's list of metrics to set kept
// 28 columns for the names, so taiwan-strait's "Korean trade and supply
// chains" pushed its value two columns right of the others'. The values
// stand in one column.
func TestConsoleMetricListAligned(t *testing.T) {
	s := alliesSessionOf(t, "taiwan-strait", 5)
	m, _, _ := hotseatAtROK(t, s)
	m = press(t, m, "W", "enter", "m")
	col := -1
	rows := 0
	for _, l := range strings.Split(plain(m), "\n") {
		i := strings.Index(l, "  (0.00..")
		if i < 0 {
			continue
		}
		i = ansi.StringWidth(l[:i]) // "▸ " is wider in bytes than "  "
		rows++
		if col < 0 {
			col = i
		} else if i != col {
			t.Errorf("a metric's value ends at column %d, the first's at %d:\n%s", i, col, plain(m))
			break
		}
	}
	if rows < 10 {
		t.Fatalf("the list shows %d metrics:\n%s", rows, plain(m))
	}
}

// TestServeConsoleSaysKeepItOffTheProjector: the server's console shows
// every draft and the adversary's real moves from the start, and the
// instructor's laptop is often the one on the projector; only the README
// said to keep it off. The console says so above the sides, whole at 80
// columns; a hotseat's console, which hides them, does not.
func TestServeConsoleSaysKeepItOffTheProjector(t *testing.T) {
	const warn = "every draft and the real moves: keep this screen off the projector"
	r := NewRoom(newRoomSession(t), RoomOptions{Name: "Game 1"})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if out := ansi.Strip(con.Render()); !strings.Contains(out, warn) {
		t.Errorf("the server's console at 80 columns lacks %q:\n%s", warn, out)
	}
	m, _, _ := hotseatAtROK(t, alliesSession(t))
	m = press(t, m, "W", "enter")
	mustNotShow(t, m, "keep this screen off the projector")
}

// At a shared screen the teams are told of the White cell's acts with its
// reasons, as a server's seats are, in the same words: on the screen when
// the act is taken (ROK's turn is on it), and the US again when its turn
// comes, behind its own hand-over; the US, whose budget was set, in its
// own words. They were told nothing but a bare budget change.
// injectAndCut has the hotseat's White cell, at m, fire inject inj for
// the reason "leak" and set side us's budget to 2 for the reason "cut",
// leaving the console open.
func injectAndCut(t *testing.T, m Model, inj, us int) Model {
	t.Helper()
	m = press(t, m, "W", "i")
	for range inj {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter", "l", "e", "a", "k", "enter", "b")
	for range slices.Index(m.sess.C.Alliance(), us) {
		m = press(t, m, "down")
	}
	return press(t, m, "enter", "2", "enter", "c", "u", "t", "enter")
}

func TestHotseatTellsTheWhiteCellsReasons(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	inj := slices.IndexFunc(c.Injects, func(in sim.InjectInfo) bool { return len(in.Choices) == 0 })
	if inj < 0 {
		t.Fatal("the tutorial has no inject without a choice")
	}
	m, rok, us := hotseatAtROK(t, s)
	m = press(t, injectAndCut(t, m, inj, us), "esc")

	// What a server's seat is told of the same inject.
	r, _, _, _, seatUS := seatedRoom(t)
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActInject, Inject: c.Injects[inj].ID, Reason: "leak", By: "console"}); err != nil {
			t.Fatal(err)
		}
	})
	seatUS.Update(roomMsg{})
	fired := seatUS.m.message
	if !strings.HasSuffix(fired, " — leak") {
		t.Fatalf("the seat is told %q, without the reason", fired)
	}
	budget := fmt.Sprintf("the White cell: %s 1: set %s budget to 2 a %s — cut", c.TurnLabel, sim.Possessive(c.Sides[us].Name), strings.ToLower(c.TurnLabel))
	if m.side != rok || m.screen != scrTurn {
		t.Fatalf("side %d on screen %v, want ROK's turn", m.side, m.screen)
	}
	if want := fired + noticeSep + budget; m.message != want {
		t.Errorf("ROK's turn says\n%q\nwant\n%q", m.message, want)
	}
	m = rokCommitsToUS(t, m, us)
	own := fmt.Sprintf("the White cell set your budget to 2 a %s (it was %s) — cut", strings.ToLower(c.TurnLabel), c.Sides[us].Budget.String())
	if want := fired + noticeSep + own; m.message != want {
		t.Errorf("the US's turn says\n%q\nwant\n%q", m.message, want)
	}
}

// A long reason is shown whole as it is typed, wrapped at 80 columns: on
// one line it ran off the screen, and the words typed last, where the
// cursor is, were not seen. At the limit the console says the rest is not
// taken.
func TestConsoleReasonWrapsAsTyped(t *testing.T) {
	s := newRoomSession(t)
	k := &console{by: "console"}
	cl := hotseatCell{s}
	st := NewStyles(true)
	k.key(cl, keyMsg("e"))
	reason := strings.Repeat("the press leaked the plan ", 5) + "tonight"
	for _, r := range reason {
		name := string(r)
		if r == ' ' {
			name = "space"
		}
		k.key(cl, keyMsg(name))
	}
	screen := ansi.Strip(k.view(cl, st, 80, 24))
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "press") && ansi.StringWidth(l) > 78 {
			t.Errorf("a line is wider than the screen: %q", l)
		}
	}
	if !strings.Contains(screen, "tonight▏") {
		t.Errorf("the words typed last are not shown:\n%s", screen)
	}
	if strings.Contains(screen, "at most") {
		t.Errorf("the limit is said before it is reached:\n%s", screen)
	}
	for range maxReason {
		k.key(cl, keyMsg("x"))
	}
	if screen := ansi.Strip(k.view(cl, st, 80, 24)); !strings.Contains(screen, fmt.Sprintf("%d characters at most", maxReason)) {
		t.Errorf("the limit reached is not said:\n%s", screen)
	}
}

// The console's keys wrap between two keys, never inside one: at 100 and
// 80 columns "r report" was cut after its r, and at 80 a line began with
// "· b budget".
func TestConsoleKeysWrapBetweenKeys(t *testing.T) {
	s := newRoomSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", Code: "6XVPKC", Timer: 5 * time.Minute})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	keys := []string{"p pause/resume", "+ 1 min", "f move on now", "i inject", "m metric", "o decide a move", "b budget", "u roll back", "e end", "r report", "? keys"}
	for _, w := range []int{80, 100, 120} {
		con.Update(tea.WindowSizeMsg{Width: w, Height: 30})
		lines := strings.Split(ansi.Strip(con.Render()), "\n")
		foot := strings.Join(lines[len(lines)-3:], "\n")
		for _, k := range keys {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, k) }) {
				t.Errorf("at %d columns %q is not whole on a line:\n%s", w, k, foot)
			}
		}
		for _, l := range lines[len(lines)-2:] {
			if strings.HasPrefix(l, "·") {
				t.Errorf("at %d columns a line of keys begins with a dot:\n%s", w, foot)
			}
		}
	}
}

// A reason or a number pasted into the server's console is taken: a White
// cell pastes the reasons it wrote down beforehand, and the paste did
// nothing. Control and escape sequences are stripped, lines joined, and
// the reason kept to its limit; a paste elsewhere acts on nothing.
func TestConsoleTakesAPaste(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	con.Update(tea.PasteMsg{Content: "e"}) // not a key: the end is not asked for
	if con.k.mode != conMain {
		t.Fatalf("a paste acted as a key: mode %d", con.k.mode)
	}
	con.Update(keyMsg("e"))
	con.Update(tea.PasteMsg{Content: "out of\ntime \x1b[31mfor the\x1b[0m debrief"})
	if want := "out of time for the debrief"; con.k.input != want {
		t.Errorf("the pasted reason is %q, want %q", con.k.input, want)
	}
	con.Update(tea.PasteMsg{Content: strings.Repeat("x", 2*maxReason)})
	if n := len([]rune(con.k.input)); n != maxReason {
		t.Errorf("the reason is %d characters after a long paste, want %d", n, maxReason)
	}
	con.Update(keyMsg("esc"))
	con.Update(keyMsg("b"))
	con.Update(keyMsg("enter"))
	con.Update(tea.PasteMsg{Content: "7.5\n"})
	if con.k.mode != conBudgetValue || con.k.input != "7.5" {
		t.Errorf("a pasted budget: mode %d, typed %q, want 7.5", con.k.mode, con.k.input)
	}
}

// The console's inject list says, before an inject is fired, that the side
// deciding it has no team: its first choice applies, and the report reads
// "no answer from …" for a question no one was there to see. Once a team
// plays the side it is not said.
func TestConsoleSaysNoTeamDecides(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	ma := mustJoin(t, r, "A", "", false)
	if err := r.Choose(ma, rok); err != nil {
		t.Fatal(err)
	}
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 40})
	con.Update(keyMsg("i"))
	inj := slices.IndexFunc(c.Injects, func(in sim.InjectInfo) bool { return len(in.Choices) > 0 && in.Decider == us })
	if inj < 0 {
		t.Fatal("the tutorial has no inject the US decides")
	}
	for range inj {
		con.Update(keyMsg("down"))
	}
	say := "no team plays United States: its first choice applies"
	if out := ansi.Strip(con.Render()); !strings.Contains(out, say) {
		t.Errorf("the inject list does not say the US has no team:\n%s", out)
	}
	mb := mustJoin(t, r, "B", "", false)
	if err := r.Choose(mb, us); err != nil {
		t.Fatal(err)
	}
	if out := ansi.Strip(con.Render()); strings.Contains(out, say) {
		t.Errorf("the US has a team, yet the list says it has none:\n%s", out)
	}
}

// TestHotseatConsoleTakesAPaste: a reason pasted into the hotseat's
// White-cell console is taken (cleaned), as the server console takes one;
// a paste outside the console does nothing.
func TestHotseatConsoleTakesAPaste(t *testing.T) {
	s := alliesSessionOf(t, "tutorial", 3)
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 100, 30)
	m, _ = update(t, m, tea.PasteMsg{Content: "W"}) // not a key: the console stays shut
	if m.wc != nil {
		t.Fatal("a paste opened the console")
	}
	for _, k := range []string{"W", "i", "enter"} {
		m, _ = update(t, m, keyMsg(k))
	}
	m, _ = update(t, m, tea.PasteMsg{Content: "agreed\nbefore \x1b[31mclass\x1b[0m"})
	m, _ = update(t, m, keyMsg("enter"))
	if len(s.Acts) != 1 || !strings.Contains(fmt.Sprint(s.Acts), "agreed before class") || strings.Contains(fmt.Sprint(s.Acts), "\x1b") {
		t.Fatalf("acts after a pasted reason: %q (console: %q)", s.Acts, m.wc.msg)
	}
}

// TestResultsSayTheWhiteCellsActs: the results of a turn list the White
// cell's acts of that turn with their reasons (the changes name only
// "White-cell override"); an act a rollback undid is not listed when the
// turn is played again.
func TestResultsSayTheWhiteCellsActs(t *testing.T) {
	s := alliesSessionOf(t, "tutorial", 3)
	play := func() *TurnRecord {
		t.Helper()
		for _, a := range s.C.Alliance() {
			s.Commit(a)
		}
		rec, err := s.Adjudicate()
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	s.Brief()
	if err := s.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "50", Reason: "a scandal in Seoul"}); err != nil {
		t.Fatal(err)
	}
	m := resize(t, New(Options{Resume: s}), 100, 40)
	m.last = play()
	text := ansi.Strip(m.resultsText())
	if !strings.Contains(text, "The White cell this week:") || !strings.Contains(text, "set Cohesion to 50.00 — a scandal in Seoul") {
		t.Fatalf("the results do not say the White cell's act and reason:\n%s", text)
	}
	if err := s.Rollback("play it again", "console"); err != nil {
		t.Fatal(err)
	}
	s.Brief()
	m.last = play()
	if text := ansi.Strip(m.resultsText()); strings.Contains(text, "a scandal") {
		t.Fatalf("the results of the turn played again list the act the rollback undid:\n%s", text)
	}
}

// TestConsoleListsKeepTheCursorOnScreen: the console's lists were cut from
// the bottom to fit the screen. At 80×24, with the games' tabs and the
// command students type above it, the inject under the cursor at the end
// of taiwan-strait's fifteen lost what it does, and in a longer list the
// cursor itself went off the screen: the White cell fired an inject it
// could not see. The list now scrolls with the cursor.
func TestConsoleListsKeepTheCursorOnScreen(t *testing.T) {
	var rooms []*Room
	for g := range 4 {
		s := alliesSessionOf(t, "taiwan-strait", uint64(g+1))
		rooms = append(rooms, NewRoom(s, RoomOptions{Name: fmt.Sprintf("Game %d", g+1), Code: "ABCD1234", Timer: 10 * time.Minute}))
	}
	c := rooms[0].Sess.C
	con := openConsole(t, 80, 24, rooms...)
	con.Hint = "students type: ssh -p 2323 seminar-host · host key SHA256:mQArz24JKcKZOu7MZsDxngK1/72Ncm1+ShvzKGE2va8"
	con.Update(keyMsg("i"))
	for i := range c.Injects {
		out := ansi.Strip(con.Render())
		if !strings.Contains(out, "▸ "+c.Injects[i].Title) {
			t.Fatalf("inject %d (%s) under the cursor is off the screen:\n%s", i, c.Injects[i].Title, out)
		}
		if len(c.Injects[i].Effects) > 0 && !strings.Contains(out, "effects:") {
			t.Errorf("what inject %d (%s) does is off the screen:\n%s", i, c.Injects[i].Title, out)
		}
		if !strings.Contains(out, "? keys") {
			t.Errorf("the keys are off the screen at inject %d:\n%s", i, out)
		}
		con.Update(keyMsg("down"))
	}
	// Back to the top by wrapping round: the first is shown again.
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "▸ "+c.Injects[0].Title) {
		t.Errorf("back at the first inject:\n%s", out)
	}
	con.Update(keyMsg("up"))
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "↑ ") {
		t.Errorf("at the last inject the list does not say some are above:\n%s", out)
	}
}

// TestConsolePhaseLineWraps: the console's phase line, with the sides and
// teams the turn waits for, was cut at 80 columns ("waiting for South
// Korea (Blue Team …"), so the White cell at an SSH console could not see
// which team was holding the turn up. It wraps.
func TestConsolePhaseLineWraps(t *testing.T) {
	s := alliesSessionOf(t, "taiwan-strait", 1)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1", Code: "ABCD1234", Timer: 10 * time.Minute})
	for _, side := range s.HumanAllies() {
		m := mustJoin(t, r, "Team of "+c.Sides[side].ID+" seminar B", "", false)
		if err := r.ChooseWithCode(m, side, r.SideCode(side)); err != nil {
			t.Fatal(err)
		}
	}
	out := ansi.Strip(openConsole(t, 80, 24, r).Render())
	phase, _, _ := strings.Cut(out[strings.Index(out, "Phase:"):], "Journal:")
	phase = strings.Join(strings.Fields(phase), " ")
	for _, side := range s.HumanAllies() {
		want := fmt.Sprintf("%s (Team of %s seminar B)", c.Sides[side].Name, c.Sides[side].ID)
		if !strings.Contains(phase, want) {
			t.Errorf("the phase line lacks %q:\n%s", want, out)
		}
	}
}

// TestConsoleLogFillsTheScreen: the console's log showed eight lines at
// most, with half a 120×40 screen empty below them; a turn's joins,
// commits and White-cell acts were gone from it before the turn ended.
func TestConsoleLogFillsTheScreen(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", Timer: 5 * time.Minute})
	r.Locked(func() {
		for i := range 15 {
			r.logf("log line %02d", i)
		}
	})
	out := ansi.Strip(openConsole(t, 120, 40, r).Render())
	for i := range 15 {
		if want := fmt.Sprintf("log line %02d", i); !strings.Contains(out, want) {
			t.Errorf("at 120×40 the log lacks %q:\n%s", want, out)
		}
	}
}

// TestConsoleReasonTakesATab: a tab typed in a reason (a White cell's
// notes, typed out of habit between two words) was dropped, and the teams
// read "Seoul must answertoday". It is a space.
func TestConsoleReasonTakesATab(t *testing.T) {
	sess := newRoomSession(t)
	con := openConsole(t, 80, 24, NewRoom(sess, RoomOptions{Name: "Game 1"}))
	for _, k := range []string{"e", "a", "n", "s", "w", "e", "r", "tab", "n", "o", "w"} {
		con.Update(keyMsg(k))
	}
	if con.k.mode != conReason || con.k.input != "answer now" {
		t.Errorf("typed with a tab: mode %d, reason %q, want \"answer now\"", con.k.mode, con.k.input)
	}
}

// openConsole opens the White-cell console over rooms at w×h.
func openConsole(t *testing.T, w, h int, rooms ...*Room) *ConsoleModel {
	t.Helper()
	con := NewConsole(rooms, "console")
	t.Cleanup(con.Close)
	con.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return con
}

// TestConsoleWarnsOfASideNoTeamPlays: an allied side no team joined (and no
// --ai gave the computer) commits nothing each turn, and the alliance pays
// for its visible shortfall: two teams at gray-zone left Japan to no one
// and the alliance split in the fourth month, while the console said only
// "no team yet". The console says what it costs and what to do (a gives
// it to the computer), before the first turn and after; once a team plays
// the side, or the computer does, not.
func TestConsoleWarnsOfASideNoTeamPlays(t *testing.T) {
	s := alliesSessionOf(t, "gray-zone", 1)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 10 * time.Minute})
	con := openConsole(t, 80, 24, r)
	if out := ansi.Strip(con.Render()); strings.Contains(out, "No team on") {
		t.Errorf("before any team has joined, the console warns of them all:\n%s", out)
	}
	for _, id := range []string{"rok", "us"} {
		onSide(t, r, "Team "+id, c.SideIndex(id))
	}
	out := strings.Join(strings.Fields(ansi.Strip(con.Render())), " ")
	want := "No team on Japan yet: a side no team joins commits nothing each month, and the alliance pays for its visible shortfall. a gives it to the computer."
	if !strings.Contains(out, want) {
		t.Errorf("the console does not warn that Japan has no team:\n%s", con.Render())
	}
	// Once the game is under way too.
	r.Locked(func() { r.Force("console") })
	if n := len(s.Results); n == 0 || s.Over() {
		t.Fatal("no turn played, or the game is over")
	}
	if out := strings.Join(strings.Fields(ansi.Strip(con.Render())), " "); !strings.Contains(out, want) {
		t.Errorf("once a turn is played the console no longer says how to give Japan to the computer:\n%s", con.Render())
	}
	m := onSide(t, r, "Team japan", c.SideIndex("japan"))
	if out := ansi.Strip(con.Render()); strings.Contains(out, "No team on") {
		t.Errorf("Japan has a team, yet the console warns:\n%s", out)
	}
	// The team leaves for good; the White cell gives Japan to the computer.
	r.Leave(m)
	giveByConsole(t, con, 2, 0, "Team japan had to leave")
	if s.Human[c.SideIndex("japan")] {
		t.Fatalf("Japan is still the teams' after a, enter, enter and a reason: %s", con.k.msg)
	}
	out = strings.Join(strings.Fields(ansi.Strip(con.Render())), " ")
	if strings.Contains(out, "No team on") || !strings.Contains(out, "Japan (the computer, balanced, since the White cell gave it: a gives it back)") {
		t.Errorf("once the computer plays Japan the console still warns, or does not say who plays it:\n%s", con.Render())
	}
}

// giveByConsole gives the allied side at index side of the console's list
// to the computer (the policy at index policy of its list), or back to the
// teams if the computer plays it (policy is then not asked), for reason.
func giveByConsole(t *testing.T, con *ConsoleModel, side, policy int, reason string) {
	t.Helper()
	con.Update(keyMsg("a"))
	for range side {
		con.Update(keyMsg("down"))
	}
	con.Update(keyMsg("enter"))
	if con.k.mode == conGivePolicy {
		for range policy {
			con.Update(keyMsg("down"))
		}
		con.Update(keyMsg("enter"))
	}
	if con.k.mode != conReason {
		t.Fatalf("no reason asked (mode %d): %s", con.k.mode, con.k.msg)
	}
	con.Update(tea.PasteMsg{Content: reason})
	con.Update(keyMsg("enter"))
	if con.k.err {
		t.Fatalf("refused: %s", con.k.msg)
	}
}

// TestConsoleSaysHowTheGameEnded: once a game ended the console read "the
// game is over", with how it ended in one line of the log that scrolled
// away, when the instructor turns to the debrief. Its phase line says the
// verdict (or the White cell's reason) and that r writes the report.
func TestConsoleSaysHowTheGameEnded(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := openConsole(t, 80, 24, r)
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "10", Reason: "a scandal"}); err != nil {
			t.Fatal(err)
		}
		r.Force("console")
	})
	if !s.Over() {
		t.Fatal("cohesion 10 did not end the game")
	}
	out := strings.Join(strings.Fields(ansi.Strip(con.Render())), " ")
	if !strings.Contains(out, "Phase: the game is over: The alliance splits (an allied failure) · r writes the after-action report") {
		t.Errorf("the console does not say how the game ended:\n%s", con.Render())
	}

	s = alliesSession(t)
	r = NewRoom(s, RoomOptions{Name: "Game 1"})
	con = openConsole(t, 80, 24, r)
	r.Locked(func() {
		if err := r.End("out of time", "console"); err != nil {
			t.Fatal(err)
		}
	})
	out = strings.Join(strings.Fields(ansi.Strip(con.Render())), " ")
	if !strings.Contains(out, "Phase: the game is over: ended by the White cell: out of time") {
		t.Errorf("the console does not say the White cell ended the game:\n%s", con.Render())
	}
}

// TestConsoleSaysAnInjectHasFired: an inject fires once a turn, but the
// console's list did not say which had, and asked for a reason before the
// engine refused it by id ("inject "survey_ship": inject survey_ship has
// already fired this turn"): the White cell typed its reason for nothing.
// The list marks them, and enter on one says so at once.
func TestConsoleSaysAnInjectHasFired(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := openConsole(t, 120, 40, r)
	target := slices.IndexFunc(c.Injects, func(in sim.InjectInfo) bool {
		return !slices.ContainsFunc(s.Game.Brief().Injects, func(f sim.FiredInject) bool { return c.Injects[f.Inject].ID == in.ID })
	})
	pick := func() {
		con.Update(keyMsg("i"))
		for range target {
			con.Update(keyMsg("down"))
		}
		con.Update(keyMsg("enter"))
	}
	pick()
	for _, k := range []string{"d", "r", "i", "l", "l", "enter"} {
		con.Update(keyMsg(k))
	}
	pick()
	if con.k.mode != conInject {
		t.Errorf("an inject fired this turn asks for a reason again (mode %d)", con.k.mode)
	}
	out := ansi.Strip(con.Render())
	turn := strings.ToLower(c.TurnLabel)
	for _, want := range []string{c.Injects[target].Title + " has fired this " + turn + " already", c.Injects[target].ID + " · fired this " + turn} {
		if !strings.Contains(out, want) {
			t.Errorf("the console lacks %q:\n%s", want, out)
		}
	}
}

// TestConsoleActOnTheTurnItChose: on a server the game does not wait for
// the White cell. The timer ran out (or the last team committed) while it
// typed a reason or read a question, and the act confirmed then landed on
// another turn than the one chosen: "roll back week 1" rolled back week 2,
// and y to "adjudicate now?" adjudicated the next turn's drafts, empty.
// An act whose game moved on since it began is refused, and said so.
func TestConsoleActOnTheTurnItChose(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 10 * time.Minute})
	con := openConsole(t, 120, 40, r)
	timesUp := func() {
		r.Locked(func() {
			// Cohesion kept up: the drafts are empty, and the alliance
			// would split before the test is done.
			if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "90", Reason: "kept up"}); err != nil {
				t.Fatal(err)
			}
			r.Force(journal.ByTimer)
		})
		if s.Over() {
			t.Fatal("the game ended")
		}
	}
	timesUp() // week 1 played

	con.Update(keyMsg("f"))
	timesUp() // week 2 played while the question is asked
	con.Update(keyMsg("y"))
	if n := len(s.Results); n != 2 {
		t.Errorf("y to a question of week 2, after week 2 was played, played week 3 as well (%d turns played)", n)
	}
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "nothing was done: the game moved on") {
		t.Errorf("the refusal is not said:\n%s", out)
	}

	con.Update(keyMsg("u"))
	for _, k := range []string{"o", "o", "p", "s"} {
		con.Update(keyMsg(k))
	}
	timesUp() // week 3 played while the reason is typed
	con.Update(keyMsg("enter"))
	if n := len(s.Results); n != 3 {
		t.Errorf("a rollback chosen for week 2 undid week 3 (%d turns played)", n)
	}

	con.Update(keyMsg("u"))
	con.Update(keyMsg("enter"))
	if n := len(s.Results); n != 2 {
		t.Errorf("a rollback with nothing moving in between did not roll back (%d turns played)", n)
	}
}

// TestConsoleSaysTheTimerWaits: the console's timer stood at its full time
// until the first team sat down on a side, with no word of why; an
// instructor watching it before the class had joined took it for broken.
func TestConsoleSaysTheTimerWaits(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 10 * time.Minute})
	con := openConsole(t, 120, 40, r)
	const say = "the timer starts when a team joins a side"
	if out := ansi.Strip(con.Render()); !strings.Contains(out, say) {
		t.Errorf("the console does not say the timer waits:\n%s", out)
	}
	onSide(t, r, "Alpha", s.HumanAllies()[0])
	r.Tick()
	if out := ansi.Strip(con.Render()); strings.Contains(out, say) {
		t.Errorf("a team has joined, yet the console says the timer waits:\n%s", out)
	}
}

// TestConsoleSaysNoRedTeamHasJoined: with --red-team, the first turn waits
// for a Red team to arrive. With none (and no turn timer), the class sat
// before an unbriefed turn while the console read "the Red team is
// planning … waiting for China (nobody yet)", and nothing said that f
// moves on. It says so until a Red team joins.
func TestConsoleSaysNoRedTeamHasJoined(t *testing.T) {
	s := newRoomSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true})
	onSide(t, r, "Alpha", s.HumanAllies()[0])
	con := openConsole(t, 120, 40, r)
	const say = "waiting for a Red team to join (no one has yet): f briefs the turn"
	if out := ansi.Strip(con.Render()); !strings.Contains(out, say) {
		t.Errorf("the console does not say f moves on without a Red team:\n%s", out)
	}
	onSide(t, r, "Reds", s.HumanAdversaries()[0])
	if out := ansi.Strip(con.Render()); strings.Contains(out, say) || !strings.Contains(out, "the Red team is planning") {
		t.Errorf("a Red team has joined:\n%s", out)
	}
}

// onSide joins name (no key) to side in r.
func onSide(t *testing.T, r *Room, name string, side int) *Member {
	t.Helper()
	m := mustJoin(t, r, name, "", false)
	if err := r.Choose(m, side); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestConsoleSaysDoctrinePlaysAnEmptyRedSide: with --red-team, a side no
// Red team had joined read "North Korea (Red team) … real Trash balloons",
// as if a team had chosen the moves its doctrine chose.
func TestConsoleSaysDoctrinePlaysAnEmptyRedSide(t *testing.T) {
	s := newRoomSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true})
	red := s.HumanAdversaries()[0]
	con := openConsole(t, 120, 40, r)
	want := c.Sides[red].Name + " (Red team, none yet: its doctrine plays)"
	if out := ansi.Strip(con.Render()); !strings.Contains(out, want) {
		t.Errorf("the console lacks %q:\n%s", want, out)
	}
	onSide(t, r, "Reds", red)
	if out := ansi.Strip(con.Render()); !strings.Contains(out, c.Sides[red].Name+" (Red team)") {
		t.Errorf("a Red team has joined:\n%s", out)
	}
}

// TestConsoleNamesTeamsOnNoSide: a team still in the lobby choosing its
// side, which the class waited for, appeared only as "Delta joined" in the
// log, and the projector's observer seat nowhere: the instructor looked
// for them among the sides in vain. The console names them.
func TestConsoleNamesTeamsOnNoSide(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	mustJoin(t, r, "Delta", "", false)
	onSide(t, r, "Projector", -1)
	con := openConsole(t, 120, 40, r)
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "observing: Projector · choosing a side: Delta") {
		t.Errorf("the console does not name the teams on no side:\n%s", out)
	}
}

// The hotseat's console keeps its key lines whole when the notice above
// the help line takes two lines.
func TestHotseatConsoleFitsATwoLineNotice(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, WhiteCell: true}), 80, 24)
	m = press(t, m, "enter", "right", "enter", "enter") // a hotseat, to its first hand-over
	m = press(t, m, "W", "enter")                       // the console, no PIN
	mustShow(t, m, "r report · v results · h log · ? keys")
	m.message = strings.Repeat("a notice long enough to take two lines ", 3)
	if m.noticeLines() != 2 {
		t.Fatal("the notice takes one line: make it longer")
	}
	mustShow(t, m, "i inject · m metric", "r report · v results · h log · ? keys")
}

// The server's console shows a Red team's plan as the team makes it, as it
// shows every ally's draft: a seminar review found the adversary's line
// said only "Red team" until the plan was in and the turn briefed, and the
// instructor waiting on Red could not see what it had in mind.
func TestConsoleShowsTheRedTeamsPlan(t *testing.T) {
	s := newRoomSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1", Code: "ABC123", AllowRed: true})
	red := seatOn(t, r, "Red", c.SideIndex("prc"))
	ally := seatOn(t, r, "Tigers", c.SideIndex("rok"))
	all := []*SeatModel{red, ally}
	for _, x := range all {
		defer x.Close()
	}
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for _, x := range all {
		seatKeys(t, all, x, "enter") // leave the briefing
	}
	first := c.Actions[c.Sides[c.SideIndex("prc")].Playbook[0]].Name
	if out := ansi.Strip(con.Render()); strings.Contains(out, "marking:") || strings.Contains(out, "committed: real") {
		t.Fatalf("the console shows a plan before the Red team marked a move:\n%s", out)
	}
	seatKeys(t, all, red, "r") // the first move marked real, not committed
	if r.Phase() != PhaseRed {
		t.Fatal("marking a move committed the plan")
	}
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "marking: real "+first+"; bluffs none") {
		t.Fatalf("the console does not show the Red team's marked move %q:\n%s", first, out)
	}
	seatKeys(t, all, red, "enter")
	if screenOf(red) == scrAdversary { // asked to confirm
		seatKeys(t, all, red, "enter")
	}
	if r.Phase() == PhaseRed {
		t.Fatalf("the Red team's plan was not committed:\n%s", red.Render())
	}
	// Briefed now: the line gives the real moves and bluffs, as before.
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "real "+first) {
		t.Fatalf("after the plan is in, the console does not show the real move %q:\n%s", first, out)
	}
}

// A hotseat game resumed in a turn the White cell acted in tells each
// human ally of the act again, behind its own hand-over, as it was told
// before the game was closed (a seminar review: the act was applied and
// the screens said nothing, so a team saw a metric move without a word;
// a server's seats were told).
func TestHotseatResumeTellsTheTurnsActs(t *testing.T) {
	s := alliesSession(t)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	s.Brief()
	cohesion := s.C.MetricIndex("cohesion")
	if err := s.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "52", Reason: "the embassy row"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	back, notes, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	defer back.Journal.Close()
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Resume: back, Notes: notes}), 100, 30)
	if back.Game.Metric(cohesion) != sim.FixInt(52) {
		t.Fatalf("the act was not applied on resume: cohesion %s", back.Game.Metric(cohesion))
	}
	for _, side := range back.HumanAllies() {
		name := back.C.Sides[side].Name
		for i := 0; i < 4 && !(m.screen == scrTurn && m.side == side); i++ {
			m = press(t, m, "enter") // the hand-over, the briefing
		}
		if m.screen != scrTurn || m.side != side {
			t.Fatalf("did not reach %s's turn:\n%s", name, plain(m))
		}
		mustShow(t, m, "the embassy row")
		// Commit, so that the next side's hand-over comes.
		m = press(t, m, "right", "right", "right", "down", "right", "right", "enter")
		if m.confirmEnd || m.dialog >= 0 {
			m = press(t, m, "y")
		}
	}
}
