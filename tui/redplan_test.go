package tui

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/scenarios"
	"lattice/sim"
)

// toRedSolo goes from the picker to the first planning screen of a solo
// game in which the player is the adversary (the scenario's third row).
var toRedSolo = []string{"enter", "down", "down", "down", "right", "enter", "enter"}

// redSolo is the scenario name's first planning screen, w×h, played solo
// as its first adversary.
func redSolo(t *testing.T, name string, w, h int) Model {
	t.Helper()
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 11}), w, h)
	m = press(t, m, toRedSolo...)
	mustShow(t, m, "choose your moves")
	return m
}

// selectedRow is the planning list's row under the cursor.
func selectedRow(t *testing.T, m Model) string {
	t.Helper()
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.HasPrefix(l, "▸ ") {
			return l
		}
	}
	t.Fatalf("no row under the cursor:\n%s", plain(m))
	return ""
}

// A Red team sees each open move's odds, the ones the engine reckons
// against the defence it can know, on the move's row at 80×24 (the only
// odds were in the doctrine's line, which a short screen drops) and in
// the selected move's details, as its odds.
func TestRedPlanningShowsEachMovesOdds(t *testing.T) {
	for _, name := range []string{"tutorial", "taiwan-strait"} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			m := redSolo(t, name, size[0], size[1])
			g := m.sess.Game
			pb := m.sess.C.Sides[m.side].Playbook
			open := 0
			for i, a := range pb {
				if i > 0 {
					m = press(t, m, "down")
				}
				if g.ActionLock(a) != "" {
					continue
				}
				open++
				p := "p " + g.ActionWeightWhy(a).P.Format(2)
				if row := selectedRow(t, m); !strings.Contains(row, p) {
					t.Errorf("%s %dx%d: the row of %s lacks its odds %q: %q", name, size[0], size[1], m.sess.C.Actions[a].Name, p, row)
				}
				mustRead(t, m, m.sess.C.Actions[a].Name+": your odds "+p+" against")
				for _, l := range strings.Split(plain(m), "\n") {
					if ansi.StringWidth(l) > size[0] {
						t.Errorf("%s %dx%d: a line is %d columns wide: %q", name, size[0], size[1], ansi.StringWidth(l), l)
					}
				}
			}
			if open == 0 {
				t.Fatalf("%s: no open move to check", name)
			}
		}
	}
}

// A Red team reads what each move does if it fails as well as if it
// succeeds (a failed cyber intrusion raises the allies' intelligence
// picture), whole at 80×24 as the allies' panel gives it.
func TestRedPlanningSaysWhatAFailedMoveDoes(t *testing.T) {
	gray := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 5}), 80, 24)
	gray = press(t, gray, "enter", "down", "down", "down", "down", "right", "enter", "enter") // solo, as China
	for _, m := range []Model{redSolo(t, "tutorial", 80, 24), redSolo(t, "taiwan-strait", 80, 24), gray} {
		c := m.sess.C
		failing := 0
		for i, a := range c.Sides[m.side].Playbook {
			if i > 0 {
				m = press(t, m, "down")
			}
			ai := &c.Actions[a]
			want := []string{}
			if e := c.DescribeEffects(ai.Success); e != "" {
				want = append(want, "On success: "+e)
			}
			if e := c.DescribeEffects(ai.Failure); e != "" {
				want = append(want, "On failure: "+e)
				failing++
			}
			mustRead(t, m, want...)
		}
		if failing == 0 {
			t.Fatalf("%s: no move has effects on failure to check", c.Sides[m.side].Name)
		}
	}
}

// The Red team's screen gives the chance that the allies see through each
// of its signals: the intelligence picture ÷ 100 (sim's Brief draws with
// sim.Compiled.SeeThroughChance), a metric
// its own View holds, so nothing hidden is told.
func TestRedPlanningSaysTheChanceOfBeingSeenThrough(t *testing.T) {
	for _, name := range []string{"tutorial", "taiwan-strait"} {
		m := redSolo(t, name, 80, 24)
		c, g := m.sess.C, m.sess.Game
		if c.Intel < 0 {
			t.Fatalf("%s has no intelligence picture", name)
		}
		v := g.View(m.side)
		pic := v.Metrics[c.Intel]
		if pic != g.Metric(c.Intel) {
			t.Fatalf("%s: the adversary's View has the picture at %v, the game %v", name, pic, g.Metric(c.Intel))
		}
		// The chance Brief draws with (sim.Compiled.SeeThroughChance).
		mustRead(t, m, "see through each with chance "+c.Metrics[c.Intel].Name+" ÷ 100: "+c.SeeThroughChance(v.Metrics).Format(2)+" now")
		mustNotShow(t, m, "may see through some")
	}
}

// The briefing, written for the allies, is framed for a Red team wherever
// one reads it: solo as the adversary (it was framed only on an SSH seat),
// and at a hotseat table, whose shared screen the allies read too, as a
// note to the Red team by name; a game without a human adversary has none.
func TestBriefingIsFramedForTheRedTeam(t *testing.T) {
	const written = "The briefing below is written for the allies: read it as what your opponents are told"
	for _, name := range []string{"tutorial", "taiwan-strait"} {
		m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 11}), 80, 24)
		m = press(t, m, "enter", "down", "down", "down", "right", "enter")
		mustShow(t, m, "Briefing")
		red := m.sess.HumanAdversaries()
		if len(red) != 1 || m.sess.C.Sides[red[0]].Adversary != true {
			t.Fatalf("%s: the setup did not make the adversary the player's: %v", name, red)
		}
		mustRead(t, m, "You play "+m.sess.C.Sides[red[0]].Name+", the adversary (the Red team). "+written)
	}

	h := press(t, fresh(t), toSetupHotseatRed...)
	h = press(t, h, "enter")
	mustShow(t, h, "Briefing")
	mustRead(t, h, "Red team ("+h.sess.C.Sides[h.sess.HumanAdversaries()[0]].Name+"): "+written)
	mustNotShow(t, h, "You play")

	a := press(t, fresh(t), "enter", "enter")
	mustShow(t, a, "Briefing")
	mustNotShow(t, a, "written for the allies", "Red team")
}

// The Red team's ? explains its screen's marks, as the allies' ? does
// (it listed keys only), above the keys; on its metrics tab ↑/↓ move the
// ▸ (it never moved) and the "why?" panel explains the metric under it.
func TestRedHelpExplainsTheMarksAndMetricsHaveWhy(t *testing.T) {
	m := redSolo(t, "tutorial", 80, 24)
	h := press(t, m, "?")
	mustShow(t, h, "Reading the Red team's screen", "[R] [B]", "pressure", "p 0.77", "(cannot bluff)", "⚠ drift", "doctrine", "enter commit")
	mustRead(t, h, "your odds: the chance the move succeeds", "with chance Intelligence picture ÷ 100")
	// Behind the guide, no key acts on the screen: r marked nothing.
	back := press(t, h, "r", "esc")
	mustShow(t, back, "[ ] "+m.sess.C.Actions[m.sess.C.Sides[m.side].Playbook[0]].Name)

	c := m.sess.C
	mt := press(t, m, "tab")
	mustShow(t, mt, "▸ "+c.Metrics[0].Name, "Why? "+c.Metrics[0].Name, "↑/↓ why? of a metric")
	mt = press(t, mt, "down", "down")
	mustShow(t, mt, "▸ "+c.Metrics[2].Name, "Why? "+c.Metrics[2].Name)
	mustRead(t, mt, "Your goal: the allies fail")
	mt = press(t, mt, "up")
	mustShow(t, mt, "▸ "+c.Metrics[1].Name, "Why? "+c.Metrics[1].Name)
	if got := strings.Count(plain(mt), "\n") + 1; got > 24 {
		t.Fatalf("the metrics tab is %d lines at 80×24", got)
	}
	// Back on the moves, the marks work as before.
	mustShow(t, press(t, mt, "tab", "r"), "[R] "+c.Actions[c.Sides[m.side].Playbook[0]].Name)
}

// Every command on a Red player's end screen is whole on a line of its
// own at 80 columns: the seed line's fork of the journal ran past the
// width, cut with "…", and its "Seed 11; the same seed replays…" with it
// (lipgloss pads a block's lines to its widest).
func TestRedEndScreenCommandsAreWhole(t *testing.T) {
	// A short state directory, so that the journal's path fits a line at
	// 80 columns and the fork of it does not (t.TempDir's is longer).
	dir, err := os.MkdirTemp("", "l")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	t.Setenv("XDG_STATE_HOME", dir)
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 11, Journal: true}), 80, 24)
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, m, toRedSolo...)
	for i := 0; !strings.Contains(plain(m), "Verdict:"); i++ {
		if i > 100 {
			t.Fatalf("no verdict:\n%s", plain(m))
		}
		m = press(t, m, "enter")
	}
	if m.sess.JournalPath == "" || ansi.StringWidth("  lattice play --fork "+m.sess.JournalPath+" --at 0") <= 78 {
		t.Fatalf("the journal's path %q is too short to test the cut", m.sess.JournalPath)
	}
	end := strings.Split(ansi.Strip(m.endText()), "\n")
	commands := 0
	for i, l := range end {
		if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > 80 || strings.Contains(l, "…") {
			t.Errorf("line %d is cut or %d columns wide: %q", i, w, l)
		}
		if strings.HasPrefix(strings.TrimSpace(l), "lattice ") {
			commands++
		}
	}
	if !slices.ContainsFunc(end, func(l string) bool { return strings.TrimSpace(l) == "lattice play --fork FILE --at 0" }) ||
		!slices.ContainsFunc(end, func(l string) bool { return strings.TrimSpace(l) == m.sess.JournalPath }) {
		t.Fatalf("the fork from the start and the journal's path are not each on a line of their own:\n%s", strings.Join(end, "\n"))
	}
	if commands < 2 {
		t.Fatalf("%d commands on the end screen:\n%s", commands, strings.Join(end, "\n"))
	}
	mustRead(t, m, "Seed 11; the same seed replays the same dice (FILE: the journal, below):")
	// The debrief it names is its side's report, with what the allies saw
	// through: it named the allies' whole report.
	if !slices.ContainsFunc(end, func(l string) bool {
		return strings.TrimSpace(l) == "lattice report FILE --side prc --format html --out debrief.html"
	}) {
		t.Errorf("the Red player's end screen does not name its side's report:\n%s", strings.Join(end, "\n"))
	}
	// Wide enough, the command keeps the path, to copy as it is.
	if got := resize(t, m, 200, 50).seedLine(); !strings.Contains(got, "lattice play --fork "+sim.ShellQuote(m.sess.JournalPath)+" --at 0") {
		t.Fatalf("at 200 columns: %q", got)
	}
}

// A Red player who lost is told what to try next time, as the allies are:
// for each end it wanted that the game did not reach, what its condition
// lacked and the player's own moves that push that way, with how it
// played them, and the fork of the last turn. Its end screen said nothing
// of what to try.
func TestRedEndScreenSaysWhatToTryNextTime(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	for seed := uint64(11); seed < 40; seed++ {
		m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: seed, Journal: true}), 120, 50)
		closeAtEnd(t, func() *Session { return m.sess })
		m = press(t, m, toRedSolo...)
		for i := 0; !strings.Contains(plain(m), "Verdict:"); i++ {
			if i > 100 {
				t.Fatalf("no verdict:\n%s", plain(m))
			}
			m = press(t, m, "enter")
		}
		c, g := m.sess.C, m.sess.Game
		end := ansi.Strip(m.endText())
		if !c.Ends[g.End()].Success {
			if strings.Contains(end, "Toward ") {
				t.Errorf("seed %d: the Red team won, and is told what to try toward its ends:\n%s", seed, end)
			}
			continue
		}
		next := strings.Index(end, "Next time")
		if next < 0 {
			t.Fatalf("seed %d: the allies won and the Red player's end screen has no Next time:\n%s", seed, end)
		}
		text := strings.Join(strings.Fields(end[next:]), " ")
		// Each line names an end the game did not reach and a move of the
		// Red side's playbook; a move it never played says so.
		var named bool
		for e := range c.Ends {
			named = named || !c.Ends[e].Success && strings.Contains(text, "Toward "+c.Ends[e].Title+" (")
		}
		var move bool
		for _, a := range c.Sides[m.side].Playbook {
			move = move || strings.Contains(text, c.Actions[a].Name+" ")
		}
		if !named || !move || !strings.Contains(text, " by your ") {
			t.Errorf("seed %d: Next time names no end the Red team wanted, or none of its moves:\n%s", seed, end[next:])
		}
		for _, bad := range []string{"lowerd", "raisedd", "loweres", "raisees"} {
			if strings.Contains(text, bad) {
				t.Errorf("seed %d: %q in Next time:\n%s", seed, bad, end[next:])
			}
		}
		if !strings.Contains(text, "lattice play --fork FILE --at") {
			t.Errorf("seed %d: no fork of the last turn:\n%s", seed, end[next:])
		}
		return
	}
	t.Fatal("the allies won no game against a Red player who pressed enter: the test checks nothing")
}

// At 80×24 the Red team still reads how much its doctrine would favour
// the selected move (the share, cut to a line, where the whole does not
// fit), which its ? page explains: the line was nowhere below 40 rows.
// The playbook keeps three rows.
func TestRedPlanningShowsTheDoctrinesShareAt80x24(t *testing.T) {
	m := redSolo(t, "taiwan-strait", 80, 24)
	screen := plain(m)
	if !strings.Contains(screen, "The doctrine would give it") {
		t.Errorf("no doctrine line at 80×24:\n%s", screen)
	}
	rows := 0
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "▸ [") || strings.HasPrefix(l, "  [") || strings.HasPrefix(l, "      ") && strings.Contains(l, "condition") {
			rows++
		}
	}
	if rows < 3 {
		t.Errorf("%d playbook rows at 80×24, want at least 3:\n%s", rows, screen)
	}
	if n := len(strings.Split(strings.TrimRight(screen, "\n"), "\n")); n > 24 {
		t.Errorf("%d lines on a 24-line screen", n)
	}
}

// An end that one branch of an "or" would have reached is as near as that
// branch: the Red player's Next time ranks it by its nearest way there,
// not its farthest (Coerced made "final and (gains > 90 or escalation >=
// 40)" is nearer than Standoff's escalation >= 50 when escalation ends
// below 40, however far gains were from 90).
func TestRedNextTimeRanksAnOrByItsNearestBranch(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	over := []string{"end.coerced.when=final and (gains > 90 or escalation >= 40)"}
	c, err := scenarios.Compile("tutorial", "", over)
	if err != nil {
		t.Fatal(err)
	}
	e := tutorialEntry(t)
	e.Compiled = c
	e.Load = func(level string) (*sim.Compiled, error) { return scenarios.Compile("tutorial", level, over) }
	for seed := uint64(11); seed < 40; seed++ {
		m := resize(t, New(Options{Entries: []Entry{e}, Seed: seed, Journal: true}), 120, 50)
		closeAtEnd(t, func() *Session { return m.sess })
		m = press(t, m, toRedSolo...)
		for i := 0; !strings.Contains(plain(m), "Verdict:"); i++ {
			if i > 100 {
				t.Fatalf("no verdict:\n%s", plain(m))
			}
			m = press(t, m, "enter")
		}
		g := m.sess.Game
		esc := g.Metric(c.MetricIndex("escalation"))
		if !c.Ends[g.End()].Success || esc >= sim.FixInt(40) {
			continue
		}
		text := strings.Join(strings.Fields(ansi.Strip(m.endText())), " ")
		coerced, standoff := strings.Index(text, "Toward Coerced ("), strings.Index(text, "Toward Standoff at sea (")
		if coerced < 0 {
			t.Fatalf("seed %d: Coerced, one branch 40 − %s away, is not among the nearest ends:\n%s", seed, esc, text)
		}
		if standoff >= 0 && standoff < coerced {
			t.Errorf("seed %d: Standoff (escalation >= 50) ranked before Coerced (escalation >= 40 would do):\n%s", seed, text)
		}
		if !strings.Contains(text[coerced:], "; or ") {
			t.Errorf("seed %d: Coerced's two ways there are not given as either:\n%s", seed, text[coerced:])
		}
		return
	}
	t.Fatal("no game the allies won with escalation below 40: the test checks nothing")
}
