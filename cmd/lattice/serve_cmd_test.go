package main

import (
	"context"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"lattice/scenarios"
	"lattice/sim"
)

func TestServeFlagErrors(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	dirOf := t.TempDir()
	journal := dirOf + "/game.jsonl"
	if err := os.WriteFile(journal, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"no code on every interface":    {[]string{"serve", "--join-code", "none", "--listen", "0.0.0.0:0"}, exitUsage, "--join-code none with no --authorized-keys"},
		"no code on a LAN address":      {[]string{"serve", "--join-code", "none", "--listen", "192.168.1.10:2323"}, exitUsage, "listen on 127.0.0.1"},
		"bad duration":                  {[]string{"serve", "--turn-timer", "ten minutes"}, exitUsage, "--turn-timer"},
		"negative timer":                {[]string{"serve", "--turn-timer", "-5m"}, exitUsage, "positive duration"},
		"bad code":                      {[]string{"serve", "--join-code", "a b"}, exitUsage, "letters and digits"},
		"short code":                    {[]string{"serve", "--join-code", "AB"}, exitUsage, "4 to 16"},
		"no games":                      {[]string{"serve", "--games", "0"}, exitUsage, "--games 0"},
		"bad listen":                    {[]string{"serve", "--listen", "2323"}, exitUsage, "host:port"},
		"resume with a scenario":        {[]string{"serve", "--resume", "x.jsonl", "--scenario", "tutorial"}, exitUsage, "--resume restores"},
		"stray argument":                {[]string{"serve", "tutorial"}, exitUsage, "--scenario"},
		"unknown scenario":              {[]string{"serve", "--scenario", "no-such-scenario", "--listen", "127.0.0.1:0"}, exitInvalid, "no-such-scenario"},
		"missing journal":               {[]string{"serve", "--resume", "/nonexistent/game.jsonl", "--listen", "127.0.0.1:0"}, exitInvalid, "--resume"},
		"missing authorized keys file":  {[]string{"serve", "--authorized-keys", "/nonexistent/keys", "--listen", "127.0.0.1:0"}, exitInvalid, "--authorized-keys"},
		"unknown flag":                  {[]string{"serve", "--red-teams"}, exitUsage, "unknown flag --red-teams"},
		"misspelt --ai side":            {[]string{"serve", "--scenario", "gray-zone", "--ai", "japn", "--listen", "127.0.0.1:0"}, exitInvalid, `(did you mean "japan"?)`},
		"unknown --ai policy":           {[]string{"serve", "--ai", "us=nope", "--listen", "127.0.0.1:0"}, exitInvalid, `lattice serve: --ai us=nope: unknown policy "nope"`},
		"--ai for every side":           {[]string{"serve", "--ai", "rok,us", "--listen", "127.0.0.1:0"}, exitUsage, "--ai leaves no allied side to the teams"},
		"one journal twice":             {[]string{"serve", "--listen", "127.0.0.1:0", "--resume", journal, "--resume", dirOf + "/./game.jsonl"}, exitUsage, "same journal"},
		"one journal twice, positional": {[]string{"serve", "--listen", "127.0.0.1:0", "--resume", journal, "other.jsonl", journal}, exitUsage, "same journal"},
		// It said "listen tcp: address 99999: invalid port", after making
		// the host key.
		"port out of range": {[]string{"serve", "--listen", "127.0.0.1:99999"}, exitUsage, `--listen "127.0.0.1:99999": the port "99999" is not a port number from 0 to 65535`},
		// The address's escape sequences reached the terminal in the
		// parser's own words.
		"escapes in listen": {[]string{"serve", "--listen", "\x1b]0;owned\a\x1b[2J"}, exitUsage, `(missing port in address)`},
		// It said only "listen tcp 192.0.2.1:0: bind: cannot assign requested address".
		// A turn timer of 1ns played the game out within a second of the
		// first team joining; an idle timeout of 1ns closed every session.
		"turn timer too short":        {[]string{"serve", "--turn-timer", "1ns"}, exitUsage, "--turn-timer 1ns: too short for a team to read the turn; give at least 10s"},
		"idle timeout too short":      {[]string{"serve", "--idle-timeout", "5s"}, exitUsage, "--idle-timeout 5s: too short to type a join code; give at least 1m0s"},
		"address not of this machine": {[]string{"serve", "--listen", "192.0.2.1:0"}, exitInvalid, "--listen 192.0.2.1:0: this machine has no such address: give one of its own"},
		"no waiting session":          {[]string{"serve", "--max-waiting-per-address", "0"}, exitUsage, "--max-waiting-per-address 0: give at least 1"},
		"strict without resume":       {[]string{"serve", "--strict"}, exitUsage, "--strict goes with --resume"},
	} {
		t.Run(name, func(t *testing.T) {
			r := run(t, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("want exit %d and %q in stderr; got\n%s", tc.code, tc.want, r)
			}
			if strings.ContainsRune(r.stderr, 0x1b) {
				t.Errorf("an escape character reached stderr: %q", r.stderr)
			}
		})
	}
}

func TestServeHelp(t *testing.T) {
	r := run(t, "help", "serve")
	for _, want := range []string{"Usage: lattice serve", "ssh -p PORT HOST", "--join-code", "--resume", "seed+k-1", "--facilitator-keys", "--red-team", "--idle-timeout"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help serve lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := run(t, "help"); !strings.Contains(r.stdout, "serve") {
		t.Error("lattice help does not list serve")
	}
}

// Without a terminal the server logs, and an interrupt stops it cleanly
// (exit 130) with the journals kept and the host key private.
func TestServeStartsAndStops(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		done <- runCtx(t, ctx, "serve", "--listen", "127.0.0.1:0", "--games", "2", "--join-code", "auto")
	}()
	if st := waitForFile(t, dir+"/lattice/ssh_host_ed25519"); st.Mode().Perm() != 0o600 && runtime.GOOS != "windows" { // no mode bits there
		t.Errorf("host key mode %o, want 600", st.Mode().Perm())
	}
	cancel()
	r := <-done
	if r.code != exitInterrupted {
		t.Errorf("exit %d after an interrupt, want 130\n%s", r.code, r)
	}
	listen := "--listen=127.0.0.1:"
	if runtime.GOOS == "windows" {
		listen = "'" + listen // quoted whole for PowerShell, which cuts it at its first dot
	}
	for _, want := range []string{"Students type:  ssh -p", "Host key:       SHA256:", "Game 1  join code", "Game 2  join code", "To carry on later:  lattice serve --join-code=auto " + listen, " --resume "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestServeAIFlag(t *testing.T) {
	c, err := scenarios.Compile("gray-zone", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	ai, err := serveAI(c, "japan, us=lookahead")
	if err != nil {
		t.Fatal(err)
	}
	if p := ai[c.SideIndex("japan")].policy; p == nil {
		t.Fatal("japan not given to the computer")
	}
	if p := ai[c.SideIndex("us")].policy; p == nil || p.Name() != "lookahead" {
		t.Fatalf("us plays %v, want lookahead", p)
	}
	for _, bad := range []string{"prc", "atlantis", "japan=nonsense", "rok,us,japan"} {
		if _, err := serveAI(c, bad); err == nil {
			t.Errorf("--ai %s accepted", bad)
		}
	}
	if got := sim.ShellQuote("/tmp/my games/x.jsonl"); got != "'/tmp/my games/x.jsonl'" {
		t.Errorf("shellQuote: %s", got)
	}
}

// The command printed to carry on later names the key files by absolute
// path: it may be run from another directory (a new terminal, after a
// reboot).
func TestServeCarryOnAbsolutePaths(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	t.Chdir(dir)
	key := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl prof\n"
	if err := os.WriteFile("white.pub", []byte(key), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		done <- runCtx(t, ctx, "serve", "--listen", "127.0.0.1:0", "--facilitator-keys", "white.pub", "--host-key", "host_key")
	}()
	waitForFile(t, dir+"/host_key")
	cancel()
	r := <-done
	for _, want := range []string{"--facilitator-keys=" + filepath.Join(dir, "white.pub"), "--host-key=" + filepath.Join(dir, "host_key")} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the command to carry on lacks %q:\n%s", want, r.stderr)
		}
	}

	// A journal given by a relative path is named by its absolute one.
	_, journal, ok := strings.Cut(r.stderr, " --resume ")
	if !ok {
		t.Fatalf("no --resume in\n%s", r.stderr)
	}
	journal = strings.TrimSpace(journal)
	t.Chdir(filepath.Dir(journal))
	ctx, cancel = context.WithCancel(context.Background())
	go func() {
		done <- runCtx(t, ctx, "serve", "--listen", "127.0.0.1:0", "--host-key", dir+"/host_key", "--resume", filepath.Base(journal))
	}()
	time.Sleep(300 * time.Millisecond) // let it start (not a timing assertion)
	cancel()
	r = <-done
	if want := "--resume " + journal; !strings.Contains(r.stderr, want) {
		t.Errorf("the command to carry on lacks %q:\n%s", want, r.stderr)
	}
}

// A hang-up (the instructor's terminal closed, or the ssh session to the
// seminar host dropped) stops the server as an interrupt does: sessions
// told, the command to carry on printed. It killed the process on the spot.
func TestServeStopsOnHangup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no hang-up signal on Windows")
	}
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	// The test keeps its own hold on SIGHUP, so a signal sent before the
	// server listens for it does not end the test binary.
	held := make(chan os.Signal, 16)
	signal.Notify(held, syscall.SIGHUP)
	defer signal.Stop(held)
	done := make(chan result, 1)
	go func() { done <- run(t, "serve", "--listen", "127.0.0.1:0") }()
	deadline := time.After(20 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case r := <-done:
			if r.code != exitInterrupted || !strings.Contains(r.stderr, "To carry on later:") {
				t.Fatalf("after a hang-up: want exit 130 and the command to carry on; got\n%s", r)
			}
			return
		case <-tick.C:
			self.Signal(syscall.SIGHUP)
		case <-deadline:
			t.Fatal("the server did not stop on a hang-up")
		}
	}
}

// A port in use, or a bad host key, is refused before any game is made: no journals are left
// behind (one set each time the instructor tried again, and the newest
// journal is what --resume latest picks).
func TestServePortInUseLeavesNoJournal(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	r := run(t, "serve", "--listen", busy.Addr().String(), "--games", "2")
	if want := busy.Addr().String() + " is in use already (another lattice serve still running?): stop that one, or choose another port with --listen"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
		t.Errorf("want exit %d and %q; got\n%s", exitInvalid, want, r)
	}
	if left, _ := filepath.Glob(dir + "/lattice/games/*"); len(left) > 0 {
		t.Errorf("a failed start left %q", left)
	}

	// So does a host key that cannot be used.
	bad := filepath.Join(t.TempDir(), "host_key")
	if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, "serve", "--listen", "127.0.0.1:0", "--host-key", bad)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "host key") {
		t.Errorf("want exit %d and the host key named; got\n%s", exitInvalid, r)
	}
	if left, _ := filepath.Glob(dir + "/lattice/games/*"); len(left) > 0 {
		t.Errorf("a failed start left %q", left)
	}

	// And a --host-key in a directory that is not there (a mistyped
	// path), which made the directories and a new key in them.
	missing := filepath.Join(t.TempDir(), "keys")
	r = run(t, "serve", "--listen", "127.0.0.1:0", "--host-key", filepath.Join(missing, "host_key"))
	if want := "lattice serve: --host-key: cannot create host key " + filepath.Join(missing, "host_key") + ": directory " + missing + " does not exist (create it first)"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
		t.Errorf("want exit %d and %q; got\n%s", exitInvalid, want, r)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("--host-key made %s", missing)
	}
	if left, _ := filepath.Glob(dir + "/lattice/games/*"); len(left) > 0 {
		t.Errorf("a failed start left %q", left)
	}
}

// waitForFile waits (up to 30 s) for the server to write its host key at
// path, then a moment more for it to print its banner (not a timing
// assertion), and returns the file's info.
func waitForFile(t *testing.T, path string) os.FileInfo {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := os.Stat(path)
		if err == nil {
			time.Sleep(200 * time.Millisecond)
			return st
		}
		if time.Now().After(deadline) {
			t.Fatal("no host key written")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServeBadScenarioWritesNothing: a mistyped --scenario or --ai, or a
// --resume file that is missing or no journal, is reported before the host
// key is made, so nothing is left behind and the
// instructor is not told a key was generated for a server that never ran.
func TestServeBadScenarioWritesNothing(t *testing.T) {
	rows := filepath.Join(t.TempDir(), "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "2", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	for _, args := range [][]string{
		{"serve", "--scenario", "tutorail"},
		{"serve", "--ai", "xx"},
		{"serve", "--resume", "nope.jsonl"},
		{"serve", "--resume", rows},
		// A directory (or a named pipe) was refused after the host key
		// was made.
		{"serve", "--resume", t.TempDir()},
	} {
		dir := t.TempDir()
		t.Setenv("XDG_STATE_HOME", dir)
		r := run(t, args...)
		if r.code == exitOK || strings.Contains(r.stderr, "host key") {
			t.Errorf("%s: %s", label(args), r)
		}
		if ents, _ := os.ReadDir(dir); len(ents) > 0 {
			t.Errorf("%s: left %s behind", label(args), ents[0].Name())
		}
	}
}

// The command to carry on leaves out --red-team (the journals keep it, and
// --resume refuses it): the hint says so, and keeps --turn-timer, which no
// journal holds.
func TestServeCarryOnSaysWhatTheJournalKeeps(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		done <- runCtx(t, ctx, "serve", "--listen", "127.0.0.1:0", "--red-team", "--turn-timer", "5m")
	}()
	waitForFile(t, dir+"/lattice/ssh_host_ed25519")
	cancel()
	r := <-done
	for _, want := range []string{"--turn-timer=5m0s", "--resume ", "journal keeps its game's scenario, seed, difficulty, --ai and --red-team"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the hint to carry on lacks %q:\n%s", want, r.stderr)
		}
	}
}

// Stopping a server whose games have all ended prints no command to carry
// on (there is nothing left to play) but each game's report command.
func TestServeStopAfterEveryGameEnded(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	path := endedJournal(t, dir) // a tutorial played to its end
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		done <- runCtx(t, ctx, "serve", "--listen", "127.0.0.1:0", "--resume", path)
	}()
	waitForFile(t, dir+"/lattice/ssh_host_ed25519")
	time.Sleep(300 * time.Millisecond) // let it start (not a timing assertion)
	cancel()
	r := <-done
	if want := "lattice report " + path + " --format html --out ended.html"; !strings.Contains(r.stderr, "Every game has ended") || !strings.Contains(r.stderr, want) {
		t.Errorf("stopping after every game ended: want the report command %q; got\n%s", want, r.stderr)
	}
	if strings.Contains(r.stderr, "To carry on later") {
		t.Errorf("a command to carry on games that have ended:\n%s", r.stderr)
	}
	// The game's line at the start says it has ended: "Week 5" read as a
	// game to play on.
	if !strings.Contains(r.stderr, "Game 1  join code ") || !strings.Contains(r.stderr, "  game over  seed ") || !strings.Contains(r.stderr, "  journal "+path) {
		t.Errorf("the ended game's line at the start does not say it is over:\n%s", r.stderr)
	}
}

// A side the computer plays at a server may play a policy file: the
// scenario's for it (read beside the scenario, whatever the directory the
// server runs in) or one given with --ai; the journal keeps its text, so
// the game replays without the file. Both were refused as unknown
// policies, and a scenario naming a policy file could not be served.
func TestServeAIPolicyFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	if err := os.WriteFile(filepath.Join(dir, "cautious.toml"), []byte("name = \"cautious\"\ndeterrence = 1\nescalation = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := tutorialWith(t, "id = \"us\"\n", "id = \"us\"\npolicy = \"cautious.toml\"\n")
	at := strings.Index(src, "policy = \"cautious.toml\"\n") + 1
	src = src[:at] + strings.Replace(src[at:], "policy = \"balanced\"\n", "", 1) // the US's own line
	scen := filepath.Join(dir, "tut.toml")
	if err := os.WriteFile(scen, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // elsewhere: the file is read beside the scenario
	for _, spec := range []string{"us", "us=" + filepath.Join(dir, "cautious.toml")} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan result, 1)
		go func() { done <- runCtx(t, ctx, "serve", "--listen", "127.0.0.1:0", "--scenario", scen, "--ai", spec) }()
		time.Sleep(500 * time.Millisecond) // let it start (not a timing assertion)
		cancel()
		r := <-done
		if r.code != exitInterrupted || !strings.Contains(r.stderr, " --resume ") {
			t.Fatalf("serve --ai %s: exit %d\n%s", spec, r.code, r)
		}
		_, jpath, _ := strings.Cut(r.stderr, " --resume ")
		jpath = strings.TrimSpace(jpath)
		if rr := run(t, "replay", jpath, "--verify"); rr.code != exitOK {
			t.Errorf("serve --ai %s: its journal does not replay:\n%s", spec, rr)
		}
		b, err := os.ReadFile(jpath)
		if err != nil || !strings.Contains(string(b), `escalation = 3`) {
			t.Errorf("serve --ai %s: the journal does not keep the policy file's text (%v)", spec, err)
		}
	}
}

// TestServeLoopbackSaysTheClassCannotConnect: without --listen the server
// listens on 127.0.0.1 (the safe default), and printed "Students type:  ssh
// -p 2323 127.0.0.1" as if that were the command for the board: a class
// typing it reaches its own machines. It says now that only this machine
// can connect, and what lets the class in; on every interface it does not.
func TestServeLoopbackSaysTheClassCannotConnect(t *testing.T) {
	const warn = "only this machine can connect"
	for listen, want := range map[string]bool{"127.0.0.1:0": true, "0.0.0.0:0": false} {
		dir := t.TempDir()
		t.Setenv("XDG_STATE_HOME", dir)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan result, 1)
		go func() { done <- runCtx(t, ctx, "serve", "--listen", listen) }()
		waitForFile(t, dir+"/lattice/ssh_host_ed25519")
		cancel()
		r := <-done
		if got := strings.Contains(r.stderr, warn); got != want {
			t.Errorf("--listen %s: says %q: %v, want %v:\n%s", listen, warn, got, want, r.stderr)
		}
		if want && !strings.Contains(r.stderr, "--listen 0.0.0.0:") {
			t.Errorf("--listen %s: does not say how to let the class in:\n%s", listen, r.stderr)
		}
	}
}

// TestListenErrorsOnWindows: Windows fails a listen with its own socket
// errors (WSAEADDRNOTAVAIL and the like), which are not syscall's
// EADDRNOTAVAIL there: the server said "bind: winapi error #10049" where
// other systems say what to do.
func TestListenErrorsOnWindows(t *testing.T) {
	bind := func(e syscall.Errno) error {
		return &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("bind", e)}
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{bind(wsaeAddrNotAvail), "this machine has no such address"},
		{bind(wsaeAccess), "Windows reserves this port"},
		{bind(syscall.EADDRNOTAVAIL), "this machine has no such address"},
		{bind(syscall.EACCES), "ports below 1024 need privileges"},
	} {
		if got := listenError(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("listenError(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	if in := bind(wsaeAddrInUse); !isAddrInUse(in) || !isAddrInUse(bind(syscall.EADDRINUSE)) || isAddrInUse(bind(wsaeAccess)) {
		t.Errorf("isAddrInUse: WSAEADDRINUSE %v", isAddrInUse(in))
	}
}

// TestNullDeviceIsNoTerminal: /dev/null (NUL on Windows) is a character
// device, as a terminal is; lattice took it for one, and drew its
// progress bar and colours into it.
func TestNullDeviceIsNoTerminal(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("%s is taken for a terminal", os.DevNull)
	}
}
