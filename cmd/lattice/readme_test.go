package main

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestReadmeCommandTable checks the README's table of commands against the
// commands themselves: every command is in it, and every flag it shows is
// one the command takes (it had no row for serve).
func TestReadmeCommandTable(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(data), "\n## Commands\n")
	if !ok {
		t.Fatal("README.md has no '## Commands' section")
	}
	table, _, _ = strings.Cut(table, "\n\n## ")
	listed := map[string]bool{}
	span := regexp.MustCompile("`lattice ([a-z]+)([^`]*)`")
	flagName := regexp.MustCompile(`--([a-z][a-z-]*)`)
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `lattice") {
			continue
		}
		cell, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " | ")
		for _, m := range span.FindAllStringSubmatch(cell, -1) {
			c := lookup(m[1])
			if c == nil {
				t.Errorf("README: %q is not a command", m[0])
				continue
			}
			listed[c.name] = true
			fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
			if c.flags != nil {
				c.flags(fs)
			}
			for _, f := range flagName.FindAllStringSubmatch(m[2], -1) {
				if fs.Lookup(f[1]) == nil {
					t.Errorf("README: %s shows --%s, which lattice %s does not take", m[0], f[1], c.name)
				}
			}
		}
	}
	for _, c := range commands {
		if !listed[c.name] {
			t.Errorf("README: the table of commands has no row for lattice %s", c.name)
		}
	}
}

// TestReadmeVisibleCommitment checks the README's minimum visible
// commitment against the engine, for the rung as 'lattice run' and the
// interface show it (1 to 5): the README said "5 − rung", which with the
// rung shown as 1 when calm gives 4, not the 5 the game asks for.
func TestReadmeVisibleCommitment(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`at least (\d) − rung points`).FindSubmatch(data)
	if m == nil {
		t.Fatal("README.md: no 'at least N − rung points'")
	}
	k := int(m[1][0] - '0')
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	shown := g.Rung() + 1 // as run_cmd's "escalation rung %d" prints it
	if got := g.MinVisible(); k-shown != got {
		t.Errorf("README: %d − rung at rung %d (as shown) is %d; the engine asks for %d", k, shown, k-shown, got)
	}
}

// TestScenarioReadmeRungCounts: wherever the scenario format's README gives
// the minimum visible commitment as "5 − rung" it says the rung counts from
// 0 (rung0, or "counted from 0"), since conditions, the run log and the
// interface count rungs from 1; two places said a bare "5 − rung".
func TestScenarioReadmeRungCounts(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i := 0; ; {
		k := strings.Index(text[i:], "5 − rung")
		if k < 0 {
			break
		}
		at := i + k
		after := text[at+len("5 − rung"):]
		near := after[:min(len(after), 60)]
		if !strings.HasPrefix(after, "0") && !strings.Contains(near, "counted from 0") {
			line := strings.Count(text[:at], "\n") + 1
			t.Errorf("scenarios/README.md:%d: \"5 − rung\" without saying the rung counts from 0", line)
		}
		i = at + 1
	}
}

// TestReadmeRunLog checks the README's excerpt of a 'lattice run' log
// against the log its first line's command prints: each line of it, cut at
// each "…", is in one line of the log, in the log's order, indentation
// included (it showed the metric lines unindented, from no game lattice
// plays).
func TestReadmeRunLog(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(data), "prints a per-turn log")
	if ok {
		_, block, ok = strings.Cut(block, "```\n")
	}
	if ok {
		block, _, ok = strings.Cut(block, "```\n")
	}
	if !ok {
		t.Fatal("README.md: no code block after 'prints a per-turn log'")
	}
	lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	cmd, ok := strings.CutPrefix(lines[0], "$ lattice ")
	if !ok {
		t.Fatalf("README.md: the log's excerpt opens with %q, not the command ($ lattice run …)", lines[0])
	}
	r := run(t, strings.Fields(cmd)...)
	if r.code != exitOK {
		t.Fatalf("lattice %s: %s", cmd, r)
	}
	log := strings.Split(r.stdout, "\n")
	at := 0
	for _, want := range lines[1:] {
		if strings.Trim(want, "… ") == "" {
			continue
		}
		for at < len(log) && !inOrder(log[at], strings.Split(want, "…")) {
			at++
		}
		if at == len(log) {
			t.Errorf("README.md: the log of 'lattice %s' has no line %q (after the lines before it)", cmd, want)
			return
		}
		at++
	}
}

// inOrder reports whether line holds each of parts, in their order, the
// first at its start.
func inOrder(line string, parts []string) bool {
	if !strings.HasPrefix(line, parts[0]) {
		return false
	}
	line = line[len(parts[0]):]
	for _, p := range parts[1:] {
		i := strings.Index(line, p)
		if i < 0 {
			return false
		}
		line = line[i+len(p):]
	}
	return true
}
