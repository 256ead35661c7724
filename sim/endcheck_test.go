package sim_test

import (
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

func TestEndsIfSet(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	cohesion := c.MetricIndex("cohesion")
	split := -1
	for i := range c.Ends {
		if c.Ends[i].ID == "split" {
			split = i
		}
	}
	if split < 0 {
		t.Fatal("the tutorial has no end 'split' (cohesion < 45)")
	}
	before := g.Hash()
	for name, tc := range map[string]struct {
		value string
		want  []int
	}{
		"below the threshold": {"30", []int{split}},
		"just below it":       {"44.99", []int{split}},
		"at the threshold":    {"45", nil},
		"as it is":            {g.Metric(cohesion).Format(2), nil},
	} {
		t.Run(name, func(t *testing.T) {
			v, err := sim.ParseFix(tc.value)
			if err != nil {
				t.Fatal(err)
			}
			got, err := g.EndsIfSet(cohesion, v)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) || len(got) > 0 && got[0] != tc.want[0] {
				t.Errorf("cohesion %s meets ends %v, want %v", tc.value, got, tc.want)
			}
		})
	}
	if _, err := g.EndsIfSet(cohesion, sim.FixInt(1000)); err == nil {
		t.Error("a value SetMetric refuses gives no error")
	}
	if _, err := g.EndsIfSet(c.MetricIndex("deterrence"), sim.FixInt(10)); err == nil {
		t.Error("the derived deterrence may be set")
	}
	if g.Hash() != before || g.Metric(cohesion) == sim.FixInt(30) {
		t.Error("EndsIfSet changed the game")
	}
}
