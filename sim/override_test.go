package sim_test

import (
	"strconv"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

func loadTutorial(t *testing.T) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSetRefuses checks what Set refuses, and that each refusal says what
// to do instead: an id (renaming an entry through --set broke every
// reference to it, reported at lines of the file that were right), a list,
// a whole table, a difficulty level's set table.
func TestSetRefuses(t *testing.T) {
	s := loadTutorial(t)
	tests := []struct{ path, value, want string }{
		{"id", "other", "an id cannot be set"},
		{"side.rok.id", "korea", "an id cannot be set"},
		{"metric.cohesion.id", "unity", "an id cannot be set"},
		{"lever.combined_exercise.serves", "x", "a list cannot be set; edit it in the file"},
		{"lever.combined_exercise.effect", "3", "a table cannot be set; set one of its keys"},
		{"deterrence.capability", "0.5", "a table cannot be set; set one of its keys"},
		{"difficulty.hard.set.turns", "3", "set table cannot be changed; --set the key itself"},
		{"side.rok.budget", "six", `expected a number, got "six"`},
		{"side.rok.budget", "1e400", `expected a finite number of reasonable size, got "1e400"`},
		{"lever.combined_exercise.max", "2.5", `expected an integer, got "2.5"`},
		// An entry not near any id lists the ids (the keys printed beneath
		// stop at forty, before most of them).
		{"side.nosuch.budget", "5", `no entry "nosuch"; the entries are rok, us, prc`},
		{"side.rk.budget", "5", `no entry "rk" (did you mean "rok"?)`},
	}
	for _, tt := range tests {
		c := s.Clone()
		err := c.Set(tt.path, tt.value)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%q, %q) = %v, want an error containing %q", tt.path, tt.value, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "of this kind") {
			t.Errorf("Set(%q, %q): %v: names a Go kind", tt.path, tt.value, err)
		}
	}
}

// TestSetIntegerAsFloat checks that an integer key takes "6.0" on the
// command line, as it takes 6.0 in a file.
func TestSetIntegerAsFloat(t *testing.T) {
	s := loadTutorial(t).Clone()
	for _, v := range []string{"3.0", " 3 ", "3"} {
		if err := s.Set("lever.combined_exercise.max", v); err != nil {
			t.Fatalf("Set(max, %q): %v", v, err)
		}
		if got := s.Value("lever.combined_exercise.max"); got != "3" {
			t.Errorf("after Set(max, %q): max = %s, want 3", v, got)
		}
	}
	if _, err := sim.Compile(s); err != nil {
		t.Fatal(err)
	}
}

// TestSetUnknownUnderIndex: a mistyped key under a list element is named,
// and the suggestion written, as paths are written ("modifier[0].factor",
// not "modifier.[0].factor").
func TestSetUnknownUnderIndex(t *testing.T) {
	s := loadTutorial(t)
	err := s.Clone().Set("action.wedge_message.modifier[0].facter", "2")
	want := `no key "facter" under action.wedge_message.modifier[0] (did you mean "action.wedge_message.modifier[0].factor"?)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Set: %v, want an error containing %q", err, want)
	}
}

// TestValueShowsTheDefaultTheEngineUses: a key the file leaves out shows,
// in lattice keys, the value the compiled scenario actually uses (an author
// reading "cost = 0" for a lever left at its default took it to be free).
func TestValueShowsTheDefaultTheEngineUses(t *testing.T) {
	s := loadTutorial(t)
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	check := func(path, engine string) {
		t.Helper()
		got := s.Value(path)
		d, ok := strings.CutPrefix(got, "(default: ")
		if !ok {
			return // set in the file
		}
		checked++
		if d = strings.TrimSuffix(d, ")"); d != engine {
			t.Errorf("Value(%q) = %s, but the engine uses %s", path, got, engine)
		}
	}
	for _, l := range c.Levers {
		p := "lever." + l.ID + "."
		check(p+"cost", l.Cost.String())
		check(p+"max", strconv.Itoa(l.Max))
		check(p+"joint", l.Joint.String())
		check(p+"solo", l.Solo.String())
		check(p+"visible", map[bool]string{true: "true", false: "false"}[l.Visible])
		if len(l.Cum) > 2 {
			check(p+"diminish", (l.Cum[2] - l.Cum[1]).String())
		}
		if s.Value(p+"name") == "(default: the id)" && l.Name != l.ID {
			t.Errorf("lever %s: name shown as the id, engine uses %q", l.ID, l.Name)
		}
	}
	for _, a := range c.Actions {
		check("action."+a.ID+".weight", a.Weight.String())
		if got := s.Value("action." + a.ID + ".side"); got == "(default: the only adversary)" {
			checked++
			n := 0
			for _, sd := range c.Sides {
				if sd.Adversary {
					n++
				}
			}
			if n != 1 {
				t.Errorf("action %s: side shown as the only adversary, but there are %d", a.ID, n)
			}
		}
	}
	for i, r := range c.Rungs {
		check("escalation.rung["+strconv.Itoa(i)+"].name", r.Name)
	}
	for _, sd := range c.Sides {
		if sd.Adversary {
			check("side."+sd.ID+".aim", sd.Aim.String())
		}
	}
	for _, d := range c.Domains {
		check("domain."+d.ID+".k", d.K.String())
	}
	if checked < 5 {
		t.Fatalf("only %d keys left to their default were checked; the test no longer exercises defaults", checked)
	}
}

// TestPathsOmitTheOtherTeamsKeys: an allied side is not offered the
// adversary's doctrine keys (actions, bluffs, aim), nor an adversary the
// allied policy key; Set refuses both after Compile.
func TestPathsOmitTheOtherTeamsKeys(t *testing.T) {
	s := loadTutorial(t)
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{}
	for _, p := range s.Paths() {
		paths[p] = true
	}
	for _, sd := range c.Sides {
		for _, k := range []string{"actions", "bluffs", "aim"} {
			if got := paths["side."+sd.ID+"."+k]; got != sd.Adversary {
				t.Errorf("side.%s.%s offered = %v, want %v", sd.ID, k, got, sd.Adversary)
			}
		}
		if got := paths["side."+sd.ID+".policy"]; got == sd.Adversary {
			t.Errorf("side.%s.policy offered = %v, want %v", sd.ID, got, !sd.Adversary)
		}
	}
}

// TestValueShowsPolicyAndLevelNameDefaults: lattice keys showed a side's
// policy and a difficulty level's name left out as "" rather than what is
// used: balanced, and the level's id.
func TestValueShowsPolicyAndLevelNameDefaults(t *testing.T) {
	s := loadTutorial(t).Clone()
	s.Sides[0].Policy = ""
	s.Difficulty[0].Name = ""
	if got := s.Value("side." + s.Sides[0].ID + ".policy"); got != "(default: balanced)" {
		t.Errorf("policy left out: %s", got)
	}
	if got := s.Value("difficulty." + s.Difficulty[0].ID + ".name"); got != "(default: the id)" {
		t.Errorf("level name left out: %s", got)
	}
	// A metric's category left out is other (it showed as "").
	s.Metrics[0].Category = ""
	if got := s.Value("metric." + s.Metrics[0].ID + ".category"); got != "(default: other)" {
		t.Errorf("category left out: %s", got)
	}
}

// A default that says what it means does so without brackets inside the
// brackets lattice keys puts it in: "(default: none (always available))"
// read as a typo.
func TestDefaultsNestNoBrackets(t *testing.T) {
	s := loadTutorial(t)
	n := 0
	for _, p := range s.Paths() {
		if d, ok := strings.CutPrefix(s.Value(p), "(default: "); ok {
			n++
			if strings.ContainsAny(strings.TrimSuffix(d, ")"), "()") {
				t.Errorf("%s = %s", p, s.Value(p))
			}
		}
	}
	if n == 0 {
		t.Fatal("no defaults listed")
	}
}

// A --set of 0 on a key whose 0 the file reads as "left out" (a lever's
// cost or max) is refused: it was played as the default while the run was
// labelled with 0 (a sweep's cost=0,1,2 played cost 1 twice). A 0 of its
// own (an optional key such as chance, or one whose default is 0) is set.
func TestSetZeroThatMeansDefault(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"lever.combined_exercise.cost", "lever.combined_exercise.cost: 0 here stands for the default 1, so it would be played as that: give the value itself"},
		{"lever.combined_exercise.max", "lever.combined_exercise.max: 0 here stands for the default 5"},
		{"inject.dprk_test.chance", ""},
		{"side.prc.bluffs", ""},
	} {
		s, err := scenarios.Open("tutorial")
		if err != nil {
			t.Fatal(err)
		}
		err = s.Set(tc.path, "0")
		if tc.want == "" {
			if err != nil || s.Value(tc.path) != "0" {
				t.Errorf("Set(%s, 0): %v, value %s", tc.path, err, s.Value(tc.path))
			}
		} else if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Set(%s, 0): %v, want %q", tc.path, err, tc.want)
		}
	}
}

// --set difficulty=hard points to --difficulty and compare, not to the
// file ("a list cannot be set; edit it in the file").
func TestSetDifficultyPointsToTheFlag(t *testing.T) {
	s, err := scenarios.Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("difficulty", "hard"); err == nil || !strings.Contains(err.Error(), "chosen with --difficulty LEVEL, not --set") || !strings.Contains(err.Error(), "lattice compare") {
		t.Errorf("Set(difficulty, hard): %v", err)
	}
}
