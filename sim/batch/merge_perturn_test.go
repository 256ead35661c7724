package batch

import (
	"strings"
	"testing"
)

// Per-turn rows: a run's turns are one run (several rows of one run id),
// but the same turn of a run twice is a shard given twice, refused as a
// flat row given twice is. A mutation that let per-turn duplicates through
// passed every test (the merge command's own file check caught them
// first).
func TestMergePerTurnRefusesATurnTwice(t *testing.T) {
	ok := []Record{{RunID: 0, Turn: 1}, {RunID: 0, Turn: 2}, {RunID: 1, Turn: 1}, {RunID: 1, Turn: 2}}
	if _, err := MergeRecords(append([]Record(nil), ok...), true, 2); err != nil {
		t.Fatalf("two runs of two turns each: %v", err)
	}
	dup := append(append([]Record(nil), ok...), Record{RunID: 1, Turn: 2})
	if _, err := MergeRecords(dup, true, 2); err == nil || !strings.Contains(err.Error(), "run 1 appears more than once") {
		t.Fatalf("run 1's turn 2 twice: %v", err)
	}
	if _, err := MergeRecords(append([]Record(nil), ok...), false, 2); err == nil || !strings.Contains(err.Error(), "more than once") {
		t.Fatalf("flat rows, two of each run: %v", err)
	}
}
