package sim_test

import (
	"slices"
	"strings"
	"testing"

	"lattice/sim"
)

// eventsSrc reads every kind of event name: an inject that follows
// another in the same Brief (fired), one that follows an answer (chose),
// a lever opened by a failed move (failed) and an end reached by a second
// success (succeeded).
const eventsSrc = quietHead + `
[[metric]]
id = "flag"
good = "low"
max = 100

[[lever]]
id = "patrol"
effect = { cohesion = 1 }
requires = "failed.swarm >= 1"

[[inject]]
id = "ultimatum"
turn = 1
[[inject.choice]]
id = "yield"
label = "Yield"
effect = { cohesion = -1 }
[[inject.choice]]
id = "refuse"
label = "Refuse"
effect = { cohesion = 1 }

[[inject]]
id = "echo"
when = "fired.ultimatum >= 1"
effect = { flag = 1 }

[[inject]]
id = "reward"
when = "chose.ultimatum.refuse"
effect = { flag = 10 }

[[end]]
id = "grabbed"
when = "succeeded.swarm >= 2"
`

// compileSrc compiles src as mini.toml, failing t on any error.
func compileSrc(t *testing.T, src string) *sim.Compiled {
	t.Helper()
	s, err := sim.Parse("mini.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestEventNames plays the scenario above under many seeds and both
// answers, and checks each event name against what the Results say
// happened.
func TestEventNames(t *testing.T) {
	c := compileSrc(t, eventsSrc)
	ult, echo, reward := c.InjectIndex("ultimatum"), c.InjectIndex("echo"), c.InjectIndex("reward")
	patrol, swarm, grabbed := c.LeverIndex("patrol"), c.ActionIndex("swarm"), endIndex(c, "grabbed")
	rok := c.SideIndex("rok")
	sawGrab, sawFailure := false, false
	for seed := uint64(1); seed <= 40; seed++ {
		for answer := 0; answer < 2; answer++ {
			g := sim.NewGame(c, seed)
			o := c.NewOrders()
			successes, failures, answered := 0, 0, -1
			for !g.Over() {
				b := g.Brief()
				fired := map[int]bool{}
				for _, f := range b.Injects {
					fired[f.Inject] = true
				}
				if b.Turn == 1 && !(fired[ult] && fired[echo]) {
					t.Fatalf("seed %d: turn 1 fired %v: echo (fired.ultimatum >= 1) must fire in ultimatum's Brief", seed, b.Injects)
				}
				if fired[reward] != (answered == 1) && b.Turn == 2 {
					t.Fatalf("seed %d answer %d: reward fired %v on turn 2 (chose.ultimatum.refuse)", seed, answer, fired[reward])
				}
				if b.Turn > 2 && fired[reward] {
					t.Fatalf("seed %d: reward fired again on turn %d", seed, b.Turn)
				}
				if locked := g.LeverLock(rok, patrol) != ""; locked != (failures == 0) {
					t.Fatalf("seed %d turn %d: patrol locked %v after %d failures (requires failed.swarm >= 1): %s", seed, b.Turn, locked, failures, g.LeverLock(rok, patrol))
				}
				o.Clear()
				if fired[ult] {
					o.Choices[ult] = answer
					answered = answer
				}
				r, err := g.Step(o)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range r.Moves {
					if m.Action != swarm {
						continue
					}
					if m.Success {
						successes++
					} else {
						failures++
						sawFailure = true
					}
				}
				if (r.End == grabbed) != (successes >= 2) {
					t.Fatalf("seed %d turn %d: end %d after %d successes (grabbed at succeeded.swarm >= 2)", seed, r.Turn, r.End, successes)
				}
				sawGrab = sawGrab || r.End == grabbed
			}
		}
	}
	if !sawGrab || !sawFailure {
		t.Fatalf("the seeds never reached grabbed (%v) or never saw a failure (%v): the test proves nothing", sawGrab, sawFailure)
	}
}

// TestEventNamesCostNothingUnread: the names take a slot only when a
// condition reads them, so a scenario's hash does not change with the
// feature; reading one changes the state (its count is hashed).
func TestEventNamesCostNothingUnread(t *testing.T) {
	plain := compileSrc(t, quietHead)
	read := compileSrc(t, quietHead+"\n[[inject]]\nid = \"watch\"\nwhen = \"succeeded.swarm >= 99\"\n")
	if n := len(plain.Names()); n != len(plain.Metrics)+4 {
		t.Errorf("a scenario reading no event has %d names, want its %d metrics and 4 variables", n, len(plain.Metrics))
	}
	if got := read.Names()[len(read.Names())-1]; got != "succeeded.swarm" {
		t.Errorf("last name %q, want succeeded.swarm", got)
	}
}

func TestEventNameErrors(t *testing.T) {
	for when, want := range map[string]string{
		"fired.ultimatun >= 1":       `unknown inject "ultimatun" in "fired.ultimatun" (did you mean "ultimatum"?)`,
		"succeeded.swamp":            `unknown action "swamp" in "succeeded.swamp" (did you mean "swarm"?)`,
		"chose.ultimatum":            `"chose.ultimatum" names no choice: write chose.ultimatum.CHOICE, one of yield, refuse`,
		"chose.ultimatum.refused":    `inject "ultimatum" has no choice "refused" in "chose.ultimatum.refused" (did you mean "refuse"?)`,
		"chose.echo.yes":             `inject "echo" has no choices, so "chose.echo.yes" is never 1`,
		"chose.ultimatum.no":         `inject "ultimatum" has no choice "no" in "chose.ultimatum.no" (one of yield, refuse)`,
		"fired.swarm":                `unknown inject "swarm" in "fired.swarm" (swarm is an action, not an inject: succeeded.swarm and failed.swarm are the times it succeeded and failed)`,
		"succeeded.ultimatum":        `unknown action "ultimatum" in "succeeded.ultimatum" (ultimatum is an inject, not an action: fired.ultimatum is the times it fired)`,
		"fired.nothing":              `unknown inject "nothing" in "fired.nothing" (one of ultimatum, echo, reward)`,
		"fired.ultimatum.yield >= 1": `unknown inject "ultimatum.yield" in "fired.ultimatum.yield" (did you mean "chose.ultimatum.yield"? it is 1 if that choice answered the inject)`,
		// The event's first word misspelt or put last, or a metric's key.
		"succeded.swarm >= 2":    `unknown name "succeded.swarm" (did you mean "succeeded.swarm"?)`,
		"fire.ultimatum":         `unknown name "fire.ultimatum" (did you mean "fired.ultimatum"?)`,
		"success.swarm":          `unknown name "success.swarm" (did you mean "succeeded.swarm"?)`,
		"chosen.ultimatum.yield": `unknown name "chosen.ultimatum.yield" (did you mean "chose.ultimatum.yield"?)`,
		"swarm.failed > 1":       `unknown name "swarm.failed" (an event name starts with the event: write failed.swarm)`,
		"cohesion.start < 50":    `unknown name "cohesion.start" (a condition reads a metric's current value by its id alone, cohesion; it reads no key of its table)`,
		"rok.budget > 3":         `unknown name "rok.budget" (rok is a side, not a metric: a condition reads metric ids, turn, turns, final, rung and events)`,
	} {
		src := strings.Replace(eventsSrc, `when = "fired.ultimatum >= 1"`, "when = "+quote(when), 1)
		s, err := sim.Parse("mini.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = sim.Compile(s)
		// The whole message: nothing appended after it (the list of the
		// names a condition may use followed the event's own message).
		if err == nil || !slices.ContainsFunc(strings.Split(err.Error(), "\n"), func(l string) bool { return strings.HasSuffix(l, "inject.echo.when: "+want) }) {
			t.Errorf("when = %q: got %v\nwant a line ending in %q", when, err, want)
		}
	}
}

func TestEventNamesReadable(t *testing.T) {
	c := compileSrc(t, strings.Replace(eventsSrc, `when = "succeeded.swarm >= 2"`, `when = "succeeded.swarm >= 2 or failed.swarm > 3 and fired.echo >= 1 and not chose.ultimatum.yield"`, 1))
	e := &c.Ends[endIndex(c, "grabbed")].When
	want := "swarm (successes) ≥ 2 or swarm (failures) > 3 and echo (times fired) ≥ 1 and not ultimatum: Yield (chosen)"
	if got := c.Readable(e); got != want {
		t.Errorf("Readable:\n got %q\nwant %q", got, want)
	}
}

func TestEventNameBoundsLint(t *testing.T) {
	got := strings.Join(warnings(t, strings.Replace(eventsSrc, `"succeeded.swarm >= 2"`, `"succeeded.swarm >= 6 or chose.ultimatum.yield > 1"`, 1)), "\n")
	for _, want := range []string{
		"succeeded.swarm never reaches 6 (it counts at most one a turn, and the game has 5 turns)",
		"chose.ultimatum.yield never exceeds 1 (it is 1 if the choice was made, else 0)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings:\n%s\nwant one containing %q", got, want)
		}
	}
}

func endIndex(c *sim.Compiled, id string) int {
	for i := range c.Ends {
		if c.Ends[i].ID == id {
			return i
		}
	}
	return -1
}

func quote(s string) string { return `"` + s + `"` }
