package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
	"lattice/tui"
)

func init() {
	register(&command{
		name:    "play",
		args:    "[SCENARIO...] [--side ID] [--seed N] [--difficulty LEVEL] [--hotseat] [--white-cell] [--resume FILE|latest] [--fork FILE|latest --at TURN] [--from-batch FILE --run RUN_ID]",
		summary: "play in the terminal interface (the default command)",
		help: `Opens the game in the terminal (full screen). With no SCENARIO, a picker lists
the built-in scenarios; with one, it goes straight to the game setup; with
several (ids or .toml paths), the picker lists them. In setup choose solo (you
play one side, AI plays the others) or hotseat (several teams share the
screen: each sees only its own side, behind a hand-over screen; the adversary
may be a human Red team), the AI policies, the difficulty and the seed.

--white-cell (or the setup's White-cell row) gives the facilitator of a
one-screen seminar a White-cell console, opened with W on the hand-over,
briefing, results and turn screens: fire any inject, set a metric, decide an
adversary move's outcome, set an ally's budget, give a side whose team has
left to the computer (a), take back the last act of the turn (z), roll back
the last turn, end the game, write the after-action report. Each act needs a
reason and is journalled; the console hides the teams' drafts until every
side has committed, and a resumed game gets it back. (Over SSH, 'lattice
serve' gives the White cell its own terminal.)

Every game keeps a journal as it goes, in $XDG_STATE_HOME/lattice/games
(~/.local/state/lattice/games by default; on Windows, unless XDG_STATE_HOME
is set, %LOCALAPPDATA%\lattice\games): each committed turn is written and
flushed to disk, so a crash or a closed terminal loses at most the turn in
progress. The picker offers the newest unfinished game first ("Continue");
--resume FILE puts a game back exactly where it was (latest: the newest game
that no other lattice, a game or a server, is playing); --fork FILE --at
TURN starts a new game from the state of FILE's game after TURN (0: the
start), with the same sides and players, in a new journal that names its
parent and turn and replays on its own.

--from-batch FILE --run RUN_ID rebuilds one run of a batch (the CSV or JSONL
rows written with 'lattice batch --out FILE', and the manifest beside them)
and shows it in spectator mode: every side is played by the AI, and each
Enter plays one turn and shows its results. It ends with the row's hash.
'lattice replay FILE --verify' re-plays and checks one.

Needs a terminal: without one, use 'lattice run' to play headless.`,
		run: cmdPlay,
		flags: func(fs *flag.FlagSet) {
			fs.String("side", "", "side `ID` to play in solo mode")
			fs.Uint64("seed", 0, "game seed `N` (default: drawn at random and shown on the setup and end screens)")
			fs.String("difficulty", "", "difficulty `LEVEL` (easy, normal, hard)")
			fs.Bool("hotseat", false, "start setup in hotseat mode")
			fs.Bool("white-cell", false, "a White-cell console for the facilitator (key W)")
			fs.String("resume", "", "resume the game in journal `FILE`, or latest")
			fs.String("fork", "", "start a new game from the game in journal `FILE` (or latest) after turn --at")
			fs.Int("at", 0, "with --fork, which needs it: the `TURN` to fork after, 0 for the start (default: none)")
			fs.String("from-batch", "", "watch one run of the batch rows in `FILE` (written with --out), every side played by the AI")
			fs.Int("run", -1, "the `RUN_ID` (run_id column) of the row to watch; required with --from-batch")
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
	whiteCell := fs.Bool("white-cell", false, "")
	resume := fs.String("resume", "", "")
	fork := fs.String("fork", "", "")
	at := fs.Int("at", 0, "")
	fromBatch := fs.String("from-batch", "", "")
	runID := fs.Int("run", -1, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if why := emptyFileFlag(fs, "resume", "fork", "from-batch"); why != "" {
		return usageError(e, c, "%s", why)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	// Without --seed each new game draws its seed at random (the setup and
	// the end screen show it, to replay the game); --seed N fixes it.
	opts := tui.Options{Side: *side, Seed: *seed, RandomSeed: !set["seed"], Difficulty: *difficulty, Hotseat: *hotseat, WhiteCell: *whiteCell, WhiteCellPIN: true}
	switch {
	case *fork != "" && *resume != "":
		return usageError(e, c, "--resume and --fork do not go together")
	case *fork != "" && !set["at"]:
		return usageError(e, c, "--fork needs --at TURN")
	case *fork == "" && set["at"]:
		return usageError(e, c, "--at goes with --fork")
	case *at < 0: // without a terminal it said only that one was needed
		return usageError(e, c, "--at %d: give a turn the journal records, 0 (the start) or later", *at)
	case *fromBatch != "" && (*fork != "" || *resume != "" || len(pos) > 0):
		return usageError(e, c, "--from-batch opens one batch run: no scenario, --resume or --fork")
	case *fromBatch != "" && !set["run"]:
		return usageError(e, c, "--from-batch needs --run RUN_ID")
	case *fromBatch == "" && set["run"]:
		return usageError(e, c, "--run goes with --from-batch")
	}
	if *fromBatch != "" {
		// The batch file is checked first: a missing run or manifest is
		// reported as such, with or without a terminal.
		sess, rec, err := sessionFromBatch(*fromBatch, *runID)
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice play: --from-batch: %s\n", sim.Sanitize(err.Error(), false))
			return exitInvalid
		}
		if !isTerminal(e.stdout) || !isTerminalReader(e.stdin) {
			return needTerminal(e, batchRunArgs(*fromBatch, rec)...)
		}
		opts.Resume, opts.Spectate = sess, true
		opts.Notes = []string{fmt.Sprintf("batch run %d, seed %d, %s", rec.RunID, rec.Seed, rec.Policy)}
	}
	if *fork != "" {
		if len(pos) > 0 {
			return usageError(e, c, "--fork takes a game's journal, not a scenario")
		}
		path, _, code := playJournalArg(e, "--fork", *fork)
		if code >= 0 {
			return code
		}
		if !isTerminal(e.stdout) || !isTerminalReader(e.stdin) {
			return needTerminal(e, "--fork", path, "--at", strconv.Itoa(*at))
		}
		tui.ForkVersion = Version
		sess, err := tui.Fork(path, *at)
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice play: --fork: %s\n", sim.Sanitize(journalFileError(path, err).Error(), false))
			return exitInvalid
		}
		opts.Resume = sess
	}
	if *resume != "" {
		if len(pos) > 0 {
			return usageError(e, c, "--resume takes the game's journal, not a scenario")
		}
		path, skipped, code := playJournalArg(e, "--resume", *resume)
		if code >= 0 {
			return code
		}
		if !isTerminal(e.stdout) || !isTerminalReader(e.stdin) {
			return needTerminal(e, resumeRunArgs(path)...)
		}
		sess, notes, err := tui.Resume(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice play: --resume: %s\n", sim.Sanitize(journalFileError(path, err).Error(), false))
			return exitInvalid
		}
		for _, n := range notes {
			fmt.Fprintf(e.stderr, "lattice play: %s: %s\n", path, sim.Sanitize(n, false))
		}
		opts.Resume, opts.Notes = sess, append(skipped, notes...)
		opts.KeepWhiteCell()
	}
	return playTUI(ctx, e, pos, opts)
}

// playJournalArg resolves the journal given to --resume or --fork ("latest":
// the newest in the games directory; for --resume, the newest that no
// other lattice is playing, and a note, also said on stderr, for each
// newer one passed over) and checks that it can be read and is a journal,
// before the terminal is asked for (so that without one a wrong or missing
// file is reported as such) and without writing anything. The code is ≥ 0
// if the command ends there.
func playJournalArg(e *env, flagName, arg string) (path string, notes []string, code int) {
	path = arg
	if path == "latest" {
		var inUse []string
		var err error
		if flagName == "--resume" {
			path, inUse, err = tui.LatestFree()
		} else {
			path, err = tui.LatestJournal() // a fork only reads its parent
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice play: %s latest: %s\n", flagName, sim.Sanitize(err.Error(), false))
			return "", nil, exitInvalid
		}
		for _, p := range inUse {
			n := "skipped " + sim.Sanitize(filepath.Base(p), false) + ", which another lattice (a game or a server) is playing"
			fmt.Fprintf(e.stderr, "lattice play: %s latest: %s\n", flagName, n)
			notes = append(notes, n)
		}
	}
	if _, err := os.Stat(path); err != nil {
		fmt.Fprintf(e.stderr, "lattice play: %s: cannot read journal %s: %s\n", flagName, sim.Sanitize(path, false), describeFileError(err))
		return "", nil, exitInvalid
	}
	if hint := notAJournal(path); hint != "" {
		fmt.Fprintf(e.stderr, "lattice play: %s: %s: %s\n", flagName, sim.Sanitize(path, false), hint)
		return "", nil, exitInvalid
	}
	return path, notes, -1
}

// needTerminal says the interface needs a terminal and how to play
// without one: headless is the arguments of the 'lattice run' that plays
// what was asked for ("play taiwan-strait --seed 7" is "run taiwan-strait
// --seed 7", where it always offered "run tutorial"), nil for the tutorial.
func needTerminal(e *env, headless ...string) int {
	game := "the game"
	if len(headless) == 0 {
		game, headless = "a game", []string{"tutorial"}
	}
	run := "lattice run"
	for _, a := range headless {
		run += " " + sim.ShellQuote(sim.Sanitize(a, false))
	}
	fmt.Fprintf(e.stderr, `%s: the interface needs a terminal as stdin and stdout.
To play without one, run %s headless (AI on every side, every change
explained, turn by turn):
  %s
or see the built-in scenarios with 'lattice scenarios'.
`, e.name(), game, run)
	return exitUsage
}

// resumeRunArgs is the arguments of the 'lattice run' that plays the game
// journalled at path on to its end headless: --resume for a game no person
// plays, or a fork after its last turn with the balanced AI on the allied
// sides people played; nil if there is none (a Red team played, or the
// journal does not read).
func resumeRunArgs(path string) []string {
	j, _, err := journal.Read(path)
	if err != nil {
		return nil
	}
	c, err := j.Header.Compile()
	if err != nil {
		return nil
	}
	_, human, err := j.Header.Policies(c)
	if err != nil {
		return nil
	}
	var persons []string
	for s, h := range human {
		if !h {
			continue
		}
		if c.Sides[s].Adversary {
			return nil // run plays no adversary but by its doctrine
		}
		persons = append(persons, c.Sides[s].ID+"=balanced")
	}
	if len(persons) == 0 {
		return []string{"--resume", path}
	}
	return []string{"--fork", path, "--at", strconv.Itoa(j.LastTurn()), "--policy", strings.Join(persons, ",")}
}

// headlessRun is the arguments of the 'lattice run' that plays the game
// 'lattice play' was asked for: its one scenario, with the seed and
// difficulty given; nil for a picker of several.
func headlessRun(args []string, opts tui.Options) []string {
	if len(args) != 1 {
		return nil
	}
	run := []string{args[0]}
	if !opts.RandomSeed {
		run = append(run, "--seed", strconv.FormatUint(opts.Seed, 10))
	}
	if opts.Difficulty != "" {
		run = append(run, "--difficulty", opts.Difficulty)
	}
	return run
}

// playTUI opens the interface on the given scenarios (all built-ins if none).
// The arguments are checked first, so a mistake in them is reported with or
// without a terminal.
// scenarioEntry is the picker's entry for a scenario path or id, with the
// error (in Err as well) if it does not load and compile.
func scenarioEntry(name string) (tui.Entry, error) {
	entry := tui.Entry{Name: name, Load: func(level string) (*sim.Compiled, error) { return scenarios.Compile(name, level, nil) }}
	s, err := scenarios.Open(name)
	if err == nil {
		entry.Scenario = s
		entry.Compiled, err = sim.Compile(s)
	}
	if err != nil {
		entry.Err = err.Error()
	}
	return entry, err
}

// withBuiltins appends the built-in scenarios not named in args to the
// entries of the scenarios named, so that "s another scenario" at the end
// of a game started with "lattice play FILE" has a choice (it offered only
// the one named). The first entry stays the one the game starts on.
func withBuiltins(entries []tui.Entry, args []string) []tui.Entry {
	if len(args) == 0 {
		return entries // already every built-in
	}
	for _, id := range scenarios.IDs() {
		if !slices.Contains(args, id) {
			if en, err := scenarioEntry(id); err == nil {
				entries = append(entries, en)
			}
		}
	}
	return entries
}

func playTUI(ctx context.Context, e *env, args []string, opts tui.Options) int {
	names := args
	if len(names) == 0 {
		names = scenarios.IDs()
	}
	for _, name := range names {
		entry, err := scenarioEntry(name)
		if err != nil {
			if len(args) == 1 {
				printScenarioError(e, err)
				return exitInvalid
			}
		}
		opts.Entries = append(opts.Entries, entry)
	}
	if len(args) == 1 {
		opts.SkipPicker = true
	}
	if opts.Side != "" {
		// With one scenario the side must be one of its own; with several
		// (the picker), one of them at least must have it.
		var ids []string
		found := false
		for _, en := range opts.Entries {
			if en.Compiled == nil {
				continue
			}
			if i := en.Compiled.FindSide(opts.Side); i >= 0 {
				found = true
				if len(opts.Entries) == 1 {
					opts.Side = en.Compiled.Sides[i].ID // "ROK" is rok
				}
			}
			for _, s := range en.Compiled.Sides {
				if !slices.Contains(ids, s.ID) {
					ids = append(ids, s.ID)
				}
			}
		}
		if !found {
			where := "in any of these scenarios"
			if len(args) == 1 {
				where = "in " + sim.Sanitize(args[0], false)
			}
			fmt.Fprintf(e.stderr, "lattice play: --side %q: no such side %s; sides: %s%s\n", opts.Side, where, strings.Join(ids, ", "), sim.DidYouMean(opts.Side, ids))
			return exitInvalid
		}
	}
	if opts.Difficulty != "" && opts.Resume == nil {
		for _, en := range opts.Entries {
			if en.Scenario == nil {
				continue
			}
			if _, err := en.Scenario.WithDifficulty(opts.Difficulty); err != nil {
				fmt.Fprintf(e.stderr, "lattice play: --difficulty: %s: %s\n", sim.Sanitize(en.Name, false), sim.Sanitize(err.Error(), false))
				return exitInvalid
			}
		}
	}
	if opts.Resume == nil && opts.Difficulty == "" {
		opts.Entries = withBuiltins(opts.Entries, args)
	}
	if !isTerminal(e.stdout) || !isTerminalReader(e.stdin) {
		if opts.Resume != nil {
			return needTerminal(e)
		}
		return needTerminal(e, headlessRun(args, opts)...)
	}
	if len(args) == 0 && opts.Resume == nil {
		opts.Saved = tui.LatestSaved() // the picker offers to continue it
	}
	opts.Journal, opts.Version = true, Version
	p := tea.NewProgram(tui.New(opts), tea.WithContext(ctx))
	final, err := p.Run()
	if err != nil {
		if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return exitInterrupted
		}
		fmt.Fprintf(e.stderr, "lattice: %v\n", err)
		return exitInvalid
	}
	return playExit(e, final)
}

// playExit is the exit status of an interface that ended without error:
// 130 (interrupted) when it was left with ctrl+c, else 0. A game left
// before its end (q or ctrl+c) is said to be saved, with the command that
// goes on with it: the screen the quit dialog said so on is gone.
func playExit(e *env, final tea.Model) int {
	m, ok := final.(tui.Model)
	if !ok {
		return exitOK
	}
	// The journal's last try at records a failed write kept: the process
	// is about to exit, and they would be lost without a word.
	notes, jerr := m.CloseJournal()
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "lattice play: %s\n", sim.Sanitize(n, false))
	}
	if jerr != nil {
		fmt.Fprintf(e.stderr, "lattice play: %s\n", sim.Sanitize(jerr.Error(), false))
	}
	if path := m.Unfinished(); path != "" {
		// "latest" only where it is this game: a journal kept elsewhere,
		// or a newer one, would be another.
		arg := sim.ShellQuote(path)
		if latest, err := tui.LatestJournal(); err == nil && sameFile(latest, path) {
			arg = "latest"
		}
		fmt.Fprintf(e.stderr, "lattice play: the game is saved in %s\n  go on with: lattice play --resume %s%s\n", sim.Sanitize(path, false), sim.Sanitize(arg, false), m.ResumeFlags())
	}
	if m.Interrupted() {
		return exitInterrupted
	}
	return exitOK
}

// isTerminalReader reports whether r is a terminal: a character device is
// not enough (/dev/null is one, and the interface cannot read keys from it).
func isTerminalReader(r any) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
