package report

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// seminarFile is the journal seminarJournal writes, kept in testdata for
// lattice replay's tests (go test -update rewrites it).
const seminarFile = "seminar.jsonl"

// seminarJournal journals at path, as a seminar's White cell and teams
// would have played it, a drill: the tutorial with a fishing season that
// takes intelligence to 0 in week 2 and a militia swarm that needs some.
// South Korea's team leaves before week 1: the White cell gives its side
// to the computer (lookahead) for the game. The US team is called away in
// week 3 (the computer, balanced, plays it) and is given its side back in
// week 4. China is a Red team's, which plans in weeks 2 and 4 only (its
// doctrine plays the others): in week 2 the militia swarm, open when it
// planned, which the briefing's fishing season then locks. The teams'
// drafts are balanced's plans, made apart as a given side's are, so that
// the game's dice are not touched.
func seminarJournal(t testing.TB, path string) {
	t.Helper()
	_, src, err := journal.ScenarioSource("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	drill := string(src)
	for _, r := range [][2]string{
		{"effect = { gains = 2, resilience = -2 }", "effect = { gains = 2, resilience = -2, intel = -100 }"},
		{"weight = 3\npressure = 3\n", "weight = 3\npressure = 3\nwhen = \"intel > 0.5\"\n"},
	} {
		if !strings.Contains(drill, r[0]) {
			t.Fatalf("the tutorial has no %q: the drill no longer sets the case up", r[0])
		}
		drill = strings.Replace(drill, r[0], r[1], 1)
	}
	scen := filepath.Join(t.TempDir(), "drill.toml")
	if err := os.WriteFile(scen, []byte(drill), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := scenarios.Compile(scen, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	rok, us, prc := c.SideIndex("rok"), c.SideIndex("us"), c.SideIndex("prc")
	human := make([]bool, len(c.Sides))
	human[rok], human[us], human[prc] = true, true, true
	sides, err := journal.Sides(c, make([]sim.Policy, len(c.Sides)), human, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := journal.NewHeader(journal.Setup{Scenario: scen, Compiled: c, Seed: 3, Sides: sides, Lattice: "test", Created: created})
	if err != nil {
		t.Fatal(err)
	}
	w, err := journal.Create(path, h)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	g := sim.NewGame(c, 3)
	g.FollowLeads(human) // as a seminar's session and a replay do
	pol := func(name string) sim.Policy {
		p, err := sim.PolicyByName(name)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	act := func(a journal.WhiteCell) {
		t.Helper()
		a.Turn, a.By = g.Turn(), "console"
		if err := journal.Apply(c, g, &a); err != nil {
			t.Fatal(err)
		}
		if err := w.WhiteCell(a); err != nil {
			t.Fatal(err)
		}
	}
	swarm := c.ActionIndex("militia_swarm")
	o := c.NewOrders()
	for turn := 1; turn <= c.Turns && !g.Over(); turn++ {
		plans := map[int]journal.Plan{}
		switch turn {
		case 2:
			if why := g.ActionLock(swarm); why != "" {
				t.Fatalf("the swarm is locked before week 2's briefing (%s): the drill no longer sets the case up", why)
			}
			if err := g.Plan(prc, []int{swarm}, nil); err != nil {
				t.Fatal(err)
			}
			plans[prc] = journal.Plan{Actions: []string{"militia_swarm"}}
		case 4:
			if err := g.Plan(prc, nil, nil); err != nil {
				t.Fatal(err)
			}
			plans[prc] = journal.Plan{}
		}
		g.Brief()
		if turn == 2 && len(g.CalledOff()) != 1 {
			t.Fatalf("week 2's briefing called off %+v, want the swarm: the drill no longer sets the case up", g.CalledOff())
		}
		usBy := "balanced"
		switch turn {
		case 1:
			act(journal.WhiteCell{Action: journal.ActComputer, Side: "rok", Value: "lookahead", Reason: "South Korea's team left for a briefing"})
		case 3:
			act(journal.WhiteCell{Action: journal.ActComputer, Side: "us", Value: "balanced", Reason: "the US team was called away"})
		case 4:
			act(journal.WhiteCell{Action: journal.ActTeam, Side: "us", Reason: "the US team is back"})
		}
		o.Clear()
		g.PlanApart(pol("lookahead"), rok, o)
		g.PlanApart(pol(usBy), us, o)
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Turn(journal.NewTurn(c, r.Turn, o, plans, g.Hash())); err != nil {
			t.Fatal(err)
		}
	}
	if g.Turn() <= 4 {
		t.Fatalf("the drill ended after week %d: the test no longer sets the case up", g.Turn()-1)
	}
}

// TestGivenSidesReported: in a seminar where the White cell gave South
// Korea to the computer from week 1 and the US for week 3 only, the report
// said South Korea was played by "nobody: no team joined (it committed
// nothing)" (with the seminar's teams) or "human", while its allocations
// spent the whole budget; the weeks' accounts did not say who allocated
// nor why. A Red team's move the briefing called off was in no account;
// weeks its doctrine played were the Red team's.
func TestGivenSidesReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), seminarFile)
	seminarJournal(t, path)
	kept, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, seminarFile, string(kept))

	j := mustRead(t, path)
	seminar, err := Build(j, nil, Options{Teams: map[string][]string{"us": {"Eagles"}, "prc": {"Red"}}})
	if err != nil {
		t.Fatal(err)
	}
	plain := build(t, path, "")
	rok := "the computer (lookahead) from week 1, given by the White cell: South Korea's team left for a briefing"
	usGiven := "the computer (balanced) in week 3, given by the White cell: the US team was called away; given back to the teams in week 4: the US team is back"
	for _, tc := range []struct {
		r    *Report
		want map[string]string
	}{
		{seminar, map[string]string{
			"South Korea":   rok,
			"United States": "teams: Eagles in weeks 1–2 and 4–5; " + usGiven,
			"Adversary":     "teams: Red in weeks 2 and 4; its doctrine in weeks 1, 3 and 5: no Red team's plan recorded",
		}},
		{plain, map[string]string{
			"South Korea":   rok,
			"United States": "human in weeks 1–2 and 4–5; " + usGiven,
			"Adversary":     "human in weeks 2 and 4; its doctrine in weeks 1, 3 and 5: no Red team's plan recorded",
		}},
	} {
		for _, s := range tc.r.Sides {
			if s.Player != tc.want[s.Name] {
				t.Errorf("%s played by %q, want %q", s.Name, s.Player, tc.want[s.Name])
			}
		}
	}
	// No team joined South Korea: the computer played every week of it.
	noTeam, err := Build(j, nil, Options{Teams: map[string][]string{}})
	if err != nil {
		t.Fatal(err)
	}
	if p := noTeam.Sides[0].Player; p != rok {
		t.Errorf("South Korea, no team joined, played by %q, want %q", p, rok)
	}
	// Nor the US: its points in the weeks the White cell did not give it
	// are the computer's all the same, given at a restart (serve --resume
	// --ai), which the journal does not record: not "it committed nothing".
	unsaid := usGiven + "; the computer in weeks 1–2 and 4–5 (no team played it, yet its points are recorded: given at a restart, lattice serve --resume --ai, which the journal does not record)"
	if p := noTeam.Sides[1].Player; p != unsaid {
		t.Errorf("the US, no team joined, played by %q, want %q", p, unsaid)
	}

	r := plain
	if len(r.Turns) < 4 {
		t.Fatalf("%d weeks reported", len(r.Turns))
	}
	for _, tr := range r.Turns {
		if !strings.HasSuffix(tr.Alloc[0], " — the computer's (lookahead)") {
			t.Errorf("week %d: South Korea's allocation %q does not say the computer made it", tr.N, tr.Alloc[0])
		}
		if got := strings.HasSuffix(tr.Alloc[1], " — the computer's (balanced)"); got != (tr.N == 3) {
			t.Errorf("week %d: the US's allocation %q", tr.N, tr.Alloc[1])
		}
		played := strings.Join(tr.Played, "\n")
		if !strings.Contains(played, "South Korea: the computer (lookahead), given by the White cell in week 1: South Korea's team left for a briefing") {
			t.Errorf("week %d: who played: %q", tr.N, tr.Played)
		}
		if got := strings.Contains(played, "Adversary: its doctrine (no Red team's plan recorded)"); got != (tr.N%2 == 1) {
			t.Errorf("week %d: who played: %q", tr.N, tr.Played)
		}
		// Lookahead's choice, made again on the game as it planned from,
		// is the allocation the journal recorded (else the line says it
		// is not) and names the doctrine it chose.
		if !slices.ContainsFunc(tr.AIWhy, func(y string) bool {
			return strings.HasPrefix(y, "South Korea (lookahead): chose ") && strings.Contains(y, " of 8 futures won")
		}) {
			t.Errorf("week %d: why the AI allocated: %q", tr.N, tr.AIWhy)
		}
		n := 0
		for _, y := range tr.AIWhy {
			if strings.HasPrefix(y, "United States (balanced): ") {
				n++
				if !strings.Contains(y, " — ") {
					t.Errorf("week %d: a reason without its why: %q", tr.N, y)
				}
			}
		}
		if (n > 0) != (tr.N == 3) {
			t.Errorf("week %d: %d reasons of the US's, want some in week 3 alone: %q", tr.N, n, tr.AIWhy)
		}
	}
	// A side's own report marks its allies' column too: the US's report
	// says South Korea's visible points were the computer's every week, and
	// the adversary's, in its alliance column, the US's in week 3.
	for side, want := range map[string]func(n int) []string{
		"us": func(int) []string { return []string{" — South Korea — the computer's (lookahead)"} },
		"prc": func(n int) []string {
			return append([]string{" — South Korea — the computer's (lookahead)"}, map[bool][]string{true: {" — United States — the computer's (balanced)"}}[n == 3]...)
		},
	} {
		for _, tr := range build(t, path, side).Turns {
			col := tr.Alloc[len(tr.Alloc)-1]
			for _, w := range want(tr.N) {
				if !strings.Contains(col, w) {
					t.Errorf("side %s, week %d: the allies' column %q lacks %q", side, tr.N, col, w)
				}
			}
			if side == "us" && strings.Contains(col, "United States — ") {
				t.Errorf("side us, week %d: the allies' column %q names the US", tr.N, col)
			}
		}
	}
	called := "Adversary's move Maritime militia swarm was called off at the briefing: its condition does not hold: "
	for side, want := range map[string]bool{"": true, "prc": true, "rok": false} {
		rep := build(t, path, side)
		got := strings.Join(rep.Turns[1].Moves, "\n")
		if strings.Contains(got, called) != want {
			t.Errorf("side %q: week 2's moves %q: the call-off said: %v, want %v", side, rep.Turns[1].Moves, !want, want)
		}
		for _, tr := range rep.Turns {
			if tr.N != 2 && strings.Contains(strings.Join(tr.Moves, "\n"), "called off") {
				t.Errorf("side %q: week %d: %q", side, tr.N, tr.Moves)
			}
		}
		if side == "prc" && len(rep.Turns[2].AIWhy) > 0 {
			t.Errorf("China's report has the US's reasons: %q", rep.Turns[2].AIWhy)
		}
	}
	md := render(t, r, FormatMarkdown)
	h := render(t, r, FormatHTML)
	golden(t, "seminar.md", md)
	golden(t, "seminar.html", h)
	checkHTML(t, "seminar.html", h)
}

// A side given to the computer for the turn in progress is so reported
// ("from week 3, not played yet"), and a rollback does not undo a give
// (it ran the seminar, not the game, as the live session keeps it): the
// turn recorded again after it is still the computer's.
func TestHandsPendingAndRolledBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), seminarFile)
	seminarJournal(t, path)
	j := mustRead(t, path)
	c, err := j.Header.Compile()
	if err != nil {
		t.Fatal(err)
	}
	us := c.SideIndex("us")
	var giveUS, turn3 journal.Entry
	for _, e := range j.Entries {
		if e.WhiteCell != nil && e.WhiteCell.Side == "us" && e.WhiteCell.Action == journal.ActComputer {
			giveUS = e
		}
		if e.Turn != nil && e.Turn.Turn == 3 {
			turn3 = e
		}
	}
	if giveUS.WhiteCell == nil || turn3.Turn == nil {
		t.Fatal("the seminar journal has no US give or no week 3")
	}
	k := slices.IndexFunc(j.Entries, func(e journal.Entry) bool { return e.Line == giveUS.Line })
	pending := *j
	pending.Entries = j.Entries[:k+1] // weeks 1–2, then the give of week 3
	want := "human in weeks 1–2; the computer (balanced) from week 3, not played yet, given by the White cell: the US team was called away"
	if got := NewHands(&pending, c, 0).Played(us, "human", false, "week", true); got != want {
		t.Errorf("pending: %q, want %q", got, want)
	}
	rolled := *j
	rolled.Entries = append(slices.Clone(j.Entries[:k+2]), // through week 3
		journal.Entry{Line: 100, Rollback: &journal.Rollback{Undo: 3, Reason: "again"}},
		journal.Entry{Line: 101, Turn: turn3.Turn})
	h := NewHands(&rolled, c, 0)
	if a := h.Computer(3, us); a == nil || a.Value != "balanced" {
		t.Errorf("week 3 recorded again after a rollback: the US is the computer's under %+v, want the give of week 3", a)
	}
	want = "human in weeks 1–2; the computer (balanced) from week 3, given by the White cell"
	if got := h.Played(us, "human", false, "week", false); got != want {
		t.Errorf("rolled back: %q, want %q", got, want)
	}
}
