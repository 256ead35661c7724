package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestViewHidesBluffs checks fog of war: an allied View shows a signal's
// truth only when intelligence revealed it; the adversary sees its own.
func TestViewHidesBluffs(t *testing.T) {
	c := builtin(t, "tutorial")
	adv := c.SideIndex("prc")
	rok := c.SideIndex("rok")
	hidden, revealed := 0, 0
	for seed := uint64(1); seed <= 200; seed++ {
		g := sim.NewGame(c, seed)
		g.Brief()
		truth := g.Signals()
		v := g.View(rok)
		av := g.View(adv)
		if len(v.Signals) != len(truth) || len(av.Signals) != len(truth) {
			t.Fatalf("seed %d: views show %d and %d signals of %d", seed, len(v.Signals), len(av.Signals), len(truth))
		}
		for i, s := range truth {
			want := sim.Unknown
			if s.Revealed {
				want = sim.KnownBluff
				if s.Real {
					want = sim.KnownReal
				}
				revealed++
			} else {
				hidden++
			}
			if v.Signals[i].Known != want {
				t.Fatalf("seed %d: ally sees signal %d as %v, want %v", seed, i, v.Signals[i].Known, want)
			}
			if av.Signals[i].Known == sim.Unknown {
				t.Fatalf("seed %d: the adversary does not know its own signal %d", seed, i)
			}
		}
		if av.Budget != 0 || len(av.Levers) != 0 {
			t.Fatalf("seed %d: adversary view shows allied budget or levers", seed)
		}
	}
	if hidden == 0 || revealed == 0 {
		t.Fatalf("expected both hidden (%d) and revealed (%d) signals over 200 seeds", hidden, revealed)
	}
}

// TestHumanAdversary plays the adversary by hand with Plan.
func TestHumanAdversary(t *testing.T) {
	c := builtin(t, "tutorial")
	adv := c.SideIndex("prc")
	swarm, adiz, structure := -1, -1, -1
	for i, a := range c.Actions {
		switch a.ID {
		case "militia_swarm":
			swarm = i
		case "adiz_incursion":
			adiz = i
		case "steel_structure":
			structure = i
		}
	}
	g := sim.NewGame(c, 11)
	if err := g.Plan(adv, []int{swarm}, []int{adiz}); err != nil {
		t.Fatal(err)
	}
	b := g.Brief()
	if len(b.Signals) != 2 {
		t.Fatalf("got %d signals, want 2", len(b.Signals))
	}
	for _, s := range b.Signals {
		if (s.Action == swarm) != s.Real {
			t.Fatalf("signal %s real=%v", c.Actions[s.Action].ID, s.Real)
		}
	}
	o := c.NewOrders()
	r, err := g.Step(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Moves) != 1 || r.Moves[0].Action != swarm {
		t.Fatalf("moves %+v, want the swarm alone", r.Moves)
	}
	for _, bad := range []struct {
		name            string
		actions, bluffs []int
		want            string
	}{
		{"too many actions", []int{swarm, adiz}, nil, "at most 1 real move a turn"},
		{"not a bluff", []int{swarm}, []int{structure}, "cannot be shown as a bluff"},
		{"twice", []int{swarm}, []int{swarm}, "chosen twice"},
		{"allied side", nil, nil, "not an adversary"},
	} {
		side := adv
		if bad.name == "allied side" {
			side = c.SideIndex("rok")
		}
		err := g.Plan(side, bad.actions, bad.bluffs)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: got %v, want an error containing %q", bad.name, err, bad.want)
		}
	}
}

// TestPreviewMatchesStep checks that the odds Preview shows for a real move
// are the odds Step uses, and that Preview changes nothing.
func TestPreviewMatchesStep(t *testing.T) {
	c := builtin(t, "tutorial")
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	patrol := c.LeverIndex("coast_guard_patrol")
	exercise := c.LeverIndex("combined_exercise")
	for seed := uint64(1); seed <= 50; seed++ {
		g := sim.NewGame(c, seed)
		g.Brief()
		o := c.NewOrders()
		o.Set(rok, patrol, 3)
		o.Set(us, exercise, 2)
		o.Set(rok, exercise, 1)
		before := g.Hash()
		pv := g.Preview(rok, o)
		if g.Hash() != before {
			t.Fatal("Preview changed the game")
		}
		if pv.Err != nil {
			t.Fatal(pv.Err)
		}
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range r.Moves {
			found := false
			for _, mp := range pv.Moves {
				if mp.Action == m.Action {
					found = true
					if mp.P != m.P || mp.Defence != m.Defence {
						t.Fatalf("seed %d: preview p=%s def=%s, step p=%s def=%s", seed, mp.P, mp.Defence, m.P, m.Defence)
					}
					var sum sim.Fix
					for _, f := range mp.Factors {
						sum += f.Defence
					}
					if sum != mp.Defence {
						t.Fatalf("seed %d: factors sum to %s, defence %s", seed, sum, mp.Defence)
					}
				}
			}
			if !found {
				t.Fatalf("seed %d: move %s was not previewed", seed, c.Actions[m.Action].ID)
			}
		}
	}
}

// TestOrdersRefused checks that invalid orders are refused with a message
// naming the side and lever, and change nothing.
func TestOrdersRefused(t *testing.T) {
	c := builtin(t, "tutorial")
	rok := c.SideIndex("rok")
	adv := c.SideIndex("prc")
	patrol := c.LeverIndex("coast_guard_patrol")
	cases := []struct {
		name string
		set  func(o *sim.Orders)
		want string
	}{
		{"over max", func(o *sim.Orders) { o.Set(rok, patrol, 5) }, "rok: coast_guard_patrol: 5 points is over the per-turn maximum of 4"},
		{"negative", func(o *sim.Orders) { o.Set(rok, patrol, -1) }, "negative"},
		{"over budget", func(o *sim.Orders) {
			for l := range c.Levers {
				o.Set(rok, l, c.Levers[l].Max)
			}
		}, "is available this turn"},
		{"adversary lever", func(o *sim.Orders) { o.Set(adv, patrol, 1) }, "adversary"},
		{"bad choice", func(o *sim.Orders) { o.Choices[0] = 3 }, "no choice"},
	}
	for _, tc := range cases {
		g := sim.NewGame(c, 1)
		g.Brief()
		before := g.Hash()
		o := c.NewOrders()
		tc.set(o)
		_, err := g.Step(o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
		if g.Hash() != before {
			t.Errorf("%s: refused orders changed the game", tc.name)
		}
	}
}

// TestEscalationLocks checks that a rung's locks bar levers.
func TestEscalationLocks(t *testing.T) {
	c := builtin(t, "tutorial")
	g := sim.NewGame(c, 1)
	rok := c.SideIndex("rok")
	ex := c.LeverIndex("combined_exercise")
	if why := g.LeverLock(rok, ex); why != "" {
		t.Fatalf("exercise locked at start: %s", why)
	}
	s := c.Scenario.Clone()
	if err := s.Set("escalation.start", "85"); err != nil {
		t.Fatal(err)
	}
	c2, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	g = sim.NewGame(c2, 1)
	if why := g.LeverLock(rok, ex); !strings.Contains(why, "locked at rung 5 (Brink)") {
		t.Fatalf("LeverLock at escalation 85 = %q", why)
	}
	if g.MinVisible() != 1 {
		t.Fatalf("MinVisible at the brink = %d, want 1", g.MinVisible())
	}
}

// TestCauseKeys checks that every cause key round-trips and keys are dense.
func TestCauseKeys(t *testing.T) {
	c := builtin(t, "tutorial")
	seen := map[int]bool{}
	g := sim.NewGame(c, 1)
	err := sim.Play(g, policies(t, c, "balanced"), c.NewOrders(), func(o *sim.Orders, r *sim.Result) {
		for _, e := range r.Ledger {
			k := c.CauseKey(e)
			if k < 0 || k >= c.NumCauseKeys() {
				t.Fatalf("key %d of %+v out of range", k, e)
			}
			back := c.CauseOfKey(k)
			if back.Kind != e.Kind || back.Cause != e.Cause || (e.Kind != sim.CauseAction && back.Side != e.Side) || (e.Kind == sim.CauseChoice && back.Choice != e.Choice) {
				t.Fatalf("key %d: %+v came back as %+v", k, e, back)
			}
			if c.CauseID(back) != c.CauseID(e) {
				t.Fatalf("key %d: cause id %q came back as %q", k, c.CauseID(e), c.CauseID(back))
			}
			seen[k] = true
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 5 {
		t.Fatalf("only %d distinct causes in a game", len(seen))
	}
}

// TestDescribeTinyChange: a change too small for a metric's two decimals
// (a rounding entry) shows its size rather than "+0.00".
func TestDescribeTinyChange(t *testing.T) {
	c := builtin(t, "tutorial")
	for _, tc := range []struct {
		delta sim.Fix
		want  string
	}{
		{1, "rounding +0.0001"},
		{-2, "rounding −0.0002"},
		{-150, "rounding −0.02"}, // −0.015 shows at two decimals
		{12345, "rounding +1.23"},
	} {
		e := sim.Entry{Metric: sim.MDeterrence, Kind: sim.CauseRounding, Cause: -1, Side: -1, Choice: -1, Via: -1, Delta: tc.delta, Roll: -1}
		if got := c.DescribeEntry(e); got != tc.want {
			t.Errorf("delta %d: %q, want %q", tc.delta, got, tc.want)
		}
	}
}

// An over-budget order names the spend and what is available with as many
// decimals as tell them apart: a budget of 6.96 (rounded, 7.0) against 7
// points said "spends 7.0 but only 7.0 is available this turn".
func TestOverBudgetSaysByHowMuch(t *testing.T) {
	s := loadTutorial(t)
	if err := s.Set("side.us.budget", "6.96"); err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	us := c.SideIndex("us")
	avail := g.Available(us)
	if avail.Format(1) != "7.0" {
		t.Fatalf("the United States has %s available: the test needs one that rounds to 7.0 and is under 7", avail.Format(4))
	}
	o := c.NewOrders()
	need := sim.FixInt(7)
	for l := range c.Levers { // 7 points' worth, at cost 1 each
		for p := 1; p <= c.Levers[l].Max && need > 0 && c.Levers[l].Cost == sim.One && c.Levers[l].Sides&(1<<us) != 0; p++ {
			o.Set(us, l, p)
			need -= sim.One
		}
	}
	err = g.Check(o)
	if err == nil || !strings.Contains(err.Error(), "spends 7.00 but only 6.96 is available this turn") {
		t.Fatalf("Check: %v, want it to say spends 7.00 but only 6.96", err)
	}
}
