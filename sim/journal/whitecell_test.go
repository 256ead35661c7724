package journal

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// actFunc does the White cell's acts of a briefed turn of a game played by
// playWith.
type actFunc func(p *player)

// player is a game being played and journalled by playWith.
type player struct {
	t    testing.TB
	c    *sim.Compiled
	g    *sim.Game
	w    *Writer
	pols []sim.Policy
	// snaps[n] is the game after turn n (snaps[0]: the start).
	snaps []*sim.Game
}

// act applies a white-cell act to the briefed game, as a front end does,
// and journals it.
func (p *player) act(w WhiteCell) {
	p.t.Helper()
	w.Type, w.Turn = TypeWhiteCell, p.g.Turn()
	if err := Apply(p.c, p.g, &w); err != nil {
		p.t.Fatal(err)
	}
	if err := p.w.WhiteCell(w); err != nil {
		p.t.Fatal(err)
	}
}

// turn briefs, acts, plans and steps one turn, and journals it.
func (p *player) turn(acts actFunc) {
	p.t.Helper()
	p.g.Brief()
	if acts != nil {
		acts(p)
	}
	o := p.c.NewOrders()
	p.g.PlanSides(p.pols, o)
	r, err := p.g.Step(o)
	if err != nil {
		p.t.Fatal(err)
	}
	if err := p.w.Turn(NewTurn(p.c, r.Turn, o, nil, p.g.Hash())); err != nil {
		p.t.Fatal(err)
	}
	p.snaps = append(p.snaps[:r.Turn], p.g.Clone())
}

// rollback undoes turn undo and later ones, in the game and the journal.
func (p *player) rollback(undo int, reason string) {
	p.t.Helper()
	if err := p.w.Rollback(undo, reason); err != nil {
		p.t.Fatal(err)
	}
	p.snaps = p.snaps[:undo]
	p.g = p.snaps[undo-1].Clone()
}

func (p *player) hash() string { return fmt.Sprintf("%016x", p.g.Hash()) }

// newPlayer starts a seeded game of scenario with the default AI on every
// allied side, journalled at path, as `lattice run` does.
func newPlayer(t testing.TB, path, scenario string, seed uint64) *player {
	t.Helper()
	c, err := scenarios.Compile(scenario, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	sides, err := Sides(c, pols, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHeader(Setup{Scenario: scenario, Compiled: c, Seed: seed, Sides: sides, Lattice: "test", Created: created})
	if err != nil {
		t.Fatal(err)
	}
	w, err := Create(path, h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	g := sim.NewGame(c, seed)
	return &player{t: t, c: c, g: g, w: w, pols: pols, snaps: []*sim.Game{g.Clone()}}
}

// whiteCellGame plays the tutorial with seed 7 (the game of good.jsonl)
// but for a White-cell override of cohesion during turn 2 and a budget
// set for the US during turn 3, journalled at
// path. It returns the final hash and the id of an adversary action that
// is not a real move in turn 2.
func whiteCellGame(t testing.TB, path string) (hash, notReal string) {
	t.Helper()
	p := newPlayer(t, path, "tutorial", 7)
	for !p.g.Over() {
		p.turn(func(p *player) {
			if p.g.Turn() == 3 {
				p.act(WhiteCell{Action: ActBudget, Side: "us", Value: "4.5", By: "console", Reason: "a continuing resolution"})
			}
			if p.g.Turn() != 2 {
				return
			}
			real := p.g.RealMoves()
			for a := range p.c.Actions {
				if !slices.Contains(real, a) && notReal == "" {
					notReal = p.c.Actions[a].ID
				}
			}
			p.act(WhiteCell{Action: ActMetric, Metric: "cohesion", Value: "45.5", By: "console", Reason: "a scandal in Seoul shakes the alliance"})
		})
	}
	return p.hash(), notReal
}

// whiteCellCorpus adds the white-cell journals to the corpus: one played
// with an override (whitecell.jsonl), one the White cell ended, and
// damaged ones made from the first.
func whiteCellCorpus(t testing.TB, out map[string][]byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "whitecell.jsonl")
	_, notReal := whiteCellGame(t, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out["whitecell.jsonl"] = b
	ls := lines(b)
	if len(ls) < 6 || !strings.Contains(ls[2], `"type":"whitecell"`) {
		t.Fatalf("the white-cell journal is not as expected (%d lines):\n%s", len(ls), strings.Join(ls[1:], ""))
	}
	rec := func(w WhiteCell) string {
		w.Type = TypeWhiteCell
		line, err := encodeLine(w)
		if err != nil {
			t.Fatal(err)
		}
		return string(line)
	}
	with := func(act string) []byte { return []byte(strings.Join(ls[:2], "") + act + strings.Join(ls[3:], "")) }
	out["whitecell-unknown-inject.jsonl"] = with(rec(WhiteCell{Turn: 2, Action: ActInject, Inject: "no_such_inject", Reason: "a test"}))
	out["whitecell-out-of-bounds.jsonl"] = with(rec(WhiteCell{Turn: 2, Action: ActMetric, Metric: "cohesion", Value: "150", Reason: "a test"}))
	// A decided roll about a move the adversary did not make (as after a
	// restart in which the Red team planned again) is void: the journal
	// replays, the act noted as having no effect.
	out["whitecell-not-real.jsonl"] = []byte(strings.Join(ls[:3], "") + rec(WhiteCell{Turn: 2, Action: ActRoll, Move: notReal, Outcome: OutcomeFailure, Reason: "a test"}) + strings.Join(ls[3:], ""))
	out["whitecell-turn-after-end.jsonl"] = with(rec(WhiteCell{Turn: 2, Action: ActEnd, Reason: "time is up"}))
	out["whitecell-no-reason.jsonl"] = with(rec(WhiteCell{Turn: 2, Action: ActMetric, Metric: "cohesion", Value: "45.5"}))
	// An undo with no act of its turn to take back; and one added by hand
	// after the act: the turn replays without the act, and diverges from
	// the hash the game recorded with it.
	out["whitecell-undo-nothing.jsonl"] = with(rec(WhiteCell{Turn: 2, Action: ActUndo, Reason: "a slip"}))
	out["whitecell-undo-added.jsonl"] = []byte(strings.Join(ls[:3], "") + rec(WhiteCell{Turn: 2, Action: ActUndo, Reason: "a slip"}) + strings.Join(ls[3:], ""))
	// Three turns (and the acts of turns 2 and 3), then the White cell
	// pauses turn 4 and ends the game.
	out["whitecell-end.jsonl"] = []byte(strings.Join(ls[:6], "") + rec(WhiteCell{Turn: 4, Action: ActPause, By: "console"}) +
		rec(WhiteCell{Turn: 4, Action: ActEnd, By: "console", Reason: "the seminar ran out of time"}))
}

// TestWhiteCellRoundTrip plays four turns with White-cell acts (an
// override, an inject, a decided roll, timer acts, acts undone by a
// rollback), then the White cell ends the game; the journal replays to the
// live game's hash, stops at the end, and forks with the acts.
func TestWhiteCellRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "g.jsonl")
	p := newPlayer(t, path, "tutorial", 3)
	var roll string
	p.turn(func(p *player) {
		p.act(WhiteCell{Action: ActMetric, Metric: "cohesion", Value: "62", By: "console", Reason: "a summit went well"})
	})
	p.turn(func(p *player) {
		p.act(WhiteCell{Action: ActInject, Inject: "research_vessel", By: "console", Reason: "to test the alliance's response"})
		real := p.g.RealMoves()
		if len(real) == 0 {
			t.Fatal("no real move in turn 2")
		}
		roll = p.c.Actions[real[0]].ID
		p.act(WhiteCell{Action: ActRoll, Move: roll, Outcome: OutcomeFailure, By: "SHA256:abc", Reason: "the coast guard was ready"})
		p.act(WhiteCell{Action: ActPause, By: "console"})
		p.act(WhiteCell{Action: ActTimer, Seconds: 120, By: "console"})
	})
	p.turn(func(p *player) {
		p.act(WhiteCell{Action: ActInject, Inject: "fishing_season", By: "console", Reason: "undone below"})
	})
	p.rollback(3, "the umpire ruled week 3 void")
	p.turn(func(p *player) {
		p.act(WhiteCell{Action: ActMetric, Metric: "resilience", Value: "40.25", By: "console", Reason: "a port strike"})
		p.act(WhiteCell{Action: ActBudget, Side: "us", Value: "3.5", By: "console", Reason: "a continuing resolution in Washington"})
	})
	p.turn(nil)
	if p.g.Over() || p.g.Turn() != 5 {
		t.Fatalf("the game is over (%v) or at turn %d after 4 turns", p.g.Over(), p.g.Turn())
	}
	live := p.hash() // after turn 4: the end comes before turn 5 is played
	if us := p.c.SideIndex("us"); p.g.BaseBudget(us) != sim.FixFromFloat(3.5) {
		t.Fatalf("the US base budget is %s after the White cell set it to 3.5", p.g.BaseBudget(us))
	}
	p.g.Brief()
	p.act(WhiteCell{Action: ActPause, By: "console"})
	p.act(WhiteCell{Action: ActEnd, By: "console", Reason: "the seminar ran out of time"})
	if err := p.w.Turn(NewTurn(p.c, 5, p.c.NewOrders(), nil, p.g.Hash())); err == nil || !strings.Contains(err.Error(), "turn 5 cannot be recorded: the White cell ended the game before it") {
		t.Errorf("Writer.Turn after an end: %v", err)
	}
	p.w.Close()

	j, warns, err := Read(path)
	if err != nil || len(warns) > 0 {
		t.Fatalf("Read: %v %v", err, warns)
	}
	end := j.Ended()
	if end == nil || end.Line != j.Lines || end.WhiteCell.Reason != "the seminar ran out of time" {
		t.Fatalf("Ended: %+v, want the end on line %d", end, j.Lines)
	}
	res, err := Replay(j, Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hash != live || len(res.Turns) != 4 {
		t.Errorf("replay: hash %s after %d turns, the live game %s after 4", res.Hash, len(res.Turns), live)
	}
	actions := func(ws []WhiteCell) string {
		var s []string
		for _, w := range ws {
			s = append(s, w.Action+":"+w.Inject+w.Metric+w.Move+w.Side)
		}
		return strings.Join(s, " ")
	}
	for k, want := range []string{"metric:cohesion", "inject:research_vessel roll:" + roll + " pause: timer:", "metric:resilience budget:us", ""} {
		if got := actions(res.Turns[k].WhiteCell); got != want {
			t.Errorf("turn %d: acts %q, want %q", k+1, got, want)
		}
	}
	if res.Stopped == nil || res.Stopped.Line != end.Line || res.Stopped.WhiteCell.Action != ActEnd {
		t.Errorf("Stopped: %+v, want the end on line %d", res.Stopped, end.Line)
	}
	if got := actions(res.Pending); got != "pause:" {
		t.Errorf("Pending: %q, want the pause", got)
	}
	// Stopping earlier: the next turn's acts are pending, none stopped it.
	res2, err := Replay(j, Options{Verify: true, To: 1})
	if err != nil || res2.Stopped != nil || actions(res2.Pending) != "inject:research_vessel roll:"+roll+" pause: timer:" || res2.Hash != j.History()[1].Turn.Hash {
		t.Errorf("replay to turn 1: %v, stopped %+v, pending %q", err, res2.Stopped, actions(res2.Pending))
	}

	// The writer refuses a turn after the end when the journal is reopened;
	// a rollback lifts the end.
	w, _, _, err := OpenAppend(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Turn(NewTurn(p.c, 5, p.c.NewOrders(), nil, 0)); err == nil || !strings.Contains(err.Error(), "ended the game") {
		t.Errorf("reopened Writer.Turn after an end: %v", err)
	}

	// Forks carry the acts of their turns, and not those of the next.
	for _, at := range []int{2, 4} {
		fp := filepath.Join(dir, fmt.Sprintf("fork%d.jsonl", at))
		fw, err := CreateFork(fp, j, at, nil, "test", created)
		if err != nil {
			t.Fatal(err)
		}
		fw.Close()
		f, _, err := Read(fp)
		if err != nil {
			t.Fatal(err)
		}
		fres, err := Replay(f, Options{Verify: true})
		if err != nil {
			t.Fatalf("fork at %d: %v", at, err)
		}
		if want := res.Turns[at-1].Hash; fres.Hash != want || fres.Stopped != nil || len(fres.Pending) != 0 || f.Ended() != nil {
			t.Errorf("fork at %d: hash %s (the parent's %s), stopped %+v, pending %v", at, fres.Hash, want, fres.Stopped, fres.Pending)
		}
		n := 0
		for _, e := range f.Entries {
			if e.WhiteCell != nil {
				n++
			}
		}
		if want := map[int]int{2: 5, 4: 7}[at]; n != want {
			t.Errorf("fork at %d: %d white-cell records, want %d", at, n, want)
		}
	}

	if err := w.Rollback(4, "play week 4 again"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	j, _, err = Read(path)
	if err != nil || j.Ended() != nil {
		t.Fatalf("after the rollback: %v, ended %+v", err, j.Ended())
	}
	if res, err := Replay(j, Options{Verify: true}); err != nil || res.Stopped != nil || len(res.Pending) != 0 || len(res.Turns) != 3 {
		t.Errorf("replay after the rollback: %v", err)
	}
}

// TestApplyErrors: Apply names the act and its id.
func TestApplyErrors(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	if err := Apply(c, g, &WhiteCell{Turn: 1, Action: ActInject, Inject: "dprk_test", Reason: "x"}); err == nil || err.Error() != `inject "dprk_test": `+sim.ErrNotBriefed.Error() {
		t.Errorf("before the briefing: %v", err)
	}
	g.Brief()
	notReal := ""
	for a := range c.Actions {
		if !slices.Contains(g.RealMoves(), a) {
			notReal = c.Actions[a].ID
			break
		}
	}
	for _, tc := range []struct {
		w    WhiteCell
		want string
	}{
		{WhiteCell{Turn: 1, Action: ActInject, Inject: "x", Reason: "r"}, `inject "x": no such inject in the scenario`},
		{WhiteCell{Turn: 1, Action: ActMetric, Metric: "x", Value: "1", Reason: "r"}, `metric "x": no such metric in the scenario`},
		{WhiteCell{Turn: 1, Action: ActMetric, Metric: "cohesion", Value: "-1", Reason: "r"}, `metric "cohesion": cohesion must stay within 0..100, not -1`},
		{WhiteCell{Turn: 1, Action: ActMetric, Metric: "deterrence", Value: "50", Reason: "r"}, `metric "deterrence": deterrence is derived from capability, resolve and communication: set one of those instead`},
		{WhiteCell{Turn: 1, Action: ActMetric, Metric: "cohesion", Value: "3,5", Reason: "r"}, `metric cohesion: value "3,5" is not a decimal number: write it like 33 or 0.45 (at most 4 decimals)`},
		{WhiteCell{Turn: 1, Action: ActRoll, Move: "x", Outcome: OutcomeSuccess, Reason: "r"}, `roll "x": no such adversary action in the scenario`},
		{WhiteCell{Turn: 1, Action: ActRoll, Move: notReal, Outcome: OutcomeSuccess, Reason: "r"}, fmt.Sprintf(`roll %q: action %s is not a real move this turn`, notReal, notReal)},
		{WhiteCell{Turn: 1, Action: ActRoll, Move: notReal, Outcome: "maybe", Reason: "r"}, fmt.Sprintf(`roll %s: outcome "maybe" is not success or failure`, notReal)},
		{WhiteCell{Turn: 2, Action: ActInject, Inject: "dprk_test", Reason: "r"}, `inject: the act is for turn 2, but the game is at turn 1`},
		{WhiteCell{Turn: 1, Action: ActInject, Inject: "dprk_test", Reason: " "}, `a white-cell inject needs a reason: say why the White cell acted`},
		{WhiteCell{Turn: 1, Action: ActEnd}, `a white-cell end needs a reason: say why the White cell acted`},
		{WhiteCell{Turn: 1, Action: ActTimer}, `timer: 0 seconds: give from 1 to 86400 seconds (24 hours) to add to the turn timer`},
		{WhiteCell{Turn: 1, Action: ActTimer, Seconds: 86401}, `timer: 86401 seconds: give from 1 to 86400 seconds (24 hours) to add to the turn timer`},
		{WhiteCell{Turn: 1, Action: ActBudget, Side: "x", Value: "5", Reason: "r"}, `budget "x": no such side in the scenario`},
		{WhiteCell{Turn: 1, Action: ActBudget, Side: "prc", Value: "5", Reason: "r"}, `budget "prc": prc is an adversary side: it has no budget (its doctrine sets its moves)`},
		{WhiteCell{Turn: 1, Action: ActBudget, Side: "us", Value: "-2", Reason: "r"}, `budget "us": a base budget is from 0 to 1000 points per turn, not -2`},
		{WhiteCell{Turn: 1, Action: ActBudget, Side: "us", Value: "eight", Reason: "r"}, `budget us: value "eight" is not a decimal number: write it like 8 or 7.5 (at most 4 decimals)`},
		{WhiteCell{Turn: 1, Action: ActBudget, Value: "8", Reason: "r"}, `budget: no side: give the id of the allied side whose budget the White cell set`},
		{WhiteCell{Turn: 1, Action: ActBudget, Side: "us", Reason: "r"}, `budget us: no value: give the new base budget in points per turn, like 8 or 7.5`},
		{WhiteCell{Turn: 1, Action: ActBudget, Side: "us", Value: "8"}, `a white-cell budget needs a reason: say why the White cell acted`},
		{WhiteCell{Turn: 1, Action: "set", Reason: "r"}, `action "set" is not inject, metric, roll, budget, end, pause, resume, timer, force, computer, team or undo`},
		{WhiteCell{Turn: 1, Action: ActComputer, Value: "balanced", Reason: "r"}, `computer: no side: give the id of the allied side the White cell gave to the computer`},
		{WhiteCell{Turn: 1, Action: ActComputer, Side: "us", Value: "cautious", Reason: "r"}, `computer us: policy "cautious" is not a built-in policy (one of alliance-first, balanced, deterrence-first, free-rider, lookahead, resilience-first)`},
		{WhiteCell{Turn: 1, Action: ActComputer, Side: "us", Reason: "r"}, `computer us: policy "" is not a built-in policy (one of alliance-first, balanced, deterrence-first, free-rider, lookahead, resilience-first)`},
		{WhiteCell{Turn: 1, Action: ActComputer, Side: "us", Value: "balanced"}, `a white-cell computer needs a reason: say why the White cell acted`},
		{WhiteCell{Turn: 1, Action: ActComputer, Side: "prc", Value: "balanced", Reason: "r"}, `computer "prc": no such allied side in the scenario`},
		{WhiteCell{Turn: 1, Action: ActTeam, Side: "xx", Reason: "r"}, `team "xx": no such allied side in the scenario`},
		{WhiteCell{Turn: 1, Action: ActTeam, Reason: "r"}, `team: no side: give the id of the allied side the White cell gave back to the teams`},
	} {
		if err := Apply(c, g, &tc.w); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v, want %q", tc.w, err, tc.want)
		}
	}
	for _, w := range []WhiteCell{
		{Turn: 1, Action: ActPause}, {Turn: 1, Action: ActResume}, {Turn: 1, Action: ActTimer, Seconds: 86400},
		{Turn: 1, Action: ActEnd, Reason: "r"}, {Turn: 1, Action: ActInject, Inject: "research_vessel", Reason: "r"},
		{Turn: 1, Action: ActComputer, Side: "us", Value: "lookahead", Reason: "r"}, {Turn: 1, Action: ActTeam, Side: "rok", Reason: "r"},
	} {
		if err := Apply(c, g, &w); err != nil {
			t.Errorf("%+v: %v", w, err)
		}
	}
	if err := Apply(c, g, &WhiteCell{Turn: 1, Action: ActInject, Inject: "research_vessel", Reason: "r"}); err == nil || err.Error() != `inject "research_vessel": inject research_vessel has already fired this turn` {
		t.Errorf("an inject fired twice: %v", err)
	}
}

func TestDescribe(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		w          WhiteCell
		want, bare string
	}{
		{WhiteCell{Action: ActInject, Inject: "fishing_season"}, `fired inject "Fishing season opens"`, `fired inject "fishing_season"`},
		{WhiteCell{Action: ActMetric, Metric: "cohesion", Value: "33"}, `set Cohesion to 33.00`, `set cohesion to 33`},
		{WhiteCell{Action: ActRoll, Move: "militia_swarm", Outcome: OutcomeFailure}, `decided "Maritime militia swarm": failure`, `decided "militia_swarm": failure`},
		{WhiteCell{Action: ActBudget, Side: "us", Value: "7.50"}, `set United States' budget to 7.5 a week`, `set the budget of us to 7.5 a turn`},
		{WhiteCell{Action: ActEnd}, `ended the game`, `ended the game`},
		{WhiteCell{Action: ActComputer, Side: "us", Value: "balanced"}, `gave United States to the computer (balanced)`, `gave us to the computer (balanced)`},
		{WhiteCell{Action: ActTeam, Side: "rok"}, `gave South Korea back to the teams`, `gave rok back to the teams`},
		{WhiteCell{Action: ActPause}, `paused`, `paused`},
		{WhiteCell{Action: ActResume}, `resumed`, `resumed`},
		{WhiteCell{Action: ActTimer, Seconds: 120}, `added 2m to the turn timer`, `added 2m to the turn timer`},
		{WhiteCell{Action: ActTimer, Seconds: 3690}, `added 1h1m30s to the turn timer`, `added 1h1m30s to the turn timer`},
		{WhiteCell{Action: ActInject, Inject: "evil\x1b[2J"}, `fired inject "evil"`, `fired inject "evil"`},
	} {
		if got := tc.w.Describe(c); got != tc.want {
			t.Errorf("Describe(%+v) = %q, want %q", tc.w, got, tc.want)
		}
		if got := tc.w.Describe(nil); got != tc.bare {
			t.Errorf("Describe(%+v) without the scenario = %q, want %q", tc.w, got, tc.bare)
		}
	}
}
