package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"lattice/scenarios"
	"lattice/sim"
)

func init() {
	register(&command{
		name:    "scenarios",
		args:    "[--format text|json]",
		summary: "list the built-in scenarios",
		help: `Lists the scenarios built into lattice: id, turns, sides and a summary. Any
of them can be given to play, run, validate or batch by id; a .toml path works
too. JSON output is an array of objects with id, title, summary, turns,
turn_label, sides (id, name, team) and difficulties.`,
		run:   cmdScenarios,
		flags: func(fs *flag.FlagSet) { fs.String("format", "text", "output `FORM`: text or json") },
	})
	register(&command{
		name:    "validate",
		args:    "PATH|ID|DIR... [--strict] [--play N [--seed N]]",
		summary: "check scenario files and report every problem",
		help: `Validates each scenario (a .toml path, a built-in id, or a directory: the .toml
files in it): TOML syntax, types, unknown keys, dangling references,
conditions and limits, and that the policy files its sides name (a relative
path is read beside the scenario) exist and parse. Prints every problem found
as file:line:col: key.path: message and exits 1 if any scenario is invalid, 0
if all are valid. Wrong types and unknown keys are reported first; the
references and conditions are checked once those are fixed. A policy file of
fixed weights (a .toml with no format key and no tables, its keys mostly
weights') given or found beside the scenarios is checked as a policy.

A valid scenario may still draw warnings, printed under its "ok" line as
file:line:col: key.path: message: likely mistakes that do not stop play (an
end whose condition holds at the start, so every game ends after turn 1;
bluffs with no action marked bluff; an effect larger than its metric's whole
range; a test its name's bounds rule out, as supply < 0 on a metric whose
minimum is 0; an end never reached, as cohesion < 20 after an end on
cohesion < 30, since the first end that holds wins; no end with success =
true; a lever no side can afford; an inject and an action that wait on each
other's events). scenarios/README.md §7 lists them all. With --strict they
count as problems: printed on stderr, exit 1.

With --play N, each valid scenario is then played N seeded games, spread over
the built-in policies (balanced, deterrence-first, resilience-first,
alliance-first, free-rider, lookahead) and every difficulty level, to find
content that never comes into play: a lever no policy buys or whose points
never change a metric, an action never chosen (with why: its when never held,
locked at the rungs reached, weight = 0, ...) or never effective, an inject
that never fires (with why: its turn no game reached, how close its
condition came, its chance), an end never reached (with the closest the
games came: the lowest, or highest, value at any turn's end of each metric
its condition compares with a number). Each is printed as key.path: what
did not happen, and any exits 1. An inject's choice no AI takes is printed
as a note and does not fail the check (the AI answers by immediate value;
players may choose it), and so is an end marked guard = true that no game
reached, and a metric that ended at its maximum (or minimum) in 95% of the
games or more: what feeds (or drains) it is out of scale with its range.
The lines before them give how often each verdict was reached, each policy's
success rate and each difficulty level's. A note says at which level every
policy (of 20 games or more there) won above 95% or below 5% of its games;
where free-rider (which spends only its visible minimum) won at least as
large a share of its games as every other policy, counted as played with no
test of significance (at a level, or over all levels if no level had 20
games a policy): the scenario rewards doing the least; or when a level named
hard is not harder than normal (or easy not easier), and whether that is
within sampling noise. The games are the same for the same file and --seed.`,
		run: cmdValidate,
		flags: func(fs *flag.FlagSet) {
			fs.Bool("strict", false, "treat warnings as problems (exit 1)")
			fs.Int("play", 0, "play `N` seeded games and report content that never comes into play")
			fs.Uint64("seed", 1, "first game seed `N` for --play")
		},
	})
	register(&command{
		name:    "keys",
		args:    "SCENARIO [--format text|json]",
		summary: "list the key paths --set and difficulty levels accept",
		help: `Lists every key path of a scenario that --set (in run and batch) and the
scenario's difficulty levels can override, with its current value, for example
side.rok.budget = 6. A key the file leaves out shows the value the engine
uses in its place, as (default: 1) or (default: the id). JSON output is an
array of objects with key and value (a number, string or boolean; null for
a key left to its default, with that default described in "default").`,
		run:   cmdKeys,
		flags: func(fs *flag.FlagSet) { fs.String("format", "text", "output `FORM`: text or json") },
	})
}

func cmdScenarios(_ context.Context, e *env, args []string) int {
	c := lookup("scenarios")
	fs := newFlags(c, e)
	format := fs.String("format", "text", "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, c, "takes no arguments")
	}
	*format = sameFormat(*format, "text")
	if *format != "text" && *format != "json" {
		return usageError(e, c, "unknown --format %q: text or json", *format)
	}
	type sideJSON struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Team string `json:"team"`
	}
	type scenJSON struct {
		ID           string     `json:"id"`
		Title        string     `json:"title"`
		Summary      string     `json:"summary"`
		Turns        int        `json:"turns"`
		TurnLabel    string     `json:"turn_label"`
		Sides        []sideJSON `json:"sides"`
		Difficulties []string   `json:"difficulties"`
	}
	var list []scenJSON
	for _, id := range scenarios.IDs() {
		s, err := scenarios.Open(id)
		if err == nil {
			var cs *sim.Compiled
			if cs, err = sim.Compile(s); err == nil {
				sj := scenJSON{ID: cs.ID, Title: cs.Title, Summary: cs.Summary, Turns: cs.Turns, TurnLabel: cs.TurnLabel, Sides: []sideJSON{}, Difficulties: []string{}}
				for _, sd := range cs.Sides {
					team := "alliance"
					if sd.Adversary {
						team = "adversary"
					}
					sj.Sides = append(sj.Sides, sideJSON{ID: sd.ID, Name: sd.Name, Team: team})
				}
				for _, d := range s.Difficulty {
					sj.Difficulties = append(sj.Difficulties, d.ID)
				}
				list = append(list, sj)
				continue
			}
		}
		fmt.Fprintf(e.stderr, "lattice scenarios: built-in scenario %s is invalid (a bug): %v\n", id, err)
		return exitInvalid
	}
	if *format == "json" {
		return writeJSON(e, list)
	}
	for _, s := range list {
		var sides []string
		for _, sd := range s.Sides {
			sides = append(sides, sd.ID)
		}
		fmt.Fprintf(e.stdout, "%-16s %s\n%-16s %s · sides: %s\n%s\n\n", s.ID, s.Title, "", sim.Plural(s.Turns, strings.ToLower(s.TurnLabel)), strings.Join(sides, ", "),
			wrapIndented(sim.Sanitize(s.Summary, false), 80, strings.Repeat(" ", 17)))
	}
	fmt.Fprintln(e.stdout, "Run one headless with: lattice run <id> [--seed N]")
	return exitOK
}

func writeJSON(e *env, v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return writeFailed(e, err)
	}
	return exitOK
}

// printScenarioError prints a load or compile error on e's stderr: each
// problem on its own line, with the TOML parser's excerpt beneath a syntax
// error, as file:line:col: message. An unknown --difficulty, which has no
// file to name, names the command instead, as every other error of a flag
// does; a --set error begins with the --set argument.
func printScenarioError(e *env, err error) {
	w := e.stderr
	var el sim.ErrorList
	if errors.As(err, &el) {
		// A journal or batch rows given for a scenario fail on line 1 as
		// TOML: say what the file is instead.
		if len(el) > 0 && el[0].Line <= 1 {
			if hint := notAScenario(el[0].File); hint != "" {
				fmt.Fprintf(w, "%s: %s\n", sim.Sanitize(el[0].File, false), hint)
				return
			}
		}
		for _, x := range el {
			fmt.Fprintln(w, sim.Sanitize(x.Error(), false))
			if x.Detail != "" {
				fmt.Fprintln(w, indent(sim.Sanitize(x.Detail, true), "    "))
			}
		}
		return
	}
	var oe *scenarios.OverrideError
	if errors.As(err, &oe) {
		// Not named the command: scenarios/README.md §8 shows it so.
		fmt.Fprintln(w, sim.Sanitize(oe.Error(), false))
		if len(oe.Paths) > 0 {
			key, _, _ := strings.Cut(oe.Arg, "=")
			near := nearPaths(key, oe.Paths)
			shown := near
			if len(shown) > 40 {
				shown = shown[:40]
			}
			if len(near) < len(oe.Paths) {
				fmt.Fprintf(w, "Valid keys under %s:\n", commonPrefix(near))
			} else {
				fmt.Fprintln(w, "Valid keys include:")
			}
			for _, p := range shown {
				fmt.Fprintf(w, "  %s\n", p)
			}
			if len(near) > len(shown) {
				fmt.Fprintf(w, "  … and %d more: run 'lattice keys SCENARIO' for all %d keys\n", len(near)-len(shown), len(oe.Paths))
			} else {
				fmt.Fprintf(w, "Run 'lattice keys SCENARIO' for all %d keys.\n", len(oe.Paths))
			}
		}
		return
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown difficulty ") {
		msg = "--difficulty: " + msg // name the flag, as a --set error does
	}
	fmt.Fprintf(w, "%s: %s\n", e.name(), sim.Sanitize(msg, false))
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		if strings.TrimSpace(lines[i]) != "" {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

func cmdValidate(ctx context.Context, e *env, args []string) int {
	c := lookup("validate")
	fs := newFlags(c, e)
	games := fs.Int("play", 0, "")
	seed := fs.Uint64("seed", 1, "")
	strict := fs.Bool("strict", false, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) == 0 {
		return usageError(e, c, "give at least one scenario: a .toml path, built-in id or directory")
	}
	if *games < 0 || *games > 1_000_000 {
		return usageError(e, c, "--play must be between 0 and 1000000 games, not %d", *games)
	}
	seedGiven := false
	fs.Visit(func(f *flag.Flag) { seedGiven = seedGiven || f.Name == "seed" })
	if seedGiven && *games == 0 {
		// It was accepted and did nothing.
		return usageError(e, c, "--seed seeds the games --play N plays: give --play too, or leave --seed out")
	}
	// A directory stands for the .toml files in it (not below it).
	var expanded []string
	for _, arg := range pos {
		if st, err := os.Stat(arg); err != nil || !st.IsDir() {
			expanded = append(expanded, arg)
			continue
		}
		files, err := filepath.Glob(filepath.Join(arg, "*.toml"))
		if err != nil || len(files) == 0 {
			fmt.Fprintf(e.stderr, "lattice validate: %s: a directory with no .toml files\n", sim.Sanitize(arg, false))
			return exitInvalid
		}
		expanded = append(expanded, files...) // Glob sorts them
	}
	pos = expanded
	bad, policies := 0, 0
	for _, arg := range pos {
		if strings.HasSuffix(arg, ".toml") && isPolicyFile(arg) {
			policies++
			// A policy file beside the scenarios (the README keeps one
			// there) is checked as what it is.
			if _, err := policyFile(arg); err != nil {
				bad++
				fmt.Fprintln(e.stderr, sim.Sanitize(err.Error(), false))
				continue
			}
			fmt.Fprintf(e.stdout, "%s: ok (a policy file, for --policy SIDE=%s)\n", sim.Sanitize(arg, false), sim.Sanitize(arg, false))
			continue
		}
		s, err := scenarios.Open(arg)
		var comp *sim.Compiled
		if err == nil {
			comp, err = sim.Compile(s)
		}
		if err == nil {
			err = scenarioPolicyFiles(arg, s, comp) // its sides' policy files
		}
		if err != nil {
			bad++
			printScenarioError(e, err)
			continue
		}
		if ws := comp.Warnings; len(ws) > 0 {
			// Likely mistakes that do not stop play: part of the report
			// on stdout, or with --strict failures on stderr.
			out, verdict := e.stdout, fmt.Sprintf("ok, with %d %s", len(ws), plural(len(ws), "warning", "warnings"))
			if *strict {
				out, verdict = e.stderr, fmt.Sprintf("%d %s (--strict)", len(ws), plural(len(ws), "warning", "warnings"))
				bad++
			}
			fmt.Fprintf(out, "%s: %s:\n", sim.Sanitize(arg, false), verdict)
			for _, w := range ws {
				fmt.Fprintln(out, "  "+sim.Sanitize(w.Error(), false))
			}
			if *strict {
				continue
			}
		} else {
			fmt.Fprintf(e.stdout, "%s: ok\n", sim.Sanitize(arg, false))
		}
		if *games > 0 {
			dead, err := playCoverage(ctx, e, arg, s, *games, *seed)
			if err != nil {
				if ctx.Err() != nil {
					fmt.Fprintln(e.stderr, "lattice validate: interrupted")
					return exitInterrupted
				}
				bad++
				fmt.Fprintf(e.stderr, "%s: %s\n", sim.Sanitize(arg, false), sim.Sanitize(err.Error(), false))
				continue
			}
			if dead {
				bad++
			}
		}
	}
	if bad > 0 {
		if len(pos) > 1 {
			what := "invalid"
			if *games > 0 {
				what = "invalid or with content that never came into play"
			}
			noun := "scenarios"
			if policies > 0 {
				noun = "files"
			}
			fmt.Fprintf(e.stderr, "%d of %d %s %s\n", bad, len(pos), noun, what)
		}
		return exitInvalid
	}
	return exitOK
}

func cmdKeys(_ context.Context, e *env, args []string) int {
	c := lookup("keys")
	fs := newFlags(c, e)
	format := fs.String("format", "text", "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		return usageError(e, c, "give one scenario path or id")
	}
	*format = sameFormat(*format, "text")
	if *format != "text" && *format != "json" {
		return usageError(e, c, "unknown --format %q: text or json", *format)
	}
	s, err := scenarios.Open(pos[0])
	if err == nil {
		// The keys of a scenario that does not compile are not keys --set
		// can use: listed with exit 0, they passed for a valid scenario.
		_, err = sim.Compile(s)
	}
	if err != nil {
		printScenarioError(e, err)
		return exitInvalid
	}
	if *format == "json" {
		type keyJSON struct {
			Key     string `json:"key"`
			Value   any    `json:"value"`
			Default string `json:"default,omitempty"`
		}
		list := []keyJSON{}
		for _, p := range s.Paths() {
			v := s.Value(p)
			k := keyJSON{Key: p, Value: keyValue(v)}
			if d, ok := strings.CutPrefix(v, "(default: "); ok {
				k.Value, k.Default = nil, strings.TrimSuffix(d, ")")
			}
			list = append(list, k)
		}
		return writeJSON(e, list)
	}
	for _, p := range s.Paths() {
		fmt.Fprintf(e.stdout, "%s = %s\n", p, sim.Sanitize(s.Value(p), false))
	}
	return exitOK
}

// nearPaths returns the valid paths that share the longest leading segments
// with key: for "side.rok.budgt", the keys of side.rok.
func nearPaths(key string, paths []string) []string {
	segs := strings.Split(key, ".")
	for n := len(segs) - 1; n > 0; n-- {
		prefix := strings.Join(segs[:n], ".") + "."
		if out := filterPaths(paths, func(p string) bool { return strings.HasPrefix(p, prefix) }); len(out) > 0 {
			return out
		}
	}
	// A key missing its first segments ("rok.budget" for
	// "side.rok.budget"): the entries it names, wherever they are.
	for n := len(segs) - 1; n > 0; n-- {
		inner := "." + strings.Join(segs[:n], ".") + "."
		if out := filterPaths(paths, func(p string) bool { return strings.Contains(p, inner) }); len(out) > 0 {
			return out
		}
	}
	return paths
}

// filterPaths returns the paths for which keep is true.
func filterPaths(paths []string, keep func(string) bool) []string {
	var out []string
	for _, p := range paths {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// commonPrefix returns the longest dotted prefix all paths share.
func commonPrefix(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	p := paths[0]
	for _, q := range paths[1:] {
		for !strings.HasPrefix(q, p) {
			p = p[:len(p)-1]
		}
	}
	return strings.TrimSuffix(p[:strings.LastIndexByte(p, '.')+1], ".")
}

// wrapIndented wraps text at spaces into lines of at most width columns
// (a word longer than that has a line of its own), each line beginning
// with indent.
func wrapIndented(text string, width int, indent string) string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return ""
	}
	return wrapWords(words, width, indent, indent)
}

// wrapWords joins words with spaces into lines of at most width columns
// (a word longer than that has a line of its own), the first line
// beginning with first and the others with indent.
func wrapWords(words []string, width int, first, indent string) string {
	var b strings.Builder
	b.WriteString(first)
	col := utf8.RuneCountInString(first)
	start := true // nothing but the line's beginning on it yet
	for _, word := range words {
		n := utf8.RuneCountInString(word)
		switch {
		case start:
		case col+1+n > width:
			b.WriteString("\n" + indent)
			col = utf8.RuneCountInString(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
		start = false
	}
	return b.String()
}

// keyValue is the json value of a key's value as Scenario.Value writes it:
// a Go-quoted string, a number, a boolean, or "(default)" (nil). Anything
// else is kept as its text.
func keyValue(v string) any {
	switch v {
	case "(default)":
		return nil
	case "true", "false":
		return v == "true"
	}
	if s, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) {
		return s
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && json.Valid([]byte(v)) {
		return json.Number(v)
	}
	return v
}
