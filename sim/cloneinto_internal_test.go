package sim

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCloneIntoIsClone: a copy made into a scratch Game that has played
// other games, of this scenario and of others (cloneInto, as Lookahead
// reuses one), plays on exactly as a fresh Clone does: turn by turn the
// same briefing, the same plans (a lookahead ally among the planners, and
// the leads AI allies follow switched on and off between copies), the same
// ledger and the same hash; and playing either copy leaves the original as
// it was, unhashed scratch (its ledger, moves, events) included.
func TestCloneIntoIsClone(t *testing.T) {
	// The built-in scenarios, read from their directory: package
	// scenarios imports sim, so an internal test cannot import it.
	files, err := filepath.Glob("../scenarios/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	var scratch Game // shared by every scenario: the n.c != g.c path too
	for _, file := range files {
		s, err := Load(os.DirFS("../scenarios"), filepath.Base(file))
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(file), ".toml")
		bal, _ := PolicyByName("balanced")
		pols := make([]Policy, len(c.Sides))
		for k, a := range c.alliance {
			pols[a] = bal
			if k == 0 {
				pols[a] = Lookahead{Depth: 2, Samples: 2}
			}
		}
		lead := make([]bool, len(c.Sides))
		for seed := uint64(1); seed <= 4; seed++ {
			g := NewGame(c, seed)
			o := c.NewOrders()
			for turn := 0; !g.Over(); turn++ {
				if turn%2 == 1 {
					g.Brief() // copy a briefed game too
				}
				// Leads on for some copies and off for others, so that
				// the scratch's planner meets a change of leads.
				lead[c.alliance[0]] = (int(seed)+turn)%3 == 0
				g.FollowLeads(lead)
				fresh := g.Clone()
				g.cloneInto(&scratch)
				if fresh.Hash() != scratch.Hash() {
					t.Fatalf("%s seed %d turn %d: cloneInto's hash differs from Clone's", id, seed, turn)
				}
				if !slices.Equal(scratch.BriefingLedger(), g.BriefingLedger()) || !slices.Equal(fresh.BriefingLedger(), g.BriefingLedger()) {
					t.Fatalf("%s seed %d turn %d: a copy's briefing ledger differs from the original's", id, seed, turn)
				}
				before, ledger, moves := g.Hash(), slices.Clone(g.ledger), slices.Clone(g.moves)
				fired := slices.Clone(g.fired)
				playAlike(t, fresh, &scratch, pols, id, seed, turn)
				if g.Hash() != before || !slices.Equal(g.ledger, ledger) || !slices.Equal(g.moves, moves) || !slices.Equal(g.fired, fired) {
					t.Fatalf("%s seed %d turn %d: playing the copies changed the original", id, seed, turn)
				}
				g.Brief()
				o.Clear()
				g.PlanSides(pols, o)
				if _, err := g.Step(o); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// playAlike plays a and b to their ends side by side with pols, failing at
// the first turn whose briefing, orders, ledger or hash differ.
func playAlike(t *testing.T, a, b *Game, pols []Policy, id string, seed uint64, from int) {
	t.Helper()
	oa, ob := a.c.NewOrders(), b.c.NewOrders()
	for turn := from; !a.Over() || !b.Over(); turn++ {
		if a.Over() != b.Over() {
			t.Fatalf("%s seed %d from turn %d: one copy ended at turn %d, the other did not", id, seed, from, turn)
		}
		ba, bb := a.Brief(), b.Brief()
		if ba.Turn != bb.Turn || !slices.Equal(ba.Injects, bb.Injects) || !slices.Equal(ba.Signals, bb.Signals) ||
			!slices.Equal(a.BriefingLedger(), b.BriefingLedger()) {
			t.Fatalf("%s seed %d from turn %d: briefings differ at turn %d", id, seed, from, turn)
		}
		oa.Clear()
		ob.Clear()
		a.PlanSides(pols, oa)
		b.PlanSides(pols, ob)
		if !slices.Equal(oa.Points, ob.Points) || !slices.Equal(oa.Choices, ob.Choices) {
			t.Fatalf("%s seed %d from turn %d: plans differ at turn %d", id, seed, from, turn)
		}
		ra, err := a.Step(oa)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.Step(ob)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ra.Ledger, rb.Ledger) || !slices.Equal(ra.Moves, rb.Moves) || a.Hash() != b.Hash() {
			t.Fatalf("%s seed %d from turn %d: results differ at turn %d", id, seed, from, turn)
		}
	}
}
