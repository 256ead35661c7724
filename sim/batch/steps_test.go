package batch

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// stepsSummary is a summary of rows of variants (id → overrides, ids in
// order) × policies, runs replicates each, with successes that differ
// between arms (so every comparison makes a test).
func stepsSummary(variants [][2]string, policies []string, runs int, steps string) *Summary {
	ov := map[string][]string{}
	for _, v := range variants {
		ov[v[0]] = strings.Split(v[1], " ")
	}
	s := NewSummary(nil, nil).WithVariants(ov).WithSteps(steps)
	for vi, v := range variants {
		for pi, p := range policies {
			for r := range runs {
				ok := (r*7+vi*3+pi*5)%(vi+pi+2) == 0
				s.Add(&Record{Scenario: "s", Variant: v[0], Policy: p, Replicate: r, Success: ok, Verdict: map[bool]string{true: "held", false: "coerced"}[ok]})
			}
		}
	}
	return s
}

func pairsOf(cs []Comparison) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Other+" vs "+c.Base)
	}
	return out
}

// TestSweepSteps: the comparisons of a sweep set each level against the
// first only, so --set k=4,6,8 never compared 6 with 8. --steps adjacent
// compares each level with the one before it in its list, --steps both
// does both (each pair once), one change at a time in a sweep of several
// keys too; policies are still compared within a variant; every
// comparison shown counts in Holm's correction, and the heading says what
// was compared.
func TestSweepSteps(t *testing.T) {
	three := [][2]string{{"v1", "k=4"}, {"v2", "k=6"}, {"v3", "k=8"}}
	pols := []string{"balanced", "free-rider"}
	want := map[string][]string{
		StepsFirst: {"free-rider vs balanced", // base variant: policies
			"v2 balanced vs v1 balanced", "v2 free-rider vs v2 balanced", "v2 free-rider vs v1 free-rider",
			"v3 balanced vs v1 balanced", "v3 free-rider vs v3 balanced", "v3 free-rider vs v1 free-rider"},
		StepsAdjacent: {"free-rider vs balanced",
			"v2 balanced vs v1 balanced", "v2 free-rider vs v2 balanced", "v2 free-rider vs v1 free-rider",
			"v3 balanced vs v2 balanced", "v3 free-rider vs v3 balanced", "v3 free-rider vs v2 free-rider"},
		StepsBoth: {"free-rider vs balanced",
			"v2 balanced vs v1 balanced", "v2 free-rider vs v2 balanced", "v2 free-rider vs v1 free-rider",
			"v3 balanced vs v1 balanced", "v3 balanced vs v2 balanced", "v3 free-rider vs v3 balanced", "v3 free-rider vs v1 free-rider", "v3 free-rider vs v2 free-rider"},
	}
	tests := map[string]int{}
	for _, steps := range []string{StepsFirst, StepsAdjacent, StepsBoth} {
		s := stepsSummary(three, pols, 60, steps)
		cs := s.Compare(0)
		got := pairsOf(cs)
		// The first variant's arms are labelled without "v1 ".
		for i := range got {
			got[i] = strings.ReplaceAll(got[i], "v1 free-rider vs v1 balanced", "free-rider vs balanced")
		}
		w := want[steps]
		if !slices.Equal(sortedCopy(got), sortedCopy(w)) {
			t.Errorf("--steps %s compares %q, want %q", steps, got, w)
		}
		tests[steps] = JudgementOf(cs).Tests
		n := 0
		for _, c := range cs {
			if c.Success.Test != TestNone {
				n++
			}
		}
		if tests[steps] != n || n == 0 {
			t.Errorf("--steps %s: Holm's family is %d tests, the comparisons shown make %d", steps, tests[steps], n)
		}
		var tbl bytes.Buffer
		s.WithoutWords().WithWidth(200).WriteComparisons(&tbl, cs)
		head, _, _ := strings.Cut(tbl.String(), "──")
		head = strings.Join(strings.Fields(head), " ")
		if !strings.Contains(head, fmt.Sprintf("Holm-corrected across %d tests", n)) {
			t.Errorf("--steps %s heading does not count %d tests: %s", steps, n, head)
		}
		switch steps {
		case StepsFirst:
			if !strings.Contains(head, "--steps adjacent compares each level with the one before it") {
				t.Errorf("a sweep of three levels does not say --steps adjacent: %s", head)
			}
		default:
			if !strings.Contains(head, "--steps "+steps) {
				t.Errorf("--steps %s not said in the heading: %s", steps, head)
			}
		}
	}
	if tests[StepsBoth] <= tests[StepsFirst] || tests[StepsBoth] <= tests[StepsAdjacent] {
		t.Errorf("--steps both made %d tests, first %d, adjacent %d: both holds more comparisons", tests[StepsBoth], tests[StepsFirst], tests[StepsAdjacent])
	}
	// Two levels: adjacent is first, and the heading offers nothing.
	two := stepsSummary(three[:2], pols, 60, StepsFirst)
	var tbl bytes.Buffer
	two.WithoutWords().WithWidth(200).WriteComparisons(&tbl, two.Compare(0))
	if strings.Contains(tbl.String(), "--steps") {
		t.Errorf("a sweep of two levels mentions --steps:\n%s", tbl.String())
	}
}

// TestSweepStepsTwoKeys: in a sweep of two keys each variant is compared,
// under --steps adjacent, with those one level back in one key, the other
// kept.
func TestSweepStepsTwoKeys(t *testing.T) {
	var vs [][2]string
	for _, a := range []string{"1", "2", "3"} {
		for _, b := range []string{"x", "y"} {
			vs = append(vs, [2]string{fmt.Sprintf("v%d", len(vs)+1), "a=" + a + " b=" + b})
		}
	}
	// v1 a=1 b=x, v2 a=1 b=y, v3 a=2 b=x, v4 a=2 b=y, v5 a=3 b=x, v6 a=3 b=y
	s := stepsSummary(vs, []string{"balanced"}, 40, StepsAdjacent)
	got := pairsOf(s.Compare(0))
	want := []string{"v2 balanced vs balanced", "v3 balanced vs balanced", "v4 balanced vs v2 balanced", "v4 balanced vs v3 balanced",
		"v5 balanced vs v3 balanced", "v6 balanced vs v4 balanced", "v6 balanced vs v5 balanced"}
	for i := range got {
		got[i] = strings.ReplaceAll(got[i], "vs v1 balanced", "vs balanced")
	}
	if !slices.Equal(sortedCopy(got), sortedCopy(want)) {
		t.Errorf("two keys, --steps adjacent: %q, want %q", got, want)
	}
}

func sortedCopy(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
