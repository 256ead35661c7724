package report

import (
	"fmt"
	"html"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// TestRedTeamLearnsWhatIntelligenceSawThrough: after the game, a Red
// team's report says of each of its signals whether the allies'
// intelligence saw through it, as the whole report's truth has it, and
// sums them up; mid-game it says neither (the allies' knowledge is not the
// Red team's while the game goes on). It said "known bluff" and "known
// real", which the Red team knew when it signalled.
func TestRedTeamLearnsWhatIntelligenceSawThrough(t *testing.T) {
	sawAny := false
	for _, seed := range []uint64{7, 11, 12} {
		path := filepath.Join(t.TempDir(), "game.jsonl")
		playJournal(t, path, "tutorial", seed)
		whole, red := build(t, path, ""), build(t, path, "prc")
		var bluffs, seenBluffs, reals, seenReals int
		for i, tr := range whole.Turns {
			for k, truth := range tr.Signals {
				real, seen := strings.Contains(truth, ": real"), strings.Contains(truth, "seen through")
				want := map[[2]bool]string{
					{false, false}: ": bluff, not seen through",
					{false, true}:  ": bluff, seen through by the allies' intelligence",
					{true, false}:  ": real move, unrevealed",
					{true, true}:   ": real move, exposed by the allies' intelligence",
				}[[2]bool{real, seen}]
				if got := red.Turns[i].Signals[k]; !strings.HasSuffix(got, want) {
					t.Errorf("seed %d, week %d: the Red team's %q, the truth %q", seed, tr.N, got, truth)
				}
				switch {
				case real && seen:
					reals, seenReals = reals+1, seenReals+1
				case real:
					reals++
				case seen:
					bluffs, seenBluffs = bluffs+1, seenBluffs+1
				default:
					bluffs++
				}
			}
		}
		sawAny = sawAny || seenBluffs > 0 && seenReals > 0
		want := fmt.Sprintf("%d of %d bluffs seen through by the allies' intelligence; %d of %d real moves exposed.", seenBluffs, bluffs, seenReals, reals)
		if red.Red == nil || red.Red.Seen != want {
			t.Fatalf("seed %d: %+v, want Seen %q", seed, red.Red, want)
		}
		for _, format := range []string{FormatMarkdown, FormatHTML} {
			if out := html.UnescapeString(render(t, red, format)); !strings.Contains(out, want) {
				t.Errorf("seed %d: the %s form lacks %q", seed, format, want)
			}
		}
	}
	if !sawAny {
		t.Error("no seed had a bluff and a real move seen through: the test no longer covers them")
	}

	// An adversary that never bluffs: the allies knew its signals real.
	path := filepath.Join(t.TempDir(), "nobluffs.jsonl")
	playJournal(t, path, "tutorial", 11, "side.prc.bluffs=0")
	if r := build(t, path, "prc"); r.Red == nil || r.Red.Seen != "The allies knew every signal of Adversary to be a real move: no bluffs in this game." {
		t.Errorf("no bluffs: %+v", r.Red)
	}

	path = filepath.Join(t.TempDir(), "mid.jsonl")
	midGameJournal(t, path)
	red := build(t, path, "prc")
	if !red.InProgress || red.Red == nil || !strings.Contains(red.Red.Seen, "told once the game is over") {
		t.Fatalf("mid-game: %+v", red.Red)
	}
	for _, tr := range red.Turns {
		for _, sg := range tr.Signals {
			if !strings.HasSuffix(sg, ": known bluff") && !strings.HasSuffix(sg, ": known real") {
				t.Errorf("mid-game, week %d: %q tells what the allies' intelligence saw", tr.N, sg)
			}
		}
	}
}

// TestRedTeamsOwnMoves: a Red team's report gives its own moves that
// mattered, both ways, and its hit rate against the odds of its moves as
// the replay rolled them; it listed the allies' decisions alone.
func TestRedTeamsOwnMoves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 11)
	j := mustRead(t, path)
	c, err := j.Header.Compile()
	if err != nil {
		t.Fatal(err)
	}
	prc := c.SideIndex("prc")
	var tried, won int
	var odds sim.Fix
	_, err = journal.Replay(j, journal.Options{OnTurn: func(_ *journal.TurnResult, _ *sim.Game, res *sim.Result) error {
		for _, mv := range res.Moves {
			if mv.Side == prc {
				tried++
				odds += mv.P
				if mv.Success {
					won++
				}
			}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if tried == 0 {
		t.Fatal("no move in the game: the test no longer sets the case up")
	}
	r := build(t, path, "prc")
	want := fmt.Sprintf("%d of %d moves succeeded, against %s expected from their odds.", won, tried, odds.Format(1))
	if r.Red == nil || r.Red.HitRate != want {
		t.Fatalf("hit rate %+v, want %q", r.Red, want)
	}
	if len(r.Red.Moves) == 0 || len(r.Red.Moves) > TopN || len(r.Red.Helped) != len(r.Red.Moves) {
		t.Fatalf("moves %q, helped %v", r.Red.Moves, r.Red.Helped)
	}
	own := func(line string) bool {
		for a := range c.Actions {
			if c.Actions[a].Side == prc && strings.HasPrefix(line, c.Actions[a].Name+" (") {
				return true
			}
		}
		return false
	}
	for i, m := range r.Red.Moves {
		if !own(m) {
			t.Errorf("not one of its moves: %q", m)
		}
		// A move the whole report counts among those that hurt the allies
		// most helped the Red team.
		for _, k := range build(t, path, "").KeyMoves {
			if k == m && !r.Red.Helped[i] {
				t.Errorf("%q hurt the allies, marked as a cost to the Red team", m)
			}
		}
	}
	for _, format := range []string{FormatMarkdown, FormatHTML} {
		out := html.UnescapeString(render(t, r, format))
		for _, s := range append([]string{want, "Adversary's moves that mattered most"}, r.Red.MoveLines()...) {
			if !strings.Contains(out, s) {
				t.Errorf("the %s form lacks %q", format, s)
			}
		}
	}
	for _, side := range []string{"", "rok"} {
		if out := render(t, build(t, path, side), FormatMarkdown); strings.Contains(out, "moves that mattered most") || strings.Contains(out, "For the Red team") {
			t.Errorf("report %q has a Red team's debrief", side)
		}
	}
}

// TestNearEnds: the whole game's report and a Red team's say, for each
// end not an allied success that the game did not reach, how far each
// metric its condition compares with a number ended from its threshold;
// the end the game reached is not among them. An ally's report has none.
func TestNearEnds(t *testing.T) {
	line := regexp.MustCompile(`^(.+) \((.+)\): (.+) ended at ([0-9.]+); it needed (below|above|at least|at most) ([0-9.]+) \(([0-9.]+) short`)
	for name, set := range map[string][]string{
		"held":    nil,
		"coerced": {"end.coerced.when=final and gains > 5"},
	} {
		path := filepath.Join(t.TempDir(), "game.jsonl")
		playJournal(t, path, "tutorial", 7, set...)
		c, err := scenarios.Compile("tutorial", "", set)
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []string{"", "prc"} {
			r := build(t, path, side)
			var want []string
			for e := range c.Ends {
				if !c.Ends[e].Success && !c.Ends[e].Default && c.Ends[e].Title != r.Verdict.Title {
					want = append(want, c.Ends[e].Title)
				}
			}
			if name == "coerced" && r.Verdict.Title != "Coerced" {
				t.Fatalf("the game ended %q: the test no longer sets the case up", r.Verdict.Title)
			}
			if len(r.NearEnds) != len(want) {
				t.Fatalf("%s, side %q: %q, want one line for each of %q", name, side, r.NearEnds, want)
			}
			last := r.Turns[len(r.Turns)-1].Metrics // the metrics at the end, as the table shows them
			for i, l := range r.NearEnds {
				m := line.FindStringSubmatch(l)
				if m == nil || m[1] != want[i] {
					t.Errorf("%s: line %q, want one for %q", name, l, want[i])
					continue
				}
				k := -1
				for x := range c.Metrics {
					if c.Metrics[x].Name == m[3] {
						k = x
					}
				}
				if k < 0 || last[k] != m[4] {
					t.Errorf("%s: %q: ended at %s, the last week's table %q", name, l, m[4], last)
				}
				v, _ := strconv.ParseFloat(m[4], 64)
				th, _ := strconv.ParseFloat(m[6], 64)
				short, _ := strconv.ParseFloat(m[7], 64)
				if math.Abs(short-math.Abs(v-th)) > 0.011 { // each rounded to 2 decimals
					t.Errorf("%s: %q: %v short, |%v − %v| apart", name, l, short, v, th)
				}
			}
			for _, format := range []string{FormatMarkdown, FormatHTML} {
				out := html.UnescapeString(render(t, r, format))
				for _, l := range r.NearEnds {
					if !strings.Contains(out, l) {
						t.Errorf("the %s form lacks %q", format, l)
					}
				}
			}
		}
		if r := build(t, path, "us"); r.NearEnds != nil {
			t.Errorf("an ally's report: %q", r.NearEnds)
		}
	}
}

// TestRedTeamDebriefQuestions: a Red team's report says the scenario's
// questions are the allies' and asks its own first; the allies' reports
// ask theirs alone.
func TestRedTeamDebriefQuestions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 7)
	for _, side := range []string{"prc", "rok", ""} {
		r := build(t, path, side)
		for _, format := range []string{FormatMarkdown, FormatHTML} {
			out := html.UnescapeString(render(t, r, format))
			debrief := out[strings.Index(out, "Debrief"):]
			for _, q := range append([]string{RedDebriefNote, "For the Red team"}, RedQuestions...) {
				if has := strings.Contains(debrief, q); has != (side == "prc") {
					t.Errorf("%q's %s report: has %q: %v", side, format, q, has)
				}
			}
			first := strings.Index(debrief, r.Debrief[0])
			if first < 0 {
				t.Fatalf("%q's %s report lacks the scenario's questions", side, format)
			}
			if side == "prc" && strings.Index(debrief, RedQuestions[0]) > first {
				t.Errorf("the Red team's questions come after the allies'")
			}
		}
	}
}
