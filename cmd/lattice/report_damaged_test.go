package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportRefusesAJunkLine: a record appended to a game's journal by
// someone else (here the one a hostile user of the host appended while a
// served game ran on) makes lattice report refuse the file, naming it and
// the line: the White cell's own report is built from the game as played,
// and says the same.
func TestReportRefusesAJunkLine(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", "sim", "journal", "testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	damaged := strings.Join(lines[:3], "") + `{"sum":"0000","rec":{"type":"junk"}}` + "\n" + strings.Join(lines[3:], "")
	p := filepath.Join(t.TempDir(), "game.jsonl")
	if err := os.WriteFile(p, []byte(damaged), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, "report", p)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "lattice report: "+p+": line 4: damaged record") || r.stdout != "" {
		t.Fatalf("exit %d, want %d naming the file and line 4:\n%s", r.code, exitInvalid, r)
	}
}
