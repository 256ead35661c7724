package sim_test

import (
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// NoBluffsWhy tells the three ways an adversary comes to signal no bluffs
// by what each stage gives its bluffs: the file (gray-zone's China bluffs,
// its easy level sets 0, its hard level 2), the level played, and an
// --set. It said "no bluffs at this level" for a --set of 0 over hard,
// whose level had set 2, because hard's set names the key.
func TestNoBluffsWhy(t *testing.T) {
	written, err := scenarios.Open("gray-zone")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		level string
		sets  []string
		file  string // the file's bluffs for China, "" as written
		want  string
	}{
		{"easy", nil, "", "no bluffs at this level"},
		{"hard", []string{"side.prc.bluffs=0"}, "", "no bluffs in this game"},
		{"", []string{"side.prc.bluffs=0"}, "", "no bluffs in this game"},
		{"", nil, "0", "this adversary never bluffs"},
		{"easy", nil, "0", "this adversary never bluffs"}, // easy's 0 changes nothing
		{"hard", []string{"side.prc.bluffs=0"}, "0", "no bluffs in this game"},
	} {
		w := written.Clone()
		if tc.file != "" {
			if err := w.Set("side.prc.bluffs", tc.file); err != nil {
				t.Fatal(err)
			}
		}
		s, err := w.WithDifficulty(tc.level)
		if err != nil {
			t.Fatal(err)
		}
		s = s.Clone()
		for _, kv := range tc.sets {
			if err := s.Set("side.prc.bluffs", kv[len("side.prc.bluffs="):]); err != nil {
				t.Fatal(err)
			}
		}
		c, err := sim.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		prc := c.SideIndex("prc")
		if !c.NeverBluffs(prc) {
			t.Fatalf("level %q, sets %v, file %q: China bluffs", tc.level, tc.sets, tc.file)
		}
		if got := sim.NoBluffsWhy(w, tc.level, c, prc); got != tc.want {
			t.Errorf("level %q, sets %v, file bluffs %q: %q, want %q", tc.level, tc.sets, tc.file, got, tc.want)
		}
	}
	if got := sim.NoBluffsWhy(nil, "", nil, 0); got != "no bluffs in this game" {
		t.Errorf("no scenario at hand: %q", got)
	}
}
