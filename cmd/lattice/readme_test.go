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
