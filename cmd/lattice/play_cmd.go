package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/tui"
)

func init() {
	register(&command{
		name:    "play",
		args:    "[SCENARIO...] [--side ID] [--seed N] [--difficulty LEVEL] [--hotseat]",
		summary: "play in the terminal interface (the default command)",
		help: `Opens the game in the terminal (full screen). With no SCENARIO, a picker lists the
built-in scenarios; with one, it goes straight to the game setup; with several
(ids or .toml paths), the picker lists them. In setup choose solo (you play one
side, AI plays the others) or hotseat (several teams share the screen: each
sees only its own side, behind a hand-over screen; the adversary may be a human
Red team), the AI policies, the difficulty and the seed.

Needs a terminal: without one, use 'lattice run' to play headless.`,
		run: cmdPlay,
		flags: func(fs *flag.FlagSet) {
			fs.String("side", "", "side `ID` to play in solo mode")
			fs.Uint64("seed", 1, "game `seed`")
			fs.String("difficulty", "", "difficulty `level` (easy, normal, hard)")
			fs.Bool("hotseat", false, "start setup in hotseat mode")
		},
	})
}

func cmdPlay(ctx context.Context, e *env, args []string) int {
	c := lookup("play")
	fs := newFlags(c, e)
	side := fs.String("side", "", "")
	seed := fs.Uint64("seed", 1, "")
	difficulty := fs.String("difficulty", "", "")
	hotseat := fs.Bool("hotseat", false, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	return playTUI(ctx, e, pos, tui.Options{Side: *side, Seed: *seed, Difficulty: *difficulty, Hotseat: *hotseat})
}

// playTUI opens the interface on the given scenarios (all built-ins if none).
func playTUI(ctx context.Context, e *env, args []string, opts tui.Options) int {
	if !isTerminal(e.stdout) || !isTerminalReader(e.stdin) {
		fmt.Fprint(e.stderr, `lattice: the interface needs a terminal (stdin and stdout must both be one).
To play without a terminal, run a whole game headless:
  lattice run tutorial            every change explained, turn by turn
  lattice scenarios               the built-in scenarios
`)
		return exitUsage
	}
	names := args
	if len(names) == 0 {
		names = scenarios.IDs()
	}
	for _, n := range names {
		name := n
		entry := tui.Entry{Name: name, Load: func(level string) (*sim.Compiled, error) { return scenarios.Compile(name, level, nil) }}
		s, err := scenarios.Open(name)
		if err == nil {
			entry.Scenario = s
			entry.Compiled, err = sim.Compile(s)
		}
		if err != nil {
			entry.Err = err.Error()
			if len(args) == 1 {
				printScenarioError(e.stderr, err)
				return exitInvalid
			}
		}
		opts.Entries = append(opts.Entries, entry)
	}
	if len(args) == 1 {
		opts.SkipPicker = true
	}
	if opts.Side != "" && len(args) == 1 {
		if comp := opts.Entries[0].Compiled; comp.SideIndex(opts.Side) < 0 {
			var ids []string
			for _, s := range comp.Sides {
				ids = append(ids, s.ID)
			}
			fmt.Fprintf(e.stderr, "lattice play: --side %q: no such side%s\n", opts.Side, sim.DidYouMean(opts.Side, ids))
			return exitInvalid
		}
	}
	p := tea.NewProgram(tui.New(opts), tea.WithContext(ctx))
	if _, err := p.Run(); err != nil {
		if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return exitInterrupted
		}
		fmt.Fprintf(e.stderr, "lattice: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

func isTerminalReader(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
