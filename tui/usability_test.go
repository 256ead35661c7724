package tui

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// Usability checks at the minimum size, 80×24. Each states what a player
// should see, and fails if the interface stops showing it.

// lineWith returns the first screen line containing s ("" if none).
func lineWith(m Model, s string) string {
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestUsabilityResultsMoveLineAt80(t *testing.T) {
	m := stateResults(t)
	l := lineWith(m, "— roll ")
	if l == "" {
		t.Fatal("the adversary made no move: the test checks nothing (pick another seed)")
	}
	// The line may wrap: the defence is on the next line then.
	if s := plain(m); !strings.HasSuffix(strings.TrimRight(l, " "), ")") {
		rest := s[strings.Index(s, l)+len(l):]
		l += strings.SplitN(strings.TrimLeft(rest, "\n"), "\n", 2)[0]
	}
	if !strings.HasSuffix(strings.TrimRight(l, " "), ")") {
		t.Fatalf("at 80 columns the results' move line is cut, hiding the defence: %q", l)
	}
}

func TestUsabilityEndObjectivesAt80(t *testing.T) {
	m := playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...))
	l := lineWith(m, "South Korea: ")
	if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
		t.Fatalf("at 80 columns the scorecard cuts the private objectives: %q", l)
	}
}

func TestUsabilityEndLeaveHintAt80(t *testing.T) {
	m := playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...))
	if !strings.Contains(plain(m), "Press enter or q to leave") && !strings.Contains(plain(m), "↓") {
		t.Fatalf("at 80×24 the scorecard's debrief questions and its 'Press enter or q to leave' are below the screen, with no hint to scroll; the help line offers %q", lineWith(m, "enter"))
	}
}

func TestUsabilityObjectiveShownDuringPlay(t *testing.T) {
	obj := "Keep the public behind you"
	for _, st := range []func(testing.TB) Model{
		func(t testing.TB) Model { return press(t, fresh(t), "enter") },
		func(t testing.TB) Model { return press(t, fresh(t), "enter", "enter") },
		stateTurn,
	} {
		if strings.Contains(plain(resize(t, st(t), 160, 48)), obj) {
			return
		}
	}
	t.Fatalf("South Korea's private objective (%q…) is shown only on the final scorecard: not in setup, the briefing or the turn screen", obj)
}

func TestUsabilityHandoverHelpAt80(t *testing.T) {
	m := stateHandover(t)
	before := plain(m)
	lines := strings.Split(before, "\n")
	help := lines[len(lines)-1]
	if strings.Contains(help, "c charts") && plain(press(t, m, "c")) == before {
		t.Fatalf("the hand-over screen's help line offers 'c charts', but c does nothing there: %q", help)
	}
}

// At 80×24 the intelligence panel does not hold week 2's signals, last
// turn's moves and the objective at once: it says so, and tab then ↓
// scrolls it to them.
func TestUsabilityLastTurnMovesAt80(t *testing.T) {
	m := press(t, stateResults(t), "enter")
	mustShow(t, m, "Turn 2/5")
	if strings.Contains(plain(m), "Last turn's moves") {
		return
	}
	mustShow(t, m, "more lines (tab, then ↑/↓)")
	m = press(t, m, "tab")
	if l := lineWith(m, "↑/↓ scroll"); l == "" {
		t.Fatalf("the help line does not say ↑/↓ scroll the focused panel:\n%s", plain(m))
	}
	sel := m.sel
	for range 30 {
		if strings.Contains(plain(m), "Last turn's moves") {
			if m.sel != sel {
				t.Fatalf("scrolling the intelligence panel moved the lever selection from %d to %d", sel, m.sel)
			}
			return
		}
		m = press(t, m, "down")
	}
	t.Fatalf("'Last turn's moves' cannot be reached at 80×24 with tab and ↓:\n%s", plain(m))
}

func TestUsabilityAdversaryRulesAt80(t *testing.T) {
	m := press(t, stateHandover(t), "enter")
	l := lineWith(m, "Up to 1 real move")
	if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
		t.Fatalf("at 80 columns the Red team's rules line is cut: %q", l)
	}
}

func TestUsabilitySignalsAt80(t *testing.T) {
	m := stateTurn(t)
	if l := lineWith(m, "• "); regexp.MustCompile(`…\s+(unconfirmed|intel:)`).MatchString(l) {
		t.Fatalf("at 80 columns the signals, the allies' main intelligence, are cut to a few words: %q", strings.TrimSpace(l))
	}
}

// TestUsabilityOddsKnowledgeAt80: in week 2, when intelligence has seen
// through a signal, the odds list at 80 columns still shows what is known
// of each move, the mark the side's View gives ([?], [real], [bluff]),
// however much of the move's name is cut, before the estimate with the
// allies' points ("p 0.77 → 0.72").
func TestUsabilityOddsKnowledgeAt80(t *testing.T) {
	m := press(t, stateResults(t), "enter")
	v := m.sess.Game.View(m.side)
	marks := map[sim.Knowledge]string{sim.Unknown: "[?]", sim.KnownReal: "[real]", sim.KnownBluff: "[bluff]"}
	revealed := false
	for _, sg := range v.Signals {
		revealed = revealed || sg.Known != sim.Unknown
		name := m.sess.C.Actions[sg.Action].Name
		prefix := name[:min(len(name), 12)] // the name may be cut with "…"
		found := false
		for _, l := range strings.Split(plain(m), "\n") {
			if i := strings.Index(l, prefix); i >= 0 && regexp.MustCompile(`\] p \d\.\d\d`).MatchString(l[i:]) {
				found = true
				if !strings.Contains(l[i:], marks[sg.Known]+" p ") {
					t.Errorf("at 80 columns the odds of %s do not show %s: %q", name, marks[sg.Known], strings.TrimSpace(l))
				}
			}
		}
		if !found {
			t.Errorf("at 80 columns the odds list has no line for %s:\n%s", name, plain(m))
		}
	}
	if !revealed {
		t.Fatal("no signal is known in week 2: the test no longer sets the case up")
	}
	for _, l := range strings.Split(plain(m), "\n") {
		if regexp.MustCompile(`p \d\.\d\d`).MatchString(l) && !regexp.MustCompile(`\[(\?|real|bluff)\] p |with allies as last turn: p `).MatchString(l) {
			t.Errorf("at 80 columns an odds line is neither a move with its mark nor its estimate with the allies: %q", strings.TrimSpace(l))
		}
	}
}

// The larger scenarios have more levers than fit beside the odds at 80×24:
// the odds of every signalled move stay on screen, and so does the selected
// lever as it moves down the list.
func TestUsabilityOddsAndLeversFitAt80(t *testing.T) {
	odds := regexp.MustCompile(`\[(\?|real|bluff)\] p \d\.\d\d`)
	for _, name := range []string{"gray-zone", "taiwan-strait"} {
		t.Run(name, func(t *testing.T) {
			m := New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 1, SkipPicker: true})
			m = press(t, resize(t, m, 160, 48), "enter", "enter")
			mustShow(t, m, "Allocation")
			want := len(odds.FindAllString(plain(m), -1))
			if want == 0 {
				t.Fatalf("no odds at 160×48:\n%s", plain(m))
			}
			m = resize(t, m, 80, 24)
			if got := len(odds.FindAllString(plain(m), -1)); got != want {
				t.Fatalf("at 80×24 %d of the %d odds lines show:\n%s", got, want, plain(m))
			}
			for i := range m.sess.C.Levers {
				if !strings.Contains(plain(m), "▸ ") {
					t.Fatalf("lever %d selected but not shown:\n%s", i, plain(m))
				}
				m = press(t, m, "down")
			}
		})
	}
}

// A signal's text takes the panel's width: only its last line makes room
// for the unconfirmed/intel tag.
func TestUsabilitySignalsUseTheWidthAt80(t *testing.T) {
	m := press(t, stateTurn(t), "tab")
	mustShow(t, m, "• Fishing boats massing near the ")
}

// The intelligence panel's "↓ N more lines" counts the lines that are not
// on screen, the one the hint itself covers included.
func TestIntelMoreLinesCount(t *testing.T) {
	m := stateTurn(t)
	n := regexp.MustCompile(`↓ (\d+) more lines`).FindStringSubmatch(plain(m))
	if n == nil {
		t.Fatalf("no '↓ N more lines' at 80×24:\n%s", plain(m))
	}
	_, h := m.intelSize()
	all := m.intelLines(m.width/2-4, h-2)
	if want := len(all) - (h - 3); n[1] != fmt.Sprint(want) {
		t.Fatalf("the hint says %s more lines; %d of the panel's %d lines are not shown", n[1], want, len(all))
	}
}

// The turn screen's change column is the change since the results the
// player has just read: value minus change is the value they ended on.
func TestMetricChangeSinceLastResults(t *testing.T) {
	m := stateResults(t)
	after := regexp.MustCompile(`Deterrence [\d.]+ → ([\d.]+)`).FindStringSubmatch(plain(m))
	if after == nil {
		t.Fatalf("no Deterrence line in the results:\n%s", plain(m))
	}
	m = press(t, m, "enter")
	row := regexp.MustCompile(`Deterrence +([\d.]+) +([▲▼])([\d.]+)`).FindStringSubmatch(plain(m))
	if row == nil {
		t.Fatalf("no Deterrence row with a change in week 2:\n%s", plain(m))
	}
	var val, d, end float64
	fmt.Sscan(row[1], &val)
	fmt.Sscan(row[3], &d)
	fmt.Sscan(after[1], &end)
	if row[2] == "▼" {
		d = -d
	}
	if diff := val - d - end; diff > 0.011 || diff < -0.011 {
		t.Fatalf("Deterrence %s %s%s on the turn screen, but the results ended it at %s", row[1], row[2], row[3], after[1])
	}
}

// The scorecard names the game's journal whole, on one line, so it can be
// copied: wrapping broke it at a hyphen.
func TestEndJournalPathOnOneLine(t *testing.T) {
	// A short directory: a path of about 60 columns, which fits 80 alone.
	dir, err := os.MkdirTemp("", "lt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("XDG_STATE_HOME", dir)
	m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true})
	closeAtEnd(t, func() *Session { return m.sess })
	m = playSoloToEnd(t, press(t, resize(t, m, 80, 24), toTurn1Solo...))
	t.Cleanup(func() { m.sess.Journal.Close() })
	for range 60 {
		m = press(t, m, "down")
	}
	path := m.sess.JournalPath
	if path == "" {
		t.Fatal("no journal")
	}
	if lineWith(m, path) == "" {
		t.Fatalf("the journal's path %s is not on one line:\n%s", path, plain(m))
	}
}

// With more scenarios than 80×24 holds, the picker keeps the chosen one in
// view and says how many are above and below.
func TestPickerScrollsAt80(t *testing.T) {
	var entries []Entry
	for range 2 {
		for _, n := range []string{"tutorial", "gray-zone", "taiwan-strait", "thaad-pressure"} {
			entries = append(entries, scenarioEntry(t, n))
		}
	}
	m := resize(t, New(Options{Entries: entries, Seed: 1}), 80, 24)
	mustShow(t, m, "↓ ")
	for i := 1; i < len(entries); i++ {
		m = press(t, m, "down")
		want := "▸ " + entries[i].Name
		if !strings.Contains(plain(m), want) {
			t.Fatalf("entry %d (%s) chosen but not shown:\n%s", i, entries[i].Name, plain(m))
		}
	}
	mustShow(t, m, "↑ ")
}

// On the Red team's screen the pressure column lines up, whatever the
// length of the domain's name (gray-zone's "Information" is 11 letters).
func TestAdversaryColumnsAlign(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 80, 24), "right", "down", "down", "down", "down", "right", "enter", "enter", "enter")
	mustShow(t, m, "China — Month 1: choose your moves")
	// The list scrolls at 80×24: every row, the cursor moving down it.
	col := -1
	var doms []string
	for range m.sess.C.Sides[m.side].Playbook {
		for _, l := range strings.Split(plain(m), "\n") {
			i := strings.Index(l, " pressure ")
			if i < 0 {
				continue
			}
			doms = append(doms, l)
			if w := ansi.StringWidth(l[:i]); col < 0 {
				col = w
			} else if w != col {
				t.Fatalf("'pressure' at column %d, want %d: %q", w, col, l)
			}
		}
		m = press(t, m, "down")
	}
	if all := strings.Join(doms, "\n"); !strings.Contains(all, "Information") || !strings.Contains(all, "Maritime") {
		t.Fatalf("the rows lack the Information and Maritime moves:\n%s", all)
	}
}

// A Red team's locked move shows why, whole, under the playbook when it is
// selected: its row cuts the reason at 80 columns ("its condition does
// not hold: Adversary …").
func TestRedLockedMoveSaysWhyWhole(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 5}), 80, 24)
	m = press(t, m, "enter", "down", "down", "down", "down", "right", "enter", "enter") // solo, as China
	mustShow(t, m, "choose your moves")
	g, c := m.sess.Game, m.sess.C
	for i, a := range c.Sides[m.side].Playbook {
		why := g.ActionLock(a)
		if why == "" {
			continue
		}
		for m.sel < i {
			m = press(t, m, "down")
		}
		if !strings.Contains(strings.Join(strings.Fields(plain(m)), " "), "Not open now: "+why) {
			t.Fatalf("the selected locked move %s does not say why, whole (%q):\n%s", c.Actions[a].ID, why, plain(m))
		}
		return
	}
	t.Fatal("no locked move in China's first month: the test needs another state")
}

// The results name an event's answer whole on a narrow screen: the line of
// the event and its choice wraps (at 80 columns gray-zone's "… South Korea
// chose Sen…" was cut).
func TestResultsNameTheChoiceWhole(t *testing.T) {
	m := stateInjectDialog(t)
	c := m.sess.C
	in := &c.Injects[m.dialog]
	label := in.Choices[len(in.Choices)-1].Label
	for range len(in.Choices) - 1 {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter")
	m = resize(t, commitTurn(t, press(t, m, addPoints...)), 60, 24) // the narrowest screen with every panel
	text := strings.Join(strings.Fields(plain(m)), " ")
	if want := in.Title + ": " + c.Sides[in.Decider].Name + " chose " + label; !strings.Contains(text, want) {
		t.Fatalf("the results do not say %q whole at 60 columns:\n%s", want, plain(m))
	}
}

// q asks to quit while an event's decision box is open, as on every other
// screen (only ctrl+c left it); n goes back to the decision.
func TestQuitFromADecision(t *testing.T) {
	m := stateInjectDialog(t)
	dialog := m.dialog
	if dialog < 0 {
		t.Fatal("no decision open")
	}
	m = press(t, m, "q")
	mustShow(t, m, "Quit Lattice?")
	m = press(t, m, "n")
	if m.dialog != dialog || m.confirmQuit {
		t.Fatalf("n did not go back to the decision:\n%s", plain(m))
	}
	mustShow(t, m, m.sess.C.Injects[dialog].Title)
}

// At 80×24 the Red team's playbook scrolls with the cursor, so that the
// selected move's row and its details (what the allies will read, what it
// does on success) are on the screen for every move: gray-zone's twelve
// pushed "On success" off it.
func TestRedPlaybookScrollsToKeepTheDetails(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 5}), 80, 24)
	m = press(t, m, "enter", "down", "down", "down", "down", "right", "enter", "enter") // solo, as China
	mustShow(t, m, "choose your moves")
	c := m.sess.C
	for i, a := range c.Sides[m.side].Playbook {
		if i > 0 {
			m = press(t, m, "down")
		}
		text := strings.Join(strings.Fields(plain(m)), " ")
		ai := &c.Actions[a]
		want := []string{"▸", ai.Name}
		if succ := c.DescribeEffects(ai.Success); succ != "" {
			want = append(want, "On success: "+succ)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Fatalf("%s selected: the screen lacks %q:\n%s", ai.ID, w, plain(m))
			}
		}
	}
}

// The Red team's selected open move says how much its doctrine (the AI
// that plays the side when no one does) favours it now, and why, in the
// engine's factors: its share of the side's weight, its base weight, the
// modifiers that hold and the pull of its odds.
func TestRedMoveSaysItsDoctrineWeight(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 5}), 100, 40)
	m = press(t, m, "enter", "down", "down", "down", "down", "right", "enter", "enter") // solo, as China
	mustShow(t, m, "choose your moves")
	c, g := m.sess.C, m.sess.Game
	book := c.Sides[m.side].Playbook
	var total sim.Fix
	for _, a := range book {
		total += g.ActionWeight(a)
	}
	a := book[0]
	why := g.ActionWeightWhy(a)
	if why.Weight <= 0 {
		t.Fatalf("%s is not open: the test needs another", c.Actions[a].ID)
	}
	text := strings.Join(strings.Fields(plain(m)), " ")
	want := fmt.Sprintf("The doctrine would give it %d%% of China's weight now: base %s", 100*int64(why.Weight)/int64(total), why.Base.Format(2))
	if !strings.Contains(text, want) || !strings.Contains(text, "for its odds against last month's defence (p "+why.P.Format(2)+")") {
		t.Fatalf("the screen lacks %q and its odds:\n%s", want, plain(m))
	}
	for _, k := range why.Modifiers {
		if w := "while " + c.Readable(&c.Actions[a].Modifiers[k].When); !strings.Contains(text, w) {
			t.Errorf("the modifier that holds is not said: %q", w)
		}
	}
}
