package sim_test

// Tests for a scenario author's review of the format: the default
// commitment shortfall under overrides, messages that fit what was
// written, and warnings for content that cannot act.

import (
	"slices"
	"strings"
	"testing"

	"lattice/sim"
)

// shortHead is quietHead with two levers: patrol, invisible, which the
// balanced policy buys, and show, visible but worth nothing to it, so that
// the allies fall short of the visible commitment every turn and pay the
// shortfall.
const shortHead = quietHead + `
[[lever]]
id = "patrol"
visible = false
effect = { cohesion = 1 }
defend = { maritime = 1 }

[[lever]]
id = "show"
effect = { cohesion = -1 }
`

// gameHash plays s to its end with the balanced policy and returns the
// game's hash.
func gameHash(t *testing.T, s *sim.Scenario) uint64 {
	t.Helper()
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 7)
	if err := sim.Play(g, policies(t, c, "balanced"), c.NewOrders(), nil); err != nil {
		t.Fatal(err)
	}
	return g.Hash()
}

// A --set of one commitment.shortfall entry, on a file that gives no
// shortfall table, starts from the default table (resolve −0.01,
// cohesion −1): the documented default set explicitly plays the same
// game, where it used to make a table of that entry alone and drop the
// other.
func TestShortfallOverrideStartsFromTheDefault(t *testing.T) {
	parse := func(src string) *sim.Scenario {
		s, err := sim.Parse("mini.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := parse(shortHead)
	want := gameHash(t, base)
	set := func(s *sim.Scenario, kv ...string) *sim.Scenario {
		c := s.Clone()
		for i := 0; i < len(kv); i += 2 {
			if err := c.Set(kv[i], kv[i+1]); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	for _, kv := range [][]string{
		{"commitment.shortfall.resolve", "-0.01"},
		{"commitment.shortfall.cohesion", "-1"},
		{"commitment.shortfall.resolve", "-0.01", "commitment.shortfall.cohesion", "-1"},
	} {
		if got := gameHash(t, set(base, kv...)); got != want {
			t.Errorf("--set %v, the default's own value: hash %016x, want %016x, the game without it", kv, got, want)
		}
	}
	// The game pays the shortfall: another value plays another game.
	if gameHash(t, set(base, "commitment.shortfall.cohesion", "-2")) == want {
		t.Fatal("cohesion -2 a point short plays the game of -1: the test's allies are never short")
	}
	// Changing one entry keeps the other.
	c, err := sim.Compile(set(base, "commitment.shortfall.resolve", "-0.02"))
	if err != nil {
		t.Fatal(err)
	}
	if got := shortfallText(c); got != "resolve -0.02, cohesion -1" {
		t.Errorf("shortfall after --set resolve=-0.02: %s, want resolve -0.02, cohesion -1", got)
	}
	// So does a difficulty level's key.
	lv, err := parse(shortHead + "\n[[difficulty]]\nid = \"hard\"\nset = { \"commitment.shortfall.cohesion\" = -2 }\n").WithDifficulty("hard")
	if err != nil {
		t.Fatal(err)
	}
	if c, err = sim.Compile(lv); err != nil {
		t.Fatal(err)
	}
	if got := shortfallText(c); got != "resolve -0.01, cohesion -2" {
		t.Errorf("shortfall at level hard: %s, want resolve -0.01, cohesion -2", got)
	}
	// A file's own table still replaces the default: a key set adds to it
	// and brings back nothing of the default.
	own := parse(shortHead + "\n[commitment]\nshortfall = { cohesion = -3 }\n")
	if c, err = sim.Compile(set(own, "commitment.shortfall.resolve", "-0.05")); err != nil {
		t.Fatal(err)
	}
	if got := shortfallText(c); got != "resolve -0.05, cohesion -3" {
		t.Errorf("the file's table with --set resolve=-0.05: %s, want resolve -0.05, cohesion -3", got)
	}
	if c, err = sim.Compile(set(own, "commitment.shortfall.cohesion", "-1")); err != nil {
		t.Fatal(err)
	}
	if got := shortfallText(c); got != "cohesion -1" {
		t.Errorf("the file's table with --set cohesion=-1: %s, want cohesion -1 alone", got)
	}
}

// shortfallText writes a compiled shortfall as "resolve -0.01, cohesion -1".
func shortfallText(c *sim.Compiled) string {
	var parts []string
	for _, e := range c.Shortfall {
		parts = append(parts, c.Metrics[e.Metric].ID+" "+e.Delta.String())
	}
	return strings.Join(parts, ", ")
}

// lattice keys lists the default shortfall's entries of a file that
// leaves the table out, marked as defaults, and a file's own entries as
// written.
func TestKeysListTheDefaultShortfall(t *testing.T) {
	s, err := sim.Parse("mini.toml", []byte(shortHead))
	if err != nil {
		t.Fatal(err)
	}
	paths := s.Paths()
	for k, want := range map[string]string{"commitment.shortfall.resolve": "(default: -0.01)", "commitment.shortfall.cohesion": "(default: -1)"} {
		if !slices.Contains(paths, k) {
			t.Errorf("Paths lacks %s", k)
		}
		if got := s.Value(k); got != want {
			t.Errorf("Value(%s) = %q, want %q", k, got, want)
		}
	}
	// Without a cohesion metric the default is resolve alone.
	noCohesion := strings.NewReplacer("id = \"cohesion\"", "id = \"trust\"", "cohesion =", "trust =").Replace(shortHead)
	if s, err = sim.Parse("mini.toml", []byte(noCohesion)); err != nil {
		t.Fatal(err)
	}
	if got := s.Value("commitment.shortfall.cohesion"); got != "" || slices.Contains(s.Paths(), "commitment.shortfall.cohesion") {
		t.Errorf("no cohesion metric, yet commitment.shortfall.cohesion is listed (%q)", got)
	}
	if s, err = sim.Parse("mini.toml", []byte(shortHead+"\n[commitment]\nshortfall = { cohesion = -3 }\n")); err != nil {
		t.Fatal(err)
	}
	if got := s.Value("commitment.shortfall.cohesion"); got != "-3" {
		t.Errorf("the file's own entry: %q, want -3", got)
	}
	if slices.Contains(s.Paths(), "commitment.shortfall.resolve") {
		t.Error("a file's own shortfall table is listed with the default's resolve entry, which it replaces")
	}
}

// Every key a file leaves out shows its default, as visible = (default:
// true) did, not the zero value as if written (bluff = false, delay = 0);
// a key written shows as written, even at its default.
func TestKeysMarkEveryDefault(t *testing.T) {
	src := shortHead + `
[[inject]]
id = "storm"
turn = 2
effect = { cohesion = -1 }
`
	s, err := sim.Parse("mini.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Compile(s); err != nil { // as lattice keys does first
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"action.swarm.bluff":       "(default: false)",
		"action.swarm.pressure":    "(default: 0)",
		"lever.patrol.delay":       "(default: 0)",
		"lever.patrol.upkeep":      "(default: 0)",
		"lever.patrol.converge":    "(default: 0)",
		"lever.patrol.visible":     "false",
		"lever.show.visible":       "(default: true)",
		"inject.storm.repeat":      "(default: false)",
		"inject.storm.turn":        "2",
		"end.held.guard":           "(default: false)",
		"end.held.success":         "true",
		"side.prc.bluffs":          "(default: 0)",
		"metric.cohesion.decay":    "(default: 0)",
		"commitment.disabled":      "(default: false)",
		"summary":                  `(default: "")`,
		"turn_label":               "(default: Turn)",
		"side.rok.support":         "(default: none)",
		"lever.patrol.cost":        "(default: 1)",
		"metric.cohesion.start":    "60",
		"deterrence.resolve.decay": "(default: 0)",
	} {
		if got := s.Value(k); got != want {
			t.Errorf("Value(%s) = %s, want %s", k, got, want)
		}
	}
	// Written at the default's value, a key is shown as written; set by a
	// level or --set where the file leaves it out, it is the default.
	w, err := sim.Parse("mini.toml", []byte(strings.Replace(src, "turn = 2\n", "turn = 2\nrepeat = false\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Value("inject.storm.repeat"); got != "false" {
		t.Errorf("repeat = false written: %s, want false", got)
	}
	if err := w.Set("lever.patrol.delay", "0"); err != nil {
		t.Fatal(err)
	}
	if got := w.Value("lever.patrol.delay"); got != "(default: 0)" {
		t.Errorf("delay left out, set to 0: %s", got)
	}
}

// A side is offered only its team's keys: an adversary has no budget,
// support or priorities to set (it plays its doctrine), an allied side no
// actions, bluffs or aim.
func TestKeysOfferEachTeamItsOwn(t *testing.T) {
	s, err := sim.Parse("mini.toml", []byte(shortHead))
	if err != nil {
		t.Fatal(err)
	}
	paths := s.Paths()
	for _, k := range []string{"side.prc.budget", "side.prc.support", "side.rok.actions", "side.rok.bluffs", "side.rok.aim", "side.prc.policy"} {
		if slices.Contains(paths, k) {
			t.Errorf("%s is offered", k)
		}
	}
	for _, k := range []string{"side.rok.budget", "side.rok.support", "side.rok.policy", "side.prc.actions", "side.prc.bluffs", "side.prc.aim", "side.prc.objective"} {
		if !slices.Contains(paths, k) {
			t.Errorf("%s is not offered", k)
		}
	}
}

// A name of a rung compared with a number, not with rung, is most often
// the escalation metric meant: the hint says so, and gives the rung too;
// compared with rung, it is the rung's number.
func TestRungNameHintFitsItsUse(t *testing.T) {
	for _, tc := range []struct{ when, want string }{
		{"turn >= 5 and tension < 35", `unknown name "tension" (tension is the name of rung 2, not a metric: for the escalation metric, 0 to 100, write escalation; for the rung, rung == 2)`},
		{"crisis", `unknown name "crisis" (crisis is the name of rung 3, not a metric: for the escalation metric, 0 to 100, write escalation; for the rung, rung == 3)`},
		{"rung >= Tension", `unknown name "Tension" (rung is a number, 1 to 5, and Tension is rung 2: write 2 for it)`},
		{"Brink == rung and turn > 2", `unknown name "Brink" (rung is a number, 1 to 5, and Brink is rung 5: write 5 for it)`},
	} {
		src := quietHead + "\n[[end]]\nid = \"war\"\nwhen = \"" + tc.when + "\"\n"
		err := compileErr(t, src)
		if !strings.HasSuffix(err, tc.want) {
			t.Errorf("when = %q:\n%s\nwant it to end %s", tc.when, err, tc.want)
		}
	}
}

// compileErr returns Compile's error for src, which must be refused.
func compileErr(t *testing.T, src string) string {
	t.Helper()
	s, err := sim.Parse("mini.toml", []byte(src))
	if err == nil {
		_, err = sim.Compile(s)
	}
	if err == nil {
		t.Fatalf("accepted:\n%s", src)
	}
	return err.Error()
}

// when = "false" is how content is switched off: locked at a rung as
// well, it draws no warning that it "holds only at rungs where it is
// locked". A condition that does is still warned of.
func TestLockedPlainFalseIsNotWarned(t *testing.T) {
	rungs := "\n[escalation]\n" + strings.Repeat("[[escalation.rung]]\n", 4) + "[[escalation.rung]]\nlock_actions = [\"probe\"]\n"
	probe := func(when string) string {
		return "\n[[action]]\nid = \"probe\"\ndomain = \"maritime\"\nwhen = \"" + when + "\"\nsuccess = { cohesion = -1 }\n"
	}
	wantWarnings(t, quietHead+probe("false")+rungs, nil)
	wantWarnings(t, quietHead+probe("rung >= 5")+rungs, []string{
		`mini.toml:39:1: action.probe.when: its when (rung >= 5) holds only at rungs where it is locked, so it is never taken: widen the condition or unlock a rung`,
	})
}

// A number written not 0 that rounds to 0 at 4 decimals is said to, at
// its key, and a warning or error about the 0 it plays as does not speak
// of a 0 the file does not show.
func TestRoundsToZeroIsSaid(t *testing.T) {
	wantWarnings(t, strings.Replace(quietHead, "success = { cohesion = -2 }", "weight = 0.00001\nsuccess = { cohesion = -2 }", 1), []string{
		`mini.toml:25:1: action.swarm.weight: weight = 0.00001 rounds to 0 (Lattice keeps 4 decimals), so it plays as 0: write 0 if that is meant, or a number of at least 0.0001 in size`,
	})
	wantWarnings(t, strings.Replace(quietHead, "id = \"maritime\"", "id = \"maritime\"\nbase = -0.00002", 1), []string{
		`mini.toml:8:1: domain.maritime.base: base = -0.00002 rounds to 0 (Lattice keeps 4 decimals), so it plays as 0: write 0 if that is meant, or a number of at least 0.0001 in size`,
	})
	// A value that rounds to 0.0001 is played as written.
	wantWarnings(t, strings.Replace(quietHead, "start = 60", "start = 60\ndecay = 0.00005", 1), nil)
	err := compileErr(t, quietHead+"\n[[lever]]\nid = \"talks\"\nconverge = 0.00001\n")
	if want := "lever.talks.converge: lever does nothing: converge = 0.00001 rounds to 0 (Lattice keeps 4 decimals), and it has no effect, defend or serves"; !strings.Contains(err, want) {
		t.Errorf("a lever of converge 0.00001 alone:\n%s\nwant %s", err, want)
	}
}

// A lever that can never change anything is warned of: one that only
// serves while alignment is off, and one with joint = 0 and solo = 0.
func TestLintLeversThatCannotAct(t *testing.T) {
	threat := strings.Replace(quietHead, "[[domain]]", "[[threat]]\nid = \"dprk\"\n\n[[domain]]", 1)
	talks := "\n[[lever]]\nid = \"talks\"\nserves = [\"dprk\"]\n"
	patrol := "\n[[lever]]\nid = \"patrol\"\neffect = { cohesion = 1 }\njoint = 0\nsolo = 0\n"
	wantWarnings(t, threat+"\n[alignment]\ngain = 0\n"+talks, []string{
		`mini.toml:44:1: lever.talks.serves: it only serves threats, which counts toward alignment alone, and alignment is off ([alignment] gain = 0), so the lever does nothing: give it an effect, defend or converge, or turn alignment on`,
	})
	wantWarnings(t, threat+talks, nil) // alignment on: serving counts
	wantWarnings(t, quietHead+patrol, []string{
		`mini.toml:39:1: lever.patrol.joint: joint = 0 and solo = 0 multiply its effect, defence and convergence by 0 whether one side or several put points in, so they never apply: give joint or solo a multiplier above 0 (1 leaves the lever as it is)`,
	})
	wantWarnings(t, strings.Replace(quietHead+patrol, "solo = 0", "solo = 0.5", 1), nil)
}

// A condition written blank reads as the key left out ("always"): where
// that is allowed it is warned of, at the key, saying to leave the key
// out; where it is not, the blank is the error of the key left out.
func TestLintBlankConditions(t *testing.T) {
	src := quietHead + `
[[lever]]
id = "patrol"
effect = { cohesion = 1 }
requires = " "

[[inject]]
id = "storm"
turn = 2
when = ""
effect = { cohesion = -1 }
`
	wantWarnings(t, strings.Replace(src, "domain = \"maritime\"\nsuccess", "domain = \"maritime\"\nwhen = \"\"\nsuccess", 1), []string{
		`mini.toml:25:1: action.swarm.when: when is empty, which reads as leaving it out (always available): leave when out for that, or write the condition`,
		`mini.toml:40:1: lever.patrol.requires: requires is empty, which reads as leaving it out (always usable): leave requires out for that, or write the condition`,
		`mini.toml:45:1: inject.storm.when: when is empty, which reads as leaving it out (no condition besides its turn or chance): leave when out for that, or write the condition`,
	})
	wantWarnings(t, strings.Replace(quietHead, "success = true", "when = \"  \"\nsuccess = true", 1), []string{
		`mini.toml:29:1: end.held.when: when is empty, which reads as leaving it out (the verdict when the turns run out): leave when out for that, or write the condition`,
	})
}
