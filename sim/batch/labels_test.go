package batch

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// TestComparisonLabels: the comparisons say which intervals are corrected
// and which are not (the CIs are each 95% on their own; only the p-values
// are Holm-corrected), name the methods, and write a small p as
// "p<0.001", not "p=<0.001".
func TestComparisonLabels(t *testing.T) {
	const sha = "97407b8036e4d0e78216a958a2600dc780bb5a9614b3c19d85e14baa8f0e1ac8"
	rows := "run_id,scenario,scenario_sha256,variant,policy,replicate,seed,turns_played,verdict,success,hash,deterrence\n"
	const n = 200
	for i := 0; i < 2*n; i++ {
		arm, rep := i/n, i%n
		success := arm == 1 || rep%10 == 0 // arm 1 always succeeds: p far below 0.001
		rows += strings.Join([]string{strconv.Itoa(i), "tutorial", sha, "base", []string{"balanced", "lookahead"}[arm], strconv.Itoa(rep),
			strconv.Itoa(1000 + rep), "5", "held", strconv.FormatBool(success), "0123456789abcdef", strconv.Itoa(40 + 10*arm + rep%7)}, ",") + "\n"
	}
	recs, cols, _, err := ReadRecords("in.csv", strings.NewReader(rows))
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{78, 120} {
		s := NewSummary(cols, nil).WithWidth(width)
		for i := range recs {
			s.Add(&recs[i])
		}
		var b bytes.Buffer
		s.WriteComparisons(&b, s.Compare(0))
		out := strings.Join(strings.Fields(b.String()), " ")
		for _, want := range []string{"unadjusted 95% CIs", "Newcombe", "paired t", "Holm-corrected across 2 tests", "Holm p<0.001"} {
			if !strings.Contains(out, want) {
				t.Errorf("width %d: %q missing from\n%s", width, want, b.String())
			}
		}
		if strings.Contains(out, "p=<") {
			t.Errorf("width %d: a p-value written as p=<…:\n%s", width, b.String())
		}
	}
}

// TestCauseJSONKeys: a cause in batch --format json has snake_case keys like
// every other key of the summary (it had Go's field names: "ID", "Mean").
func TestCauseJSONKeys(t *testing.T) {
	b, err := json.Marshal(CauseMean{ID: "lever:x", Name: "X", Side: "rok", Mean: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"lever:x","name":"X","side":"rok","mean":1.5}`; string(b) != want {
		t.Errorf("cause JSON %s, want %s", b, want)
	}
}
