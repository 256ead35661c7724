package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// TestReplayRoundTrip runs seeded games with --journal and replays them:
// --verify passes and the final hash is the one `lattice run` reports.
func TestReplayRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for i, args := range [][]string{
		{"run", "tutorial", "--seed", "7"},
		{"run", "tutorial", "--seed", "3", "--difficulty", "hard", "--set", "side.rok.budget=9"},
		{"run", "tutorial", "--seed", "2", "--policy", "rok=lookahead,us=testdata/policies/hawk.toml"},
	} {
		jp := filepath.Join(dir, "game"+string(rune('a'+i))+".jsonl")
		r := run(t, append(args, "--journal", jp, "--format", "json")...)
		if r.code != exitOK {
			t.Fatalf("%s: %s", label(args), r)
		}
		var out struct {
			Hash        string `json:"hash"`
			TurnsPlayed int    `json:"turns_played"`
			Turns       []struct {
				Hash string `json:"hash"`
			} `json:"turns"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		// The journal does not change what run prints.
		if plain := run(t, append(args, "--format", "json")...); plain.stdout != r.stdout {
			t.Errorf("%s: --journal changes the output", label(args))
		}

		v := run(t, "replay", jp, "--verify")
		checkStreams(t, "replay --verify", v)
		if v.code != exitOK {
			t.Fatalf("replay --verify of %s: %s", label(args), v)
		}
		want := "verified: " + sim.Plural(out.TurnsPlayed, "turn") + ", final hash " + out.Hash + "\n"
		if !strings.HasSuffix(v.stdout, want) {
			t.Errorf("replay --verify of %s does not end with %q:\n%s", label(args), want, v.stdout)
		}
		if !strings.Contains(v.stdout, "Verdict after ") {
			t.Errorf("replay --verify of %s gives no verdict:\n%s", label(args), v.stdout)
		}

		js := run(t, "replay", jp, "--format", "json")
		checkStreams(t, "replay --format json", js)
		var rep struct {
			Hash     string `json:"hash"`
			Over     bool   `json:"over"`
			Verdict  string `json:"verdict"`
			Verified bool   `json:"verified"`
			Turns    []struct {
				Turn         int    `json:"turn"`
				Hash         string `json:"hash"`
				RecordedHash string `json:"recorded_hash"`
				Match        bool   `json:"match"`
			} `json:"turns"`
		}
		if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
			t.Fatalf("replay --format json: %v\n%s", err, js.stdout)
		}
		if rep.Hash != out.Hash || !rep.Over || rep.Verdict == "" || rep.Verified || len(rep.Turns) != len(out.Turns) {
			t.Errorf("replay json of %s: %+v", label(args), rep)
		}
		for k, tr := range rep.Turns {
			if tr.Turn != k+1 || !tr.Match || tr.Hash != out.Turns[k].Hash || tr.RecordedHash != tr.Hash {
				t.Errorf("replay json of %s: turn %d: %+v, run gives hash %s", label(args), k+1, tr, out.Turns[k].Hash)
			}
		}

		to := run(t, "replay", jp, "--verify", "--to", "2")
		if to.code != exitOK || !strings.HasSuffix(to.stdout, "verified: 2 turns, final hash "+out.Turns[1].Hash+"\n") ||
			!strings.Contains(to.stdout, "Stopped after week 2 of ") || strings.Contains(to.stdout, "Week 3") {
			t.Errorf("replay --to 2 of %s: %s", label(args), to)
		}
	}
}

// TestRunJournalRefusesExisting: a journal is never overwritten.
func TestRunJournalRefusesExisting(t *testing.T) {
	jp := writeFile(t, t.TempDir(), "taken.jsonl", "precious\n")
	r := run(t, "run", "tutorial", "--journal", jp)
	checkStreams(t, "run --journal existing", r)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "already exists") || r.stdout != "" {
		t.Errorf("run --journal over a file: %s", r)
	}
	if b, _ := os.ReadFile(jp); string(b) != "precious\n" {
		t.Errorf("the file was changed: %q", b)
	}
	r = run(t, "run", "tutorial", "--journal", filepath.Join(t.TempDir(), "no", "such", "dir.jsonl"))
	if r.code != exitInvalid || !strings.Contains(r.stderr, "cannot create journal") {
		t.Errorf("run --journal in a missing directory: %s", r)
	}
}

// TestReplayCorpus replays the damaged journals of sim/journal/testdata.
func TestReplayCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "sim", "journal", "testdata")
	tests := []struct {
		file   string
		verify bool
		force  bool
		code   int
		stderr string // regexp stderr must match
		stdout string // text stdout must hold (then its last line is not the good journal's)
	}{
		{file: "good.jsonl", verify: true, code: exitOK},
		{file: "flipped-digit.jsonl", code: exitInvalid, stderr: `flipped-digit.jsonl: line 3: checksum mismatch`},
		{file: "altered-orders.jsonl", code: exitOK, stderr: `warning: .*line 3: turn 2 diverges: the journal records hash [0-9a-f]{16}, the replay gives [0-9a-f]{16} \(and 3 later turns\)`},
		{file: "altered-orders.jsonl", verify: true, code: exitInvalid, stderr: `line 3: turn 2 diverges: the journal records hash 660b9ac653dcd19c, the replay gives [0-9a-f]{16}`},
		{file: "truncated.jsonl", code: exitOK, stderr: `warning: .*line 6: ignored: torn`},
		{file: "truncated.jsonl", verify: true, code: exitInvalid, stderr: `^lattice replay: .*line 6: torn record at the end of the journal`},
		{file: "empty.jsonl", code: exitInvalid, stderr: `empty file: not a lattice journal`},
		{file: "foreign.json", code: exitInvalid, stderr: `line 1: not a lattice journal`},
		{file: "text.txt", code: exitInvalid, stderr: `line 1: not a lattice journal`},
		{file: "other-engine.jsonl", code: exitInvalid, stderr: `engine version 0, but this lattice has engine version 1.*--force`},
		{file: "other-engine.jsonl", verify: true, force: true, code: exitOK},
		{file: "duplicate-turn.jsonl", code: exitInvalid, stderr: `line 4: turn 2 is recorded twice`},
		{file: "missing-turn.jsonl", code: exitInvalid, stderr: `line 3: turn 3 follows turn 1: turn 2 is missing`},
		{file: "rollback.jsonl", verify: true, code: exitOK},
		{file: "whitecell.jsonl", verify: true, code: exitOK, stdout: "White cell in week 2: set Cohesion to 45.50 (by console) — a scandal in Seoul shakes the alliance\nWeek 2 · "},
		{file: "whitecell-end.jsonl", verify: true, code: exitOK, stdout: "White cell in week 4: paused (by console)\nThe game was ended by the White cell before week 4 (line 8): the seminar ran out of time.\nverified: 3 turns, final hash "},
		{file: "whitecell-not-real.jsonl", verify: true, code: exitOK, stdout: `White cell in week 2: decided "Maritime militia swarm": failure — a test (no effect: the adversary did not make that move)`},
		{file: "whitecell-unknown-inject.jsonl", code: exitInvalid, stderr: `line 3: turn 2: white-cell inject "no_such_inject": no such inject in the scenario`},
		{file: "whitecell-turn-after-end.jsonl", code: exitInvalid, stderr: `line 4: turn 2 is recorded after the White cell ended the game on line 3`},
		{file: "whitecell-no-reason.jsonl", code: exitInvalid, stderr: `line 3: whitecell record: a white-cell metric needs a reason: say why the White cell acted`},
		{file: "resumed.jsonl", verify: true, code: exitOK, stderr: `warning: .*line 6: skipped: torn by a crash \(acknowledged on line 7\)`},
		{file: filepath.Join("no", "such.jsonl"), code: exitInvalid, stderr: `cannot read journal`},
	}
	good := run(t, "replay", filepath.Join(dir, "good.jsonl"), "--verify")
	for _, tt := range tests {
		args := []string{"replay", filepath.Join(dir, tt.file)}
		if tt.verify {
			args = append(args, "--verify")
		}
		if tt.force {
			args = append(args, "--force")
		}
		r := run(t, args...)
		if r.code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%s", label(args), r.code, tt.code, r)
			continue
		}
		if r.code != exitOK || tt.stderr == "" {
			checkStreams(t, label(args), r)
		}
		if tt.stderr != "" && !regexp.MustCompile(tt.stderr).MatchString(r.stderr) {
			t.Errorf("%s: stderr does not match %q:\n%s", label(args), tt.stderr, r.stderr)
		}
		if !strings.Contains(r.stdout, tt.stdout) {
			t.Errorf("%s: stdout lacks %q:\n%s", label(args), tt.stdout, r.stdout)
		}
		if tt.code == exitOK && tt.verify && tt.stdout == "" && lastLine(r.stdout) != lastLine(good.stdout) {
			t.Errorf("%s: ends %q, the good journal %q", label(args), lastLine(r.stdout), lastLine(good.stdout))
		}
	}
}

// TestReplayWhiteCellJSON: the json form lists the White cell's acts of
// each turn, the act that ended the game and the acts not applied.
func TestReplayWhiteCellJSON(t *testing.T) {
	dir := filepath.Join("..", "..", "sim", "journal", "testdata")
	type act struct {
		Turn   int    `json:"turn"`
		Action string `json:"action"`
		Metric string `json:"metric"`
		Value  string `json:"value"`
		Reason string `json:"reason"`
	}
	var out struct {
		Turns []struct {
			Turn      int   `json:"turn"`
			WhiteCell []act `json:"white_cell"`
		} `json:"turns"`
		End     *act  `json:"white_cell_end"`
		Pending []act `json:"white_cell_pending"`
	}
	r := run(t, "replay", filepath.Join(dir, "whitecell.jsonl"), "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &out); r.code != exitOK || err != nil {
		t.Fatalf("replay whitecell.jsonl --format json: %v\n%s", err, r)
	}
	if len(out.Turns) < 2 || len(out.Turns[0].WhiteCell) != 0 || len(out.Turns[1].WhiteCell) != 1 || out.Turns[1].WhiteCell[0] != (act{Turn: 2, Action: "metric", Metric: "cohesion", Value: "45.5", Reason: "a scandal in Seoul shakes the alliance"}) || out.End != nil || out.Pending != nil {
		t.Errorf("replay whitecell.jsonl --format json: %+v", out)
	}
	out.Turns, out.End, out.Pending = nil, nil, nil
	r = run(t, "replay", filepath.Join(dir, "whitecell-end.jsonl"), "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &out); r.code != exitOK || err != nil {
		t.Fatalf("replay whitecell-end.jsonl --format json: %v\n%s", err, r)
	}
	if len(out.Turns) != 3 || out.End == nil || *out.End != (act{Turn: 4, Action: "end", Reason: "the seminar ran out of time"}) || len(out.Pending) != 1 || out.Pending[0].Action != "pause" {
		t.Errorf("replay whitecell-end.jsonl --format json: %+v", out)
	}
}

func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

func TestReplayUsage(t *testing.T) {
	good := filepath.Join("..", "..", "sim", "journal", "testdata", "good.jsonl")
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"replay"}, exitUsage, "give exactly one journal file"},
		{[]string{"replay", good, good}, exitUsage, "give exactly one journal file"},
		{[]string{"replay", good, "--format", "xml"}, exitUsage, `unknown --format "xml"`},
		{[]string{"replay", good, "--to", "-1"}, exitUsage, "--to -1"},
		{[]string{"replay", good, "--to", "0"}, exitUsage, "--to 0: expected a turn number, 1 or more"},
		{[]string{"replay", good, "--to", "x"}, exitUsage, `--to "x": expected a whole number`},
		{[]string{"replay", good, "--to", "9"}, exitInvalid, "cannot stop after turn 9: the journal records 5 turns"},
		{[]string{"replay", good, "--verfy"}, exitUsage, `did you mean "--verify"`},
	} {
		r := run(t, tt.args...)
		checkStreams(t, label(tt.args), r)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("%s: exit %d, want %d with %q:\n%s", label(tt.args), r.code, tt.code, tt.stderr, r)
		}
	}
}

// TestReplayTurnLinesFit: replay's text gives each turn a heading and one
// indented line per side (wrapped with a deeper indent), all within 80
// columns; a turn was one line of 200 and more.
func TestReplayTurnLinesFit(t *testing.T) {
	dir := t.TempDir()
	jpath := filepath.Join(dir, "game.jsonl")
	if r := run(t, "run", "tutorial", "--journal", jpath, "--policy", "rok=lookahead"); r.code != exitOK {
		t.Fatal(r)
	}
	for _, file := range []string{jpath, "../../sim/journal/testdata/altered-orders.jsonl", "../../sim/journal/testdata/whitecell.jsonl"} {
		r := run(t, "replay", file)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		turns := 0
		for i, line := range lines {
			if i < 2 || strings.HasPrefix(line, "White cell in ") {
				continue // the title, who played and White-cell acts: not turns
			}
			if n := utf8.RuneCountInString(line); n > 80 {
				t.Errorf("%s: line %d is %d columns:\n%s", file, i+1, n, line)
			}
			if strings.HasPrefix(line, "Week ") {
				turns++
				if i+2 >= len(lines) || !strings.HasPrefix(lines[i+1], "  South Korea: ") || !strings.Contains(lines[i+1]+lines[i+2]+lines[i+3], "  United States: ") {
					t.Errorf("%s: turn %q is not followed by a line per side:\n%s", file, line, r.stdout)
				}
			}
		}
		if turns == 0 {
			t.Errorf("%s: no turns in\n%s", file, r)
		}
	}
}

// TestDifficultyAgrees: run's json, replay's json and report name the same
// difficulty level for a game, "normal" when none was asked for (run's
// json left it out, replay's gave "", report said normal).
func TestDifficultyAgrees(t *testing.T) {
	dir := t.TempDir()
	for _, level := range []string{"", "normal", "hard"} {
		jpath := filepath.Join(dir, "game-"+level+".jsonl")
		args := []string{"run", "tutorial", "--format", "json", "--journal", jpath}
		if level != "" {
			args = append(args, "--difficulty", level)
		}
		want := level
		if want == "" {
			want = "normal"
		}
		var got struct {
			Difficulty *string `json:"difficulty"`
		}
		for _, r := range []result{run(t, args...), run(t, "replay", jpath, "--format", "json")} {
			got.Difficulty = nil
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != exitOK {
				t.Fatalf("%v\n%s", err, r)
			}
			if got.Difficulty == nil || *got.Difficulty != want {
				t.Errorf("--difficulty %q: json difficulty %v, want %q", level, got.Difficulty, want)
			}
		}
		if r := run(t, "report", jpath); !strings.Contains(r.stdout, "- Difficulty: "+want+"\n") {
			t.Errorf("--difficulty %q: report does not say %q:\n%s", level, want, r)
		}
	}
}

// A Red team's moves and bluffs are its orders: replay lists them under
// its side, turn by turn, and every line of the listing fits 80 columns
// (the header's line of who played whom ran to 120 with five sides).
func TestReplayShowsTheRedTeamsMoves(t *testing.T) {
	s, err := scenarios.Open("gray-zone")
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	red := c.SideIndex("prc")
	pols := make([]sim.Policy, len(c.Sides))
	human := make([]bool, len(c.Sides))
	human[red] = true
	for _, a := range c.Alliance() {
		pols[a], _ = sim.PolicyByName("balanced")
	}
	sides, err := journal.Sides(c, pols, human, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := journal.NewHeader(journal.Setup{Scenario: "gray-zone", Compiled: c, Seed: 5, Sides: sides, Lattice: "test", Created: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "red.jsonl")
	w, err := journal.Create(path, h)
	if err != nil {
		t.Fatal(err)
	}
	g, o := sim.NewGame(c, 5), c.NewOrders()
	book := c.Sides[red].Playbook
	var wantLines []string
	for turn := 1; turn <= 2; turn++ {
		// The first open move real, the next open one a bluff (if it may be one).
		var moves, bluffs []int
		for _, a := range book {
			if g.ActionLock(a) != "" {
				continue
			}
			if len(moves) == 0 {
				moves = append(moves, a)
			} else if len(bluffs) == 0 && c.Actions[a].Bluff {
				bluffs = append(bluffs, a)
			}
		}
		if len(moves) == 0 || len(bluffs) == 0 {
			t.Fatalf("turn %d: no open move and bluff in China's playbook", turn)
		}
		if err := g.Plan(red, moves, bluffs); err != nil { // before the turn is briefed
			t.Fatal(err)
		}
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		wantLines = append(wantLines, "China (Red team): moves "+c.Actions[moves[0]].Name+", bluffs "+c.Actions[bluffs[0]].Name)
		if _, err := g.Step(o); err != nil {
			t.Fatal(err)
		}
		plans := map[int]journal.Plan{red: {Actions: []string{c.Actions[moves[0]].ID}, Bluffs: []string{c.Actions[bluffs[0]].ID}}}
		if err := w.Turn(journal.NewTurn(c, turn, o, plans, g.Hash())); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r := run(t, "replay", path, "--verify")
	if r.code != exitOK {
		t.Fatal(r)
	}
	// Lines wrap; join the continuation lines to their first.
	joined := regexp.MustCompile(`\n    `).ReplaceAllString(r.stdout, " ")
	for _, want := range wantLines {
		if !strings.Contains(joined, "  "+want+"\n") {
			t.Errorf("replay does not list %q:\n%s", want, r.stdout)
		}
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("a line of %d columns: %q", n, l)
		}
	}
	// The json has them by side, as the journal records them.
	js := run(t, "replay", path, "--format", "json")
	var rep struct {
		Turns []struct {
			Plans map[string]journal.Plan `json:"plans"`
		} `json:"turns"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for i, tr := range rep.Turns {
		if p := tr.Plans["prc"]; len(p.Actions) != 1 || len(p.Bluffs) != 1 {
			t.Errorf("turn %d: the json's plans are %+v, want China's one move and one bluff", i+1, tr.Plans)
		}
	}
}

// A White-cell act's line names who acted where that was not the White
// cell itself: "White cell in week 2: … (by White cell)" said it twice.
func TestWhiteCellLineBy(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for by, want := range map[string]string{"White cell": "", "white CELL": "", "console": " (by console)", "SHA256:abc": " (by SHA256:abc)", "": ""} {
		a := &journal.WhiteCell{Action: journal.ActEnd, Turn: 2, Reason: "time", By: by}
		if got := whiteCellLine(c, "week", a); got != "White cell in week 2: "+a.Describe(c)+want+" — time" {
			t.Errorf("by %q: %q", by, got)
		}
	}
}

// A seminar's journal (sim/report's seminar test journal: South Korea
// given to the computer, lookahead, from week 1; the US for week 3 only;
// a Red team's side with plans in weeks 2 and 4, its doctrine in the
// others; in week 2 a planned move the briefing called off): replay's
// header said "South Korea: human · United States: human · Adversary:
// human", its weeks did not say who allocated, and the move called off
// was nowhere.
func TestReplaySaysHowSidesWerePlayed(t *testing.T) {
	path := filepath.Join("..", "..", "sim", "report", "testdata", "seminar.jsonl")
	r := run(t, "replay", path, "--verify")
	if r.code != exitOK {
		t.Fatal(r)
	}
	joined := regexp.MustCompile(`\n    `).ReplaceAllString(r.stdout, " ")
	for _, want := range []string{
		"\n  South Korea: the computer (lookahead) from week 1, given by the White cell\n",
		"\n  United States: human in weeks 1–2 and 4–5; the computer (balanced) in week 3, given by the White cell; given back to the teams in week 4\n",
		"\n  Adversary: human in weeks 2 and 4; its doctrine in weeks 1, 3 and 5: no Red team's plan recorded\n",
		"\nWeek 1 · ",
		"\n  South Korea (the computer, lookahead): ",
		"\n  United States (the computer, balanced): ",
		"\n  Adversary's move Maritime militia swarm was called off at the briefing: its condition does not hold: Intelligence picture > 0.5\n",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("replay lacks %q:\n%s", want, r.stdout)
		}
	}
	// Week by week: the computer's sides marked, the doctrine's turns said.
	weeks := strings.Split(joined, "\nWeek ")[1:]
	if len(weeks) != 5 {
		t.Fatalf("%d weeks in\n%s", len(weeks), r.stdout)
	}
	for i, wk := range weeks {
		n, wk := i+1, wk+"\n"
		if got := strings.Contains(wk, "\n  United States (the computer, balanced): "); got != (n == 3) {
			t.Errorf("week %d: the US marked the computer's: %v\n%s", n, got, wk)
		}
		if got := strings.Contains(wk, "\n  Adversary: its doctrine (no Red team's plan recorded)\n"); got != (n%2 == 1) {
			t.Errorf("week %d: the doctrine's turn said: %v\n%s", n, got, wk)
		}
		if got := strings.Contains(wk, "called off"); got != (n == 2) {
			t.Errorf("week %d: a move called off: %v\n%s", n, got, wk)
		}
	}
	for i, l := range strings.Split(r.stdout, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 && !strings.HasPrefix(l, "White cell in ") {
			t.Errorf("line %d is %d columns: %q", i+1, n, l)
		}
	}
	js := run(t, "replay", path, "--format", "json")
	var rep struct {
		Turns []struct {
			Computer  map[string]string `json:"computer"`
			Doctrine  []string          `json:"doctrine"`
			CalledOff []struct {
				Side, Action, Why string
				Bluff             bool
			} `json:"called_off"`
		} `json:"turns"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for i, tr := range rep.Turns {
		n := i + 1
		want := map[string]string{"rok": "lookahead"}
		if n == 3 {
			want["us"] = "balanced"
		}
		if !maps.Equal(tr.Computer, want) {
			t.Errorf("week %d: computer %v, want %v", n, tr.Computer, want)
		}
		if got := slices.Equal(tr.Doctrine, []string{"prc"}); got != (n%2 == 1) {
			t.Errorf("week %d: doctrine %v", n, tr.Doctrine)
		}
		if got := len(tr.CalledOff) == 1 && tr.CalledOff[0].Side == "prc" && tr.CalledOff[0].Action == "militia_swarm" && !tr.CalledOff[0].Bluff && tr.CalledOff[0].Why != ""; got != (n == 2) || n != 2 && len(tr.CalledOff) > 0 {
			t.Errorf("week %d: called off %+v", n, tr.CalledOff)
		}
	}
}
