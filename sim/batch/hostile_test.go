package batch

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// TestVariantLegendSanitized: what a variant id stands for comes from the
// manifest beside a row file, which may be anyone's; the table and the
// comparisons print it without its escape sequences and bidi controls
// (they cleared the screen and retitled the terminal).
func TestVariantLegendSanitized(t *testing.T) {
	const sha = "97407b8036e4d0e78216a958a2600dc780bb5a9614b3c19d85e14baa8f0e1ac8"
	rows := "run_id,scenario,scenario_sha256,variant,policy,replicate,seed,turns_played,verdict,success,hash,deterrence\n"
	for i, v := range []string{"v1", "v1", "v1", "v2", "v2", "v2"} {
		rows += strings.Join([]string{strconv.Itoa(i), "tutorial", sha, v, "balanced", strconv.Itoa(i % 3), strconv.Itoa(100 + i%3), "5", "held",
			[]string{"true", "false"}[i%2], "0123456789abcdef", strconv.Itoa(40 + 3*i)}, ",") + "\n"
	}
	recs, cols, _, err := ReadRecords("in.csv", strings.NewReader(rows))
	if err != nil {
		t.Fatal(err)
	}
	hostile := "side.rok.budget=6\x1b]0;pwned\x07\x1b[2J\u202eEVIL\x9b31m"
	s := NewSummary(cols, nil).WithVariants(map[string][]string{"v1": {"side.rok.budget=4"}, "v2": {hostile}})
	for i := range recs {
		s.Add(&recs[i])
	}
	var b bytes.Buffer
	s.WriteTable(&b, 3)
	s.WriteComparisons(&b, s.Compare())
	out := b.String()
	if !strings.Contains(out, "v2: --set side.rok.budget=6") || !strings.Contains(out, "EVIL") {
		t.Fatalf("the legend is missing:\n%s", out)
	}
	if i := strings.IndexAny(out, "\x1b\x07\u202e\u009b"); i >= 0 {
		t.Fatalf("control characters printed at %d: %q", i, out[max(0, i-30):min(len(out), i+30)])
	}
}
