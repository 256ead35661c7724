package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestSetRoundedRanges checks that a value set through --set (Scenario.Set,
// then Compile, as lattice run --set and batch sweeps do) meets the same
// range checks as one written in the file. A value that must not be 0 is
// checked as played, rounded to 4 decimals: a chance of 0.00004 played as
// "no chance" (the inject fired on every turn its when held), a budget of
// 0.00001 as 0. A limit is checked as written, as the schema checks it.
func TestSetRoundedRanges(t *testing.T) {
	tests := []struct{ path, value, want string }{
		{"inject.dprk_test.chance", "0.00004", "inject.dprk_test.chance: chance 4e-05 rounds to 0"},
		{"inject.collision.chance", "0", ""}, // switched off; see TestChanceZeroNeverFires
		{"inject.fishing_season.chance", "0", "inject.fishing_season.chance: an inject is scheduled (turn) or random (chance), not both"},
		{"inject.collision.chance", "1.00004", "inject.collision.chance: chance must be a probability between 0 and 1, not 1.00004"}, // beyond 1 as written, though it rounds to 1
		{"inject.collision.chance", "0.0001", ""},
		{"side.rok.budget", "0.00001", "side.rok.budget: budget 1e-05 rounds to 0"},
		{"side.rok.budget", "0", "side.rok.budget: an allied side needs a budget of more than 0"},
		{"lever.combined_exercise.diminish", "0.00001", "lever.combined_exercise.diminish: diminish must be between 0.0001 and 1"},
	}
	for _, tt := range tests {
		s := loadTutorial(t)
		if err := s.Set(tt.path, tt.value); err != nil {
			t.Fatalf("Set(%s, %s): %v", tt.path, tt.value, err)
		}
		_, err := sim.Compile(s)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s = %s: %v, want no error", tt.path, tt.value, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s = %s: got %v, want an error containing %q", tt.path, tt.value, err, tt.want)
		}
	}
}

// TestChanceZeroNeverFires: chance = 0 switches a random inject off (the
// first value of a sweep such as --set inject.X.chance=0,0.25,0.5), also on
// an inject whose file leaves chance out, which then becomes random. It
// fired on every turn its when held, since the engine told a random inject
// by its chance being above 0.
func TestChanceZeroNeverFires(t *testing.T) {
	fired := func(s *sim.Scenario, id string) (n int) {
		t.Helper()
		c, err := sim.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		i := -1
		for k, in := range c.Injects {
			if in.ID == id {
				i = k
			}
		}
		for seed := uint64(1); seed <= 100; seed++ {
			g := sim.NewGame(c, seed)
			if err := sim.Play(g, policies(t, c, "balanced"), c.NewOrders(), func(_ *sim.Orders, r *sim.Result) {
				for _, f := range r.Injects {
					if f.Inject == i {
						n++
					}
				}
			}); err != nil {
				t.Fatal(err)
			}
		}
		return n
	}
	base := loadTutorial(t)
	if n := fired(base, "dprk_test"); n == 0 {
		t.Fatal("dprk_test never fires as written; pick another inject")
	}
	off := base.Clone()
	if err := off.Set("inject.dprk_test.chance", "0"); err != nil {
		t.Fatal(err)
	}
	if n := fired(off, "dprk_test"); n != 0 {
		t.Errorf("chance = 0: fired %d times", n)
	}
	// An inject with a when and no chance fires when the when holds;
	// --set chance=0 makes it random, and switched off.
	when := base.Clone()
	for k, v := range map[string]string{"inject.research_vessel.turn": "0", "inject.research_vessel.when": "turn >= 2"} {
		if err := when.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if n := fired(when, "research_vessel"); n != 100 {
		t.Fatalf("research_vessel with when = turn >= 2 fired %d times in 100 games, want 100", n)
	}
	if err := when.Set("inject.research_vessel.chance", "0"); err != nil {
		t.Fatal(err)
	}
	if n := fired(when, "research_vessel"); n != 0 {
		t.Errorf("research_vessel with a when and chance = 0 fired %d times", n)
	}
}

// TestTitleBuiltInCode checks that a scenario built in code, with no file
// positions, compiles with its title; and that --set title to blanks is
// refused as blank, not as missing.
func TestTitleBuiltInCode(t *testing.T) {
	s := &sim.Scenario{Format: 1, ID: "mini", Title: "Minimal", Turns: 3,
		Sides:  []sim.Side{{ID: "rok", Team: "alliance", Budget: 5}},
		Levers: []sim.Lever{{ID: "drill", Effect: map[string]float64{"capability": 0.01}}},
		Ends:   []sim.End{{ID: "held", Success: true}}}
	if _, err := sim.Compile(s); err != nil {
		t.Errorf("a scenario built in code: %v", err)
	}
	s.Title = ""
	if _, err := sim.Compile(s); err == nil || !strings.Contains(err.Error(), "title: missing title") {
		t.Errorf("no title: got %v, want missing title", err)
	}
	u := loadTutorial(t)
	if err := u.Set("title", "  "); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Compile(u); err == nil || !strings.Contains(err.Error(), "title: title is blank") {
		t.Errorf("--set title to blanks: got %v, want title is blank", err)
	}
}
