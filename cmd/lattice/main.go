// Command lattice is a terminal wargame about alliance strategy: play a
// scenario, validate one, run one headless, or compare many seeded games.
//
// Run "lattice help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// Exit codes.
const (
	exitOK          = 0
	exitInvalid     = 1 // invalid input or a failed check
	exitUsage       = 2
	exitInterrupted = 130
)

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis after the name
	summary string
	help    string // long help: what it does, flags are appended
	run     func(ctx context.Context, env *env, args []string) int
	flags   func(fs *flag.FlagSet) // declares flags, for help output
}

// env carries the process's streams so that tests can run commands in-process.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
	// cmd is the command being run, for messages that do not know it.
	cmd string
}

// name is "lattice CMD", or "lattice" for a bare lattice, as messages
// begin.
func (e *env) name() string {
	if e.cmd == "" {
		return "lattice"
	}
	return "lattice " + e.cmd
}

var commands []*command

func register(c *command) { commands = append(commands, c) }

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}
	code := runMain(ctx, e, os.Args[1:])
	if ctx.Err() != nil && code != exitOK {
		code = exitInterrupted
	}
	os.Exit(code)
}

func runMain(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		return cmdDefault(ctx, e)
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version", "-v":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		var names []string
		for _, c := range commands {
			names = append(names, c.name)
		}
		if hint := notACommand(name, args[1:]); hint != "" {
			fmt.Fprintf(e.stderr, "lattice: %s\n", hint)
			return exitUsage
		}
		fmt.Fprintf(e.stderr, "lattice: unknown command %q%s\nRun 'lattice help' for the list of commands.\n", name, suggest(name, names))
		return exitUsage
	}
	// Every command writes stdout through out, so that output lost to a
	// full disk or a closed file fails the command (exit 1), whether or
	// not it checked its writes.
	out := &outWriter{w: e.stdout}
	ce := *e
	ce.stdout, ce.cmd = out, c.name
	return checkOutput(&ce, out, c.run(ctx, &ce, args[1:]))
}

// notACommand says what a first argument that names no command is, and
// the command it goes with, if it is a flag of a command (lattice play's
// with the arguments after it: a bare lattice is lattice play), a scenario,
// a journal or batch rows ("lattice tutorial" and "lattice --hotseat"
// were each an unknown command); else "".
func notACommand(arg string, rest []string) string {
	line := func(withRest bool, args ...string) string {
		if withRest {
			args = append(args, rest...)
		}
		var q []string
		for _, a := range args {
			q = append(q, sim.ShellQuote(sim.Sanitize(a, false)))
		}
		return "'lattice " + strings.Join(q, " ") + "'"
	}
	shown := sim.Sanitize(arg, false)
	switch strings.ToLower(arg) {
	case "continue", "resume", "load", "restore", "open":
		// Words a player reaches for to go back to a saved game: a bare
		// lattice offers it first, and play --resume names it.
		return fmt.Sprintf("%s is not a command: 'lattice' offers your newest unfinished game first (Continue); 'lattice play --resume latest' goes straight to it, 'lattice play --resume FILE' to another (%s)", shown, journalsAre())
	case "start", "new-game", "newgame", "game", "solo", "hotseat":
		return fmt.Sprintf("%s is not a command: 'lattice play' opens the game (a picker of scenarios, then solo or hotseat); 'lattice new NAME' writes a scenario of your own", shown)
	}
	if strings.HasPrefix(arg, "-") {
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch others := commandsWithFlag(name, ""); {
		case slices.Contains(others, "lattice play"):
			return fmt.Sprintf("%s is a flag, not a command: flags follow the command, as in %s", shown, line(true, "play", arg))
		case len(others) > 0:
			return fmt.Sprintf("%s is a flag of %s, not a command: flags follow the command", shown, joinAnd(others))
		}
		return ""
	}
	switch sniffFile(arg) {
	case kindJournal:
		return fmt.Sprintf("%s is a game journal, not a command: %s plays it on, %s re-plays it", shown, line(false, "play", "--resume", arg), line(false, "replay", arg))
	case kindRows:
		return fmt.Sprintf("%s is batch rows, not a command: %s compares their arms", shown, line(false, "compare", arg))
	}
	st, err := os.Stat(arg)
	if slices.Contains(scenarios.IDs(), arg) || (err == nil && st.Mode().IsRegular() && strings.HasSuffix(arg, ".toml")) {
		return fmt.Sprintf("%s is a scenario, not a command: %s plays it (%s, headless)", shown, line(true, "play", arg), line(true, "run", arg))
	}
	return ""
}

// journalsAre says where the game journals are kept, for a hint.
func journalsAre() string {
	dir, err := journal.DefaultDir()
	if err != nil {
		return "no journal directory: " + err.Error()
	}
	return "the journals are in " + sim.Sanitize(dir, false)
}

func suggest(word string, names []string) string {
	for _, n := range names {
		if strings.HasPrefix(n, word) || strings.HasPrefix(word, n) {
			return fmt.Sprintf(" (did you mean %q?)", n)
		}
	}
	return simDidYouMean(word, names)
}

// newFlags returns a flag set for command c that reports errors itself.
func newFlags(c *command, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("lattice "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// ("lattice run tutorial --seed 3"). It returns the positional arguments,
// or an exit code ≥ 0 when parsing ended the command (help or a usage error).
func parseFlags(c *command, fs *flag.FlagSet, e *env, args []string) ([]string, int) {
	// A flag that takes one value refuses a second ("--seed 1 … --seed 2"
	// played seed 2 without a word, where --set of one key twice is
	// refused); the repeatable ones (--set, --policy, serve's --resume)
	// append.
	fs.VisitAll(func(f *flag.Flag) {
		switch f.Value.(type) {
		case *listFlag, *resumeList, *onceValue:
		default:
			f.Value = &onceValue{Value: f.Value, name: f.Name}
		}
	})
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printCommandHelp(e.stdout, c)
				return nil, exitOK
			}
			fmt.Fprintf(e.stderr, "lattice %s: %s\nRun 'lattice help %s' for usage.\n", c.name, flagError(fs, err), c.name)
			return nil, exitUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, -1
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), -1
		}
		if why := dashFlag(fs, rest[0]); why != "" {
			fmt.Fprintf(e.stderr, "lattice %s: %s\nRun 'lattice help %s' for usage.\n", c.name, why, c.name)
			return nil, exitUsage
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// dashFlag says what is wrong with arg if it is a flag typed with an em or
// en dash or a minus sign (pasted from a document: "—seed 5" was taken as
// a scenario, and then "5 is a number, not a scenario"), unless a file has
// that name.
func dashFlag(fs *flag.FlagSet, arg string) string {
	r, _ := utf8.DecodeRuneInString(arg)
	if r != '—' && r != '–' && r != '−' {
		return ""
	}
	if _, err := os.Lstat(arg); err == nil {
		return ""
	}
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "—–−-"), "=")
	fix := "type two hyphens, as in --" + sim.Sanitize(name, false)
	if fs.Lookup(name) == nil {
		fix = "a flag begins with two hyphens (--)"
	}
	return fmt.Sprintf("'%s' begins with a dash character (%c), not '--': %s", sim.Sanitize(arg, false), r, fix)
}

// onceMark marks onceValue's error, which flagError gives as it is.
const onceMark = "\x00twice:"

// onceValue is a flag's value that may be given once on a command line.
type onceValue struct {
	flag.Value
	name, first string
	set         bool
}

func (o *onceValue) Set(v string) error {
	if o.set {
		if o.IsBoolFlag() {
			return fmt.Errorf("%s--%s is given twice: give it once", onceMark, o.name)
		}
		return fmt.Errorf("%s--%s is given twice (--%s %s, then --%s %s): give it once", onceMark, o.name, o.name, sim.Sanitize(o.first, false), o.name, sim.Sanitize(v, false))
	}
	o.set, o.first = true, v
	switch o.Get().(type) {
	case int, int64, uint, uint64:
		// The flag package reads a number as Go source does: --seed 010
		// played seed 8, --runs 0x10 16 runs, and --seed 09 was refused.
		// Numbers are decimal here; leading zeros change nothing.
		d, ok := decimal(v)
		if !ok {
			return errors.New("parse error") // "--seed 0x10: expected a whole number"
		}
		v = d
	}
	return o.Value.Set(v)
}

// decimal returns v, a decimal whole number with an optional sign, without
// its leading zeros and plus ("007" and "+7" are "7"); ok is false for
// anything else (0x10, 1e3, 1_000, "").
func decimal(v string) (string, bool) {
	sign := ""
	if v != "" && (v[0] == '+' || v[0] == '-') {
		sign, v = v[:1], v[1:]
	}
	if v == "" || strings.Trim(v, "0123456789") != "" {
		return "", false
	}
	if sign == "+" {
		sign = "" // --seed takes no sign
	}
	if v = strings.TrimLeft(v, "0"); v == "" {
		v = "0"
	}
	return sign + v, true
}

// IsBoolFlag keeps a boolean flag one that takes no value ("--hotseat").
func (o *onceValue) IsBoolFlag() bool {
	b, ok := o.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Get is the value's, for the messages that say what a flag expects.
func (o *onceValue) Get() any {
	if g, ok := o.Value.(flag.Getter); ok {
		return g.Get()
	}
	return nil
}

func usageError(e *env, c *command, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "lattice %s: %s\n%s\nRun 'lattice help %s' for more.\n", c.name, fmt.Sprintf(format, args...), wrappedUsage(c), c.name)
	return exitUsage
}

// usageLine is "lattice NAME ARGS", without a trailing space for a command
// that takes none.
func usageLine(c *command) string {
	return strings.TrimSpace("lattice " + c.name + " " + c.args)
}

// usageWords splits a usage line into the words it may be wrapped
// between: at spaces outside brackets, so that "[--set KEY=VALUE ...]"
// stays on one line, and not after a "|".
func usageWords(line string) []string {
	var words []string
	depth, start := 0, 0
	for i, r := range line {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case ' ':
			if depth == 0 {
				if i > start {
					words = append(words, line[start:i])
				}
				start = i + 1
			}
		}
	}
	if start < len(line) {
		words = append(words, line[start:])
	}
	// A "|" between alternatives begins the next one's line.
	for i := 0; i+1 < len(words); i++ {
		if words[i] == "|" {
			words = slices.Replace(words, i, i+2, "| "+words[i+1])
		}
	}
	return words
}

// wrappedUsage is "Usage: lattice NAME ARGS" within helpWidth columns, the
// arguments wrapped under the first, as help and usage errors print it.
func wrappedUsage(c *command) string {
	under := strings.Repeat(" ", len("Usage: lattice "+c.name+" "))
	return wrapWords(usageWords(usageLine(c)), helpWidth, "Usage: ", under)
}

// helpWidth is the width of a terminal that help fits.
const helpWidth = 80

// printCommandHelp writes the usage, description and flags of c, each line
// within helpWidth columns: the usage line and each flag's description are
// wrapped, the usage's arguments under its first.
func printCommandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "%s\n\n%s\n", wrappedUsage(c), strings.TrimSpace(c.help))
	if c.flags != nil {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		var lines []string
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			line := "  --" + f.Name
			if name != "" {
				line += " " + name
			}
			// A usage that says its default in words has it said once; a
			// negative default is a "not given" mark, not a value to use.
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" &&
				!strings.Contains(usage, "(default") && !strings.HasPrefix(f.DefValue, "-") {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
			lines = append(lines, line+"\n"+wrapIndented(usage, helpWidth, "        "))
		})
		if len(lines) > 0 {
			fmt.Fprintf(w, "\nFlags:\n%s\n", strings.Join(lines, "\n"))
		}
	}
}

func init() {
	register(&command{
		name:    "help",
		args:    "[COMMAND]",
		summary: "show help for lattice or one command",
		help:    "Shows the list of commands, or the usage, description and flags of one command.",
		run:     cmdHelp,
	})
	register(&command{
		name:    "version",
		args:    "",
		summary: "print the version of lattice and of its engine",
		help:    "Prints the lattice version, the engine version recorded in journals, the\nscenario format version and the Go version it was built with.",
		run:     cmdVersion,
	})
}

func cmdHelp(_ context.Context, e *env, args []string) int {
	// "lattice help -h" is help's own help, as "lattice run -h" is run's,
	// where it was taken for a command named "-h".
	args, code := parseFlags(lookup("help"), newFlags(lookup("help"), e), e, args)
	if code >= 0 {
		return code
	}
	if len(args) > 1 {
		fmt.Fprintln(e.stderr, "lattice help: give at most one command name")
		return exitUsage
	}
	if len(args) == 1 {
		c := lookup(args[0])
		if c == nil {
			var names []string
			for _, c := range commands {
				names = append(names, c.name)
			}
			fmt.Fprintf(e.stderr, "lattice help: unknown command %q%s\nRun 'lattice help' for the list of commands.\n", args[0], suggest(args[0], names))
			return exitUsage
		}
		printCommandHelp(e.stdout, c)
		return exitOK
	}
	w := e.stdout
	fmt.Fprint(w, `Lattice is a terminal wargame about alliance strategy: South Korea, the United
States and their partners allocate alliance resources against coercion, and
the game explains every number it moves. It is a teaching and exploration
tool, not a forecast.

Usage: lattice <command> [arguments] [flags]

Commands:
`)
	sorted := append([]*command(nil), commands...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	for _, c := range sorted {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'lattice help <command>' for the flags of one command.
Exit status: 0 ok, 1 invalid input or failed check (or output that could
not be written), 2 usage error (or play without a terminal), 130
interrupted, 141 stdout closed early ("lattice ... | head").
`)
	return exitOK
}

// Version is the lattice release; EngineVersion (package sim) is what
// journals record.
var Version = "0.1.0-dev"

func cmdVersion(_ context.Context, e *env, args []string) int {
	c := lookup("version")
	pos, code := parseFlags(c, newFlags(c, e), e, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, c, "takes no arguments")
	}
	goVersion := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
	}
	fmt.Fprintf(e.stdout, "lattice %s (engine %s, scenario format %d, %s)\n", Version, engineVersion(), formatVersion(), goVersion)
	return exitOK
}

// flagError rewords the flag package's errors in the form the help uses
// (--name), with a did-you-mean for unknown flags.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if _, why, ok := strings.Cut(msg, onceMark); ok { // a flag given twice (onceValue), as it says
		return why
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		if sim.Sanitize(name, false) != name {
			// Escape sequences and control characters are shown, not
			// sent to the terminal.
			return fmt.Sprintf("unknown flag %q", "--"+name)
		}
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		// A flag of other commands ("run --runs", "run --out") says which
		// take it, rather than suggesting a flag of this one by spelling.
		if len(names) == 0 {
			return fmt.Sprintf("unknown flag --%s: %s takes no flags", name, fs.Name())
		}
		switch others := commandsWithFlag(name, strings.TrimPrefix(fs.Name(), "lattice ")); {
		case len(others) == 1:
			return fmt.Sprintf("unknown flag --%s: %s takes it, not %s", name, others[0], fs.Name())
		case len(others) > 1 && len(others) <= 3:
			return fmt.Sprintf("unknown flag --%s: %s take it, not %s", name, joinAnd(others), fs.Name())
		case len(others) > 3:
			return fmt.Sprintf("unknown flag --%s: other commands take it, not %s", name, fs.Name())
		}
		hint := ""
		if s := simDidYouMean(name, names); s != "" {
			hint = strings.Replace(s, "\"", "\"--", 1)
		}
		return "unknown flag --" + name + hint
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		// invalid boolean value "maybe" for -hotseat: parse error
		val, flagPart, _ := strings.Cut(rest, " for -")
		name, _, _ := strings.Cut(flagPart, ": ")
		return fmt.Sprintf("--%s %s: expected true or false (--%s alone means true)", name, val, name)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "abc" for flag -seed: parse error
		val, flagPart, _ := strings.Cut(rest, " for flag -")
		name, why, _ := strings.Cut(flagPart, ": ")
		what := "a valid value"
		if f := fs.Lookup(name); f != nil {
			var v any
			if g, ok := f.Value.(flag.Getter); ok {
				v = g.Get()
			}
			switch v.(type) {
			case bool:
				what = "true or false"
			case time.Duration:
				what = "a duration with its unit, such as 90s, 10m or 1h30m"
			case uint, uint64:
				what = "a whole number, 0 or more"
			case int, int64:
				what = "a whole number"
			}
		}
		if why == "value out of range" {
			// A whole number, but not one the flag can hold: "expected a
			// whole number" was not true of it.
			size := "large"
			if strings.HasPrefix(val, `"-`) {
				size = "small"
			}
			return fmt.Sprintf("--%s %s: too %s a number (expected %s)", name, val, size, what)
		}
		if why == "parse error" {
			return fmt.Sprintf("--%s %s: expected %s", name, val, what)
		}
		return fmt.Sprintf("--%s %s: %s", name, val, why)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "--" + name + " needs a value"
	}
	if arg, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		// "---seed" or "-=3": the flag package says only "bad flag syntax".
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if name != "" && fs.Lookup(name) != nil {
			return fmt.Sprintf("%s: a flag has one or two dashes, as in --%s", sim.Sanitize(arg, false), name)
		}
		return fmt.Sprintf("%s: not a flag (a flag is -NAME or --NAME)", sim.Sanitize(arg, false))
	}
	return msg
}

// commandsWithFlag returns "lattice NAME" for each command but except that
// takes the flag name.
func commandsWithFlag(name, except string) []string {
	var out []string
	for _, c := range commands {
		if c.name == except || c.flags == nil {
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		if fs.Lookup(name) != nil {
			out = append(out, "lattice "+c.name)
		}
	}
	sort.Strings(out)
	return out
}

// joinAnd joins items as "a", "a and b" or "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
