package sim

import "testing"

func TestReadableOperators(t *testing.T) {
	c := &Compiled{TurnLabel: "Week", Metrics: []MetricInfo{{ID: "rok_support", Name: "ROK support"}, {ID: "gains2", Name: "Gains"}}}
	names := []string{"rok_support", "gains2", "turn", "turns", "final"}
	for src, want := range map[string]string{
		"rok_support <= 33.5 and gains2 != 2":         "ROK support ≤ 33.5 and Gains ≠ 2",
		"turn == turns\n  or not (gains2 >= 10)":      "week = weeks or not (Gains ≥ 10)",
		"final and rok_support>40 and -gains2 < 0.25": "final and ROK support>40 and -Gains < 0.25",
	} {
		e, err := compileExpr(src, names)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := c.Readable(&e); got != want {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
	if got := c.Readable(&Expr{}); got != "" {
		t.Errorf("the empty condition: %q", got)
	}
}
