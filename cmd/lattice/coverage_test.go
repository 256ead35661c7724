package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lattice/sim"
)

// TestCoverageLevels: validate --play said "4 difficulty levels" for a
// scenario with easy, normal and hard, counting the file as written as one
// and playing normal (set = {}, the file as written) twice over. A level
// whose set is empty is played once, by its name, and the summary says
// what was played, with "level" in the singular for one.
func TestCoverageLevels(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(s *sim.Scenario)
		levels []string
		words  string
	}{
		{"tutorial", func(*sim.Scenario) {}, []string{"easy", "normal", "hard"},
			"at 3 difficulty levels (easy, normal, hard; normal is the file as written)"},
		{"no empty level", func(s *sim.Scenario) { s.Difficulty[1].Set = map[string]any{"side.prc.bluffs": 1} },
			[]string{"", "easy", "normal", "hard"}, "on the file as written and at 3 difficulty levels (easy, normal, hard)"},
		{"one level", func(s *sim.Scenario) { s.Difficulty = s.Difficulty[2:] },
			[]string{"", "hard"}, "on the file as written and at 1 difficulty level (hard)"},
		{"one empty level", func(s *sim.Scenario) { s.Difficulty = s.Difficulty[1:2] },
			[]string{"normal"}, "at 1 difficulty level (normal; normal is the file as written)"},
		{"no levels", func(s *sim.Scenario) { s.Difficulty = nil },
			[]string{""}, "on the file as written (no difficulty levels)"},
	} {
		s, err := sim.Parse("t.toml", []byte(tutorialWith(t, "", "")))
		if err != nil {
			t.Fatal(err)
		}
		tc.edit(s)
		levels, asWritten := coverageLevels(s)
		if strings.Join(levels, ",") != strings.Join(tc.levels, ",") {
			t.Errorf("%s: levels %q, want %q", tc.name, levels, tc.levels)
		}
		if got := levelWords(levels, asWritten); got != tc.words {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.words)
		}
	}
	r := run(t, "validate", "tutorial", "--play", "20")
	if want := "tutorial: played 20 games, each of 6 policies in turn at 3 difficulty levels (easy, normal, hard; normal is the file as written); verdicts: "; !strings.Contains(r.stdout, want) {
		t.Errorf("validate --play: want %q in\n%s", want, r)
	}
}

// TestCoverageSuccessByPolicy: validate --play gives each policy's success
// rate, the number an author balances by, and notes that choices barely
// matter only when every policy's rate says so. Its note was on the rate
// of all games pooled: a scenario that deterrence-first won 43% of the
// time and lookahead 32% (the rest under 4%) was told "4.5% of games,
// whatever the policy: choices barely matter".
func TestCoverageSuccessByPolicy(t *testing.T) {
	r := run(t, "validate", "tutorial", "--play", "120")
	line := ""
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "tutorial: allied success by policy: ") {
			line = l
		}
	}
	for _, p := range coveragePolicies {
		if !strings.Contains(line, " "+p+" ") {
			t.Errorf("no rate for %s in %q", p, line)
		}
	}
	// The tutorial's policies win from never to nearly always: no note.
	if strings.Contains(r.stdout, "barely matter") {
		t.Errorf("a note that choices barely matter, though policies differ:\n%s", r.stdout)
	}
	// With no end a success, every policy fails every game: the note.
	p := filepath.Join(t.TempDir(), "lost.toml")
	if err := os.WriteFile(p, []byte(tutorialWith(t, "success = true", "success = false")), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "validate", p, "--play", "360") // 20 games a policy at each of 3 levels
	if !strings.Contains(r.stdout, "note: the allies succeeded in no game under every policy at level hard: choices barely matter") {
		t.Errorf("no note for a scenario no policy can win:\n%s", r)
	}
}

// TestBalanceNotesByLevel: the note that choices barely matter is judged
// level by level. A scenario every policy won at normal, where free-rider
// fell to 40% on hard, drew no note, as its pooled rates (free-rider 70%)
// were not all above 95%; now normal is named, and hard is not.
func TestBalanceNotesByLevel(t *testing.T) {
	say, all := balanceSay, sixOf
	got := say([]string{"normal", "hard"}, [][]int{all(25), all(25)}, [][]int{all(25), {25, 25, 25, 25, 10, 25}})
	if !strings.Contains(got, "note: the allies succeeded in every game under every policy at level normal: choices barely matter") ||
		strings.Contains(got, "level hard") {
		t.Errorf("every policy wins at normal, free-rider 40%% on hard:\n%s", got)
	}
	got = say([]string{"", "hard"}, [][]int{all(30), all(30)}, [][]int{{29, 30, 30, 30, 30, 30}, {1, 0, 0, 0, 0, 0}})
	if !strings.Contains(got, "in at least 96.7% of games under every policy as the file is written:") ||
		!strings.Contains(got, "in at most 3.3% of games under every policy at level hard:") {
		t.Errorf("too easy as written, too hard at hard:\n%s", got)
	}
	// Too few games at a level to judge it: nothing said of it.
	if got := say([]string{"normal"}, [][]int{all(19)}, [][]int{all(19)}); got != "" {
		t.Errorf("19 games a policy: want no note, got\n%s", got)
	}
	// One level: no level named.
	if got := say([]string{""}, [][]int{all(20)}, [][]int{all(0)}); !strings.Contains(got, "note: the allies succeeded in no game under every policy: choices") {
		t.Errorf("no levels, no wins:\n%s", got)
	}
}

// TestFreeRiderNote: validate --play notes a level at which free-rider,
// which spends only its visible minimum, won as often as every other
// policy, or more (scenarios/README.md §11: least of all free-rider should
// be best); not where one policy beat it, nor where nobody won, nor at a
// level whose note says every policy wins. All levels pooled are judged
// when no level had games enough to say.
func TestFreeRiderNote(t *testing.T) {
	say, all := balanceSay, sixOf
	// balanced, deterrence-first, resilience-first, alliance-first, free-rider, lookahead
	got := say([]string{"", "hard"}, [][]int{all(25), all(25)}, [][]int{{20, 4, 24, 17, 24, 22}, {18, 3, 20, 15, 21, 20}})
	if !strings.Contains(got, "note: free-rider, which spends only its visible minimum, succeeded in 24 of 25 games as the file is written (96.0%), as often as or more often than every other policy (the best of them, resilience-first: 96.0%): the scenario rewards doing the least") ||
		!strings.Contains(got, "succeeded in 21 of 25 games at level hard (84.0%)") || strings.Contains(got, "over all levels") {
		t.Errorf("free-rider ties the best as written and beats all on hard:\n%s", got)
	}
	if got := say([]string{""}, [][]int{all(25)}, [][]int{{20, 4, 24, 17, 23, 22}}); strings.Contains(got, "free-rider") {
		t.Errorf("resilience-first beat free-rider: want no note:\n%s", got)
	}
	if got := say([]string{""}, [][]int{all(25)}, [][]int{all(0)}); strings.Contains(got, "free-rider") {
		t.Errorf("no policy won: want no free-rider note:\n%s", got)
	}
	if got := say([]string{"normal"}, [][]int{all(25)}, [][]int{all(25)}); strings.Contains(got, "free-rider") || !strings.Contains(got, "barely matter") {
		t.Errorf("every policy won every game: want only the barely-matter note:\n%s", got)
	}
	// 12 games a policy at each level: judged over both.
	got = say([]string{"", "hard"}, [][]int{all(12), all(12)}, [][]int{{10, 2, 11, 8, 12, 11}, {9, 1, 10, 7, 10, 10}})
	if !strings.Contains(got, "succeeded in 22 of 24 games over all levels (91.7%)") {
		t.Errorf("too few games a level: want the levels pooled:\n%s", got)
	}
}

// balanceSay returns what balanceNotes prints.
func balanceSay(levels []string, played, won [][]int) string {
	var b strings.Builder
	balanceNotes(&b, levels, played, won)
	return b.String()
}

// sixOf returns n for each of the 6 coveragePolicies.
func sixOf(n int) []int { return []int{n, n, n, n, n, n} }
