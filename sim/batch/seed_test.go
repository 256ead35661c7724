package batch

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// TestJSONLSeedIsAString: a JSON Lines row's seed is a decimal string, so
// that a seed above 2^53 survives readers that hold numbers as doubles;
// the reader takes it, and the number form of older rows, back exactly.
func TestJSONLSeedIsAString(t *testing.T) {
	const seed = 18446744073709551557 // 2^64-59: not a float64
	rec := Record{RunID: 0, Scenario: "tutorial", Policy: "balanced", Seed: seed, Metrics: []string{"1.00"}}
	line := rec.jsonLine([]string{"deterrence"}, false)
	var raw map[string]any
	if err := json.Unmarshal(line, &raw); err != nil {
		t.Fatal(err)
	}
	if got, ok := raw["seed"].(string); !ok || got != "18446744073709551557" {
		t.Fatalf("seed is %T %v, want the string \"18446744073709551557\"\n%s", raw["seed"], raw["seed"], line)
	}
	old := strings.Replace(string(line), `"seed":"18446744073709551557"`, `"seed":18446744073709551557`, 1)
	for name, text := range map[string]string{"string": string(line), "number": old} {
		rr, err := NewRowReader("rows.jsonl", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		var got Record
		if err := rr.Next(&got); err != nil {
			t.Fatalf("%s form: %v", name, err)
		}
		if got.Seed != seed {
			t.Errorf("%s form: seed %d, want %d", name, got.Seed, uint64(seed))
		}
		if err := rr.Next(&got); err != io.EOF {
			t.Errorf("%s form: after the row: %v", name, err)
		}
	}
	for _, bad := range []string{`"-1"`, `"1e3"`, `"0x10"`, `""`, `"18446744073709551616"`, `-1`, `1.5`, `null`, `" 7"`} {
		text := strings.Replace(string(line), `"seed":"18446744073709551557"`, `"seed":`+bad, 1)
		rr, err := NewRowReader("rows.jsonl", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		var got Record
		if err := rr.Next(&got); err == nil || !strings.Contains(err.Error(), "rows.jsonl:1: ") || !strings.Contains(err.Error(), "seed") {
			t.Errorf("seed %s: err %v, want a refusal naming rows.jsonl:1 and the seed", bad, err)
		}
	}
}
