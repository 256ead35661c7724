package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestNewValidatesAndPlays checks that 'lattice new' writes a commented
// starter scenario with the schema beside it, and that the scenario
// validates, plays at every difficulty and has what a starter promises.
func TestNewValidatesAndPlays(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "West Sea 2")
	r := run(t, "new", name)
	checkStreams(t, "lattice new", r)
	if r.code != exitOK {
		t.Fatalf("lattice new: %s", r)
	}
	path := name + ".toml"
	for _, want := range []string{"wrote " + path, `scenario id "west-sea-2"`, "lattice.schema.json", "lattice validate"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lattice new: stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(data), "\n"); first != "#:schema ./lattice.schema.json" {
		t.Errorf("first line %q, want the #:schema line", first)
	}
	schema, err := os.ReadFile(filepath.Join(dir, "lattice.schema.json"))
	if err != nil {
		t.Fatalf("the schema was not written beside the scenario: %v", err)
	}
	if string(schema) != string(sim.Schema()) {
		t.Error("the schema written beside the scenario is not sim.Schema()")
	}

	if r := run(t, "validate", path); r.code != exitOK || r.stdout != path+": ok\n" {
		t.Fatalf("lattice validate: %s", r)
	}
	// The starter has no dead content: every lever, action, inject and end
	// comes into play (its conflict end was never reached before it had a
	// way up the ladder, so an author's first validate --play failed).
	if r := run(t, "validate", path, "--play", "1000"); r.code != exitOK || !strings.Contains(r.stdout, "every lever, action, inject and end came into play") {
		t.Errorf("lattice validate --play: %s", r)
	}
	for _, args := range [][]string{
		{"run", path},
		{"run", path, "--seed", "7", "--format", "json"},
		{"run", path, "--difficulty", "easy"},
		{"run", path, "--difficulty", "normal"},
		{"run", path, "--difficulty", "hard"},
		{"run", path, "--policy", "home=lookahead", "--policy", "partner=free-rider"},
		{"keys", path},
	} {
		r := run(t, args...)
		checkStreams(t, label(args), r)
		if r.code != exitOK {
			t.Errorf("%s: %s", label(args), r)
		}
	}

	// What a starter promises.
	s, err := scenarios.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "west-sea-2" || c.Title != "West Sea 2" {
		t.Errorf("id %q, title %q; want west-sea-2, West Sea 2", c.ID, c.Title)
	}
	allies, adversaries := 0, 0
	for _, sd := range c.Sides {
		if sd.Adversary {
			adversaries++
		} else {
			allies++
		}
	}
	if allies != 2 || adversaries != 1 {
		t.Errorf("%d allied and %d adversary sides, want 2 and 1", allies, adversaries)
	}
	if n := len(c.Threats); n < 1 || n > 3 {
		t.Errorf("%d threats, want 1 to 3", n)
	}
	for what, got := range map[string]int{"domains": len(c.Domains), "levers": len(c.Levers), "actions": len(c.Actions), "injects": len(c.Injects)} {
		want := map[string]int{"domains": 2, "levers": 4, "actions": 3, "injects": 3}[what]
		if got != want {
			t.Errorf("%d %s, want %d", got, what, want)
		}
	}
	choices, defaults := 0, 0
	for _, in := range c.Injects {
		if len(in.Choices) > 0 {
			choices++
		}
	}
	for _, e := range c.Ends {
		if e.Default {
			defaults++
		}
	}
	if choices != 1 || defaults != 1 || len(c.Grades) == 0 {
		t.Errorf("%d injects with choices, %d default ends, %d scorecard lines; want 1, 1, some", choices, defaults, len(c.Grades))
	}
	var levels []string
	for _, d := range s.Difficulty {
		levels = append(levels, d.ID)
	}
	if strings.Join(levels, ",") != "easy,normal,hard" {
		t.Errorf("difficulty levels %v, want easy, normal, hard", levels)
	}
	if !strings.HasSuffix(strings.TrimSpace(c.Briefing), "*This is an exercise for learning, not a forecast.*") {
		t.Errorf("the briefing does not end with the reminder:\n%s", c.Briefing)
	}
	// Every key the starter writes is explained: no table or key without a
	// comment somewhere above or beside it is hard to check, so check that
	// the file is mostly comments.
	if n := strings.Count(string(data), "#"); n < 100 {
		t.Errorf("only %d comments in the starter", n)
	}
}

// TestNewRefusesOverwrite checks that an existing file is kept unless
// --force is given, and that --force replaces it.
func TestNewRefusesOverwrite(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "mine.toml", "# my work\n")
	for _, name := range []string{filepath.Join(dir, "mine"), path} {
		r := run(t, "new", name)
		checkStreams(t, "lattice new "+name, r)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "already exists") || !strings.Contains(r.stderr, "--force") {
			t.Errorf("lattice new %s over an existing file: %s", name, r)
		}
	}
	if data, _ := os.ReadFile(path); string(data) != "# my work\n" {
		t.Fatalf("the existing file was changed: %q", data)
	}
	// --force after the name, as parseFlags allows.
	r := run(t, "new", path, "--force")
	checkStreams(t, "lattice new --force", r)
	if r.code != exitOK {
		t.Fatalf("lattice new --force: %s", r)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `id = "mine"`) {
		t.Errorf("--force did not write the starter:\n%s", data)
	}
	if r := run(t, "validate", path); r.code != exitOK {
		t.Errorf("lattice validate after --force: %s", r)
	}
	// A directory is never overwritten, --force or not.
	if err := os.Mkdir(filepath.Join(dir, "adir.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	r = run(t, "new", "--force", filepath.Join(dir, "adir"))
	if r.code != exitInvalid || !strings.Contains(r.stderr, "is a directory") {
		t.Errorf("lattice new over a directory: %s", r)
	}
}

// TestNewWritesSchemaOnce checks that lattice.schema.json is written only
// when none is beside the scenario: an existing one is left as it is.
func TestNewWritesSchemaOnce(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "lattice.schema.json")
	if r := run(t, "new", filepath.Join(dir, "one")); r.code != exitOK || !strings.Contains(r.stdout, "wrote "+schema) {
		t.Fatalf("lattice new one: %s", r)
	}
	// The second scenario finds the schema there and does not rewrite it.
	if err := os.WriteFile(schema, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "new", filepath.Join(dir, "two"))
	checkStreams(t, "lattice new two", r)
	if r.code != exitOK {
		t.Fatalf("lattice new two: %s", r)
	}
	if strings.Contains(r.stdout, "wrote "+schema) || !strings.Contains(r.stdout, "lattice schema >") {
		t.Errorf("lattice new two with an old schema beside it:\n%s", r.stdout)
	}
	if data, _ := os.ReadFile(schema); string(data) != "{}\n" {
		t.Errorf("an existing schema was rewritten")
	}
	// A schema bigger than this lattice's (read only to its size) differs
	// too; it is not an error.
	big := append(append([]byte{}, sim.Schema()...), strings.Repeat(" ", 1000)+"\n"...)
	if err := os.WriteFile(schema, big, 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "new", filepath.Join(dir, "big"))
	os.Remove(filepath.Join(dir, "big.toml"))
	if r.code != exitOK || !strings.Contains(r.stdout, "left "+schema+" as it is; it differs from this lattice's schema") {
		t.Errorf("lattice new with a bigger schema beside it: %s", r)
	}
	// An up-to-date schema is not mentioned at all.
	if err := os.WriteFile(schema, sim.Schema(), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "new", filepath.Join(dir, "three"))
	if r.code != exitOK || strings.Contains(r.stdout, schema) {
		t.Errorf("lattice new three with the current schema beside it: %s", r)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "lattice.schema.json one.toml three.toml two.toml" {
		t.Errorf("directory holds %s; want the scenarios and one schema, no temporary files", got)
	}
}

// TestNewBadNames checks the refusals: names that make no file or no id,
// missing or unwritable directories (exit 1), and usage errors (exit 2).
func TestNewBadNames(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, want string
	}{
		{"", "name is empty"},
		{"   ", "name is empty"},
		{filepath.Join(dir, "sub") + "/", "names a directory"},
		{filepath.Join(dir, ".toml"), "not a file name"},
		{dir + string(filepath.Separator) + ".", "not a file name"},
		{dir + string(filepath.Separator) + "..", "not a file name"},
		{filepath.Join(dir, "---"), "cannot make a scenario id"},
		{filepath.Join(dir, "日本"), "cannot make a scenario id"},
		{filepath.Join(dir, "missing", "x"), "does not exist"},
		{filepath.Join(writeFile(t, dir, "afile", ""), "x"), "not a directory"},
		// Shown sanitized, the name in "Next: lattice validate" was a file
		// that does not exist ('ab.toml').
		{filepath.Join(dir, "a\x1b]0;x\ab.toml"), fmt.Sprintf("the name %q holds control characters", filepath.Join(dir, "a\x1b]0;x\ab.toml"))},
		{filepath.Join(dir, "a\nb = 1"), "holds control characters, tabs or line ends"},
		{filepath.Join(dir, "a\tb"), "holds control characters"},
		{filepath.Join(dir, "a\u202eb"), "holds control characters"},
		{filepath.Join(dir, "a\xffb"), "is not UTF-8"},
	} {
		r := run(t, "new", tc.name)
		checkStreams(t, "lattice new "+tc.name, r)
		if entries, _ := filepath.Glob(filepath.Join(dir, "a*.toml")); len(entries) > 0 {
			t.Errorf("lattice new %q wrote %q", tc.name, entries)
		}
		if r.code != exitInvalid || !strings.HasPrefix(r.stderr, "lattice new: ") || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("lattice new %q: want exit 1 and %q:\n%s", tc.name, tc.want, r)
		}
	}
	if runtime.GOOS != "windows" && os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		r := run(t, "new", filepath.Join(ro, "x"))
		checkStreams(t, "lattice new in a read-only directory", r)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "cannot write") {
			t.Errorf("lattice new in a read-only directory: %s", r)
		}
	}
	for _, args := range [][]string{
		{"new"},
		{"new", "a", "b"},
		{"new", "a", "--bogus"},
		{"new", "a", "--force=maybe"},
	} {
		r := run(t, args...)
		checkStreams(t, label(args), r)
		if r.code != exitUsage || !strings.Contains(r.stderr, "lattice help new") {
			t.Errorf("%s: want a usage error: %s", label(args), r)
		}
	}
}

func TestScenarioID(t *testing.T) {
	for name, want := range map[string]string{
		"west-sea":              "west-sea",
		"West Sea":              "west-sea",
		"West  Sea!!":           "west-sea",
		"my_scenario.v2":        "my_scenario-v2",
		"2027 crisis":           "scenario-2027-crisis",
		"_private":              "private",
		"Über-Krise":            "uber-krise",
		"Été":                   "ete",
		"Hàn Quốc crisis":       "han-quoc-crisis",
		"한국":                    "",
		"---":                   "",
		strings.Repeat("a", 80): strings.Repeat("a", 64),
	} {
		if got := scenarioID(name); got != want {
			t.Errorf("scenarioID(%q) = %q, want %q", name, got, want)
		}
	}
	for _, id := range []string{"west-sea", "scenario-2027-crisis", "a"} {
		if got := scenarioTitle(id); got == "" || strings.ContainsAny(got, "-_") {
			t.Errorf("scenarioTitle(%q) = %q", id, got)
		}
	}
}

// TestNewCommentSurvivesOddNames checks that a name with quotes cannot
// break out of the starter's opening comment (a line break is refused:
// TestNewBadNames).
func TestNewCommentSurvivesOddNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold these characters")
	}
	dir := t.TempDir()
	for _, base := range []string{"it's", `q"uote`, "a#b = 1"} {
		r := run(t, "new", filepath.Join(dir, base))
		if r.code != exitOK {
			t.Errorf("lattice new %q: %s", base, r)
			continue
		}
		path := filepath.Join(dir, base+".toml")
		if r := run(t, "validate", path); r.code != exitOK {
			t.Errorf("lattice validate %q: %s", path, r)
		}
	}
}

// TestSchemaCommand checks that 'lattice schema' prints the committed
// scenarios/lattice.schema.json.
func TestSchemaCommand(t *testing.T) {
	r := run(t, "schema")
	checkStreams(t, "lattice schema", r)
	want, err := os.ReadFile("../../scenarios/lattice.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if r.code != exitOK || r.stdout != string(want) {
		t.Errorf("lattice schema differs from scenarios/lattice.schema.json (run go test ./sim -run TestSchemaFile -update): exit %d", r.code)
	}
	if r := run(t, "schema", "extra"); r.code != exitUsage || !strings.Contains(r.stderr, "takes no arguments") {
		t.Errorf("lattice schema extra: %s", r)
	}
}

// TestRunNameOfNewFile: after "lattice new my-scenario", "lattice run
// my-scenario" says the file is my-scenario.toml.
func TestRunNameOfNewFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if r := run(t, "new", "my-scenario"); r.code != exitOK {
		t.Fatalf("new: %v", r)
	}
	r := run(t, "run", "my-scenario")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "did you mean the file my-scenario.toml?") {
		t.Fatalf("run my-scenario: %v", r)
	}
	if r := run(t, "run", "my-scenario.toml"); r.code != exitOK {
		t.Fatalf("run my-scenario.toml: %v", r)
	}
}

// TestNewTitleNamesFileByID: 'lattice new "Philippine Shoal Resupply"'
// wrote "Philippine Shoal Resupply.toml", whose id is
// philippine-shoal-resupply; a NAME that is a title now writes the file
// its id names, and a NAME that is a path (a directory, or .toml at the
// end) is kept as given. The output names the file written.
func TestNewTitleNamesFileByID(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("maps", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file, id, title string }{
		{"Philippine Shoal Resupply", "philippine-shoal-resupply.toml", "philippine-shoal-resupply", `"Philippine Shoal Resupply"`},
		{`Été 2027 "Crisis"`, "ete-2027-crisis.toml", "ete-2027-crisis", `"Été 2027 \"Crisis\""`}, // the title as typed
		{"west-sea", "west-sea.toml", "west-sea", `"West Sea"`},
		{"Taiwan Strait.toml", "Taiwan Strait.toml", "taiwan-strait", `"Taiwan Strait"`},
		{"maps/West_Sea", "maps/West_Sea.toml", "west_sea", `"West Sea"`},              // kept as given, separators too
		{"./Shoal Run", "./Shoal Run.toml", "shoal-run", `"Shoal Run"`},                // kept as given
		{"maps/Yellow Sea.TOML", "maps/Yellow Sea.toml", "yellow-sea", `"Yellow Sea"`}, // .toml as validate DIR and run read it
	} {
		r := run(t, "new", tc.name)
		checkStreams(t, "lattice new "+tc.name, r)
		want := "wrote " + tc.file + ` (scenario id "` + tc.id + `")` + "\n"
		if r.code != exitOK || !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "Next: lattice validate "+shellWord(tc.file)) {
			t.Errorf("lattice new %q: want exit 0 and first %q:\n%s", tc.name, want, r)
		}
		if _, err := os.Stat(tc.file); err != nil {
			t.Errorf("lattice new %q: %v", tc.name, err)
		}
		if r := run(t, "validate", tc.file); r.code != exitOK {
			t.Errorf("validate %s: %s", tc.file, r)
		}
		if r := run(t, "keys", tc.file); !strings.Contains(r.stdout, "\ntitle = "+tc.title+"\n") {
			t.Errorf("lattice new %q: want title %s:\n%s", tc.name, tc.title, r.stdout)
		}
	}
	entries, _ := os.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, ","), "Shoal Run.toml,Taiwan Strait.toml,ete-2027-crisis.toml,lattice.schema.json,maps,philippine-shoal-resupply.toml,west-sea.toml"; got != want {
		t.Errorf("the directory holds %s, want %s", got, want)
	}
	// A title whose id names an existing file refuses as a path does.
	r := run(t, "new", "West Sea")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "west-sea.toml already exists") {
		t.Errorf("lattice new \"West Sea\" over west-sea.toml: %s", r)
	}
}

// TestScenarioReadmeNewExamples runs each 'lattice new NAME' example of
// scenarios/README.md ("`lattice new NAME` writes `FILE` with id `ID`")
// and checks the file and id it names: the page said a title wrote
// "Shoal Resupply.toml", a file named by the title, long after lattice
// new came to name it by the id.
func TestScenarioReadmeNewExamples(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(data)), " ")
	example := regexp.MustCompile("`lattice new ([^`]+)` writes `([^`]+)` with id `([^`]+)`")
	found := example.FindAllStringSubmatch(text, -1)
	if len(found) < 2 {
		t.Errorf("scenarios/README.md has %d 'lattice new NAME' examples, want a title and a path", len(found))
	}
	t.Chdir(t.TempDir())
	if err := os.Mkdir("maps", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, m := range found {
		name, file, id := strings.Trim(m[1], `"`), m[2], m[3]
		r := run(t, "new", name)
		want := "wrote " + file + ` (scenario id "` + id + `")` + "\n"
		if r.code != exitOK || !strings.HasPrefix(r.stdout, want) {
			t.Errorf("scenarios/README.md: %s: want exit 0 and first %q:\n%s", m[0], want, r)
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("scenarios/README.md: %s: %v", m[0], err)
		}
	}
}

// TestScenarioReadmeExample checks the complete example of
// scenarios/README.md §10: it validates, and validate --play, which §11
// asks an author to run, finds no dead content in it (its conflict and
// split ends, never reached, failed the check until they were marked as
// guard ends). The example with §7's four mistakes gives §7's messages,
// at §7's lines.
func TestScenarioReadmeExample(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, ten, _ := strings.Cut(string(data), "\n## 10. A complete example\n")
	_, example, _ := strings.Cut(ten, "\n```toml\n")
	example, _, _ = strings.Cut(example, "\n```\n")
	_, seven, _ := strings.Cut(string(data), "\n## 7. Validation and error messages\n")
	_, messages, _ := strings.Cut(seven, "with four mistakes:\n\n```\n")
	messages, _, _ = strings.Cut(messages, "```\n")
	if example == "" || messages == "" {
		t.Fatal("scenarios/README.md: §10's example or §7's messages for it not found")
	}
	t.Chdir(t.TempDir())
	write := func(src string) {
		t.Helper()
		if err := os.WriteFile("boycott.toml", []byte(src+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(example)
	if r := run(t, "validate", "boycott.toml", "--strict", "--play", "300"); r.code != exitOK {
		t.Errorf("§10's example: lattice validate --strict --play 300: %s", r)
	}
	mistaken := example
	for _, m := range [][2]string{
		{"effect = { economy = 2 }", "effect = { econmy = 2 }"},
		{"domain = \"info\"\npressure = 2.5", "domain = \"infos\"\npressure = 2.5"},
		{`when = "cohesion < 55", factor`, `when = "cohesion < 55 && turn > 1", factor`},
		{`metric = "deterrence"`, `metric = "deterence"`},
	} {
		if !strings.Contains(mistaken, m[0]) {
			t.Fatalf("§10's example has no %q to make §7's mistake in", m[0])
		}
		mistaken = strings.Replace(mistaken, m[0], m[1], 1)
	}
	write(mistaken)
	if r := run(t, "validate", "boycott.toml"); r.code != exitInvalid || r.stderr != messages {
		t.Errorf("§10's example with §7's mistakes: want exit 1 and §7's messages:\n%s\ngot %s", messages, r)
	}
}

// TestScenarioReadmeSetErrors checks the --set errors scenarios/README.md
// §8 shows against lattice run's: the page showed the argument unquoted
// and side.rok.actions, an adversary's key, among an allied side's.
func TestScenarioReadmeSetErrors(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(data)), " ")
	for _, arg := range []string{"side.rok.budjet=3", "side.rok.budget=2000"} {
		r := run(t, "run", "tutorial", "--set", arg)
		lines := strings.SplitN(r.stderr, "\n", 4)
		if r.code != exitInvalid || len(lines) < 2 {
			t.Fatalf("lattice run tutorial --set %s: %s", arg, r)
		}
		shown := lines[0] // the error, and for a wrong path the first valid key
		if strings.HasPrefix(lines[1], "Valid keys under ") && len(lines) > 2 {
			shown += " " + lines[1] + " " + strings.TrimSpace(lines[2])
		}
		if !strings.Contains(text, strings.Join(strings.Fields(shown), " ")) {
			t.Errorf("scenarios/README.md §8 does not show lattice run tutorial --set %s as it prints:\n%s", arg, shown)
		}
	}
}
