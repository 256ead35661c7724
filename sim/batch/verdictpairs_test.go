package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestVerdictPairs: a comparison cross-tabulates its pairs by verdict
// (the verdict under the base arm, the verdict under the other), counted
// here from the runs themselves: every pair in one cell, most first, in
// the json as verdict_pairs and, where the verdicts differ, in the table.
func TestVerdictPairs(t *testing.T) {
	a := armsOf(t, "gray-zone", "balanced", "deterrence-first")
	s := NewSummary(MetricColumns(a), nil)
	verdicts := map[int][2]string{} // replicate → the verdict under each arm
	sink := sinkFunc(func(r *Row) error {
		v := verdicts[r.Replicate]
		v[r.Arm.Index] = r.Verdict()
		verdicts[r.Replicate] = v
		return s.Row(r)
	})
	const runs = 200
	if _, err := Run(context.Background(), &Config{Arms: a, Runs: runs, Seed: 5, Workers: 2}, nil, sink); err != nil {
		t.Fatal(err)
	}
	want := map[[2]string]int{}
	for _, v := range verdicts {
		want[v]++
	}
	cs := s.Compare(0)
	if len(cs) != 1 {
		t.Fatalf("%d comparisons, want 1", len(cs))
	}
	got := map[[2]string]int{}
	total := 0
	for i, vp := range cs[0].VerdictPairs {
		got[[2]string{vp.From, vp.To}] = vp.Count
		total += vp.Count
		if i > 0 && vp.Count > cs[0].VerdictPairs[i-1].Count {
			t.Errorf("verdict pairs not most first: %+v", cs[0].VerdictPairs)
		}
	}
	if total != runs || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("verdict pairs %v (%d pairs), the runs say %v", got, total, want)
	}
	var top VerdictPair
	for _, vp := range cs[0].VerdictPairs {
		if vp.From != vp.To {
			top = vp
			break
		}
	}
	if top.Count == 0 {
		t.Fatal("balanced and deterrence-first ended alike in every pair: pick arms that differ")
	}
	j, err := json.Marshal(cs[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(j, []byte(fmt.Sprintf(`{"from":%q,"to":%q,"count":%d}`, top.From, top.To, top.Count))) {
		t.Errorf("json lacks the top verdict pair %+v: %s", top, j)
	}
	var tbl bytes.Buffer
	s.WriteComparisons(&tbl, cs)
	line := fmt.Sprintf("%s → %s", top.From, top.To) // no labels: the ids
	if !strings.Contains(tbl.String(), line) || !strings.Contains(tbl.String(), fmt.Sprintf("%d  %5.1f%%", top.Count, 100*float64(top.Count)/runs)) {
		t.Errorf("table lacks the top verdict pair %q (%d):\n%s", line, top.Count, tbl.String())
	}
	// And the words say it.
	said := fmt.Sprintf("most often a game that ended %s under %s ended %s under %s (%d pairs,", top.From, cs[0].Base, top.To, cs[0].Other, top.Count)
	if !strings.Contains(strings.Join(strings.Fields(tbl.String()), " "), said) {
		t.Errorf("words lack %q:\n%s", said, tbl.String())
	}
}

// TestVerdictPairsLimitAndOrder: the table shows the VerdictPairsShown
// largest cells where the verdicts differ and counts the rest in one
// line; ties are ordered by verdict, so rows in any order (shards, files
// shuffled) give the same cells in the same order.
func TestVerdictPairsLimitAndOrder(t *testing.T) {
	const n = 8 // verdicts under the other arm: v0 … v7
	var recs []Record
	rep := 0
	for k := range n { // cell held → vK has n−k pairs
		for range n - k {
			recs = append(recs,
				Record{Scenario: "s", Variant: "base", Policy: "a", Replicate: rep, Verdict: "held"},
				Record{Scenario: "s", Variant: "base", Policy: "b", Replicate: rep, Verdict: fmt.Sprintf("v%d", k)})
			rep++
		}
	}
	// Two cells of one count: z→q before z→r whatever the rows' order.
	for _, v := range []string{"r", "q"} {
		recs = append(recs,
			Record{Scenario: "s", Variant: "base", Policy: "a", Replicate: rep, Verdict: "z"},
			Record{Scenario: "s", Variant: "base", Policy: "b", Replicate: rep, Verdict: v})
		rep++
	}
	var first []byte
	rng := rand.New(rand.NewPCG(1, 2))
	for try := range 4 {
		s := NewSummary(nil, nil)
		for _, r := range recs {
			s.Add(&r)
		}
		cs := s.Compare(0)
		if len(cs) != 1 || cs[0].Pairs != rep {
			t.Fatalf("comparisons %+v, want one of %d pairs", cs, rep)
		}
		j, _ := json.Marshal(cs[0].VerdictPairs)
		if try == 0 {
			first = j
			vp := cs[0].VerdictPairs
			if vp[0] != (VerdictPair{"held", "v0", n}) {
				t.Errorf("largest cell %+v, want held → v0, %d", vp[0], n)
			}
			iq := slices.Index(vp, VerdictPair{"z", "q", 1})
			ir := slices.Index(vp, VerdictPair{"z", "r", 1})
			if iq < 0 || ir < 0 || iq > ir {
				t.Errorf("tied cells not by verdict: %+v", vp)
			}
			var tbl bytes.Buffer
			s.WithoutWords().WriteComparisons(&tbl, cs)
			out := tbl.String()
			for k := range VerdictPairsShown {
				if !strings.Contains(out, fmt.Sprintf("held → v%d ", k)) {
					t.Errorf("table lacks held → v%d:\n%s", k, out)
				}
			}
			if strings.Contains(out, fmt.Sprintf("held → v%d ", VerdictPairsShown)) {
				t.Errorf("table shows more than %d cells:\n%s", VerdictPairsShown, out)
			}
			// Left: held → v5 … v7 (3, 2, 1 pairs) and z → q, z → r (1 each).
			if !strings.Contains(out, "5 other pairs of verdicts: 8 pairs") {
				t.Errorf("table does not count the cells left out:\n%s", out)
			}
		} else if !bytes.Equal(j, first) {
			t.Fatalf("rows in another order gave other verdict pairs:\n%s\n%s", j, first)
		}
		// The first two rows stay first: they make a the base arm.
		rest := recs[2:]
		rng.Shuffle(len(rest), func(i, k int) { rest[i], rest[k] = rest[k], rest[i] })
	}
}
