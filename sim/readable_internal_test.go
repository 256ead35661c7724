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

// TestShellQuoteForEachShell: a shown command pastes into the shell of its
// system: POSIX quoting leaves a plain path bare and quotes a backslash;
// PowerShell leaves a Windows path bare, quotes its comma and @, and
// doubles a single quote (typographic ones too) inside its own quotes.
func TestShellQuoteForEachShell(t *testing.T) {
	for _, tc := range []struct {
		in, posix, ps string
	}{
		{"testdata/s.toml", "testdata/s.toml", "testdata/s.toml"},
		{`C:\Users\kim\games\g.jsonl`, `'C:\Users\kim\games\g.jsonl'`, `C:\Users\kim\games\g.jsonl`},
		{"us=balanced,rok=x", "us=balanced,rok=x", "'us=balanced,rok=x'"},
		{"a@b", "a@b", "'a@b'"},
		{"escalation >= 80", "'escalation >= 80'", "'escalation >= 80'"},
		{"Kim's games", `'Kim'\''s games'`, "'Kim''s games'"},
		{"Kim\u2019s", "'Kim\u2019s'", "'Kim\u2019\u2019s'"},
		{"$HOME`x", "'$HOME`x'", "'$HOME`x'"},
		{"", "''", "''"},
		{"--listen=0.0.0.0:2323", "--listen=0.0.0.0:2323", "'--listen=0.0.0.0:2323'"},
		{"-v1.2", "-v1.2", "'-v1.2'"},
		{"--out", "--out", "--out"},
	} {
		if got := shellQuote(tc.in, false); got != tc.posix {
			t.Errorf("POSIX %q: %s, want %s", tc.in, got, tc.posix)
		}
		if got := shellQuote(tc.in, true); got != tc.ps {
			t.Errorf("PowerShell %q: %s, want %s", tc.in, got, tc.ps)
		}
	}
}
