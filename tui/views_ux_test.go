package tui

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/scenarios"
	"lattice/sim"
)

// The results tell a roll from the chance it was drawn against when they
// print alike at two decimals: "roll 0.80 vs p 0.80 SUCCEEDED" read as a
// tie that went one way for no reason.
func TestResultsRollTellsApart(t *testing.T) {
	m := stateResults(t)
	if len(m.last.Moves) == 0 {
		t.Fatal("the adversary made no move on this seed: pick one where it does")
	}
	rec := *m.last
	rec.Moves = append(rec.Moves[:0:0], rec.Moves...)
	rec.Moves[0].Roll, rec.Moves[0].P, rec.Moves[0].Success, rec.Moves[0].Forced = 7996, 8004, true, false
	m.last = &rec
	mustShow(t, m, "roll 0.7996 vs p 0.8004")
	mustNotShow(t, m, "roll 0.80 vs p 0.80")
	if !strings.Contains(plain(m), "SUCCEEDED") {
		t.Fatal("the move is not shown as succeeded")
	}
}

// An inject's dialog shows what each choice does in numbers, the choices
// not selected included, before the player decides ("Slow-walk the
// deployment" turned out to cost US confidence 5 with no word before); at
// 80×24 every choice and its effects are on screen.
func TestInjectDialogShowsEffects(t *testing.T) {
	m := stateInjectDialog(t)
	c := m.sess.C
	in := &c.Injects[m.dialog]
	for _, ch := range in.Choices {
		eff := c.DescribeEffects(ch.Effects)
		if eff == "" {
			eff = "no effect on the metrics"
		}
		mustShow(t, m, ch.Label, eff)
	}
	// When it takes effect: the turn screen's numbers do not move with it.
	mustShow(t, m, "decides: it applies with the results")
	if !strings.Contains(plain(m), "−") {
		t.Fatal("no negative effect shown")
	}
	// Every built-in scenario's injects with choices, at 80×24.
	for _, name := range []string{"tutorial", "gray-zone", "taiwan-strait", "thaad-pressure"} {
		g := New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 1, SkipPicker: true})
		g = press(t, resize(t, g, 80, 24), "enter", "enter")
		for i := range g.sess.C.Injects {
			in := &g.sess.C.Injects[i]
			if len(in.Choices) == 0 {
				continue
			}
			for sel, ch := range in.Choices { // each choice selected in turn
				d := g
				d.dialog, d.dialogSel, d.side = i, sel, in.Decider
				d.message = "" // the first turn's tip: never beside a dialog (it is not set when one opens)
				s := plain(d)
				if n := strings.Count(s, "\n") + 1; n > 24 || !strings.Contains(s, "╚") {
					t.Errorf("%s: %s: the dialog does not fit 80×24:\n%s", name, in.ID, s)
				}
				flat := strings.Join(strings.Fields(strings.ReplaceAll(s, "║", "")), " ")
				eff := d.sess.C.DescribeEffects(ch.Effects)
				if eff == "" {
					eff = "no effect on the metrics"
				}
				if !strings.Contains(flat, strings.Join(strings.Fields(eff), " ")) {
					t.Errorf("%s: %s: the selected choice's effects %q are not shown whole:\n%s", name, in.ID, eff, s)
				}
				for _, o := range in.Choices {
					if !strings.Contains(flat, o.Label) {
						t.Errorf("%s: %s: choice %q not shown:\n%s", name, in.ID, o.Label, s)
					}
				}
			}
		}
	}
}

// allocText is the allocation panel's text as the turn screen lays it
// out below 150 columns, with runs of spaces and line breaks made one
// space: a phrase wrapped across lines reads whole.
func allocText(m Model) string {
	return strings.Join(strings.Fields(ansi.Strip(m.allocPanel(m.width-m.width/2-4, m.height-5))), " ")
}

// The selected lever says which of this turn's signalled moves it helps
// against (by name), the domains it defends and what a point moves:
// which lever counters which move was said nowhere before committing.
func TestLeverDetailSaysWhatItCounters(t *testing.T) {
	m := resize(t, stateTurn(t), 120, 40) // Coast-guard patrols selected
	c := m.sess.C
	li := &c.Levers[m.sel]
	if li.Name != "Coast-guard patrols" {
		t.Fatalf("selected %q", li.Name)
	}
	flat := allocText(m)
	for _, want := range []string{"Counters Maritime militia swarm; defends (a point): Maritime +1.0",
		"A point moves: " + c.DescribeEffects(li.Effects)} {
		if !strings.Contains(flat, want) {
			t.Errorf("at 120×40 the lever's detail lacks %q:\n%s", want, plain(m))
		}
	}
	// A lever whose domains no signalled move is in says so.
	m = press(t, m, "down", "down") // Consultation and joint planning
	flat = allocText(m)
	if !strings.Contains(flat, "Counters none of the signalled moves") && !strings.Contains(flat, "Defends against no adversary move") {
		t.Errorf("%s: the detail does not say it counters no signalled move:\n%s", c.Levers[m.sel].Name, plain(m))
	}
	// At 80×24, the moves it counters, first.
	mustShow(t, resize(t, stateTurn(t), 80, 24), "Counters Maritime militia swarm")
	// A move intelligence saw through is named as a bluff.
	tw := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	tw = press(t, resize(t, tw, 120, 40), "enter", "enter")
	tc := tw.sess.C
	found := false
	for _, sg := range tw.sess.Game.View(tw.side).Signals {
		if sg.Known != sim.KnownBluff {
			continue
		}
		for l := range tc.Levers {
			if tc.Levers[l].Sides&(1<<uint(tw.side)) != 0 && tc.Defence(l, tc.Actions[sg.Action].Domain) > 0 {
				tw.sel, found = l, true
				if want := tc.Actions[sg.Action].Name + " (a bluff)"; !strings.Contains(allocText(tw), want) {
					t.Errorf("%s: the detail lacks %q:\n%s", tc.Levers[l].Name, want, allocText(tw))
				}
			}
		}
	}
	if !found {
		t.Error("no lever defends against a known bluff in taiwan-strait's week 1: the test no longer sets the case up")
	}
}

// Points on a delayed lever show as help on its way: in the lever's
// detail, in the why? panel of the metric they move, and in the events
// panel, with the week they land; the "late" mark is explained in the
// legend.
func TestDelayedHelpShowsOnItsWay(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 120, 40), "enter", "enter")
	c := m.sess.C
	lever := c.LeverIndex("logistics")
	if lever < 0 {
		for l, li := range c.Levers {
			if li.Delay > 0 && lever < 0 && li.Sides&(1<<uint(m.side)) != 0 {
				lever = l
			}
		}
	}
	for m.sel != lever {
		m = press(t, m, "down")
	}
	m = press(t, m, "right", "right")
	m = commitTurn(t, m)
	for i := 0; !strings.Contains(plain(m), "Allocation") && i < 10; i++ {
		m = press(t, m, "enter")
	}
	pend := m.sess.Game.Pending(m.side)
	if len(pend) == 0 {
		t.Fatalf("nothing pending after buying %s", c.Levers[lever].Name)
	}
	for m.sel != lever {
		m = press(t, m, "down")
	}
	p := pend[0]
	label := strings.ToLower(c.TurnLabel)
	want := fmt.Sprintf("⏳ arriving %s %d: %s %s", label, p.Due, c.Metrics[p.Metric].Name, c.FormatChange(p.Metric, p.Delta))
	if !strings.Contains(allocText(m), want) {
		t.Errorf("the lever's detail lacks %q:\n%s", want, plain(m))
	}
	m = press(t, m, "tab") // the events panel
	if w := fmt.Sprintf("⏳ %s %d: %s %s", label, p.Due, c.Metrics[p.Metric].Name, c.FormatChange(p.Metric, p.Delta)); !strings.Contains(strings.Join(strings.Fields(m.intelText(200, true)), " "), w) {
		t.Errorf("the events panel lacks %q:\n%s", w, m.intelText(200, true))
	}
	m.focus, m.metricSel = 0, p.Metric
	w, _ := m.whySize()
	why := strings.Join(strings.Fields(m.whyPanel(w)), " ")
	if want := fmt.Sprintf("On its way from your earlier points: %s %s in %s %d", c.Levers[lever].Name, c.FormatChange(p.Metric, p.Delta), label, p.Due); !strings.Contains(why, want) {
		t.Errorf("the why? panel of %s lacks %q:\n%s", c.Metrics[p.Metric].Name, want, why)
	}
}

// The "⏳2 late" mark is explained in the legend where it is shown.
func TestLateMarkExplained(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 42, SkipPicker: true})
	m = press(t, resize(t, m, 160, 48), "enter", "enter")
	mustNotShow(t, m, "late: after the game")
	g := m.sess.Game
	c := m.sess.C
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	o := c.NewOrders()
	for g.Turn() < c.Turns-1 {
		o.Clear()
		g.PlanSides(pols, o)
		if _, err := g.Step(o); err != nil {
			t.Fatal(err)
		}
		if g.Over() {
			t.Fatal("the game ended early with this seed: pick another")
		}
		g.Brief()
	}
	if !strings.Contains(plain(m), " late") {
		t.Fatalf("no lever is marked late in week %d:\n%s", g.Turn(), plain(m))
	}
	mustShow(t, m, "late: after the game")
}

// Where the panel has free rows (120×40) the selected lever's description
// takes them, rather than one line cut with "…" above empty rows; and the
// lever names' column keeps its width from one turn to the next (it
// followed the levers usable this turn and the marks they had).
func TestLeverDescriptionUsesFreeRows(t *testing.T) {
	for _, name := range []string{"tutorial", "gray-zone", "taiwan-strait", "thaad-pressure"} {
		m := New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 1, SkipPicker: true})
		m = press(t, resize(t, m, 120, 40), "enter", "enter")
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
		c := m.sess.C
		w, h := m.width-m.width/2-4, m.height-5
		for l := range c.Levers {
			if c.Levers[l].Sides&(1<<uint(m.side)) == 0 || m.sess.Game.LeverLock(m.side, l) != "" {
				continue
			}
			m.sel = l
			panel := strings.Split(strings.TrimRight(ansi.Strip(m.allocPanel(w, h)), "\n"), "\n")
			free := h - len(panel)
			desc := strings.Split(strings.TrimRight(wrap(oneLine(c.Levers[l].Description), w), "\n"), "\n")
			shown := 0
			for _, line := range panel {
				for _, d := range desc {
					if strings.TrimSpace(d) != "" && strings.TrimRight(line, " ") == strings.TrimRight(d, " ") {
						shown++
					}
				}
			}
			if missing := len(desc) - shown; missing > 0 && free >= missing+1 {
				t.Errorf("%s: %s: %d lines of its description left out with %d rows free:\n%s", name, c.Levers[l].Name, missing, free, strings.Join(panel, "\n"))
			}
		}
	}
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 120, 40), "enter", "enter")
	c := m.sess.C
	// The names' column, after the points, turn after turn.
	col := func(m Model) int {
		for _, l := range strings.Split(plain(m), "\n") {
			if i := strings.Index(l, c.Levers[0].Name[:10]); i >= 0 && strings.ContainsAny(l[:i], "●○") {
				return ansi.StringWidth(l[:i])
			}
		}
		return -1
	}
	first := col(m)
	if first < 0 {
		t.Fatalf("no row of %s with its points:\n%s", c.Levers[0].Name, plain(m))
	}
	for turn := 0; turn < 5; turn++ {
		for i := 0; !strings.Contains(plain(m), "Allocation") && i < 10; i++ {
			m = press(t, m, "enter")
		}
		if got := col(m); got != first {
			t.Fatalf("week %d: the points column moved from %d to %d:\n%s", m.sess.Game.Turn(), first, got, plain(m))
		}
		m = commitTurn(t, press(t, m, addPoints...))
	}
}

// The end screen's verdict says beside "✓ allied success" whether each
// ally's private objective was met: the briefing says a true win needs
// each ally to live with the result, and "allied success" stood alone
// when South Korea had missed its own.
func TestVerdictNamesMissedObjectives(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1}), 80, 24)
	m = press(t, m, toTurn1Solo...)
	done := playSoloToEnd(t, m)
	if !done.sess.Game.Success() {
		t.Fatal("seed 1 no longer ends in an allied success: pick a seed that does")
	}
	mustShow(t, done, "✓ allied success — and every ally's objective met")
	// The same game with South Korea's public lost in the last week.
	m = press(t, resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1}), 80, 24), toTurn1Solo...)
	c := m.sess.C
	m = toLastTurn(t, m)
	if err := m.sess.Game.SetMetric(c.MetricIndex("rok_support"), sim.FixInt(5)); err != nil {
		t.Fatal(err)
	}
	m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	if !m.sess.Game.Over() || !m.sess.Game.Success() {
		t.Fatalf("the game did not end in an allied success (pick a seed that does):\n%s", plain(m))
	}
	mustShow(t, m, "✓ allied success — but objective missed: South Korea")
}

// The Red team's own signals are marked as its own ("your real move",
// "your bluff"), not "intel: REAL" / "intel: bluff", which read as if the
// allies' intelligence had seen through them.
func TestRedSignalsMarkedAsOwn(t *testing.T) {
	m := stateTurn(t)
	c := m.sess.C
	red := -1
	for i, sd := range c.Sides {
		if sd.Adversary {
			red = i
		}
	}
	m.side = red
	v := m.sess.Game.View(red)
	if len(v.Signals) == 0 {
		t.Fatal("no signal in week 1")
	}
	text := ansi.Strip(m.intelText(80, true))
	for _, bad := range []string{"intel: REAL", "intel: bluff", "some may be bluffs"} {
		if strings.Contains(text, bad) {
			t.Errorf("the Red team's panel says %q:\n%s", bad, text)
		}
	}
	for _, sg := range v.Signals {
		want := "your real move"
		if sg.Known == sim.KnownBluff {
			want = "your bluff"
		}
		if !strings.Contains(text, want) {
			t.Errorf("the Red team's panel lacks %q:\n%s", want, text)
		}
	}
}

// A chart's vertical axis spans the values the metric took (with a
// margin, within its bounds), not always its whole 0–100: a move from 25
// to 28 looked flat. The horizontal axis is labelled with the turns.
func TestChartScaledAndLabelled(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1}), 80, 24)
	m = press(t, m, toTurn1Solo...)
	for range 3 {
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
		m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	}
	c := m.sess.C
	m = press(t, m, "c")
	mi := m.chartMetric
	lo, hi := c.Metrics[mi].Max.Float(), c.Metrics[mi].Min.Float()
	for _, h := range m.sess.History {
		lo, hi = min(lo, h[mi].Float()), max(hi, h[mi].Float())
	}
	var labels []float64
	axis := ""
	for _, l := range strings.Split(plain(m), "\n") {
		if i := strings.IndexAny(l, "┤┼"); i > 0 {
			if f, err := strconv.ParseFloat(strings.TrimSpace(l[:i]), 64); err == nil {
				labels = append(labels, f)
			}
		}
		if strings.Contains(l, "└") {
			axis = "found"
		} else if axis == "found" {
			axis = l
		}
	}
	if len(labels) < 2 {
		t.Fatalf("no y-axis labels:\n%s", plain(m))
	}
	top, bottom := labels[0], labels[len(labels)-1]
	span := c.Metrics[mi].Max.Float() - c.Metrics[mi].Min.Float()
	if top > hi+span/4 || bottom < lo-span/4 || top < hi-1 || bottom > lo+1 {
		t.Errorf("the y axis runs %v–%v for values %v–%v of %v–%v:\n%s", bottom, top, lo, hi, c.Metrics[mi].Min, c.Metrics[mi].Max, plain(m))
	}
	if f := strings.Fields(axis); !slices.Equal(f, []string{"0", "1", "2", "3"}) {
		t.Errorf("the x axis is labelled %q, want the weeks 0 1 2 3:\n%s", axis, plain(m))
	}
}

// "↓ 1 more lines", "+1 more metrics": one is singular. At every height
// from 16 to 40 rows, the results and the turn screen say "1 more line",
// never "1 more lines".
func TestOneMoreIsSingular(t *testing.T) {
	bad := regexp.MustCompile(`[↓+] ?1 more (lines|metrics|levers)\b`)
	singular := false
	for h := 16; h <= 60; h++ {
		for _, m := range []Model{resize(t, stateResults(t), 80, h), resize(t, stateTurn(t), 80, h), press(t, resize(t, stateTurn(t), 80, h), "tab")} {
			s := plain(m)
			if bad.MatchString(s) {
				t.Errorf("80×%d: %q:\n%s", h, bad.FindString(s), s)
			}
			singular = singular || regexp.MustCompile(`1 more (line|metric|lever) \(`).MatchString(s)
		}
	}
	if !singular {
		t.Error("no height left exactly one line, metric or lever out: the test no longer sets the case up")
	}
}

// At 80×24 the metrics' names are readable: the trend column gives way
// for them (they were cut to 11 columns: "Capabili…", "Adversary …",
// "Alliance c…"); from 120 columns the trend is back.
func TestMetricNamesReadableAt80(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 80, 24), "enter", "enter")
	mustShow(t, m, "│   Capability ", "│   Communication ", "│ Alliance cohesion ", "│ Adversary gains ", "│ Peninsula defence ", "value change  gr")
	mustNotShow(t, m, "trend")
	m = resize(t, m, 120, 40)
	mustShow(t, m, "value change  trend gr", "│ Korean trade and supply chains ")
}

// The picker says what the chosen scenario is about whole, where the
// screen has the room (at 80 columns a newcomer chose by "Twelve months
// of militia swarms, steel structures, air-de…"); the others keep a line
// of it, and their sides whole where those fit too (at 80×24 gray-zone's
// were "Japan, China, North …" above rows left blank). Where everything
// fits, everything is whole.
func TestPickerSaysTheChosenScenarioWhole(t *testing.T) {
	var entries []Entry
	for _, id := range []string{"tutorial", "gray-zone", "taiwan-strait", "thaad-pressure"} {
		entries = append(entries, scenarioEntry(t, id))
	}
	m := press(t, resize(t, New(Options{Entries: entries, Seed: 1}), 80, 24), "down")
	mustShow(t, m, "China,\n                   North Korea", "answer it, stay together.", "adversary te…", "can climb to a…")
	m = press(t, m, "down")
	mustShow(t, m, "China,\n                   North Korea", "blockade, USFK assets sent south and an opportunistic", "North Korea.", "air-de…")
	mustNotShow(t, m, "North …")
	m = resize(t, m, 100, 40)
	mustShow(t, m, "Japan, China, North Korea", "air-defence-zone", "missile-\n                   defence deployment")
	mustNotShow(t, m, "…")
}

// At 80×24 taiwan-strait's levers do not all fit: the list shows six of
// them, the lever's numbers under it in two lines ending "(i: more)", and
// i has the rest, the lever's whole name first. A cut line of description
// took a lever's row (five showed).
func TestWindowedLeversAt80x24(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 80, 24), "enter", "enter", "down", "down", "down")
	rows := 0
	for _, l := range rightPanelLines(plain(m)) {
		if regexp.MustCompile(`^(▸ )?[●○]+ +\S`).MatchString(l) {
			rows++
		}
	}
	if rows != 6 {
		t.Errorf("%d levers in the list, want 6:\n%s", rows, plain(m))
	}
	mustShow(t, m, "Logistics, refuelling a…", "(i: more)", "more levers")
	m = press(t, m, "i")
	if got := rightPanelText(plain(m)); !strings.Contains(got, "Logistics, refuelling and ship repair ○○○ 0 of 3") {
		t.Errorf("the details do not name the lever whole:\n%s", plain(m))
	}
}

// The setup's private objective runs the screen's width on every line: its
// lines under the first were wrapped 24 columns short ("…ROK support 45+
// and" then "trade 50+." at 80 columns).
func TestSetupObjectiveWrapsToTheScreen(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1}), 80, 24)
	m = press(t, m, "enter")
	mustShow(t, m, "Your private objective: Keep the North Korean front covered and the public\nbehind you: peninsula defence 55+, ROK support 45+ and trade 50+.\n")
}

// The turn screen says when a losing end condition holds as things stand
// (at the end, or this turn), naming the metrics it reads, and whether the
// player's private objective is met now: both were only in the why? panel
// or on the end screen.
func TestTurnScreenWarnsOfALosingEnd(t *testing.T) {
	m := resize(t, stateTurn(t), 160, 50)
	mustNotShow(t, m, "if nothing changes", "unless it changes")
	mustShow(t, m, "✓ met now")
	c, g := m.sess.C, m.sess.Game
	if err := g.SetMetric(c.MetricIndex("gains"), sim.FixInt(25)); err != nil {
		t.Fatal(err)
	}
	// The panel's words, its borders and wrapping left out.
	panelSays := func(want string) {
		t.Helper()
		var words []string
		for _, l := range strings.Split(ansi.Strip(m.intelText(60, true)), "\n") {
			words = append(words, strings.Fields(l)...)
		}
		if !strings.Contains(strings.Join(words, " "), want) {
			t.Errorf("the intelligence panel lacks %q:\n%s", want, plain(m))
		}
	}
	mustShow(t, m, "⚠ At the end (week 5), if")
	panelSays("⚠ At the end (week 5), if nothing changes: Coerced — Adversary gains > 20 at the end (Adversary gains 25.00)")
	if err := g.SetMetric(c.MetricIndex("cohesion"), sim.FixInt(35)); err != nil {
		t.Fatal(err)
	}
	mustShow(t, m, "⚠ Ends this week unless it")
	panelSays("⚠ Ends this week unless it changes: The alliance splits — Cohesion < 45 (Cohesion 35.00)")
	if err := g.SetMetric(c.MetricIndex("rok_support"), sim.FixInt(30)); err != nil {
		t.Fatal(err)
	}
	mustShow(t, m, "✗ not met now")
	mustNotShow(t, m, "✓ met now")
	// A condition too long for the panel gives its title and the values:
	// taiwan-strait's Coerced has three clauses.
	tw := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	tw = press(t, resize(t, tw, 160, 50), "enter", "enter")
	if err := tw.sess.Game.SetMetric(tw.sess.C.MetricIndex("gains"), sim.FixInt(35)); err != nil {
		t.Fatal(err)
	}
	if ws := tw.endWarnings(); len(ws) != 1 || ws[0] != "⚠ At the end (week 10), if nothing changes: Coerced (Korean trade and supply chains 70.00, Adversary gains 35.00)" {
		t.Errorf("taiwan-strait's warnings: %q", ws)
	}
	// A condition that holds only from a later turn says which: thaad-
	// pressure's Concession is "rok_support < 33 or (turn >= 6 and
	// rok_support < 40)", and at 39 in month 1 "As things stand, the game
	// ends" read as ending now.
	th := New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1, SkipPicker: true})
	th = press(t, resize(t, th, 160, 50), "enter", "enter")
	if err := th.sess.Game.SetMetric(th.sess.C.MetricIndex("rok_support"), sim.FixInt(39)); err != nil {
		t.Fatal(err)
	}
	if ws := th.endWarnings(); len(ws) != 1 || !strings.HasPrefix(ws[0], "⚠ In month 6, if nothing changes: Concession") {
		t.Errorf("thaad-pressure at support 39 in month %d: %q", th.sess.Game.Turn(), ws)
	}
	if err := th.sess.Game.SetMetric(th.sess.C.MetricIndex("rok_support"), sim.FixInt(32)); err != nil {
		t.Fatal(err)
	}
	if ws := th.endWarnings(); len(ws) != 1 || !strings.HasPrefix(ws[0], "⚠ Ends this month unless it changes: Concession") {
		t.Errorf("thaad-pressure at support 32: %q", ws)
	}
	// The Red team is not told the allies' losing ends as a warning.
	red := m
	red.side = slices.IndexFunc(c.Sides, func(s sim.SideInfo) bool { return s.Adversary })
	if len(red.endWarnings()) != 0 {
		t.Errorf("the adversary's screen warns: %q", red.endWarnings())
	}
}

// The end screen marks each of the decisions that mattered most as a help
// (✓) or a cost (✗) by the sense of the metric it moved: the tutorial's
// combined exercises raise deterrence (a help) and escalation (a cost); a
// solo player's own decisions say so, "(South Korea, you)".
func TestKeyDecisionsSayHelpOrCost(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1}), 160, 60)
	m = playSoloToEnd(t, press(t, m, toTurn1Solo...))
	c := m.sess.C
	ds := m.sess.KeyDecisions(5, m.causeShown)
	if len(ds) == 0 {
		t.Fatal("no key decisions")
	}
	mustShow(t, m, "The decisions that mattered most  ✓ helped  ✗ cost")
	helps, costs := 0, 0
	for _, d := range ds {
		e := d.Entry
		e.Delta, e.Metric = d.Delta, d.Metric
		mark := "✗"
		if (d.Delta > 0) != c.Metrics[d.Metric].GoodLow {
			mark = "✓"
			helps++
		} else {
			costs++
		}
		what := c.DescribeEntry(e)
		if e.Side == m.side { // the solo player's own, told from the AI ally's
			what = strings.Replace(what, "(South Korea)", "(South Korea, you)", 1)
		}
		mustShow(t, m, fmt.Sprintf("  %s %s on %s", mark, what, c.Metrics[d.Metric].Name))
	}
	mustShow(t, m, "(South Korea, you)")
	mustNotShow(t, m, "(United States, you)")
	if helps == 0 || costs == 0 {
		t.Errorf("seed 1's key decisions are %d helps and %d costs: the test wants both", helps, costs)
	}
	if !strings.Contains(plain(m), "✗ Combined exercise") {
		t.Errorf("the exercises' escalation is not marked a cost:\n%s", plain(m))
	}
}

// The verdict's line lists the sides whose objectives were missed as
// labels: "South Korea's and United States' objectives missed" wanted an
// article the name lacks (a solo review), and "United States's" before it a
// possessive.
func TestVerdictNamesSidesThatMissedObjectives(t *testing.T) {
	m := press(t, resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1}), 100, 30), toTurn1Solo...)
	c := m.sess.C
	m = toLastTurn(t, m)
	// The US wants cohesion at 55 or more; 48 misses it without splitting
	// the alliance (below 45).
	if err := m.sess.Game.SetMetric(c.MetricIndex("cohesion"), sim.FixInt(48)); err != nil {
		t.Fatal(err)
	}
	m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	us := slices.IndexFunc(c.Sides, func(s sim.SideInfo) bool { return s.Name == "United States" })
	if met, _ := m.sess.Game.ObjectiveMet(us); !m.sess.Game.Over() || !m.sess.Game.Success() || met {
		t.Fatalf("the game did not end in an allied success with the US objective missed (pick a seed that does):\n%s", plain(m))
	}
	mustShow(t, m, "but objective missed: United States")
	mustNotShow(t, m, "States's", "States'")
}

// A debrief question that wraps continues under its words, not under its
// bullet, as the other lists of the end screen do.
func TestDebriefQuestionsHangUnderBullet(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1}), 80, 24)
	m = playSoloToEnd(t, press(t, m, toTurn1Solo...))
	text := ansi.Strip(m.endText())
	_, qs, ok := strings.Cut(text, "For the debrief\n")
	if !ok {
		t.Fatalf("no debrief questions:\n%s", text)
	}
	qs, _, _ = strings.Cut(qs, "\n\n")
	wrapped := false
	for _, l := range strings.Split(qs, "\n") {
		switch {
		case strings.HasPrefix(l, "• "):
		case strings.HasPrefix(l, "  ") && strings.TrimSpace(l) != "":
			wrapped = true
		default:
			t.Errorf("debrief line %q is neither a question nor indented under one", l)
		}
	}
	if !wrapped {
		t.Errorf("no question wraps at 80 columns; the test wants one:\n%s", qs)
	}
}

// "Last turn's moves" cuts a move's name only where the line is full: at
// 100 columns "Air-defence-zone incursion failed (p 0.42)" fits the panel
// whole (it was "Air-defence-zone incu… failed").
func TestLastMovesNameWhole(t *testing.T) {
	m := press(t, stateResults(t), "enter")
	if m.last == nil || len(m.last.Moves) == 0 {
		t.Fatal("the adversary made no move on this seed: pick one where it does")
	}
	c := m.sess.C
	rec := *m.last
	rec.Moves = append(rec.Moves[:0:0], rec.Moves...)
	rec.Moves[0].Action = slices.IndexFunc(c.Actions, func(a sim.ActionInfo) bool { return a.Name == "Air-defence-zone incursion" })
	rec.Moves[0].Success, rec.Moves[0].P = false, 4200
	m.last = &rec
	const want = "• Air-defence-zone incursion failed (p 0.42)"
	w := ansi.StringWidth(want)
	if text := ansi.Strip(m.intelText(w, true)); !strings.Contains(text, want) {
		t.Errorf("at %d columns the panel lacks %q:\n%s", w, want, text)
	}
	if text := ansi.Strip(m.intelText(w-2, true)); !strings.Contains(text, "• Air-defence-zone incurs… failed (p 0.42)") {
		t.Errorf("two columns narrower the name is not cut to fit:\n%s", text)
	}
}

// At 80×24 a decision whose text and choices do not fit a 60-column box
// widens it rather than cut the event's text: taiwan-strait's USFK
// decision lost the end of its text ("…shall not be involved in a …")
// with 16 columns unused. Where the box fits, it keeps its width.
func TestInjectDialogWidensToFit(t *testing.T) {
	g := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	g = press(t, resize(t, g, 80, 24), "enter", "enter")
	i := slices.IndexFunc(g.sess.C.Injects, func(in sim.InjectInfo) bool { return in.Title == "USFK assets move toward the Strait" })
	if i < 0 {
		t.Fatal("no USFK inject in taiwan-strait")
	}
	in := &g.sess.C.Injects[i]
	d := g
	d.dialog, d.dialogSel, d.side, d.message = i, 0, in.Decider, ""
	s := plain(d)
	flat := strings.Join(strings.Fields(strings.ReplaceAll(s, "║", "")), " ")
	if !strings.Contains(flat, "shall not be involved in a regional conflict against the will of its people.") {
		t.Errorf("the event's text is cut short:\n%s", s)
	}
	if n := strings.Count(s, "\n") + 1; n > 24 || !strings.Contains(s, "╚") {
		t.Errorf("the dialog does not fit 80×24:\n%s", s)
	}
	// The tutorial's decision fits a 60-column box at 100×30: it keeps it.
	boxW := func(m Model) int { return ansi.StringWidth(strings.TrimSpace(lineWith(m, "╚"))) }
	if w := boxW(d); w <= 60 {
		t.Errorf("at 80×24 the box is %d columns wide, want wider than 60", w)
	}
	tu := resize(t, stateInjectDialog(t), 100, 30)
	if w := boxW(tu); w != 60 {
		t.Errorf("at 100×30 the tutorial's box is %d columns wide, want 60:\n%s", w, plain(tu))
	}
}

// A point refused on → says why in the lever's terms, on one line at 80
// columns: the lever is full, or the budget has no room for it (it said
// "South Korea: spends 7.0 but only 6.5 is available this turn", of a
// draft that spent 6.0).
func TestRefusedPointSaysWhy(t *testing.T) {
	m := resize(t, press(t, fresh(t), toTurn1Solo...), 100, 30)
	c := m.sess.C
	li := &c.Levers[m.sel]
	for range li.Max + 1 {
		m = press(t, m, "right")
	}
	mustShow(t, m, fmt.Sprintf("%s is full: at most %d points a week", li.Name, li.Max))
	if got := m.sess.Orders.Get(m.side, m.sel); got != li.Max {
		t.Fatalf("%d points on a lever of at most %d", got, li.Max)
	}
	m = press(t, m, "down")
	for range 10 {
		m = press(t, m, "right")
	}
	g := m.sess.Game
	left := g.Available(m.side) - g.Spend(m.sess.Orders, m.side)
	mustShow(t, m, fmt.Sprintf("no room in the budget: a point here costs 1.0, and %s is left", left.Format(1)))
	mustNotShow(t, m, "spends ")
}

// At 160 columns the intelligence column gives the metrics and the levers
// the room their names need: taiwan-strait's read "Korean trade and
// supply…" and "Maritime presence and esc…" beside an intelligence panel
// half empty. The why? panel takes the allocation's place and width.
func TestWideScreenNamesWhole(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 160, 50), "enter", "enter")
	for _, name := range []string{"Korean trade and supply chains ", "Logistics and repair pipeline ",
		"Maritime presence and escorts ", "Consultation and joint planning ", "Supply-chain hedging (Seoul) "} {
		mustShow(t, m, name)
	}
	lines := strings.Split(plain(m), "\n")
	if w := ansi.StringWidth(lines[1]); w != 160 {
		t.Errorf("the panels are %d columns wide, want 160:\n%s", w, plain(m))
	}
	_, aw, iw := m.threeColumns()
	if w, _ := m.whySize(); w != aw-4 {
		t.Errorf("why? panel %d wide, the allocation's %d", w, aw-4)
	}
	if w, _ := m.intelSize(); w != iw || iw < 40 {
		t.Errorf("intelligence panel %d wide, want %d (at least 40)", w, iw)
	}
}

// The results mark each metric's line ✓ better or ✗ worse by the metric's
// sense (escalation rising is worse), with its causes under it indented.
func TestResultsMarkBetterOrWorse(t *testing.T) {
	m := resize(t, stateResults(t), 160, 60)
	c, r := m.sess.C, m.last
	mustShow(t, m, "Why each number moved  ✓ better  ✗ worse")
	text := ansi.Strip(m.resultsText())
	worse := 0
	for mi, mt := range c.Metrics {
		if r.Before[mi] == r.After[mi] {
			continue
		}
		mark := "✓"
		if (r.After[mi] > r.Before[mi]) == mt.GoodLow {
			mark = "✗"
			worse++
		}
		head := fmt.Sprintf("\n%s %s %s → %s:", mark, mt.Name, c.FormatMetric(mi, r.Before[mi]), c.FormatMetric(mi, r.After[mi]))
		if !strings.Contains(text, head) {
			t.Errorf("the results lack %q:\n%s", head, text)
		}
	}
	if worse == 0 || !strings.Contains(text, "\n✗ Escalation ") {
		t.Errorf("no metric marked worse (escalation rose):\n%s", text)
	}
	// Where a Red team reads the results, the marks say whose sense they
	// are: the allies'.
	red := press(t, fresh(t), "enter", "down", "down", "down", "right", "enter", "enter") // solo as the adversary
	mustShow(t, red, "choose your moves")
	red = commitTurn(t, press(t, red, "r"))
	if !strings.Contains(ansi.Strip(red.resultsText()), "Why each number moved  ✓ better for the allies  ✗ worse for them") {
		t.Errorf("with a Red team, the results do not say ✓/✗ are the allies' sense:\n%s", plain(red))
	}
	// A line of causes that wraps continues indented under its metric.
	m = resize(t, m, 80, 24)
	if !regexp.MustCompile(`\n[✓✗] [^\n]+\n  \S`).MatchString(ansi.Strip(m.resultsText())) {
		t.Errorf("no wrapped line indented under its metric at 80 columns:\n%s", ansi.Strip(m.resultsText()))
	}
}

// At 100 columns a lever's name gives way only to its own row's marks:
// taiwan-strait's read "Missile-defence readi…" and "Maritime presence
// and…" beside 16 empty columns kept for the widest marks of any row.
func TestLeverNamesGiveWayOnlyToTheirMarks(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 100, 30), "enter", "enter")
	for _, row := range []string{"○○○  Missile-defence readiness ", "○○○○ Maritime presence and escorts ⊕",
		"○○   Consultation and joint planning ⊕◌", "○○○  Supply-chain hedging (Seoul) ⏳1"} {
		mustShow(t, m, row)
	}
	// The points stay in their column on every row.
	var cols []int
	for _, l := range strings.Split(plain(m), "\n") {
		if i := strings.IndexAny(l, "●○"); i >= 0 {
			cols = append(cols, ansi.StringWidth(l[:i]))
		}
	}
	if len(cols) < 8 || slices.Max(cols) != slices.Min(cols) {
		t.Errorf("the points' columns: %v\n%s", cols, plain(m))
	}
}

// The results say in plain words where each change counts from: "Each
// change is from the end of the last week: the drift and events at the
// start of this one are included" read as two half-sentences. The first
// turn's count from the game's start: it had no last week, and no drift.
func TestResultsSayWhereChangesCountFrom(t *testing.T) {
	// The sentence, wrapped where the prose's width (maxTextWidth) ends it.
	m := resize(t, stateResults(t), 160, 48)
	mustRead(t, m, "Each change counts from the start of the game, so it includes the events that opened this week.")
	m = press(t, m, "enter")
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	m = commitTurn(t, press(t, m, addPoints...))
	mustShow(t, m, "Results — Week 2")
	mustRead(t, m, "Each change counts from the end of last week, so it includes the drift and the events that opened this week.")
}

// The legend under the levers names the marks of the side's own levers:
// gray-zone's Japan has no delayed lever and none that costs more than a
// point, and was told what ⏳ and × mean; South Korea has both.
func TestLegendNamesOwnMarks(t *testing.T) {
	play := func(keys ...string) Model {
		m := New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 5, SkipPicker: true})
		return press(t, resize(t, m, 100, 30), append(keys, "enter", "enter")...)
	}
	jp := play("down", "down", "down", "left")
	if c := jp.sess.C; c.Sides[jp.side].Name != "Japan" {
		t.Fatalf("playing %s, not Japan", c.Sides[jp.side].Name)
	}
	mustShow(t, jp, "⊕ joint  ◌ not visible")
	mustNotShow(t, jp, "⏳", "×n", "×cost")
	rok := play()
	mustShow(t, rok, "⊕ joint ◌ hidden ⏳ delay ×cost")
}

// At a level where the adversary never bluffs (thaad-pressure's easy), the
// intelligence panel says its signals are real by the rules, and does not
// say some may be bluffs; at normal difficulty it still does.
func TestSignalsOfANonBluffingAdversarySayReal(t *testing.T) {
	for _, level := range []string{"easy", "normal"} {
		m := New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1, SkipPicker: true, Difficulty: level})
		m = press(t, resize(t, m, 160, 48), "enter", "enter")
		screen := plain(m)
		if !strings.Contains(screen, "Signals") {
			t.Fatalf("%s: no signals on the turn screen:\n%s", level, screen)
		}
		real := strings.Contains(screen, "real: no bluffs at this level")
		maybe := strings.Contains(screen, "some may be bluffs")
		if real != (level == "easy") || maybe != (level == "normal") {
			t.Errorf("%s: 'real: no bluffs' shown %v, 'some may be bluffs' %v:\n%s", level, real, maybe, screen)
		}
	}
}

// toLastTurn plays a solo game's turns but the last with the test's
// points (addPoints), answering every decision, and returns the model at
// the last turn's allocation.
func toLastTurn(t *testing.T, m Model) Model {
	t.Helper()
	for m.sess.Game.Turn() < m.sess.C.Turns {
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
		m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	}
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	return m
}

// The end screen says what to try next time: after a loss, the levers
// that move each metric the deciding condition read, and the ones that
// defend against the moves that moved it; a missed private objective, the
// values it read (taiwan-strait's "peninsula defence 55+, ROK support 45+
// and trade 50+" did not say which fell short); after a win at normal,
// the harder level (a play review: the end screen said what had gone
// wrong and never what to do about it).
func TestEndScreenSaysWhatToTryNext(t *testing.T) {
	idle := func(t *testing.T, id string, seed uint64) Model { // a game at hard with nothing on any lever: the allies lose
		t.Setenv("XDG_STATE_HOME", t.TempDir())
		m := New(Options{Entries: []Entry{scenarioEntry(t, id)}, Seed: seed, Difficulty: "hard", SkipPicker: true, Journal: true})
		closeAtEnd(t, func() *Session { return m.sess })
		m = press(t, resize(t, m, 80, 24), "enter", "enter") // the setup, the briefing
		for i := 0; !strings.Contains(plain(m), "Verdict:"); i++ {
			if i > 100 {
				t.Fatalf("no verdict:\n%s", plain(m))
			}
			if strings.Contains(plain(m), "Commit nothing?") {
				m = press(t, m, "y")
			} else {
				m = press(t, m, "enter")
			}
		}
		return m
	}
	t.Run("loss", func(t *testing.T) {
		m := idle(t, "taiwan-strait", 52)
		mustShow(t, m, "↓ more below (↑/↓ scroll): what to try next time") // it is pages down at 80×24
		end := strings.Join(strings.Fields(ansi.Strip(m.endText())), " ")
		for _, want := range []string{
			"Verdict: Coerced",
			"South Korea: missed — Keep the North Korean front covered and the public behind you: peninsula defence 55+, ROK support 45+ and trade 50+. (at the end: ROK domestic support 41.87,",
			// Gains first: Coerced ("gains >= 45 or trade < 30 or …") held
			// on gains, and trade at its best would not have saved it.
			"Next time Your levers for Adversary gains: defend against the moves that move it: Cyber defence, Maritime presence and escorts,",
			"Your levers for Korean trade and supply chains: raise it, per point: Maritime presence and escorts +0.50, Supply-chain hedging (Seoul) +0.40; defend against the moves that move it: Cyber defence,",
		} {
			if !strings.Contains(end, want) {
				t.Errorf("the end screen lacks %q:\n%s", want, end)
			}
		}
	})
	t.Run("fork", func(t *testing.T) { // a turn again, from the journal
		// Idle at hard, taiwan-strait splits in week 8, past saving: the
		// end screen offers the latest week from which a doctrine's plan
		// wins with the same dice (it offered week 8, where every doctrine
		// lost, and a player who forked it found them all at 0%).
		m := idle(t, "taiwan-strait", 3)
		played := len(m.sess.Results)
		h := m.sess.forkHint(m.side, false)
		if !h.known || h.at < 0 || h.at >= played-1 {
			t.Fatalf("fork hint %+v after %d weeks: this case wants a game lost past saving in its last week and won from an earlier one", h, played)
		}
		end := strings.Join(strings.Fields(ansi.Strip(m.endText())), " ")
		cmd := fmt.Sprintf("lattice play --fork FILE --at %d", h.at)
		if !slices.ContainsFunc(strings.Split(ansi.Strip(m.endText()), "\n"), func(l string) bool { return strings.TrimSpace(l) == cmd }) {
			t.Fatalf("the end screen lacks %q whole on a line of its own:\n%s", cmd, ansi.Strip(m.endText()))
		}
		want := fmt.Sprintf("With the same dice no doctrine's plan wins from the start of week %d; the %s doctrine's plan does from week %d. Play again from there (FILE: the journal, below): %s", played, h.doctrine, h.at+1, cmd)
		if !strings.Contains(end, want) {
			t.Fatalf("the end screen lacks %q:\n%s", want, end)
		}
		// What it says holds of the forks themselves, as the journal
		// replays them: from week at+1 the doctrine wins, from the last
		// week none does.
		play := func(at int, doctrine string) bool {
			t.Helper()
			s, err := Fork(m.sess.JournalPath, at)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Journal.Close()
			if s.Game.Turn() != at+1 || s.Game.Over() {
				t.Fatalf("the fork is at week %d (over: %v), want week %d to play", s.Game.Turn(), s.Game.Over(), at+1)
			}
			pols := slices.Clone(s.Policies)
			pols[m.side], err = sim.PolicyByName(doctrine)
			if err != nil {
				t.Fatal(err)
			}
			if err := sim.Play(s.Game, pols, s.C.NewOrders(), nil); err != nil {
				t.Fatal(err)
			}
			return s.C.Ends[s.Game.End()].Success
		}
		if !play(h.at, h.doctrine) {
			t.Errorf("forked after week %d, the %s doctrine does not win", h.at, h.doctrine)
		}
		for _, d := range sim.Doctrines() {
			if play(played-1, d) {
				t.Errorf("forked after week %d, the %s doctrine wins: the end screen said none did", played-1, d)
			}
		}
	})
	t.Run("shortfall", func(t *testing.T) { // the cheapest lesson: the minimum visible commitment, unmet, split the alliance
		end := strings.Join(strings.Fields(ansi.Strip(idle(t, "gray-zone", 5).endText())), " ")
		want := regexp.MustCompile(`Verdict: The alliance splits .* Next time Your levers for Cohesion: meet the visible minimum every month \(your shortfalls cost it −[0-9.]+\); raise it, per point: Consultation and joint planning \+1\.20`)
		if !want.MatchString(end) {
			t.Errorf("the end screen does not match %s:\n%s", want, end)
		}
	})
	t.Run("win, objective missed", func(t *testing.T) { // a true win first: the player's own bar
		// Seed 3: a game the alliance wins and South Korea's objective is
		// missed, under the moves playSoloToEnd makes.
		t.Setenv("XDG_STATE_HOME", t.TempDir())
		m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 3, SkipPicker: true, Journal: true})
		closeAtEnd(t, func() *Session { return m.sess })
		m = playSoloToEnd(t, press(t, resize(t, m, 100, 40), "enter", "enter"))
		end := strings.Join(strings.Fields(ansi.Strip(m.endText())), " ")
		// Next time names the player's levers for each metric its
		// objective reads (it said "meet it too", and not with what), and
		// offers the last turn again, which may meet it.
		want := regexp.MustCompile(`allied success — but objectives? missed: South Korea.* .* South Korea: missed — .* Next time Your levers for ROK domestic support: raise it, per point: Public diplomacy \(Seoul\) \+[0-9.]+.* Your levers for Korean trade and supply chains: .* The alliance won, but your private objective was missed \(see Private objectives\): next time meet it too \(Next time, above, says with what\)\. Next: n plays again`)
		if !want.MatchString(end) {
			t.Errorf("the end screen does not match %s:\n%s", want, end)
		}
		if !strings.Contains(end, "lattice play --fork FILE") {
			t.Errorf("a won game whose objective was missed does not offer its last turn again:\n%s", end)
		}
	})
	t.Run("win", func(t *testing.T) {
		m := playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...))
		end := strings.Join(strings.Fields(ansi.Strip(m.endText())), " ")
		if !strings.Contains(end, "allied success") {
			t.Fatalf("the test's game was not won: choose points or a seed that win:\n%s", end)
		}
		if want := "You won at normal: next time try hard (n, then → on the Difficulty row). Next: n plays again"; !strings.Contains(end, want) {
			t.Errorf("the end screen lacks %q:\n%s", want, end)
		}
	})
}

// Each built-in scenario's briefing says how the game is judged, with the
// numbers its end conditions test: taiwan-strait's said "deterrence
// credible, the adversary's gains small, Korea's trade afloat" where the
// others gave every threshold, and a player trying to win at hard had to
// find them metric by metric in the why? panel (a play review).
func TestBriefingsStateEveryEnd(t *testing.T) {
	num := regexp.MustCompile(`\d+(\.\d+)?`)
	for _, id := range scenarios.IDs() {
		c := scenarioEntry(t, id).Compiled
		words := strings.Join(strings.Fields(c.Briefing), " ")
		for i := range c.Ends {
			e := &c.Ends[i]
			for _, n := range num.FindAllString(c.Readable(&e.When), -1) {
				if n == "0" || n == "1" { // a flag's test ("Assurances given ≥ 1"), which the briefing tells in words
					continue
				}
				if !regexp.MustCompile(`\b` + regexp.QuoteMeta(n) + `\b`).MatchString(words) {
					t.Errorf("%s: the briefing does not give %s, which its end %q tests (%s)", id, n, e.Title, c.Readable(&e.When))
				}
			}
		}
	}
}

// A chart says which end conditions read its metric: it zooms to the
// values seen, and said nothing of how near they came to a line that ends
// the game (taiwan-strait's escalation of 22 to 44, its standoff at 60),
// every one of them whole.
func TestChartSaysTheEnds(t *testing.T) {
	m := press(t, stateResults(t), "c")
	mustShow(t, m, "Chart 1/", "ends the game: Deterrence eroded if Deterrence < 27 at the end")
	for !strings.Contains(plain(m), ": Escalation ") {
		m = press(t, m, "right")
	}
	mustShow(t, m, "ends the game: Conflict if Escalation ≥ 100;")
	// Every end whole, wrapped: at 80 columns the second was cut
	// ("Standoff at sea if Escalatio…").
	mustRead(t, m, "ends the game: Conflict if Escalation ≥ 100; Standoff at sea if Escalation ≥ 50 at the end")
	mustNotShow(t, m, "…")
	if got := len(strings.Split(plain(m), "\n")); got > 24 {
		t.Fatalf("the chart takes %d lines of 24:\n%s", got, plain(m))
	}
}

// Every acronym a scenario shows a player (its briefing, events, levers,
// moves, sides and metrics) is spelt out somewhere in them, as "Nuclear
// Consultative Group (NCG)": taiwan-strait's "Convene the NCG" and
// "bomber patrol into the KADIZ", and the tutorial's "ROK domestic
// support" on the first turn screen, were never spelt out (a play review).
// US, AI and GPS pass as words.
func TestScenarioAcronymsSpeltOut(t *testing.T) {
	acronym := regexp.MustCompile(`\b[A-Z][A-Z0-9]+\b`)
	known := map[string]bool{"US": true, "AI": true, "GPS": true}
	for _, id := range scenarios.IDs() {
		c := scenarioEntry(t, id).Compiled
		texts := []string{c.Briefing, c.Title, c.Summary}
		for _, in := range c.Injects {
			texts = append(texts, in.Title, in.Text)
			for _, ch := range in.Choices {
				texts = append(texts, ch.Label, ch.Text)
			}
		}
		for _, l := range c.Levers {
			texts = append(texts, l.Name, l.Description)
		}
		for _, a := range c.Actions {
			texts = append(texts, a.Name, a.Description, a.Signal)
		}
		for _, s := range c.Sides {
			texts = append(texts, s.Name, s.Objective)
		}
		for _, m := range c.Metrics {
			texts = append(texts, m.Name, m.Description)
		}
		all := strings.ReplaceAll(strings.Join(texts, "\n"), "**", "")
		told := map[string]bool{}
		for _, a := range acronym.FindAllString(all, -1) {
			if known[a] || told[a] || strings.Contains(all, "("+a+")") || strings.Contains(all, "("+a+",") || strings.Contains(all, a+" (") || strings.Contains(all, ", "+a+")") {
				continue
			}
			t.Errorf("%s: %q is never spelt out", id, a)
			told[a] = true
		}
	}
}

// The intelligence panel's "On its way" heading keeps its gloss whole or
// drops it: in the third column at 160×50 (42 columns) it was cut, "On its
// way (your earlier points on dela…".
func TestOnItsWayHeadingFits(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 853487}), 160, 50)
	m = press(t, m, "enter", "enter", "enter", "a", "right", "right", "enter") // resilience-first: economic resilience, ⏳2
	m = press(t, commitTurn(t, m), "enter")
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	if len(m.sess.Game.Pending(m.side)) == 0 {
		t.Fatalf("nothing is on its way: the test wants points on a delayed lever in month 1:\n%s", plain(m))
	}
	mustShow(t, m, "On its way (your earlier points)")
	mustNotShow(t, m, "on dela…")
	if s := ansi.Strip(m.intelText(60, true)); !strings.Contains(s, "On its way (your earlier points on delayed levers)\n") {
		t.Errorf("at 60 columns the heading's whole gloss is missing:\n%s", s)
	}
}

// The last turn's results name every cause of each change: the others
// were counted ("4 others +2.07") and, as the game was over, no next
// turn's why? panel named them. Earlier turns count them and say where
// they are named.
func TestLastResultsNameEveryCause(t *testing.T) {
	counted := regexp.MustCompile(`[0-9]+ others [+−][0-9]`)
	m := press(t, resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 354879}), 100, 40), toTurn1Solo...)
	sawCounted := false
	for turn := 1; turn <= 5; turn++ {
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
		m = commitTurn(t, press(t, m, "r", "right", "right", "down", "right"))
		mustShow(t, m, "Results — ")
		text := ansi.Strip(m.resultsText())
		if m.sess.Game.Over() {
			if counted.MatchString(text) {
				t.Fatalf("the last results count causes they do not name:\n%s", text)
			}
			if !sawCounted {
				t.Fatal("no earlier results counted causes: the test needs a game with more than four causes to a change")
			}
			return
		}
		if counted.MatchString(text) {
			sawCounted = true
			if !strings.Contains(text, `"N others": each named in the next week's why? panel`) {
				t.Errorf("week %d counts causes and does not say where they are named:\n%s", turn, text)
			}
		}
		m = press(t, m, "enter")
	}
	t.Fatal("the game did not end in five weeks")
}

// ? on the results is a reading guide to them, as on the turn screen: a
// new player met "(joint ×1.25)", "(via resolve)", "drift toward
// baseline" and "rounding remainder" with the ? screen listing keys only.
// It fits 80×24 with the keys below it; no key but ? and esc acts behind
// it.
func TestResultsGlossary(t *testing.T) {
	m := press(t, resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 77}), 80, 24), toTurn1Solo...)
	m = commitTurn(t, press(t, m, addPoints...))
	results := ansi.Strip(m.resultsText())
	for _, used := range []string{"(joint ×", "(via ", "rounding remainder"} { // the words the guide explains, in these results
		if !strings.Contains(results, used) {
			t.Fatalf("the results lack %q: the test wants a turn that shows it:\n%s", used, results)
		}
	}
	m = press(t, m, "?")
	mustShow(t, m, "Reading the results · ? or esc: back to them", "×n      joint ×n:", "via     deterrence moved through one of its factors",
		"drift   every metric eases toward its baseline each week", "rounding deterrence is a product", "enter      continue")
	lines := strings.Split(plain(m), "\n")
	if len(lines) > 24 {
		t.Fatalf("the guide takes %d lines of 24:\n%s", len(lines), plain(m))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > 80 {
			t.Fatalf("a line is %d columns wide: %q", w, l)
		}
	}
	m = press(t, m, "enter", "down")
	mustShow(t, m, "Reading the results")
	m = press(t, m, "esc")
	mustShow(t, m, "Results — Week 1")
	mustNotShow(t, m, "Reading the results")
}

// The levers' legend in one line at 80×24 keeps every mark: near a game's
// end, a delayed lever's "late: after the game" was cut to "late: aft…"
// and pushed "×cost" off the line. In short it is "late", which the ?
// guide explains.
func TestLegendKeepsEveryMarkLate(t *testing.T) {
	m := press(t, resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 3}), 80, 24), toTurn1Solo...)
	for range 10 {
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
		m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	}
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	mustShow(t, m, "Month 11")
	mustShow(t, m, "⊕ joint ◌ hidden ⏳ delay late ×cost")
	mustNotShow(t, m, "aft…")
}

// A lever whose later points are worth less says by how much, so that
// two points' defence (1.8 × a point's, not 2 ×) can be traced; a lever
// without diminishing returns says nothing of it.
func TestDiminishingSaid(t *testing.T) {
	c := tutorialEntry(t).Compiled
	want := map[string]string{
		"combined_exercise":  "Each further point is worth less: ×1, ×0.85, ×0.72, ×0.61",
		"coast_guard_patrol": "Each further point is worth less: ×1, ×0.8, ×0.64, ×0.51",
		"intel_sharing":      "Each further point is worth less: ×1, ×0.8, ×0.64",
		"public_diplomacy":   "Each further point is worth less: ×1, ×0.8, ×0.64",
	}
	for l := range c.Levers {
		li := &c.Levers[l]
		if got := diminishing(li); got != want[li.ID] {
			t.Errorf("%s: %q, want %q", li.ID, got, want[li.ID])
		}
	}
}

// At 80×24 a turn with upkeep to pay still shows the budget: the budget
// line gave way first ("spent 0.0  upkeep 1.0  left 6.2", no budget
// anywhere); now what is spent does, which left says as it falls.
func TestBudgetShownWithUpkeepAt80x24(t *testing.T) {
	c := scenarioEntry(t, "gray-zone").Compiled
	rok := c.SideIndex("rok")
	s := soloSession(c, rok, 3)
	s.Brief()
	s.Orders.Set(rok, c.LeverIndex("coast_guard"), 3)
	s.Orders.Set(rok, c.LeverIndex("cyber_defence"), 2)
	s.Commit(rok)
	if _, err := s.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	s.Brief()
	var v sim.View
	s.Game.ViewInto(rok, &v)
	if v.Upkeep == 0 {
		t.Fatal("no upkeep to pay in month 2: the test shows nothing")
	}
	m := resize(t, New(Options{Resume: s}), 80, 24)
	mustShow(t, m, "budget "+v.Budget.Format(1), "upkeep "+v.Upkeep.Format(1), "left ")
}

// At 60×20 the ? guide scrolls, and the keys its columns cannot fit are
// listed under it: the guide's last rows (upkeep, why?) and the third
// column of keys (c charts, q quit) were cut off with no way to them.
func TestGuideScrollsWhenSmall(t *testing.T) {
	m := resize(t, stateTurn(t), 60, 20)
	m = press(t, m, "?")
	mustShow(t, m, "Reading the turn screen", "↓ ", "↑/↓ scroll")
	seen := map[string]bool{}
	for range 12 {
		for _, l := range strings.Split(plain(m), "\n") {
			seen[strings.TrimSpace(l)] = true
			if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > 60 {
				t.Fatalf("a line is %d columns wide: %q", w, l)
			}
		}
		m = press(t, m, "pgdown")
	}
	all := strings.Join(slices.Collect(maps.Keys(seen)), "\n")
	for _, want := range []string{"upkeep  a share of", "why?    tab to the metrics", "charts", "quit now", "adviser"} {
		if !strings.Contains(all, want) {
			t.Errorf("paging through the guide never showed %q:\n%s", want, all)
		}
	}
	// Paged past the end, ↑ scrolls back at once.
	if up := press(t, m, "up"); plain(up) == plain(m) {
		t.Errorf("↑ after paging past the end did not scroll:\n%s", plain(m))
	}
	// Wide but short, where the keys fit their columns under the guide:
	// the same (the bound counted the key list the frame left out).
	w := press(t, resize(t, stateTurn(t), 100, 20), "?")
	for range 6 {
		plain(w)
		w = press(t, w, "pgdown")
	}
	plain(w)
	if up := press(t, w, "up"); plain(up) == plain(w) {
		t.Errorf("100×20: ↑ after paging past the end did not scroll:\n%s", plain(w))
	}
	m = press(t, m, "home")
	mustShow(t, m, "Reading the turn screen")
	m = press(t, m, "esc")
	mustNotShow(t, m, "Reading the turn screen")
}

// The end screen's headline says whose objective was missed: an AI ally's
// is marked (AI), so that a solo player does not read "objective missed:
// United States" as a bar of its own it was never shown.
func TestMissedObjectiveSaysWhose(t *testing.T) {
	c := scenarioEntry(t, "gray-zone").Compiled
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	for seed := uint64(1); seed <= 60; seed++ {
		s := soloSession(c, rok, seed)
		pol, _ := sim.PolicyByName("balanced")
		for !s.Over() {
			s.Brief()
			pol.Plan(s.Game, rok, s.Orders) // the player plays as balanced would
			s.Commit(rok)
			if _, err := s.Adjudicate(); err != nil {
				t.Fatal(err)
			}
		}
		usMet, _ := s.Game.ObjectiveMet(us)
		if !s.Game.Success() || usMet {
			continue
		}
		m := resize(t, New(Options{Resume: s}), 120, 40)
		out := strings.Join(strings.Fields(plain(m)), " ")
		if !regexp.MustCompile(`objectives? missed: [^—]*United States \(AI\)`).MatchString(out) {
			t.Errorf("seed %d: the headline does not mark the AI ally's objective:\n%s", seed, plain(m))
		}
		if rokMet, _ := s.Game.ObjectiveMet(rok); !rokMet && !strings.Contains(out, "South Korea (you)") {
			t.Errorf("seed %d: the player's own missed objective is not marked (you):\n%s", seed, plain(m))
		}
		return
	}
	t.Fatal("no seed gave a success with the United States' objective missed: the test checks nothing")
}

// Last turn's moves in the intelligence panel (the observer seat's, and
// every side's) say which the White cell decided, as the results do: a
// decided move read "failed (p 0.44)", as if rolled.
func TestLastMovesSayWhiteCellDecided(t *testing.T) {
	m := resize(t, stateTurn(t), 160, 50)
	real := m.sess.Game.RealMoves()
	if len(real) == 0 {
		t.Fatal("no real move this turn: the test needs one")
	}
	if err := m.sess.Game.ForceOutcome(real[0], false); err != nil {
		t.Fatal(err)
	}
	m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	name := m.sess.C.Actions[real[0]].Name
	panel := strings.Join(strings.Fields(ansi.Strip(m.intelText(120, true))), " ")
	if !strings.Contains(panel, name+" failed (White cell)") {
		t.Errorf("the panel does not say the White cell decided %s:\n%s", name, panel)
	}
}
