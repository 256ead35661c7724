package sim_test

import (
	"strconv"
	"strings"
	"testing"

	"lattice/sim"
)

// FuzzSet applies arbitrary --set pairs (KEY=VALUE, as the command line
// gives them) to the tutorial: Set must never panic, an error must name
// the key path it was given, and a scenario that still compiles must play
// to an end with every invariant (checkResult) kept.
func FuzzSet(f *testing.F) {
	for _, kv := range [][2]string{
		{"side.rok.budget", "8"},
		{"lever.combined_exercises.max", "0"},
		{"lever.combined_exercises.effect.capability", "-1e300"},
		{"turns", "1000"},
		{"turns", "0x10"},
		{"metric.escalation.start", "NaN"},
		{"action[0].pressure", "3"},
		{"lever[99].cost", "2"},
		{"side.rok.id", "x"},
		{"difficulty", "hard"},
		{"lever.combined_exercises.cost", "0"},
		{"side.rok.policy", "\x1b]0;pwned\a"},
		{"end.deterred.when", "turn >= ("},
		{"lever..max", "1"},
		{"side.rok.budget", "\"8\""},
	} {
		f.Add(kv[0], kv[1])
	}
	base := builtin(f, "tutorial").Scenario
	f.Fuzz(func(t *testing.T, path, value string) {
		if len(path) > 200 || len(value) > 200 {
			return
		}
		s := base.Clone()
		if err := s.Set(path, value); err != nil {
			msg := err.Error()
			if q := strconv.Quote(path); !strings.HasPrefix(msg, path+": ") && !strings.Contains(msg, "key path "+q) {
				t.Fatalf("Set(%q, %q): %q does not name the key path", path, value, msg)
			}
			if strings.Contains(msg, "internal error") {
				t.Fatalf("Set(%q, %q): a recovered panic: %q", path, value, msg)
			}
			return
		}
		c, err := sim.Compile(s)
		if err != nil {
			el, ok := err.(sim.ErrorList)
			if !ok || len(el) == 0 {
				t.Fatalf("Set(%q, %q) then Compile: %T %v, not an ErrorList", path, value, err, err)
			}
			for _, e := range el {
				if strings.Contains(e.Error(), "internal error") {
					t.Fatalf("Set(%q, %q) then Compile: a recovered panic: %v", path, value, e)
				}
			}
			return
		}
		if c.Turns > 50 { // keep each input fast
			return
		}
		pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
		if err != nil {
			return // a side names a policy file: reported at run time
		}
		play(t, c, 1, pols)
	})
}

// FuzzParsePolicy feeds arbitrary bytes to ParsePolicy as a policy file:
// it must never panic, an error must name the file, and a policy it
// accepts must play every side of the tutorial to an end.
func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte("name = \"cautious\"\ndeterrence = 1\nresilience = 2\nalliance = 1\nescalation = 3\ndefence = 1\nspend = 0.8\n"))
	f.Add([]byte("minimum_only = true\n"))
	f.Add([]byte("spend = 1e308\ndeterrence = -1e308\n"))
	f.Add([]byte("spend = nan\n"))
	f.Add([]byte("deterence = 1\n"))
	f.Add([]byte("name = \"\x1b[2J\"\n"))
	f.Add([]byte("[weights]\n"))
	c := builtin(f, "tutorial")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := sim.ParsePolicy("fuzz.toml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Fatalf("error does not name the file: %q", err)
			}
			return
		}
		pols := make([]sim.Policy, len(c.Sides))
		for i := range c.Sides {
			if !c.Sides[i].Adversary {
				pols[i] = p
			}
		}
		play(t, c, 1, pols)
	})
}
