package sim_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"lattice/scenarios"
)

// The built-in scenarios draw no warning.
func TestBuiltinsHaveNoWarnings(t *testing.T) {
	for _, id := range scenarios.IDs() {
		for _, w := range builtin(t, id).Warnings {
			t.Errorf("%s: %v", id, w)
		}
	}
}

// Each warning names the line and key of the likely mistake: an end that
// holds at the start (a start left out), bluffs with no action to bluff
// with, an effect larger than its metric's whole range, a test in a
// condition that can never hold, a 0–1 support metric, a start left out
// where 0 is the worst value (not for "losses", where low is good), the
// deterrence factors' starts left out, a metric nothing moves (mood,
// trade, losses; supply is moved by the swarm, cohesion by alignment, and
// a steady intel is a steady reveal chance).
func TestLintWarnings(t *testing.T) {
	src := `format = 1
id = "mini"
title = "Minimal"
turns = 5

[[domain]]
id = "maritime"

[[side]]
id = "rok"
team = "alliance"
budget = 6
support = "mood"

[[side]]
id = "prc"
team = "adversary"
bluffs = 1

[[metric]]
id = "cohesion"

[[metric]]
id = "supply"
start = 50

[[metric]]
id = "mood"
min = 0
max = 1
start = 0.5

[[metric]]
id = "trade"

[[metric]]
id = "losses"
good = "low"

[[lever]]
id = "patrol"
effect = { resolve = 3, supply = 2 }

[[action]]
id = "swarm"
domain = "maritime"
success = { supply = -5000 }

[[end]]
id = "split"
when = "cohesion < 40"

[[end]]
id = "starved"
when = "supply < 0 or turn > 5 or rung >= 6 or turn > turns or supply < escalation"

[[end]]
id = "held"
success = true

[[metric]]
id = "intel"
start = 30
`
	got := warnings(t, src)
	want := []string{
		"mini.toml: deterrence: capability, resolve, communication have no start, so deterrence (100 × capability × resolve × communication) starts at 0: set their starts in [deterrence]",
		"mini.toml:13:1: side.rok.support: rok's budget is scaled by (50 + mood)/100, but mood stays within 0..1, so its budget stays about half: support should be a 0–100 metric",
		"mini.toml:18:1: side.prc.bluffs: prc signals 1 bluff a turn, but none of its actions has bluff = true, so it never bluffs: mark the actions it may feint",
		"mini.toml:27:1: metric.mood: nothing moves mood: no lever, action, inject, choice or shortfall changes it and no decay pulls it from its start, so it stays at 0.5 all game: is an effect missing?",
		"mini.toml:33:1: metric.trade.start: trade has no start, so it starts at 0, its worst value: is a start missing?",
		"mini.toml:33:1: metric.trade: nothing moves trade: no lever, action, inject, choice or shortfall changes it and no decay pulls it from its start, so it stays at 0 all game: is an effect missing?",
		"mini.toml:36:1: metric.losses: nothing moves losses: no lever, action, inject, choice or shortfall changes it and no decay pulls it from its start, so it stays at 0 all game: is an effect missing?",
		"mini.toml:42:12: lever.patrol.effect.resolve: a point moves 3 on resolve, whose whole range is 0 to 1: a scale mistake?",
		"mini.toml:47:13: action.swarm.success.supply: a success moves -5000 on supply, whose whole range is 0 to 100: a scale mistake?",
		"mini.toml:51:1: end.split.when: its condition already holds at the start (cohesion 0), so the game ends after turn 1 unless that turn changes it; cohesion has no start, so it starts at 0: is a start missing?",
		"mini.toml:55:1: end.starved.when: supply never falls below 0 (it stays within 0..100), so that test never holds",
		"mini.toml:55:1: end.starved.when: turn never exceeds 5 (the game has 5 turns), so that test never holds",
		"mini.toml:55:1: end.starved.when: rung never reaches 6 (rungs are 1 to 5), so that test never holds",
		"mini.toml:55:1: end.starved.when: turn never exceeds turns (the game has 5 turns), so that test never holds",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An end is never reached when an earlier end's condition holds whenever
// its own does, since the first end whose condition holds wins; the
// default end, when another end's condition holds whenever the turns run
// out; or when several earlier ends' conditions together hold whenever
// its own does. Only what the conditions prove is claimed.
func TestLintShadowedEnds(t *testing.T) {
	// A second metric, so that the ends have two names to compare (drifting,
	// so that something moves it).
	const base = quietHead + `
[[metric]]
id = "supply"
start = 50
baseline = 40
decay = 0.1
`
	end := func(id, when string) string { return "\n[[end]]\nid = \"" + id + "\"\nwhen = \"" + when + "\"\n" }
	tests := []struct {
		name string
		ends string
		want []string // the warnings
	}{{
		name: "identical conditions",
		ends: end("split", "cohesion < 30") + end("broken", "cohesion  <  30"),
		want: []string{`mini.toml:48:1: end.broken.when: this end is never reached: end.split comes first with the same condition (cohesion < 30), and the first end whose condition holds wins; change one of the two conditions or drop one end`},
	}, {
		name: "narrower later comparison",
		ends: end("split", "cohesion < 30") + end("broken", "cohesion <= 19"),
		want: []string{`mini.toml:48:1: end.broken.when: this end is never reached: end.split comes first and its condition (cohesion < 30) holds whenever this one (cohesion <= 19) does, and the first end whose condition holds wins; put this end before end.split or narrow end.split's condition`},
	}, {
		name: "narrower later comparison, upwards",
		ends: end("won", "supply >= 70") + end("triumph", "supply > 90"),
		want: []string{`mini.toml:48:1: end.triumph.when: this end is never reached: end.won comes first and its condition (supply >= 70) holds whenever this one (supply > 90) does, and the first end whose condition holds wins; put this end before end.won or narrow end.won's condition`},
	}, {
		name: "later and includes the earlier comparison",
		ends: end("split", "cohesion < 30") + end("starved", "turn >= 3 and cohesion < 25"),
		want: []string{`mini.toml:48:1: end.starved.when: this end is never reached: end.split comes first and its condition (cohesion < 30) holds whenever this one (turn >= 3 and cohesion < 25) does, and the first end whose condition holds wins; put this end before end.split or narrow end.split's condition`},
	}, {
		name: "earlier or includes the later condition",
		ends: end("lost", "cohesion < 30 or supply < 20") + end("starved", "supply < 10"),
		want: []string{`mini.toml:48:1: end.starved.when: this end is never reached: end.lost comes first and its condition (cohesion < 30 or supply < 20) holds whenever this one (supply < 10) does, and the first end whose condition holds wins; put this end before end.lost or narrow end.lost's condition`},
	}, {
		name: "earlier always true",
		ends: end("over", "true") + end("split", "cohesion < 30"),
		want: []string{
			`mini.toml:27:1: end.held: this default end is never reached: end.over's condition (true) holds whenever the turns run out, and the default applies only when no other end holds; narrow end.over's condition`,
			`mini.toml:44:1: end.over.when: its condition already holds at the start, so the game ends after turn 1 unless that turn changes it`,
			`mini.toml:48:1: end.split.when: this end is never reached: end.over comes first and its condition (true) holds whenever this one (cohesion < 30) does, and the first end whose condition holds wins; put this end before end.over or narrow end.over's condition`,
		},
	}, {
		name: "an end that holds on the last turn",
		ends: end("late", "final or supply < 10"),
		want: []string{`mini.toml:27:1: end.held: this default end is never reached: end.late's condition (final or supply < 10) holds whenever the turns run out, and the default applies only when no other end holds; narrow end.late's condition`},
	}, {
		name: "an end on the last turn by number",
		ends: end("late", "turn >= 5"),
		want: []string{`mini.toml:27:1: end.held: this default end is never reached: end.late's condition (turn >= 5) holds whenever the turns run out, and the default applies only when no other end holds; narrow end.late's condition`},
	}, {
		name: "an end on a turn before the last",
		ends: end("late", "turn == 4 and supply < 10"),
	}, {
		name: "earlier written with not",
		ends: end("split", "not (cohesion >= 30 and supply >= 20)") + end("broken", "cohesion < 10"),
		want: []string{`mini.toml:48:1: end.broken.when: this end is never reached: end.split comes first and its condition (not (cohesion >= 30 and supply >= 20)) holds whenever this one (cohesion < 10) does, and the first end whose condition holds wins; put this end before end.split or narrow end.split's condition`},
	}, {
		name: "a win and a loss that split the last turn",
		ends: end("lost", "final and supply < 50") + end("won", "final and supply >= 50"),
		want: []string{`mini.toml:27:1: end.held: this default end is never reached: whenever the turns run out, end.lost (final and supply < 50) or end.won (final and supply >= 50) holds, and the default applies only when no other end holds; narrow their conditions, or drop one of them and let the default stand for it`},
	}, {
		name: "two earlier ends that cover a later one, and a third not needed",
		ends: end("low", "final and cohesion < 30") + end("starved", "supply < 10") + end("high", "final and cohesion >= 30") + end("late", "final and supply > 20"),
		want: []string{
			`mini.toml:27:1: end.held: this default end is never reached: whenever the turns run out, end.low (final and cohesion < 30) or end.high (final and cohesion >= 30) holds, and the default applies only when no other end holds; narrow their conditions, or drop one of them and let the default stand for it`,
			`mini.toml:56:1: end.late.when: this end is never reached: whenever its condition (final and supply > 20) holds, so does end.low (final and cohesion < 30) or end.high (final and cohesion >= 30), which come first, and the first end whose condition holds wins; put this end before them or narrow their conditions`,
		},
	}, {
		name: "a later end that never holds is not said to be covered",
		ends: end("low", "cohesion < 30") + end("high", "cohesion >= 30 and supply > 90") + end("odd", "turn < 2 and turn > 3"),
		want: []string{`mini.toml:52:1: end.odd.when: this condition (turn < 2 and turn > 3) never holds: its parts exclude each other (is an "and" meant as "or"?)`},
	}, {
		name: "a split of the last turn with a gap",
		ends: end("lost", "final and supply < 50") + end("won", "final and supply > 50"),
	}, {
		name: "a split of the last turn that only the bounds close",
		ends: end("lost", "final and supply < 30") + end("won", "final and supply >= 30 and cohesion >= 0"),
		// Not shadowed (the bounds are not used for that), but a test
		// its bounds make always true is warned of as such.
		want: []string{`mini.toml:48:1: end.won.when: cohesion is always at least 0 (it stays within 0..100), so that test always holds: drop it, or compare with a number within that range`},
	}, {
		name: "unrelated pair",
		ends: end("split", "cohesion < 30") + end("starved", "supply < 20"),
	}, {
		name: "wider later comparison",
		ends: end("split", "cohesion < 20") + end("broken", "cohesion < 30"),
	}, {
		name: "opposite directions",
		ends: end("split", "cohesion < 30") + end("united", "cohesion >= 80"),
	}, {
		name: "later or with a case the earlier misses",
		ends: end("split", "cohesion < 30") + end("lost", "cohesion < 20 or supply < 20"),
	}, {
		name: "earlier and asks more",
		ends: end("late", "final and supply < 30") + end("starved", "supply < 20"),
	}, {
		name: "different equalities",
		ends: end("split", "cohesion == 30") + end("broken", "cohesion == 20"),
	}, {
		name: "narrower comparison first",
		ends: end("broken", "cohesion < 20") + end("split", "cohesion < 30"),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantWarnings(t, base+tt.ends, tt.want) })
	}
}

// An inject's decision that changes nothing draws a warning: two choices
// with the same effects (none, or a change of 0, counts as none), or a
// choice with no effect after the first, where the status quo goes. A
// first choice with no effect is the status quo, and draws none.
func TestLintChoices(t *testing.T) {
	const base = quietHead + `
[[inject]]
id = "typhoon"
turn = 2
`
	choice := func(id, effect string) string {
		s := "\n[[inject.choice]]\nid = \"" + id + "\"\nlabel = \"" + id + "\"\n"
		if effect != "" {
			s += "effect = " + effect + "\n"
		}
		return s
	}
	tests := []struct {
		name    string
		choices string
		want    []string
	}{{
		name:    "two without effects",
		choices: choice("wait", "") + choice("watch", ""),
		want:    []string{`mini.toml:44:1: inject.typhoon.choice.watch: neither this choice nor inject.typhoon.choice.wait has an effect, so choosing between them changes nothing: give each choice its effect`},
	}, {
		name:    "the same effects",
		choices: choice("wait", "{ cohesion = -1 }") + choice("aid", "{ cohesion = 2 }") + choice("relief", "{ cohesion = 2, resolve = 0 }"),
		want:    []string{`mini.toml:53:1: inject.typhoon.choice.relief.effect: this choice has the same effects as inject.typhoon.choice.aid, so choosing between them changes nothing: give each choice its own effects`},
	}, {
		name:    "no effect after the first",
		choices: choice("aid", "{ cohesion = 2 }") + choice("wait", "{ cohesion = 0 }"),
		want:    []string{`mini.toml:45:1: inject.typhoon.choice.wait: this choice has no effect, but it is not the first: the first choice (inject.typhoon.choice.aid) applies when no one answers, so put the status quo first, or give this choice its effect`},
	}, {
		name:    "the status quo first, without effect",
		choices: choice("wait", "") + choice("aid", "{ cohesion = 2 }") + choice("statement", "{ resolve = 0.02 }"),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantWarnings(t, base+tt.choices, tt.want) })
	}
}

// An action whose odds allied play cannot move draws a warning: one that
// succeeds nearly always against the most defence the levers can give
// (every side at a lever's max, with the better of joint and solo), and
// one with a success effect that fails nearly always undefended. A
// contest the joint multiplier brings within reach, a coin-flip domain
// (k = 0), and a sure failure with only failure effects draw none.
func TestLintContests(t *testing.T) {
	const base = quietHead + `
[[side]]
id = "us"
team = "alliance"
budget = 6

[[domain]]
id = "air"
k = 1
base = 1

[[lever]]
id = "patrol"
max = 4
diminish = 0.5
defend = { air = 2 }
`
	action := func(id, domain string, pressure float64, effects string) string {
		return fmt.Sprintf("\n[[action]]\nid = %q\ndomain = %q\npressure = %g\n%s\n", id, domain, pressure, effects)
	}
	tests := []struct {
		name, src string
		want      []string
	}{{
		name: "beyond the most defence",
		src:  base + action("flood", "air", 14, "success = { cohesion = -2 }"),
		// most defence: base 1 + 2 × Cum[4] 1.875 × 2 sides = 8.5
		want: []string{`mini.toml:55:1: action.flood.pressure: its odds of success are at least 1.00 whatever the allies do: pressure 14 against at most 8.5 defence in air (its base 1 and every lever's defend at its max), so defence cannot stop it: lower the pressure or raise the defence`},
	}, {
		name: "within reach by the joint multiplier",
		src:  strings.Replace(base, "defend = { air = 2 }", "defend = { air = 2 }\njoint = 2", 1) + action("flood", "air", 14, "success = { cohesion = -2 }"),
	}, {
		name: "hopeless undefended",
		src:  base + action("probe", "air", -5, "success = { cohesion = -2 }\nfailure = { cohesion = 1 }"),
		want: []string{`mini.toml:55:1: action.probe.pressure: its odds of success are at most 0.00 even with no allied defence: pressure -5 against air's base defence 1, so its success effects almost never apply: raise the pressure or lower the base`},
	}, {
		name: "hopeless, but only a failure to have",
		src:  base + action("probe", "air", -5, "failure = { cohesion = 1 }"),
	}, {
		// One point of 20 against a pressure of 3 stops the move whoever
		// buys it: the scale is wrong, not the odds.
		name: "one point stops every move",
		src:  strings.Replace(base, "defend = { air = 2 }", "defend = { air = 20 }", 1) + action("flood", "air", 3, "success = { cohesion = -2 }"),
		want: []string{`mini.toml:50:12: lever.patrol.defend.air: one point of it stops every move in air (their odds fall to 0.01 or less): 20 a point is far beyond the pressures there; a scale mistake? (near even odds, a point of defence moves them by about k/4)`},
	}, {
		name: "one point does not stop the strongest move",
		src:  strings.Replace(base, "defend = { air = 2 }", "defend = { air = 20 }", 1) + action("flood", "air", 3, "success = { cohesion = -2 }") + action("wave", "air", 20, "success = { cohesion = -2 }"),
	}, {
		name: "a coin flip by design",
		src:  strings.Replace(base, "k = 1\n", "k = 0\n", 1) + action("flood", "air", 40, "success = { cohesion = -2 }"),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantWarnings(t, tt.src, tt.want) })
	}
}

// A lever whose delay is as long as the game never lands its effect: a
// point put in on turn 1 of 5 with delay 5 would land on turn 6. One
// turn shorter lands from turn 1, and a delay without an effect (defend
// acts at once) is not the mistake.
func TestLintDelayPastTheEnd(t *testing.T) {
	lever := func(delay int, effect string) string {
		return fmt.Sprintf("\n[[lever]]\nid = \"aid\"\ndelay = %d\n%s\n", delay, effect)
	}
	wantWarnings(t, quietHead+lever(5, "effect = { cohesion = 1 }"), []string{
		`mini.toml:38:1: lever.aid.delay: its effect lands 5 turns after the points are put in, but the game has 5 turns, so it never lands: shorten the delay`,
	})
	wantWarnings(t, quietHead+lever(4, "effect = { cohesion = 1 }"), nil)
	wantWarnings(t, quietHead+lever(5, "defend = { maritime = 1 }"), nil)
}

// A visible-commitment shortfall larger than its metric's whole range is
// a scale mistake as an effect is (it is paid per point short).
func TestLintShortfallScale(t *testing.T) {
	wantWarnings(t, quietHead+"\n[commitment]\nshortfall = { resolve = -2, cohesion = -1 }\n", []string{
		`mini.toml:37:15: commitment.shortfall.resolve: a point short moves -2 on resolve, whose whole range is 0 to 1: a scale mistake?`,
	})
}

// A condition whose parts exclude each other never holds, whatever the
// bounds ("turn < 3 and turn > 5", an "or" written "and"); a plain false
// switches content off on purpose and draws nothing.
func TestLintConditionNeverHolds(t *testing.T) {
	src := quietHead + `
[[lever]]
id = "talks"
effect = { cohesion = 1 }
requires = "cohesion < 40 and not (cohesion < 50)"

[[inject]]
id = "storm"
when = "false"
effect = { cohesion = -1 }
`
	wantWarnings(t, src, []string{
		`mini.toml:39:1: lever.talks.requires: this condition (cohesion < 40 and not (cohesion < 50)) never holds: its parts exclude each other (is an "and" meant as "or"?)`,
	})
	// Equalities too: "turn == 2 and turn == 4", an "or" written "and".
	lever := func(requires string) string {
		return quietHead + "\n[[lever]]\nid = \"talks\"\neffect = { cohesion = 1 }\nrequires = " + strconv.Quote(requires) + "\n"
	}
	for _, requires := range []string{"turn == 2 and turn == 4", "turn == 2 and turn >= 4", "turn != 2 and turn == 2"} {
		wantWarnings(t, lever(requires), []string{
			`mini.toml:39:1: lever.talks.requires: this condition (` + requires + `) never holds: its parts exclude each other (is an "and" meant as "or"?)`,
		})
	}
	for _, requires := range []string{"turn == 2 or turn == 4", "turn == 2 and cohesion >= 50", "turn != 2 and turn != 3", "turn == 2 and turn <= 2"} {
		wantWarnings(t, lever(requires), nil)
	}
}

// A difficulty level's own warnings are reported at the key of its set
// they are about, or at its set: the file as written is sound, but its
// hard level sets a pressure no defence can stop. A warning the file as
// written draws already is not repeated for each level.
func TestLintDifficultyWarnings(t *testing.T) {
	src := quietHead + `
[[end]]
id = "starved"
when = "cohesion < 20"

[[end]]
id = "lost"
when = "turn >= 3 and cohesion < 10"

[[difficulty]]
id = "normal"
set = {}

[[difficulty]]
id = "hard"
set = { "action.swarm.pressure" = 30, "metric.cohesion.start" = 5 }
`
	wantWarnings(t, src, []string{
		`mini.toml:42:1: end.lost.when: this end is never reached: end.starved comes first and its condition (cohesion < 20) holds whenever this one (turn >= 3 and cohesion < 10) does, and the first end whose condition holds wins; put this end before end.starved or narrow end.starved's condition`,
		`mini.toml:50:1: difficulty.hard.set: at this level, end.starved.when: its condition already holds at the start (cohesion 5), so the game ends after turn 1 unless that turn changes it`,
		`mini.toml:50:9: difficulty.hard.set.action.swarm.pressure: at this level: its odds of success are at least 1.00 whatever the allies do: pressure 30 against at most 0 defence in maritime (its base 0 and every lever's defend at its max), so defence cannot stop it: lower the pressure or raise the defence`,
	})
}

// A failure end after a success end whose condition does not exclude its
// own is read only when the success does not hold: a game that meets both
// is a success (the first end that holds wins). Failures first, or
// conditions that exclude each other, draw nothing.
func TestLintSuccessBeforeFailure(t *testing.T) {
	end := func(id, when string, success bool) string {
		return fmt.Sprintf("\n[[end]]\nid = %q\nwhen = %q\nsuccess = %v\n", id, when, success)
	}
	wantWarnings(t, quietHead+end("won", "final and cohesion >= 50", true)+end("coerced", "final and cohesion < 40", false)+end("split", "cohesion < 30 or turn >= 3", false), []string{
		// turn >= 3 holds on the last turn (5) too, so the default end
		// is never reached.
		`mini.toml:27:1: end.held: this default end is never reached: end.split's condition (cohesion < 30 or turn >= 3) holds whenever the turns run out, and the default applies only when no other end holds; narrow end.split's condition`,
		`mini.toml:48:1: end.split.when: this failure comes after end.won, a success, and their conditions do not exclude each other (final and cohesion >= 50; cohesion < 30 or turn >= 3): on a turn both hold, the first wins and the game is a success; put the failures first, or narrow end.won's condition`,
	})
	wantWarnings(t, quietHead+end("split", "cohesion < 30", false)+end("won", "final and cohesion >= 50", true), nil)
}

// quietHead is head (invalid_test.go) with the deterrence factors'
// starts, so that it draws no warning of its own.
const quietHead = head + `
[deterrence]
capability = { start = 0.7 }
resolve = { start = 0.7 }
communication = { start = 0.7 }
`

// wantWarnings checks that src, compiled as mini.toml, draws exactly the
// warnings want, in order.
func wantWarnings(t *testing.T, src string, want []string) {
	t.Helper()
	if got := warnings(t, src); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// warnings compiles src, as mini.toml, and returns its warnings.
func warnings(t *testing.T, src string) []string {
	t.Helper()
	var got []string
	for _, w := range compileSrc(t, src).Warnings {
		got = append(got, w.Error())
	}
	return got
}

// A lever no side can afford, or one locked at every rung, is one nobody
// ever buys: validate says so before a --play does.
func TestLintUnaffordable(t *testing.T) {
	lever := func(cost string) string {
		return "\n[[lever]]\nid = \"carrier\"\ncost = " + cost + "\neffect = { cohesion = 1 }\n"
	}
	wantWarnings(t, quietHead+lever("7"), []string{
		`mini.toml:38:1: lever.carrier.cost: no side can ever afford a point of it: a point costs 7, and the largest budget of a side that may use it is 6 a turn (rok 6): lower the cost or raise a budget`,
	})
	wantWarnings(t, quietHead+lever("6"), nil)
	// Support at its maximum raises the budget by half: 6 at support 100 is 9.
	supported := strings.Replace(quietHead, "budget = 6\n", "budget = 6\nsupport = \"cohesion\"\n", 1)
	wantWarnings(t, supported+lever("9"), nil)
	wantWarnings(t, supported+lever("9.5"), []string{
		`mini.toml:39:1: lever.carrier.cost: no side can ever afford a point of it: a point costs 9.5, and the largest budget of a side that may use it is 9 a turn (rok 9, with cohesion at its maximum 100): lower the cost or raise a budget`,
	})
	locked := quietHead + lever("1") + "\n[escalation]\nstart = 10\n" + strings.Repeat("[[escalation.rung]]\nlock_levers = [\"carrier\"]\n", 5)
	wantWarnings(t, locked, []string{
		`mini.toml:36:1: lever.carrier: it is locked at every rung ([[escalation.rung]] lock_levers), so no side may ever use it: unlock it at one rung at least`,
	})
}

// An inject and an action that wait on each other never happen, nor does
// what needs them; a condition that may hold without the event is not a
// need.
func TestLintEventCircles(t *testing.T) {
	src := strings.Replace(quietHead, "success = { cohesion = -2 }\n", "success = { cohesion = -2 }\nwhen = \"fired.alert >= 1\"\n", 1) + `
[[inject]]
id = "alert"
when = "succeeded.swarm > 0 and turn > 1"
effect = { cohesion = 1 }

[[end]]
id = "lost"
when = "failed.swarm >= 2"
`
	circle := "inject.alert needs succeeded.swarm and action.swarm needs fired.alert: a circle in which nothing can happen first (but for a White cell's firing an inject by hand); drop one of these needs"
	wantWarnings(t, src, []string{
		`mini.toml:26:1: action.swarm.when: this action is never available: it needs fired.alert, which never happens: ` + circle,
		`mini.toml:39:1: inject.alert.when: this inject never fires by its trigger: it needs succeeded.swarm, which never happens: action.swarm needs fired.alert and inject.alert needs succeeded.swarm: a circle in which nothing can happen first (but for a White cell's firing an inject by hand); drop one of these needs`,
		`mini.toml:44:1: end.lost.when: this end is never reached: it needs failed.swarm, which never happens (see action.swarm.when)`,
	})
	for _, when := range []string{"succeeded.swarm > 0 or turn > 1", "not succeeded.swarm", "turn > 1"} {
		wantWarnings(t, strings.Replace(src, `"succeeded.swarm > 0 and turn > 1"`, strconv.Quote(when), 1), nil)
	}
}

// An equality its name's bounds rule out never holds, and one on a metric
// that moves in fractions (drift, here) rarely does; one on a count, a
// turn or a metric's bound is fine.
func TestLintEquality(t *testing.T) {
	src := func(when string) string {
		return quietHead + "\n[[metric]]\nid = \"supply\"\nstart = 50\nbaseline = 40\ndecay = 0.1\n\n[[inject]]\nid = \"storm\"\nwhen = " + strconv.Quote(when) + "\n"
	}
	for when, want := range map[string]string{
		"turn == 9":        `mini.toml:44:1: inject.storm.when: turn is never 9 (the game has 5 turns), so that test never holds`,
		"rung == 6":        `mini.toml:44:1: inject.storm.when: rung is never 6 (rungs are 1 to 5), so that test never holds`,
		"supply == 150":    `mini.toml:44:1: inject.storm.when: supply is never 150 (it stays within 0..100), so that test never holds`,
		"supply == 50":     `mini.toml:44:1: inject.storm.when: supply == 50 holds only while supply is exactly 50, and it moves in fractions (it keeps 4 decimals), so the test may never hold: compare with a bound instead (supply >= 50)`,
		"resolve == 0.5":   `mini.toml:44:1: inject.storm.when: resolve == 0.5 holds only while resolve is exactly 0.5, and it moves in fractions (it keeps 4 decimals), so the test may never hold: compare with a bound instead (resolve >= 0.5)`,
		"turn == 3":        "",
		"supply == 0":      "",
		"cohesion == 50":   "", // no decay, no alignment here: it moves by whole effects
		"supply != 50":     "",
		"fired.storm == 0": "",
	} {
		var want2 []string
		if want != "" {
			want2 = []string{want}
		}
		wantWarnings(t, src(when), want2)
	}
}

// A domain no action is contested in, and a threat no lever serves while
// the allies put a priority on it, are idle: an action's domain or a
// lever's serves forgotten.
func TestLintIdle(t *testing.T) {
	const more = `
[[domain]]
id = "space"

[[threat]]
id = "dprk"

[[threat]]
id = "nuclear"

[[lever]]
id = "radar"
defend = { space = 1, maritime = 1 }
serves = ["dprk"]
`
	wantWarnings(t, quietHead+more, []string{
		`mini.toml:36:1: domain.space: no action is contested in space, so the defence radar adds there never matters: give an action domain = "space", or drop the domain`,
		`mini.toml:42:1: threat.nuclear: no lever serves nuclear, so the priority rok put on it never counts toward alignment: add "nuclear" to a lever's serves, or drop the threat`,
	})
	// No priority on it (rok cares only for dprk), or no alignment: no word.
	prio := strings.Replace(quietHead, "budget = 6\n", "budget = 6\npriorities = { dprk = 1 }\n", 1)
	noSpace := strings.NewReplacer("[[domain]]\nid = \"space\"\n", "", "space = 1, ", "").Replace(more)
	wantWarnings(t, prio+noSpace, nil)
	wantWarnings(t, quietHead+noSpace+"\n[alignment]\ngain = 0\n", nil)
	// No lever serves any threat: one warning, not one a threat.
	wantWarnings(t, quietHead+strings.Replace(noSpace, "serves = [\"dprk\"]\n", "", 1), []string{
		`mini.toml: alignment: no lever serves a threat, so alignment never moves cohesion: give the levers serves, or turn alignment off with [alignment] gain = 0`,
	})
}

// success is false unless written: a scenario whose every end leaves it
// off is lost in every game.
func TestLintNoSuccess(t *testing.T) {
	lost := strings.Replace(quietHead, "success = true\n", "", 1)
	wantWarnings(t, lost, []string{
		`mini.toml:27:1: end.held.success: no end has success = true, so every game ends in an allied failure, whatever the allies do (success is false unless written): mark the good outcome's end success = true`,
	})
	wantWarnings(t, lost+"\n[[end]]\nid = \"won\"\nwhen = \"cohesion > 90\"\nsuccess = true\n", nil)
}

// What play ignores: a grade no value of its metric earns, and repeat on
// a scheduled inject.
func TestLintIgnored(t *testing.T) {
	score := func(metric, thresholds string) string {
		return "\n[[score]]\nmetric = " + strconv.Quote(metric) + "\nthresholds = " + thresholds + "\n"
	}
	wantWarnings(t, quietHead+score("capability", "[80, 70, 60, 50]"), []string{
		`mini.toml:38:1: score.capability.thresholds: every game grades F: capability stays within 0..1, beyond the reach of every threshold (is the scale wrong? a 0–1 factor is graded on 0–1)`,
	})
	wantWarnings(t, quietHead+score("cohesion", "[120, 90, 60, 30]"), []string{
		`mini.toml:38:1: score.cohesion.thresholds: cohesion stays within 0..100, so no game earns A: bring its threshold within that range`,
	})
	wantWarnings(t, quietHead+score("escalation", "[-5, -1, 20, 40]"), []string{
		`mini.toml:38:1: score.escalation.thresholds: escalation stays within 0..100, so no game earns A or B: bring their thresholds within that range`,
	})
	wantWarnings(t, quietHead+score("capability", "[0.8, 0.7, 0.6, 0.5]")+score("escalation", "[0, 20, 40, 60]"), nil)
	// A 0–100 metric graded on 0–1: every game the same grade.
	wantWarnings(t, quietHead+score("deterrence", "[0.4, 0.3, 0.22, 0.15]"), []string{
		`mini.toml:38:1: score.deterrence.thresholds: every threshold lies within 1 of deterrence's minimum while it runs 0..100, so nearly every game grades A: thresholds on a 0–1 scale? grade it on its own range`,
	})
	wantWarnings(t, quietHead+score("escalation", "[0.2, 0.35, 0.5, 0.7]"), []string{
		`mini.toml:38:1: score.escalation.thresholds: every threshold lies within 1 of escalation's minimum while it runs 0..100, so nearly every game grades F: thresholds on a 0–1 scale? grade it on its own range`,
	})
	wantWarnings(t, quietHead+score("cohesion", "[5, 0.5, 0.2, 0]")+score("deterrence", "[40, 1, 0.5, 0]"), nil)
	inject := "\n[[inject]]\nid = \"storm\"\nturn = 2\neffect = { cohesion = -1 }\n"
	wantWarnings(t, quietHead+inject+"repeat = true\n", []string{
		`mini.toml:40:1: inject.storm.repeat: repeat is ignored on a scheduled inject: it fires on turn 2 only; for an event that may recur from then on, write when = "turn >= 2" instead of turn`,
	})
	wantWarnings(t, quietHead+strings.Replace(inject, "turn = 2", "when = \"turn >= 2\"", 1)+"repeat = true\n", nil)
}

// A test of a metric its bounds make always true: a number on another
// scale (capability < 60, a 0–1 factor), or a bound itself.
func TestLintConditionAlwaysHolds(t *testing.T) {
	inject := func(when string) string {
		return quietHead + "\n[[inject]]\nid = \"storm\"\nwhen = " + strconv.Quote(when) + "\neffect = { cohesion = -1 }\n"
	}
	wantWarnings(t, inject("capability < 60 and turn > 2"), []string{
		`mini.toml:38:1: inject.storm.when: capability is always below 60 (it stays within 0..1), so that test always holds: a number on another scale?`,
	})
	wantWarnings(t, inject("cohesion <= 100"), []string{
		`mini.toml:38:1: inject.storm.when: cohesion is always at most 100 (it stays within 0..100), so that test always holds: drop it, or compare with a number within that range`,
	})
	// Variables are left alone: "turn >= 1" fires an inject on turn 1.
	wantWarnings(t, inject("turn >= 1"), nil)
	wantWarnings(t, inject("capability < 0.6 or cohesion > 99"), nil)
}

// A scheduled inject's when is asked on its turn only.
func TestLintScheduledWhen(t *testing.T) {
	inject := func(when string) string {
		return quietHead + "\n[[inject]]\nid = \"storm\"\nturn = 3\nwhen = " + strconv.Quote(when) + "\neffect = { cohesion = -1 }\n"
	}
	wantWarnings(t, inject("turn > 3 and cohesion < 50"), []string{
		`mini.toml:39:1: inject.storm.when: this inject is scheduled for turn 3, and its condition (turn > 3 and cohesion < 50) cannot hold on turn 3, so it never fires: a scheduled inject's when is asked on its turn only`,
	})
	// An equality is a pair of bounds to the proof: "turn == 5" and
	// "turn != 3" cannot hold on turn 3 either.
	for _, when := range []string{"turn == 5", "turn != 3"} {
		wantWarnings(t, inject(when), []string{
			`mini.toml:39:1: inject.storm.when: this inject is scheduled for turn 3, and its condition (` + when + `) cannot hold on turn 3, so it never fires: a scheduled inject's when is asked on its turn only`,
		})
	}
	for _, when := range []string{"turn >= 3", "turn < 4 or cohesion < 50", "cohesion < 50", "turn == 3", "turn != 4", "turn == 2 or turn == 3"} {
		wantWarnings(t, inject(when), nil)
	}
}

// A support metric where low is good grows the budget as things worsen.
func TestLintSupportGoodLow(t *testing.T) {
	src := strings.Replace(quietHead, "budget = 6\n", "budget = 6\nsupport = \"gains\"\n", 1) + "\n[[metric]]\nid = \"gains\"\ngood = \"low\"\nstart = 10\nbaseline = 5\ndecay = 0.1\n"
	wantWarnings(t, src, []string{
		`mini.toml:13:1: side.rok.support: rok's budget is scaled by (50 + gains)/100, but gains is good = "low", so the budget grows as gains gets worse: support should name the side's domestic support, a metric where high is good`,
	})
	wantWarnings(t, strings.Replace(src, "good = \"low\"\n", "", 1), nil)
}

// A lever or action whose condition holds only at rungs where it is
// locked is never used; one locked at every rung neither.
func TestLintLockedOut(t *testing.T) {
	rungs := "\n[escalation]\nstart = 10\n" + strings.Repeat("[[escalation.rung]]\n", 3) + strings.Repeat("[[escalation.rung]]\nlock_levers = [\"talks\"]\nlock_actions = [\"swarm\"]\n", 2)
	lever := "\n[[lever]]\nid = \"talks\"\neffect = { cohesion = 1 }\nrequires = \"rung >= 4\"\n"
	src := strings.Replace(quietHead, "success = { cohesion = -2 }\n", "success = { cohesion = -2 }\nwhen = \"rung > 3 and turn > 1\"\n", 1) + lever + rungs
	wantWarnings(t, src, []string{
		`mini.toml:26:1: action.swarm.when: its when (rung > 3 and turn > 1) holds only at rungs where it is locked, so it is never taken: widen the condition or unlock a rung`,
		`mini.toml:40:1: lever.talks.requires: its requires (rung >= 4) holds only at rungs where it is locked, so no side may ever use it: widen the condition or unlock a rung`,
	})
	open := strings.NewReplacer(`"rung >= 4"`, `"rung >= 3"`, `"rung > 3 and turn > 1"`, `"rung > 2 or turn > 1"`).Replace(src)
	wantWarnings(t, open, nil)
	all := strings.Replace(quietHead, "success = { cohesion = -2 }\n", "success = { cohesion = -2 }\n", 1) + "\n[escalation]\nstart = 10\n" + strings.Repeat("[[escalation.rung]]\nlock_actions = [\"swarm\"]\n", 5)
	wantWarnings(t, all, []string{
		`mini.toml:22:1: action.swarm: it is locked at every rung ([[escalation.rung]] lock_actions), so it is never taken: unlock it at one rung at least`,
	})
}

// A metric (or turn, turns, rung) given to and, or, not, or as the whole
// condition is read as a truth value, true whenever it is not 0: "cohesion
// and turn > 3" holds on nearly every turn after the third. validate says
// a comparison was likely meant. Events and final are truth values by
// design, and a name compared draws nothing.
func TestLintBareNames(t *testing.T) {
	end := func(id, when string) string {
		return fmt.Sprintf("\n[[end]]\nid = %q\nwhen = %q\nsuccess = false\n", id, when)
	}
	wantWarnings(t, quietHead+end("lost", "cohesion and turn > 3"), []string{
		`mini.toml:38:1: end.lost.when: cohesion on its own is true whenever it is not 0, so it holds nearly always: did you mean a comparison, such as cohesion < 50?`,
	})
	wantWarnings(t, quietHead+end("lost", "not rung or cohesion < 10"), []string{
		`mini.toml:38:1: end.lost.when: rung on its own is true whenever it is not 0, so it holds always: did you mean a comparison, such as rung < 3?`,
	})
	wantWarnings(t, quietHead+end("lost", "final and succeeded.swarm > 0 or failed.swarm and cohesion - 20 < turn"), nil)
}
