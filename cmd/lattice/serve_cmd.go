package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/tui"
	"lattice/tui/serve"
)

func init() {
	register(&command{
		name:    "serve",
		args:    "[--listen ADDR] [--scenario ID|PATH] [--games N] [--ai SIDE[=POLICY],...] [--join-code auto|none|CODE] [--resume FILE...] [flags]",
		summary: "run a seminar over SSH: teams join from their own terminals",
		help: `Serves games over SSH for a seminar: each team types 'ssh -p PORT HOST' on its
own terminal, enters the game's join code, a team name, and picks a side.
Several teams may share a side (any of them edits its draft, the first to
join is its captain and commits); a side a team plays already is joined
with its side code, shown on that side's screens and the console. Every
allied side is played by people unless --ai gives it to the computer (--ai
japan, or --ai japan=lookahead, or a policy .toml file): a side no team joins
commits nothing, and the alliance pays for it. The adversary is played by its
doctrine, or by a Red team with --red-team. When every side has committed,
or the turn timer runs out, the turn is adjudicated and every screen shows
the results.

--games N runs N games at once ("Game 1"…, seeds --seed, --seed+1, …), each
with its own join code, so a class of 40 can play four games of about ten
and compare them in the debrief. Without --seed the first seed is drawn at
random (a fixed one is an opening anyone with lattice can preview); each
game's seed is printed, shown on the console and kept in its journal. Each
game keeps a journal in $XDG_STATE_HOME/lattice/games; if the server dies,
restart it with --resume FILE... (the journals, in the order of the games):
each game keeps its join code (with --join-code auto) and teams reconnect
to their sides, by the same SSH key (a team without one: by its name and
its side's code, on its screens and the console). A journal that cannot be
resumed is said, with its file and line, and the other games start (with
--strict, none does; exit 1 if none can). The turn timer starts again, at
its full length, when the first team is back. --ai with --resume gives the
computer an allied side no team has joined, from the next turn on (the
command printed to carry on repeats it).

Security: the SSH layer lets anyone reach the lobby; the lobby asks for the
join code (--join-code auto: a fresh random code per game, printed at start)
unless the key the session authenticated with is in --authorized-keys. Keys
in --facilitator-keys open the White-cell console. A session is closed
after 5 wrong codes (it may try one a second: the lines of a paste are one
try); a key is locked out for a minute after 10 wrong join codes, an
address (an IPv6 /64) after 50. Wrong side and team codes count on their
own, not cleared by a right join code, and 10 of one side's lock that
side's code for 5 minutes (the console logs each, and its l key lifts
them). At most 20 sessions from one address may be without a seat at once
(--max-waiting-per-address; teams in a game do not count), and as many
connections without a session (256 in all: 4 × --max-sessions), 6 with one key,
2 of --max-sessions are kept for facilitators' keys, and a session is
closed that takes no seat within two minutes, or sends more input at once
than anyone types (16 KB). The console's log says every refusal. With
--join-code none, only the listed keys get in; with no key files either,
the server listens on loopback only. The host key is generated once (mode
0600) in $XDG_STATE_HOME/lattice/ssh_host_ed25519 and reused.

In a terminal, the server's own screen is the White-cell console over every
game (drafts, commits, pause, timer, injects, overrides, rollback, end,
report, the last turn's results with every side's points (v), the whole
log (h); its a key gives a side whose team has left to the computer, and
back). Without one, it logs joins and turns on stderr and runs until
interrupted (SIGINT or SIGTERM: sessions are told, journals closed).`,
		run: cmdServe,
		flags: func(fs *flag.FlagSet) {
			serveFlags(fs)
			fs.Var(new(resumeList), "resume", "restart the games journalled in `FILE...` (one per game, in their order) after the server stopped; with --join-code auto each keeps its code")
		},
	})
}

// serveOpts are the serve command's flags.
type serveOpts struct {
	listen, scenario, difficulty, hostKey, authKeys, whiteKeys, joinCode string
	games, maxSessions, maxWaiting                                       int
	seed                                                                 uint64
	timer, idle                                                          time.Duration
	red, strict                                                          bool
	ai                                                                   string
}

func serveFlags(fs *flag.FlagSet) *serveOpts {
	o := &serveOpts{}
	fs.StringVar(&o.listen, "listen", "127.0.0.1:2323", "`ADDR` to listen on (host:port; 0.0.0.0:2323 for every interface)")
	fs.StringVar(&o.scenario, "scenario", "tutorial", "scenario `ID|PATH` of new games")
	fs.IntVar(&o.games, "games", 1, "`N` games played at once, each with its own join code")
	fs.Uint64Var(&o.seed, "seed", 0, "seed `N` of the first game; game k has seed+k-1 (default: drawn at random, and printed)")
	fs.StringVar(&o.difficulty, "difficulty", "", "difficulty `LEVEL` (easy, normal, hard)")
	fs.StringVar(&o.hostKey, "host-key", "", "SSH host key `FILE`, made once if not there, in a directory that is (default $XDG_STATE_HOME/lattice/ssh_host_ed25519)")
	fs.StringVar(&o.authKeys, "authorized-keys", "", "authorized_keys `FILE`: these keys join without the code")
	fs.StringVar(&o.whiteKeys, "facilitator-keys", "", "authorized_keys `FILE`: these keys open the White-cell console")
	fs.StringVar(&o.joinCode, "join-code", "auto", "`CODE`: auto (a random code per game), none, or 4-16 letters and digits of your own")
	fs.DurationVar(&o.timer, "turn-timer", 0, "`DURATION` per phase of a turn, e.g. 10m; when it runs out the allies' drafts are committed as they stand, and a Red team that has not committed leaves its side to the doctrine (0: none)")
	fs.BoolVar(&o.red, "red-team", false, "let teams play the adversary (a Red team); otherwise it plays its doctrine")
	fs.StringVar(&o.ai, "ai", "", "allied `SIDE[=POLICY],...` the computer plays (default policy: the side's own, or balanced); every other allied side is a team's")
	fs.IntVar(&o.maxSessions, "max-sessions", serve.DefaultMaxSessions, "at most `N` SSH sessions at once (with --facilitator-keys, 2 of them kept for those keys)")
	fs.IntVar(&o.maxWaiting, "max-waiting-per-address", serve.DefaultMaxWaitingPerAddress, "at most `N` sessions from one address at the join code at once, and N connections without a session (teams in a game do not count; raise it for a class behind one address that connects all at once)")
	fs.BoolVar(&o.strict, "strict", false, "with --resume, start no game unless every journal can be resumed (otherwise the others start, and the console says which could not)")
	fs.DurationVar(&o.idle, "idle-timeout", 30*time.Minute, "disconnect a session after `DURATION` without a key press (observer seats excepted, and teams while their game is paused; 0: never)")
	return o
}

// minTurnTimer and minIdleTimeout are the shortest --turn-timer and
// --idle-timeout taken: shorter ones end a seminar before it starts.
const minTurnTimer, minIdleTimeout = 10 * time.Second, time.Minute

// resumeList collects --resume FILE... : the flag's value and the
// positional arguments after it.
type resumeList []string

func (r *resumeList) String() string     { return strings.Join(*r, " ") }
func (r *resumeList) Set(s string) error { *r = append(*r, s); return nil }

func cmdServe(ctx context.Context, e *env, args []string) int {
	c := lookup("serve")
	fs := newFlags(c, e)
	o := serveFlags(fs)
	var resume resumeList
	fs.Var(&resume, "resume", "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if why := emptyFileFlag(fs, "resume", "authorized-keys", "facilitator-keys", "host-key"); why != "" {
		return usageError(e, c, "%s", why)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if len(pos) > 0 {
		if len(resume) == 0 {
			return usageError(e, c, "unexpected argument %q (the scenario goes with --scenario)", pos[0])
		}
		resume = append(resume, pos...) // --resume A.jsonl B.jsonl
	}
	switch {
	case o.games < 1 || o.games > 50:
		return usageError(e, c, "--games %d: give 1 to 50", o.games)
	case o.timer < 0:
		return usageError(e, c, "--turn-timer %s: give a positive duration such as 10m, or 0 for none", o.timer)
	case o.timer > 0 && o.timer < minTurnTimer:
		// --turn-timer 1ns played the whole game out, every draft
		// committed empty, within a second of the first team joining.
		return usageError(e, c, "--turn-timer %s: too short for a team to read the turn; give at least %s, such as 10m, or 0 for none", o.timer, minTurnTimer)
	case o.idle < 0:
		return usageError(e, c, "--idle-timeout %s: give a positive duration such as 30m, or 0 for none", o.idle)
	case o.idle > 0 && o.idle < minIdleTimeout:
		// Every session was closed as soon as it opened.
		return usageError(e, c, "--idle-timeout %s: too short to type a join code; give at least %s, such as 30m, or 0 for none", o.idle, minIdleTimeout)
	case o.maxSessions < 1:
		return usageError(e, c, "--max-sessions %d: give at least 1", o.maxSessions)
	case o.maxWaiting < 1:
		return usageError(e, c, "--max-waiting-per-address %d: give at least 1", o.maxWaiting)
	case o.strict && len(resume) == 0:
		return usageError(e, c, "--strict goes with --resume: it asks that every journal be resumed")
	case len(resume) > 0 && (set["scenario"] || set["games"] || set["seed"] || set["difficulty"]):
		return usageError(e, c, "--resume restores games from their journals: no --scenario, --games, --seed or --difficulty (--ai may give an allied side no team played to the computer)")
	}
	if i, j := sameFiles(resume); i >= 0 {
		// Two games on one journal would interleave their turns in it.
		return usageError(e, c, "--resume %s and %s are the same journal: give each game's journal once", sim.ShellQuote(resume[i]), sim.ShellQuote(resume[j]))
	}
	if o.red && o.timer == 0 && o.whiteKeys == "" && !(isTerminal(e.stdout) && isTerminalReader(e.stdin)) {
		// The first turn waits for a Red team; with no timer and no White
		// cell (no console here, no facilitator keys) nothing could move
		// the game on if none comes.
		return usageError(e, c, "--red-team without a terminal here needs --turn-timer or --facilitator-keys: otherwise, if no Red team joins, nothing can move the first turn on")
	}
	host, port, err := net.SplitHostPort(o.listen)
	if err != nil {
		// The error repeats the address, escapes and all: only its reason
		// is shown.
		why := err.Error()
		var ae *net.AddrError
		if errors.As(err, &ae) {
			why = ae.Err
		}
		return usageError(e, c, "--listen %q: expected host:port, such as 127.0.0.1:2323 (%s)", o.listen, why)
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		// Found only when listening, after the host key was made, and
		// said as "listen tcp: address 99999: invalid port".
		return usageError(e, c, "--listen %q: the port %q is not a port number from 0 to 65535 (0: any free one)", o.listen, port)
	}
	mode := strings.ToLower(o.joinCode)
	if mode != "auto" && mode != "none" {
		if why := serve.CheckCode(o.joinCode); why != "" {
			return usageError(e, c, "--join-code %q: %s (or auto, or none)", o.joinCode, why)
		}
	}
	if mode == "none" && o.authKeys == "" && o.whiteKeys == "" && !isLoopback(host) {
		return usageError(e, c, "--join-code none with no --authorized-keys or --facilitator-keys would let anyone who can reach %s play: listen on 127.0.0.1, or keep a join code", o.listen)
	}
	cfg := serve.Config{MaxSessions: o.maxSessions, MaxWaitingPerAddress: o.maxWaiting, IdleTimeout: o.idle}
	if !set["seed"] {
		o.seed = serveSeed()
	}
	if o.authKeys != "" {
		if cfg.Authorized, err = serve.ReadKeys(o.authKeys); err != nil {
			fmt.Fprintf(e.stderr, "lattice serve: --authorized-keys: %s\n", sim.Sanitize(err.Error(), true))
			return exitInvalid
		}
	}
	if o.whiteKeys != "" {
		if cfg.Facilitators, err = serve.ReadKeys(o.whiteKeys); err != nil {
			fmt.Fprintf(e.stderr, "lattice serve: --facilitator-keys: %s\n", sim.Sanitize(err.Error(), true))
			return exitInvalid
		}
	}
	newCode := func() string {
		switch mode {
		case "auto":
			return serve.NewCode()
		case "none":
			return ""
		}
		return strings.ToUpper(o.joinCode)
	}

	// The scenario and --ai, or the journals to resume, before anything is
	// written: a mistyped name must not leave a new host key behind (nor
	// say it made one).
	var comp *sim.Compiled
	var ai map[int]aiSide
	// Games whose journal cannot be resumed, by index in resume: why. The
	// others start (a class of four games waited on one damaged journal),
	// unless --strict; none at all is an error.
	unresumed := map[int]string{}
	failResume := func(i int, why string) bool {
		why = sim.Sanitize(why, false)
		if o.strict {
			fmt.Fprintf(e.stderr, "lattice serve: --resume: %s\n", why)
			return false
		}
		unresumed[i] = why
		return true
	}
	for i, path := range resume {
		// Read nothing yet (reopening a journal may repair its torn end):
		// only that it is there and is a journal.
		if why := unresumable(path); why != "" && !failResume(i, why) {
			return exitInvalid
		}
	}
	if len(resume) > 0 && len(unresumed) == len(resume) {
		return noGameResumed(e, resume, unresumed)
	}
	if len(resume) == 0 {
		if comp, err = scenarios.Compile(o.scenario, o.difficulty, nil); err != nil {
			printScenarioError(e, err)
			return exitInvalid
		}
		if ai, err = serveAI(comp, o.ai); err != nil {
			if errors.Is(err, errNoTeamSide) {
				return usageError(e, c, "--ai %s", sim.Sanitize(err.Error(), false))
			}
			// A side or policy the scenario or the disk does not have is
			// invalid input, as lattice run's --policy and lattice play's
			// --side say (exit 2 was for the flag's own misuse).
			fmt.Fprintf(e.stderr, "lattice serve: --ai %s\n", sim.Sanitize(err.Error(), false))
			return exitInvalid
		}
	}

	// The host key and the port first: a bad host key or a port in use
	// must not leave new games' journals behind, one more set each time
	// the instructor tries again.
	keyPath := o.hostKey
	if keyPath != "" {
		// A key --host-key names that is not there is made, but not its
		// directories: a mistyped path made them (as root, /nonexist) and
		// a new key, which every student's ssh then warns of.
		if err := missingDirError("create host key", keyPath); err != nil {
			fmt.Fprintf(e.stderr, "lattice serve: --host-key: %v\n", err)
			return exitInvalid
		}
	}
	if keyPath == "" {
		if keyPath, err = serve.DefaultHostKeyPath(); err != nil {
			fmt.Fprintf(e.stderr, "lattice serve: %v\n", err)
			return exitInvalid
		}
	}
	note, err := serve.EnsureHostKey(keyPath)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice serve: %v\n", err)
		return exitInvalid
	}
	if note != "" {
		fmt.Fprintf(e.stderr, "lattice serve: %s\n", note)
	}

	ln, err := net.Listen("tcp", o.listen)
	if isAddrInUse(err) {
		// Most often the server of an earlier session, still running in
		// another terminal: the bare "bind: address already in use" did
		// not say what to do.
		fmt.Fprintf(e.stderr, "lattice serve: %s is in use already (another lattice serve still running?): stop that one, or choose another port with --listen\n", o.listen)
		return exitInvalid
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice serve: --listen %s: %s\n", sim.Sanitize(o.listen, false), listenError(err))
		return exitInvalid
	}
	defer ln.Close() // on the way out early; Shutdown closes it otherwise

	// The games.
	var rooms []*tui.Room
	closeAll := func() {
		for _, r := range rooms {
			r.Locked(func() {
				r.Sess.SaveDraft()
				if r.Sess.Journal != nil {
					r.Sess.Journal.Close()
				}
			})
		}
	}
	defer closeAll()
	journals := slices.Clone(resume) // every game's, in its order (those not resumed too)
	if len(resume) > 0 {
		for i, path := range resume {
			if abs, err := filepath.Abs(path); err == nil {
				path = abs // shown, and in the command to carry on: it may be run from another directory
			}
			journals[i] = path
			if _, skip := unresumed[i]; skip {
				continue
			}
			sess, notes, err := tui.Resume(path)
			if err != nil {
				if !failResume(i, journalFileError(path, err).Error()) {
					return exitInvalid
				}
				continue
			}
			for _, n := range notes {
				fmt.Fprintf(e.stderr, "lattice serve: %s: %s\n", path, sim.Sanitize(n, false))
			}
			if set["ai"] {
				notes, err := resumeAI(sess, o.ai, fmt.Sprintf("Game %d", i+1), tui.JoinedTeams(path))
				if err != nil {
					sess.Journal.Close() // no room holds it, for closeAll to close
					fmt.Fprintf(e.stderr, "lattice serve: --ai %s\n", sim.Sanitize(err.Error(), false))
					return exitInvalid
				}
				for _, n := range notes {
					fmt.Fprintf(e.stderr, "lattice serve: %s\n", n)
				}
			}
			red := len(sess.HumanAdversaries()) > 0
			code := newCode()
			if saved := tui.SavedCode(path); mode == "auto" && saved != "" && serve.CheckCode(saved) == "" {
				code = saved // the code the class already has
			}
			r := tui.NewRoom(sess, tui.RoomOptions{Name: fmt.Sprintf("Game %d", i+1), Code: code, AllowRed: red, Timer: o.timer})
			rooms = append(rooms, r) // NewRoom restores the teams kept beside the journal
		}
		if len(rooms) == 0 {
			return noGameResumed(e, resume, unresumed)
		}
	} else {
		for i := range o.games {
			pols := map[int]sim.Policy{}
			for s, a := range ai {
				pols[s] = a.policy
			}
			sess := serve.NewSession(comp, o.seed+uint64(i), o.difficulty, o.red, pols)
			if written, err := scenarios.Open(o.scenario); err == nil { // compiled above: it opens
				sess.SetWritten(written)
			}
			sess.PolicySources = make([][]byte, len(comp.Sides))
			for s, a := range ai {
				sess.PolicySources[s] = a.source
			}
			if err := tui.StartJournal(sess, o.scenario, Version); err != nil {
				fmt.Fprintf(e.stderr, "lattice serve: cannot keep a journal: %s\n", sim.Sanitize(err.Error(), false))
				return exitInvalid
			}
			rooms = append(rooms, tui.NewRoom(sess, tui.RoomOptions{Name: fmt.Sprintf("Game %d", i+1), Code: newCode(), AllowRed: o.red, Timer: o.timer}))
		}
	}

	cfg.HostKeyPath = keyPath
	cfg.Rooms = rooms
	var srv *serve.Server
	cfg.Console = func(rs []*tui.Room, by string) tea.Model {
		con := tui.NewConsole(rs, by)
		con.SetLift(srv.LiftLockouts)
		return con
	}
	interactive := isTerminal(e.stdout) && isTerminalReader(e.stdin)
	if !interactive {
		cfg.Log, cfg.LogRooms = e.stderr, true
	}
	srv, err = serve.New(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice serve: %v\n", err)
		return exitInvalid
	}
	// What the instructor tells the class.
	w := e.stderr
	fmt.Fprintf(w, "lattice serve: listening on %s\n", ln.Addr())
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	shown := host
	every := host == "" || host == "0.0.0.0" || host == "::" // every interface
	if every {
		if h, err := os.Hostname(); err == nil {
			shown = h
		}
	}
	studentCmd := fmt.Sprintf("ssh -p %s %s", p, shown)
	fmt.Fprintf(w, "Students type:  %s\n", studentCmd)
	var byIP []string // the same by address: a lab without DNS has no name for this machine
	if every {
		for _, ip := range hostIPs() {
			byIP = append(byIP, fmt.Sprintf("ssh -p %s %s", p, ip))
		}
	}
	for _, cmd := range byIP {
		fmt.Fprintf(w, "            or  %s\n", cmd)
	}
	// Loopback is the safe default, and a class typing this command
	// reaches its own machines: said before it goes on the board.
	local := ""
	if isLoopback(host) {
		local = fmt.Sprintf("only this machine can connect; --listen 0.0.0.0:%s lets the class in", p)
		fmt.Fprintf(w, "                (%s)\n", local)
	}
	fp := serve.HostKeyFingerprint(cfg.HostKeyPath)
	if fp != "" {
		fmt.Fprintf(w, "Host key:       %s (what ssh shows the first time)\n", fp)
	}
	for _, r := range rooms {
		var path, at string
		var seed uint64
		r.Locked(func() {
			path, at, seed = r.Sess.JournalPath, fmt.Sprintf("%s %d", r.Sess.C.TurnLabel, r.Sess.Game.Turn()), r.Sess.Seed
			if r.Phase() == tui.PhaseOver {
				// A journal of a game that has ended, resumed: "Week 4"
				// read as a game to play on.
				at = "game over"
			}
		})
		code := r.Code()
		if code == "" {
			code = "(none)"
		}
		fmt.Fprintf(w, "  %s  join code %s  %s  seed %d  journal %s\n", r.Name(), code, at, seed, path)
		// The seed for the record on the console too (its journal has it
		// in its header): the lines above are hidden behind it.
		if interactive {
			consoleLog(r, fmt.Sprintf("%s: seed %d%s; journal %s", r.Name(), seed, seedNote(len(resume) > 0, set["seed"], o.seed), path))
		}
	}
	for _, i := range slices.Sorted(maps.Keys(unresumed)) {
		// Said where the instructor looks: stderr, and every game's log
		// on the console (which hides stderr).
		msg := fmt.Sprintf("Game %d was not resumed: %s", i+1, unresumed[i])
		fmt.Fprintf(w, "lattice serve: %s\n", msg)
		for _, r := range rooms {
			if interactive {
				consoleLog(r, msg+" (the other games go on; stop, repair or restore it, and start again to play it)")
			}
		}
	}

	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) { // under nohup it stays ignored
		// The instructor's terminal closed, or the ssh session to the
		// seminar host dropped: stop as for Ctrl-C (students told, the
		// command to carry on printed), not dead on the spot.
		sigs = append(sigs, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(ctx, sigs...)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	interrupted := false
	if interactive {
		con := tui.NewConsole(rooms, "console")
		con.SetLift(srv.LiftLockouts)
		con.Hint = "students type: " + studentCmd
		if len(byIP) > 0 {
			con.Hint += " (or " + strings.Join(byIP, ", or ") + ")"
		}
		if local != "" {
			con.Hint += " · " + local
		}
		if fp != "" {
			// The lines above are hidden behind the console; the
			// fingerprint is what the instructor writes on the board.
			con.Hint += " · host key " + fp
		}
		p := tea.NewProgram(con, tea.WithContext(ctx))
		_, err := p.Run()
		// Ctrl-C on the console is an interrupt, as SIGINT is headless
		// (130); q then y is a deliberate quit (0).
		interrupted = ctx.Err() != nil || errors.Is(err, tea.ErrProgramKilled) || con.Interrupted()
		if err != nil && !interrupted {
			fmt.Fprintf(e.stderr, "lattice serve: console: %v\n", err)
		}
	} else {
		select {
		case <-ctx.Done():
			interrupted = true
		case err := <-served:
			fmt.Fprintf(e.stderr, "lattice serve: %v\n", err)
			return exitInvalid
		}
	}
	fmt.Fprintln(e.stderr, "lattice serve: stopping: sessions are closed, journals kept")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	closeAll()
	rooms = nil
	// Every game's journal, ended or not: the games are numbered in the
	// order of their journals, and "Game 2" on the board became Game 1
	// after a restart that left out an ended Game 1.
	var paths, ended []string
	going := len(unresumed) // not played here: not ended
	for _, r := range cfg.Rooms {
		r.Locked(func() {
			paths = append(paths, r.Sess.JournalPath)
			if !r.Sess.Over() {
				going++
			} else {
				ended = append(ended, r.Sess.JournalPath)
			}
		})
	}
	if len(resume) > 0 {
		paths = journals // with those not resumed, in their places
	}
	if going == 0 {
		fmt.Fprintln(e.stderr, "Every game has ended. Each one's after-action report, for the debrief:")
		for _, p := range ended {
			fmt.Fprintf(e.stderr, "  lattice report %s --format html --out %s\n", sim.ShellQuote(p), sim.ShellQuote(strings.TrimSuffix(filepath.Base(p), ".jsonl")+".html"))
		}
		if interrupted {
			return exitInterrupted
		}
		return exitOK
	}
	// The same settings, the games from their journals.
	again := []string{"lattice", "serve"}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "scenario", "games", "seed", "difficulty", "resume", "red-team", "ai":
			return // the journals hold the games and who plays what
		}
		v := f.Value.String()
		if f.Name == "listen" && strings.HasSuffix(v, ":0") {
			v = ln.Addr().String() // the port it got
		}
		switch f.Name {
		case "host-key", "authorized-keys", "facilitator-keys":
			if abs, err := filepath.Abs(v); err == nil && v != "" {
				v = abs // the command may be run from another directory
			}
		}
		again = append(again, sim.ShellQuote("--"+f.Name+"="+v)) // whole: PowerShell cuts --listen=0.0.0.0 at its dot
	})
	if len(resume) > 0 && set["ai"] {
		// Sides given to the computer on a resume are not in the journals'
		// headers: given again, or their teams' absence would count again.
		again = append(again, sim.ShellQuote("--ai="+o.ai))
	}
	for _, p := range paths {
		again = append(again, "--resume", sim.ShellQuote(p))
	}
	// --red-team and the like are left out below: say where they are, so
	// that no one adds them (refused with --resume) or thinks them lost.
	fmt.Fprintln(e.stderr, "Each journal keeps its game's scenario, seed, difficulty, --ai and --red-team;\nits join code and teams are kept beside it.")
	if len(ended) > 0 {
		fmt.Fprintln(e.stderr, "The games that have ended are resumed too, so that every game keeps its number.")
	}
	for _, i := range slices.Sorted(maps.Keys(unresumed)) {
		fmt.Fprintf(e.stderr, "Game %d was not resumed (%s): its journal is in its place below, so that every game keeps its number; repair or restore it first, or it is left out again.\n", i+1, sim.Sanitize(journals[i], false))
	}
	fmt.Fprintf(e.stderr, "To carry on later:  %s\n", strings.Join(again, " "))
	if interrupted {
		return exitInterrupted
	}
	return exitOK
}

// serveSeed draws the seed of a seminar's first game from the system's
// randomness: --seed 1 for every seminar played the same opening, which
// anyone with lattice could preview. Up to 12 digits: noted down to replay
// a game, too many to find by playing every opening.
func serveSeed() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return uint64(time.Now().UnixNano())%999_999_999_999 + 1
	}
	return binary.LittleEndian.Uint64(b[:])%999_999_999_999 + 1
}

// seedNote says where a game's seed came from (first: the first game's).
func seedNote(resumed, given bool, first uint64) string {
	switch {
	case resumed:
		return " (from its journal)"
	case given:
		return " (--seed)"
	}
	return fmt.Sprintf(" (drawn at random; --seed %d plays these openings again)", first)
}

// consoleLog adds line to room r's log, which the White-cell console shows.
func consoleLog(r *tui.Room, line string) {
	r.AddLog(time.Now().Format("15:04:05") + "  " + line)
}

// unresumable says why the journal at path cannot be resumed, reading
// nothing of it but its first bytes ("" if it may be).
func unresumable(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Sprintf("cannot read journal %s: %s", path, describeFileError(err))
	}
	if !st.Mode().IsRegular() {
		// A directory or a named pipe was found only after the host key
		// was made.
		return fmt.Sprintf("%s: is %s, not a journal", path, fileType(st.Mode()))
	}
	if hint := notAJournal(path); hint != "" {
		return path + ": " + hint
	}
	return ""
}

// noGameResumed says that no journal given to --resume could be resumed,
// and why each could not; it returns the exit code.
func noGameResumed(e *env, resume []string, why map[int]string) int {
	for i := range resume {
		fmt.Fprintf(e.stderr, "lattice serve: --resume: Game %d: %s\n", i+1, why[i])
	}
	fmt.Fprintln(e.stderr, "lattice serve: no game could be resumed")
	return exitInvalid
}

// sameFiles returns the indexes of the first two paths that name the same
// file (-1, -1 if none do).
func sameFiles(paths []string) (int, int) {
	for j := range paths {
		for i := range j {
			if samePath(paths[i], paths[j]) {
				return i, j
			}
		}
	}
	return -1, -1
}

func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	aa, errA := filepath.Abs(a)
	ab, errB := filepath.Abs(b)
	return errA == nil && errB == nil && aa == ab
}

// hostIPs returns this machine's addresses a class may reach it by, as
// ssh takes them: IPv4 first, then global IPv6; loopback and link-local
// ones left out.
func hostIPs() []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var v4, v6 []string
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.IsMulticast() || n.IP.IsUnspecified() {
			continue
		}
		if ip := n.IP.To4(); ip != nil {
			v4 = append(v4, ip.String())
		} else {
			v6 = append(v6, n.IP.String())
		}
	}
	return slices.Clip(append(v4, v6...)[:min(len(v4)+len(v6), 4)])
}

// isLoopback reports whether host (from --listen) is a loopback address;
// "" (every interface) is not.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// aiSide is an allied side the computer plays at a server: its policy and,
// for a policy file, the file's text (for the journals).
type aiSide struct {
	policy sim.Policy
	source []byte
}

// errNoTeamSide is serveAI's error for an --ai that names every allied
// side: a seminar with no side for the teams, whatever the scenario.
var errNoTeamSide = errors.New("leaves no allied side to the teams")

// serveAI reads --ai SIDE[=POLICY],...: the allied sides the computer plays.
// A POLICY may be a policy .toml file (read from the current directory); a
// side given without one plays the scenario's policy for it, a file of
// which is read beside the scenario, as lattice run does.
func serveAI(c *sim.Compiled, spec string) (map[int]aiSide, error) {
	out, err := aiSides(c, spec)
	if err == nil && len(out) == len(c.Alliance()) {
		return nil, errNoTeamSide
	}
	return out, err
}

// aiSides reads --ai SIDE[=POLICY],... as serveAI does, without asking
// that a side be left to the teams.
func aiSides(c *sim.Compiled, spec string) (map[int]aiSide, error) {
	out := map[int]aiSide{}
	if strings.TrimSpace(spec) == "" {
		return out, nil
	}
	for _, item := range strings.Split(spec, ",") {
		id, name, _ := strings.Cut(strings.TrimSpace(item), "=")
		s := c.SideIndex(id)
		if s < 0 || c.Sides[s].Adversary {
			var ids []string
			for _, a := range c.Alliance() {
				ids = append(ids, c.Sides[a].ID)
			}
			return nil, fmt.Errorf("%q is not an allied side of %s (its allied sides: %s)%s", id, c.ID, strings.Join(ids, ", "), sim.DidYouMean(id, ids))
		}
		if name == "" {
			name = c.PolicyFile(s) // the scenario's, a file beside it
		}
		if name == "" {
			name = "balanced"
		}
		p, err := sim.PolicyByName(name)
		if err != nil {
			p, err = policyFile(name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s=%s: %v", id, name, err)
		}
		ai := aiSide{policy: p}
		if strings.HasSuffix(name, ".toml") {
			if ai.source, err = readUserFile(name, maxPolicyFile, "a policy .toml file"); err != nil {
				return nil, fmt.Errorf("%s=%s: %v", id, name, err)
			}
		}
		out[s] = ai
	}
	return out, nil
}

// resumeAI gives the computer the allied sides of a resumed game that --ai
// names (spec, as serveAI reads it) and no team has played (teams: the
// teams kept beside its journal, by side id), from the next turn it
// adjudicates on. The journal's header still has them as people's sides:
// their orders are recorded turn by turn as a team's are, so the game
// replays as played. A side given a built-in policy is given by a White-
// cell act in the journal, as the console's a gives one (the report then
// names the computer and its reasons, and a restart keeps it); one given
// a policy file, which a journal act cannot name, is given for this run
// only, and the command to carry on repeats --ai. A side a team has
// played stays the team's, and a side the journal already gives to the
// computer keeps its policy: each is said in a note.
func resumeAI(sess *tui.Session, spec, game string, teams map[string][]string) (notes []string, err error) {
	c := sess.C
	ai, err := aiSides(c, spec)
	if err != nil {
		return nil, err
	}
	sides := make([]int, 0, len(ai))
	for s := range ai {
		sides = append(sides, s)
	}
	slices.Sort(sides)
	var give []int
	for _, s := range sides {
		name := sim.Sanitize(c.Sides[s].Name, false)
		switch {
		case !sess.Human[s]:
			notes = append(notes, fmt.Sprintf("%s: %s is played by the computer already (%s, from the journal): --ai leaves it so", game, name, sess.Policies[s].Name()))
		case len(teams[c.Sides[s].ID]) > 0:
			notes = append(notes, fmt.Sprintf("%s: %s stays with team %s, who joined it: --ai gives the computer only a side no team has joined", game, name, strings.Join(teams[c.Sides[s].ID], ", ")))
		default:
			give = append(give, s)
		}
	}
	if len(sess.HumanAllies()) == len(give) {
		return nil, fmt.Errorf("%s %s", errNoTeamSide.Error(), "in "+game)
	}
	for _, s := range give {
		name, p := sim.Sanitize(c.Sides[s].Name, false), ai[s].policy
		if ai[s].source == nil { // a built-in policy: journalled
			if err := sess.GiveSide(s, p.Name(), "no team had joined: given at a restart (serve --resume --ai)", "serve --ai"); err != nil {
				return nil, fmt.Errorf("%s: %v", game, err)
			}
		} else {
			sess.Human[s], sess.Policies[s] = false, tui.Apart(p)
		}
		notes = append(notes, fmt.Sprintf("%s: the computer plays %s (%s) from now on", game, name, p.Name()))
	}
	// The game's leads (the sides the computer's allies follow onto joint
	// levers, sim.Game.FollowLeads) stay the journal's: a replay re-runs
	// the computer's other sides with them, and a side taken here would
	// plan them otherwise than the replay does.
	return notes, nil
}

// Windows' socket errors, which its syscall.EADDRINUSE and the like are
// not: net.Listen there fails with these numbers.
const (
	wsaeAccess       syscall.Errno = 10013 // WSAEACCES: a port Windows reserves, or another program holds exclusively
	wsaeAddrInUse    syscall.Errno = 10048 // WSAEADDRINUSE
	wsaeAddrNotAvail syscall.Errno = 10049 // WSAEADDRNOTAVAIL
)

// isAddrInUse says whether err is a listen's "address already in use".
func isAddrInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || errors.Is(err, wsaeAddrInUse)
}

// listenError says why the server could not listen, and what to do.
func listenError(err error) string {
	switch {
	case errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, wsaeAddrNotAvail):
		return "this machine has no such address: give one of its own, 0.0.0.0:PORT for every interface or 127.0.0.1:PORT for this machine only"
	case errors.Is(err, wsaeAccess):
		return "permission denied: Windows reserves this port or another program holds it ('netsh interface ipv4 show excludedportrange protocol=tcp' lists the reserved ones); choose another port, such as 2323"
	case errors.Is(err, syscall.EACCES):
		return "permission denied: ports below 1024 need privileges; choose a higher port, such as 2323"
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	return "cannot listen: " + sim.Sanitize(err.Error(), false)
}
