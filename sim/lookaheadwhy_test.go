package sim_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"lattice/sim"
)

// LookaheadWhy records the choice lookahead then makes: the doctrine it
// names is the one whose plan the side gets, its futures scored best, and
// the game is left as it was.
func TestLookaheadWhyIsTheChoice(t *testing.T) {
	la, err := sim.PolicyByName("lookahead")
	if err != nil {
		t.Fatal(err)
	}
	doctrines := sim.Doctrines()
	for _, id := range []string{"gray-zone", "taiwan-strait", "thaad-pressure"} {
		c := builtin(t, id)
		chose := map[string]bool{}
		for seed := uint64(1); seed <= 3; seed++ {
			g := sim.NewGame(c, seed)
			o := c.NewOrders()
			for !g.Over() {
				g.Brief()
				for _, s := range c.Alliance() {
					before := g.Hash()
					why, ok := g.LookaheadWhy(la, s)
					if !ok {
						t.Fatalf("%s seed %d turn %d: no choice recorded for %s", id, seed, g.Turn(), c.Sides[s].ID)
					}
					if g.Hash() != before {
						t.Fatalf("%s: LookaheadWhy changed the game", id)
					}
					text := c.WhyLookahead(why, -1)
					if why.Same {
						if why.Futures != nil || !strings.Contains(text, "alike") {
							t.Fatalf("%s: a choice without futures: %+v %q", id, why, text)
						}
					} else {
						if len(why.Futures) != len(doctrines) {
							t.Fatalf("%s: %d doctrines weighed, want %d", id, len(why.Futures), len(doctrines))
						}
						for k, f := range why.Futures {
							if f.Doctrine != doctrines[k] || f.Played != 8 || f.Won+f.Lost > f.Played || f.True > f.Won || f.Objective > f.Played {
								t.Fatalf("%s: futures of %s: %+v", id, doctrines[k], f)
							}
							if f.Score > why.Futures[why.Chosen].Score || f.Score == why.Futures[why.Chosen].Score && k < why.Chosen {
								t.Fatalf("%s: chose %s (score %v) over %s (%v)", id, doctrines[why.Chosen], why.Futures[why.Chosen].Score, f.Doctrine, f.Score)
							}
						}
						if !strings.HasPrefix(text, "chose "+doctrines[why.Chosen]+", every ally playing it from here: ") {
							t.Fatalf("%s: %q does not name %s", id, text, doctrines[why.Chosen])
						}
						chose[doctrines[why.Chosen]] = true
					}
					// Choose plans as Plan does and says what LookaheadWhy said.
					if got := la.(sim.Lookahead).Choose(g, s, o); !reflect.DeepEqual(got, why) {
						t.Fatalf("%s seed %d turn %d: Choose said %+v, LookaheadWhy %+v", id, seed, g.Turn(), got, why)
					}
					if !slices.Equal(o.Side(s), why.Points) {
						t.Fatalf("%s seed %d turn %d: lookahead played %v, its recorded choice %v", id, seed, g.Turn(), o.Side(s), why.Points)
					}
					// Its reasons lever by lever are the chosen doctrine's
					// plan's: each lever it put points on, with them.
					reasoned := make([]int, len(c.Levers))
					for _, r := range why.Reasons {
						reasoned[r.Lever] = r.Points
					}
					if !slices.Equal(reasoned, why.Points) {
						t.Fatalf("%s seed %d turn %d: reasons for %v, played %v", id, seed, g.Turn(), reasoned, why.Points)
					}
				}
				if _, err := g.Step(o); err != nil {
					t.Fatal(err)
				}
				o.Clear()
			}
		}
		if len(chose) < 2 {
			t.Errorf("%s: lookahead chose only %v in three games: does it weigh anything?", id, chose)
		}
	}
	// Not a lookahead: nothing to say.
	c := builtin(t, "tutorial")
	b, _ := sim.PolicyByName("balanced")
	if _, ok := sim.NewGame(c, 1).LookaheadWhy(b, c.Alliance()[0]); ok {
		t.Error("LookaheadWhy answered for balanced")
	}
}

// WhyLookahead names the doctrine chosen, its futures won and truly won,
// those the horizon left unfinished, the side's own objective to the side
// (or the whole game) alone, and what ranked it first where its futures'
// ends did not.
func TestWhyLookaheadWords(t *testing.T) {
	c := builtin(t, "taiwan-strait")
	side, other := c.Alliance()[0], c.Alliance()[1]
	if c.Sides[side].ObjectiveWhen.Empty() {
		t.Fatalf("%s has no objective: pick a side that has", c.Sides[side].ID)
	}
	ch := sim.LookaheadChoice{Side: side, Chosen: 1, Futures: []sim.DoctrineFutures{
		{Doctrine: "balanced", Played: 8, Won: 5, Lost: 3, True: 1, Objective: 2},
		{Doctrine: "deterrence-first", Played: 8, Won: 6, Lost: 1, True: 3, Objective: 4},
		{Doctrine: "resilience-first", Played: 8, Won: 3, Lost: 5},
	}}
	want := "chose deterrence-first, every ally playing it from here: 6 of 8 futures won, 3 truly, 1 unfinished at the horizon, its own objective met in 4 (balanced won 5, 1 truly, own 2; resilience-first won 3, 0 truly, own 0)"
	for _, viewer := range []int{-1, side} {
		if got := c.WhyLookahead(ch, viewer); got != want {
			t.Errorf("to %d:\ngot  %q\nwant %q", viewer, got, want)
		}
	}
	// To another side, its objective is private.
	want = "chose deterrence-first, every ally playing it from here: 6 of 8 futures won, 3 truly, 1 unfinished at the horizon (balanced won 5, 1 truly; resilience-first won 3, 0 truly)"
	if got := c.WhyLookahead(ch, other); got != want {
		t.Errorf("to the other ally:\ngot  %q\nwant %q", got, want)
	}
	// Fewer wins, chosen for its objective: the other side is told that
	// something private weighed.
	ch.Futures[0] = sim.DoctrineFutures{Doctrine: "balanced", Played: 8, Won: 6, Lost: 1, True: 3, Objective: 0}
	if got := c.WhyLookahead(ch, other); !strings.HasSuffix(got, "; its own objective, which is private, weighed too") {
		t.Errorf("an objective that weighed, to the other side: %q", got)
	}
	if got := c.WhyLookahead(ch, side); strings.Contains(got, "weighed") || strings.Contains(got, "metrics") {
		t.Errorf("to the side, the figures say it: %q", got)
	}
	// Futures that ended as well or better: the metrics chose.
	ch.Futures[0].Objective = 4
	ch.Futures[2] = sim.DoctrineFutures{Doctrine: "resilience-first", Played: 8, Won: 7, Lost: 1, True: 3, Objective: 4}
	if got := c.WhyLookahead(ch, -1); !strings.HasSuffix(got, "; the metrics its futures ended with put it ahead of balanced and resilience-first") {
		t.Errorf("a choice the metrics made: %q", got)
	}
	// No future reached an end: every doctrine ties on the ends.
	for k := range ch.Futures {
		ch.Futures[k] = sim.DoctrineFutures{Doctrine: ch.Futures[k].Doctrine, Played: 8}
	}
	want = "chose deterrence-first, every ally playing it from here: 0 of 8 futures won, 0 truly, 8 unfinished at the horizon, its own objective met in 0 (balanced won 0, 0 truly, 8 unfinished, own 0; resilience-first won 0, 0 truly, 8 unfinished, own 0); the metrics its futures ended with put it ahead of balanced and resilience-first"
	if got := c.WhyLookahead(ch, -1); got != want {
		t.Errorf("no ends:\ngot  %q\nwant %q", got, want)
	}
	if got := c.WhyLookahead(sim.LookaheadChoice{Side: side, Same: true}, -1); !strings.Contains(got, "alike") {
		t.Errorf("a choice without futures: %q", got)
	}
}
