package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidatePlayRatesByLevel: validate --play gives the allied success
// at each difficulty level, and says when a level named hard is not harder
// than normal, or easy not easier. Here the tutorial's easy and hard sets
// are swapped: the level called hard is the easy one.
func TestValidatePlayRatesByLevel(t *testing.T) {
	easy := `set = { "side.prc.bluffs" = 0, "action.militia_swarm.pressure" = 2.5, "action.steel_structure.pressure" = 3, "action.steel_structure.success.gains" = 6 }`
	hard := `set = { "side.prc.bluffs" = 2, "side.prc.aim" = 2, "action.militia_swarm.pressure" = 3.5, "action.adiz_incursion.pressure" = 3.5, "action.militia_swarm.success.gains" = 6, "action.steel_structure.success.gains" = 10 }`
	src := tutorialWith(t, easy, "EASY")
	src = strings.Replace(strings.Replace(strings.Replace(src, hard, "HARD", 1), "EASY", hard, 1), "HARD", easy, 1)
	p := filepath.Join(t.TempDir(), "swapped.toml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "validate", p, "--play", "1800")
	if r.code != exitOK {
		t.Fatalf("a level's rate is a note, not a failure: %s", r)
	}
	for _, want := range []string{
		"allied success by difficulty level: easy ",
		"(600 games each)",
		"note: level easy is not easier than normal: ",
		"note: level hard is not harder than normal: ",
		"beyond sampling noise",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("validate --play with easy and hard swapped: want %q in\n%s", want, r.stdout)
		}
	}
}

// TestLevelRatesNoise: a difference within twice its standard error is
// called sampling noise, with its size; one beyond it is called a fact; a
// level harder by more than the noise draws nothing. Without levels, or
// without a baseline (normal or the file as written), nothing is said.
func TestLevelRatesNoise(t *testing.T) {
	say := func(levels []string, played, won []int) string {
		var b strings.Builder
		levelRates(&b, "x.toml", levels, played, won, sum(played))
		return b.String()
	}
	three := []string{"easy", "normal", "hard"}
	got := say(three, []int{100, 100, 100}, []int{70, 50, 48})
	if !strings.Contains(got, "x.toml: allied success by difficulty level: easy 70.0%, normal 50.0%, hard 48.0% (100 games each)\n") ||
		!strings.Contains(got, "note: level hard is not measurably harder than normal: 48.0% allied success against 50.0% at normal, a difference within sampling noise (±14.1 points at these games)") ||
		strings.Contains(got, "level easy") {
		t.Errorf("hard within the noise:\n%s", got)
	}
	if got := say(three, []int{100, 100, 100}, []int{70, 50, 20}); strings.Contains(got, "note") {
		t.Errorf("hard clearly harder, easy clearly easier: want no note:\n%s", got)
	}
	if got := say(three, []int{1000, 1000, 1000}, []int{300, 500, 700}); !strings.Contains(got, "note: level easy is not easier than normal: 30.0% allied success against 50.0% at normal, beyond sampling noise") ||
		!strings.Contains(got, "note: level hard is not harder than normal: 70.0% allied success against 50.0% at normal, beyond sampling noise") {
		t.Errorf("levels the wrong way round:\n%s", got)
	}
	if got := say(three, []int{50, 50, 50}, []int{50, 50, 50}); !strings.Contains(got, "note: level hard is not harder than normal: 100.0% allied success against 100.0% at normal, in every game played") {
		t.Errorf("every game won at every level:\n%s", got)
	}
	// No normal: the file as written is the baseline.
	if got := say([]string{"", "hard"}, []int{100, 99}, []int{50, 60}); !strings.Contains(got, "as written 50.0%, hard 60.6% (99 to 100 games each)") ||
		!strings.Contains(got, "than as written") {
		t.Errorf("baseline the file as written:\n%s", got)
	}
	if got := say([]string{""}, []int{100}, []int{50}); got != "" {
		t.Errorf("no levels: want nothing, got\n%s", got)
	}
	if got := say([]string{"easy", "hard"}, []int{100, 100}, []int{50, 50}); strings.Contains(got, "note") {
		t.Errorf("no baseline: want no note, got\n%s", got)
	}
}
