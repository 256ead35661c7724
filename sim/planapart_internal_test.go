package sim

import "testing"

// TestApartCopyDrawsAfreshEachTurn: the copy PlanApart plans on draws the
// side's planning stream mixed with the turn, so two turns never start
// from the same numbers, while the game's own stream stays where it is.
func TestApartCopyDrawsAfreshEachTurn(t *testing.T) {
	s, err := Parse("mini.toml", []byte(miniApart))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGame(c, 3)
	k := numFixedStreams + c.SideIndex("rok")
	own := g.st.rng[k]
	seen := map[uint64]bool{}
	for !g.Over() {
		g.Brief()
		n := g.apartCopy(c.SideIndex("rok"))
		if seen[n.st.rng[k].s] {
			t.Errorf("turn %d draws from where an earlier turn did", g.Turn())
		}
		seen[n.st.rng[k].s] = true
		if _, err := g.Step(c.NewOrders()); err != nil {
			t.Fatal(err)
		}
	}
	if g.st.rng[k] != own || len(seen) < 3 {
		t.Errorf("the game's own stream moved (%v, was %v), or %d turns", g.st.rng[k], own, len(seen))
	}
}

const miniApart = `format = 1
id = "mini"
title = "Mini"
turns = 4

[[domain]]
id = "maritime"

[[side]]
id = "rok"
team = "alliance"
budget = 6

[[side]]
id = "prc"
team = "adversary"

[[metric]]
id = "cohesion"
start = 60

[[lever]]
id = "patrol"
effect = { cohesion = 1 }

[[action]]
id = "swarm"
domain = "maritime"
success = { cohesion = -2 }

[[end]]
id = "held"
success = true
`
