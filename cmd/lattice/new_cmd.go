package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"lattice/sim"
	"lattice/sim/safefile"

	"golang.org/x/text/unicode/norm"
)

func init() {
	register(&command{
		name:    "new",
		args:    "NAME [--force]",
		summary: "write a commented starter scenario to edit",
		help: `Writes a small, commented scenario that validates and plays as it is. Two
allies and an adversary, threats, domains, levers, a playbook, injects (one
with a choice), end conditions, a scorecard and easy, normal and hard levels:
every key is explained beside it. Edit it into your own scenario, checking as
you go with 'lattice validate FILE' and 'lattice run FILE'.

The scenario id is NAME's base name, lower-cased, accents dropped (Été:
ete), characters other than a-z, 0-9 and _ made '-', and "scenario-" put in
front if it would not start with a letter; a name with no letter a-z or
digit left (such as 서울) is refused. A
NAME that is a path (it has a directory, or ends in .toml) is the file, with
".toml" added if missing (and ".TOML" written ".toml", the extension the
other commands read): 'lattice new maps/West_Sea' writes
maps/West_Sea.toml, id west_sea. Any other NAME is a title, and the file is
named by the id in the current directory, and is the scenario's title as
typed: 'lattice new "West Sea 2"' writes west-sea-2.toml, id west-sea-2,
title "West Sea 2". The first line of output names the file.

Also writes lattice.schema.json beside it, if none is there: the JSON Schema
that editors (Taplo / Even Better TOML, Tombi) read through the scenario's
first line for completion and inline checks. 'lattice schema' prints it.

Refuses to overwrite an existing file unless --force is given.`,
		run:   cmdNew,
		flags: func(fs *flag.FlagSet) { fs.Bool("force", false, "overwrite the scenario file if it exists") },
	})
}

// schemaFileName is the schema file a starter scenario's first line names.
const schemaFileName = "lattice.schema.json"

func cmdNew(_ context.Context, e *env, args []string) int {
	c := lookup("new")
	flags := newFlags(c, e)
	force := flags.Bool("force", false, "")
	pos, code := parseFlags(c, flags, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		return usageError(e, c, "give one scenario name, such as: lattice new west-sea")
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "lattice new: %s\n", sim.Sanitize(fmt.Sprintf(format, args...), false))
		return exitInvalid
	}
	path, id, err := starterPath(pos[0])
	if err != nil {
		return fail("%v", err)
	}
	if err := missingDirError("write", path); err != nil {
		return fail("%v", err)
	}
	dir := filepath.Dir(path)
	if i := strings.LastIndexAny(path, pathSeparators); i > 0 && filepath.Clean(path[:i]) != path[:i] {
		// x/../../y: the system walks x, which Dir's clean path skips;
		// writing then failed naming the temporary file ("rename
		// ../.y.toml.tmp-4028868398 x/../../y.toml").
		if _, err := os.Stat(path[:i]); errors.Is(err, fs.ErrNotExist) {
			return fail("cannot write %s: directory %s does not exist (a directory before a .. must exist; give the path without ..: %s)", path, path[:i], filepath.Clean(path))
		}
	}
	if st, err := os.Stat(dir); err != nil {
		return fail("cannot write %s: %v", path, err)
	} else if !st.IsDir() {
		return fail("cannot write %s: %s is not a directory", path, dir)
	}
	if st, err := os.Lstat(path); err == nil {
		if st.IsDir() {
			return fail("cannot write %s: it is a directory", path)
		}
		if !*force {
			return fail("%s already exists; give --force to overwrite it", path)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return fail("cannot write %s: %v", path, err)
	}
	title := scenarioTitle(id)
	if n := strings.TrimSpace(pos[0]); n != id && !strings.ContainsAny(n, `/\`) && !strings.HasSuffix(n, ".toml") {
		title = n // a title as typed, accents and capitals kept ("Été 2027", not "Ete 2027")
	}
	if err := safefile.WriteFile(path, starterScenario(id, title, filepath.Base(path)), 0o644); err != nil {
		if to, lerr := os.Readlink(path); lerr == nil && errors.Is(err, fs.ErrNotExist) {
			// --force over a link to a file in a missing directory said
			// only "no such file or directory".
			return fail("cannot write %s: it is a link to %s, whose directory does not exist: remove the link or create the directory", path, to)
		}
		return fail("%v", err)
	}
	// Report only once everything is written, so that a failure leaves
	// nothing on stdout.
	var out strings.Builder
	fmt.Fprintf(&out, "wrote %s (scenario id %q)\n", path, id) // a title's file is named by the id
	// Beside the scenario, named as its path names its directory: the
	// user's own separators ("wrote maps/x.toml" then "wrote
	// maps/lattice.schema.json", on Windows too).
	schemaPath := filepath.VolumeName(path) + schemaFileName // C:x.toml: C:lattice.schema.json, on Windows
	if i := strings.LastIndexAny(path, pathSeparators); i >= 0 {
		schemaPath = path[:i+1] + schemaFileName
	}
	// The schema is read only as far as one of its size and a byte more:
	// a link to /dev/zero is "differs", not a read for ever.
	if old, err := readUserFile(schemaPath, int64(len(sim.Schema()))+1, "a JSON Schema file"); errors.Is(err, os.ErrNotExist) {
		if _, lerr := os.Lstat(schemaPath); lerr == nil { // a dangling link: leave it alone
			fmt.Fprintf(&out, "left %s as it is (a link to a missing file)\n", schemaPath)
		} else if err := safefile.WriteFile(schemaPath, sim.Schema(), 0o644); err != nil {
			return fail("wrote %s, but %v", path, err)
		} else {
			fmt.Fprintf(&out, "wrote %s (the JSON Schema your editor reads through the first line)\n", schemaPath)
		}
	} else if tooBig := errors.As(err, new(tooBigError)); tooBig || err == nil && !bytes.Equal(old, sim.Schema()) {
		fmt.Fprintf(&out, "left %s as it is; it differs from this lattice's schema: refresh it with 'lattice schema > %s'\n", schemaPath, shellWord(schemaPath))
	} else if nr := (notRegularError{}); errors.As(err, &nr) {
		fmt.Fprintf(&out, "left %s as it is: not a regular file (%s)\n", schemaPath, fileType(nr.mode))
	} else if err != nil {
		fmt.Fprintf(&out, "left %s as it is: %v\n", schemaPath, err)
	}
	fmt.Fprintf(&out, "Next: lattice validate %s && lattice run %s\n", shellWord(path), shellWord(path))
	fmt.Fprint(e.stdout, sim.Sanitize(out.String(), true))
	return exitOK
}

// pathSeparators are the characters that end a directory's name in a
// path on this system: "/", and on Windows "\\" too.
const pathSeparators = "/" + string(filepath.Separator)

// starterPath returns the file a scenario name stands for and the
// scenario id made from its base name. A name that is a path (it has a
// directory, or ends in .toml) is kept, with .toml added if missing; a
// title ("Philippine Shoal Resupply") is written to the file its id
// names (philippine-shoal-resupply.toml) in the current directory.
func starterPath(name string) (path, id string, err error) {
	if strings.TrimSpace(name) == "" {
		return "", "", errors.New("the scenario name is empty: give one such as west-sea")
	}
	if sim.Sanitize(name, false) != name {
		// Shown sanitized, "wrote" and "Next: lattice validate" would name
		// a file that does not exist; written as given, the file is hard to
		// name in a shell.
		return "", "", fmt.Errorf("the name %q holds control characters, tabs or line ends, or is not UTF-8: give a plain name such as west-sea", name)
	}
	if strings.HasSuffix(name, "/") || strings.HasSuffix(name, string(filepath.Separator)) {
		return "", "", fmt.Errorf("%q names a directory: give a file name, such as %s", name, filepath.Join(name, "west-sea"))
	}
	path = name
	if ext := filepath.Ext(path); strings.EqualFold(ext, ".toml") {
		// x.TOML is written x.toml: validate DIR, run and play know a
		// scenario file by its lower-case .toml.
		path = path[:len(path)-len(ext)] + ".toml"
	} else {
		path += ".toml"
	}
	base := filepath.Base(path)
	base = base[:len(base)-len(".toml")]
	if strings.Trim(base, ". ") == "" {
		return "", "", fmt.Errorf("%q is not a file name: give one such as west-sea", name)
	}
	id = scenarioID(base)
	if id == "" {
		return "", "", fmt.Errorf("cannot make a scenario id from %q: use letters a-z or digits in the name", base)
	}
	if path != name+".toml" || strings.ContainsAny(name, `/\`) || strings.ContainsRune(name, filepath.Separator) {
		return path, id, nil // a path: kept as given
	}
	return id + ".toml", id, nil
}

// scenarioID makes a valid scenario id from a file's base name: lower-cased,
// accents taken off letters ("Été" → "ete"), each run of other characters
// than a-z, 0-9 and '_' made one '-', and "scenario-" in front if it does
// not start with a letter. It returns "" when the name has no such letter
// or digit at all.
func scenarioID(base string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(base)) {
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent: keep its letter, drop the mark
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	id := strings.Trim(b.String(), "-_")
	if strings.Trim(id, "_-") == "" {
		return ""
	}
	if id[0] < 'a' || id[0] > 'z' {
		id = "scenario-" + id
	}
	if len(id) > 64 {
		id = strings.TrimRight(id[:64], "-_")
	}
	return id
}

// scenarioTitle makes a title from an id: "west-sea" → "West Sea".
func scenarioTitle(id string) string {
	words := strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

var plainWord = regexp.MustCompile(`^[A-Za-z0-9._+/-]+$`)

// shellWord quotes s for a shell command line when it needs it.
func shellWord(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// starterScenario returns the text of a starter scenario with the given id
// and title; file is its base name, for the commands in its opening
// comment.
func starterScenario(id, title, file string) []byte {
	if !regexp.MustCompile(`^[A-Za-z0-9._ +-]+$`).MatchString(file) {
		file = "FILE" // keep the comment a comment whatever the name holds
	} else {
		file = shellWord(file)
	}
	// In the title key, a TOML basic string, its backslashes and quotes are
	// escaped; in the comments it stands as typed (it holds no control
	// character or line end).
	quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(title)
	text := strings.Replace(starterTemplate, `title = "{{title}}"`, `title = "`+quoted+`"`, 1)
	return []byte(strings.NewReplacer("{{id}}", id, "{{title}}", title, "{{file}}", file).Replace(text))
}

// starterTemplate is the scenario `lattice new` writes. It must validate and
// play (new_cmd_test.go checks both, at every difficulty). {{id}}, {{title}}
// and {{file}} are replaced.
const starterTemplate = `#:schema ./lattice.schema.json
# {{title}}: a starter scenario written by 'lattice new'. It validates and
# plays as it is: rename, renumber and rewrite it into your own. To report
# every problem (exit 1 if any), play it headless with AI on every side, play
# it in the terminal, and list the key paths --set and [[difficulty]] accept:
#
#   lattice validate {{file}}
#   lattice run {{file}}
#   lattice play {{file}}
#   lattice keys {{file}}
#
# The first line points your editor (Taplo / Even Better TOML, Tombi) at the
# JSON Schema in lattice.schema.json beside this file, for completion and
# inline checks; 'lattice schema' prints it. The full reference is
# scenarios/README.md in the Lattice sources.
#
# Ids (of every entry and choice) are lower-case letters, digits, '_' and
# '-', starting with a letter; metric ids use '_' only, because conditions
# read '-' as minus. Conditions ("when", "requires", "objective_when") are
# small expressions over metric ids, turn, turns, final and rung, and what
# has happened (fired.INJECT, chose.INJECT.CHOICE, succeeded.ACTION,
# failed.ACTION): "turn >= 3 and cohesion < 50". Effect tables map a metric
# id to a change.

# The scenario format version (required; 1 is the only one).
format = 1
# The scenario's short name (required); make it the file name.
id = "{{id}}"
# Shown in lists and logs (required).
title = "{{title}}"
# One line for 'lattice scenarios'.
summary = "Two allies, one rival, six weeks of pressure below the threshold of war."
# How many turns the game lasts, 1 to 1000 (required), and what a turn is
# called (default "Turn").
turns = 6
turn_label = "Week"

# Author's notes: sources, calibration and caveats. Cite the public facts you
# calibrated against and mark magnitudes as illustrative.
notes = """
A starter scenario: every magnitude is illustrative.
"""

# Markdown shown to the players before turn 1.
briefing = """
# {{title}}

You play two allies, **Home** and **Partner**. For six weeks a **Rival**
tests them below the threshold of war: militia boats at sea, intrusions into
networks, messages meant to split the allies.

Each week, read the signals (some are bluffs), split each ally's budget
across the levers, and keep up a visible commitment. Deterrence is
capability × resolve × communication; escalation climbs five rungs; cohesion
suffers when each ally spends only on its own worries.

*This is an exercise for learning, not a forecast.*
"""

# Questions for discussion after the game.
debrief = [
  "Which lever moved deterrence most, and through which factor?",
  "Did each ally spend on the other's priorities? What did that do to cohesion?",
]

# ── Threats: sources of danger. Allied sides weigh them in "priorities" and
# levers "serve" them; together these drive alignment (cohesion).
[[threat]]
id = "missiles"             # used in side priorities and lever serves
name = "Missile threat"     # display name (default: the id)

[[threat]]
id = "grayzone"
name = "Gray-zone coercion"

# ── Domains: fields of contest. Each adversary action is contested in one:
# it succeeds with probability 1/(1+e^(-k(pressure - defence))).
[[domain]]
id = "maritime"
name = "Maritime"
k = 0.6                     # steepness, 0 to 10 (default 1): how sharply defence matters
base = 1                    # the alliance's defence here before any lever (default 0)

[[domain]]
id = "cyber"
name = "Cyber"
k = 0.6
base = 1.5

# ── Sides: the players. At least one must be an allied side.
[[side]]
id = "home"
name = "Home government"
team = "alliance"           # "alliance" or "adversary" (required)
budget = 8                  # points per turn at domestic support 50 (required for allies, up to 1000)
support = "home_support"    # metric of domestic support: scales the budget by (50 + support)/100
priorities = { missiles = 0.6, grayzone = 0.4 }  # threat → weight, normalised to sum 1
objective = "Keep the public behind you: domestic support at 45 or more."  # private, reported at the end
objective_when = "home_support >= 45"           # when the objective counts as met
policy = "balanced"         # AI policy when no human plays it: balanced, deterrence-first,
                            # resilience-first, alliance-first, free-rider, lookahead

[[side]]
id = "partner"
name = "Partner government"
team = "alliance"
budget = 8
priorities = { missiles = 0.3, grayzone = 0.7 }
objective = "Share the burden: keep cohesion at 55 or more."
objective_when = "cohesion >= 55"
policy = "balanced"

[[side]]
id = "rival"
name = "Rival"
team = "adversary"
actions = 1                 # real moves per turn, 0 to 8 (default 1)
bluffs = 1                  # bluffs signalled per turn, from actions with bluff = true (default 0)
aim = 1                     # how strongly moves seek the weakest defence, 0 to 5 (default 1)

# ── Metrics, besides the built-in deterrence, capability, resolve,
# communication and escalation. 0 to 100 unless min and max say otherwise.
[[metric]]
id = "cohesion"             # cohesion is the default target of alignment and commitment shortfall
name = "Cohesion"
description = "How closely the allies act together."
category = "alliance"       # deterrence, resilience, alliance, domestic, adversary, escalation, intel
                            # or other: how AI policies value the metric
start = 60                  # value at turn 1 (default 0: set it)
baseline = 55               # where decay pulls it (default: start)
decay = 0.1                 # fraction of the gap to the baseline closed each turn, 0 to 1

[[metric]]
id = "resilience"
name = "Resilience"
category = "resilience"
start = 50
decay = 0.1

[[metric]]
id = "gains"
name = "Rival's gains"
category = "adversary"
good = "low"                # "low": less is better (scorecard and AI); default "high"
min = 0                     # bounds; values are clamped to them (default 0 and 100)
max = 100
start = 0
decay = 0.05

[[metric]]
id = "home_support"
name = "Home domestic support"
category = "domestic"
start = 55
decay = 0.15

[[metric]]
id = "intel"                # the id intel is special: intel/100 is the chance to see through a signal
name = "Intelligence picture"
category = "intel"
start = 30
baseline = 20
decay = 0.2

# ── Deterrence = 100 × capability × resolve × communication, each factor
# 0 to 1. Left out, all three start at 0 and so does deterrence.
[deterrence]
capability = { start = 0.7, baseline = 0.65, decay = 0.1 }
resolve = { start = 0.65, baseline = 0.6, decay = 0.1 }
communication = { start = 0.6, baseline = 0.55, decay = 0.15 }

# ── Escalation, 0 to 100, read as five rungs of 20. Nothing ends the game at
# 100 by itself: the "conflict" end below does.
[escalation]
start = 15
baseline = 10
decay = 0.2

# The rungs, from the bottom up: give exactly five, or none for the defaults.
[[escalation.rung]]
name = "Calm"

[[escalation.rung]]
name = "Tension"

[[escalation.rung]]
name = "Crisis"

[[escalation.rung]]
name = "Confrontation"
lock_levers = ["combined_exercise"]   # levers no ally may use in this band

[[escalation.rung]]
name = "Brink"
lock_levers = ["combined_exercise"]
lock_actions = []                     # actions the rival may not take in this band

# ── Minimum visible commitment: each turn every ally must put 5 points on
# visible levers when calm, one fewer per rung; each point short applies
# the shortfall.
[commitment]
shortfall = { resolve = -0.01, cohesion = -1 }
disabled = false            # true turns the rule off

# ── Alignment: an ally spending on the levers that serve the other ally's
# priorities raises cohesion; spending only on its own lowers it.
[alignment]
metric = "cohesion"         # the metric it moves (default cohesion)
gain = 2                    # change per turn at perfect or no alignment, 0 to 50 (0 turns it off)

# ── Levers: what the allies spend their points on. Each needs an effect,
# defend, serves or converge.
[[lever]]
id = "combined_exercise"
name = "Combined exercise"
description = "A jointly planned exercise: capability and a clear signal, but it raises tension."
cost = 1                    # budget per point (default 1)
max = 4                     # most points per side per turn, 1 to 100 (default 5)
diminish = 0.85             # each further point is worth this fraction of the one before (default 1)
joint = 1.25                # multiplier when both allies put points in (default 1)
solo = 0.7                  # multiplier when only one does (default 1)
effect = { capability = 0.02, communication = 0.03, escalation = 1.5 }  # per point
defend = { maritime = 0.4, cyber = 0.2 }  # defence per point, this turn, by domain
serves = ["missiles"]       # threats it serves, for alignment

[[lever]]
id = "coast_guard_patrol"
name = "Coast-guard patrols"
description = "Presence at sea: answers militia swarms, reassures the public."
max = 4
diminish = 0.8
effect = { resilience = 1, home_support = 0.5, escalation = 0.5 }
defend = { maritime = 1.0 }
serves = ["grayzone"]

[[lever]]
id = "cyber_defence"
name = "Network defence"
description = "Hardening and hunting in allied networks. Not visible; pays off next week."
max = 3
diminish = 0.8
visible = false             # does not count toward the visible commitment (default true)
delay = 1                   # turns before the effect lands, 0 to 8; defend acts at once
upkeep = 0.2                # fraction of last turn's spend charged again this turn
effect = { resilience = 1.5 }
defend = { cyber = 0.8 }
serves = ["grayzone"]

[[lever]]
id = "intel_sharing"
name = "Intelligence sharing and consultation"
description = "A shared picture: reveals bluffs and draws the allies' priorities together."
max = 3
diminish = 0.8
sides = ["home", "partner"] # who may use it (default: every ally)
visible = false
joint = 1.2
solo = 0.8
converge = 0.1              # per point, how far the allies' priorities move toward each other, 0 to 1
requires = "escalation < 80"  # usable only while this holds
effect = { intel = 4, cohesion = 0.5 }
defend = { cyber = 0.3 }

# ── The rival's playbook. Each turn it draws its moves by weight, aiming at
# the weakest defence; each move is contested in its domain.
[[action]]
id = "militia_swarm"
side = "rival"              # the adversary that takes it (default: the only one)
name = "Maritime militia swarm"
description = "Fishing boats that are not only fishing."
signal = "Fishing boats massing near the disputed zone."  # what the allies see
domain = "maritime"         # where it is contested (required)
weight = 3                  # base weight in the draw, 0 to 1000 (default 1)
pressure = 3.5              # strength against the defence, -100 to 100
bluff = true                # may also be signalled as a bluff
success = { gains = 5, resilience = -3, communication = -0.02 }
failure = { gains = 1, escalation = 2 }
modifier = [{ when = "cohesion < 50", factor = 1.5 }]  # weight × factor while when holds

[[action]]
id = "cyber_intrusion"
side = "rival"
name = "Network intrusion"
signal = "Scanning of allied ports and logistics networks."
domain = "cyber"
weight = 2
pressure = 3
when = "turn >= 2"          # available only while this holds
bluff = true
success = { resilience = -4, gains = 3, home_support = -2 }
failure = { escalation = 1 }

[[action]]
id = "wedge_message"
side = "rival"
name = "Wedge messaging"
signal = "State media asks whether Partner would really stand by Home."
domain = "cyber"
weight = 1
pressure = 2
success = { cohesion = -4, home_support = -2 }
failure = { cohesion = 1 }
modifier = [{ when = "cohesion < 55", factor = 2 }]

# ── Injects: events. Scheduled (turn), triggered (when) or random (chance,
# per turn); repeat = true lets a triggered or random one fire again.
[[inject]]
id = "fishing_season"
title = "Fishing season opens"
text = "Hundreds of fishing boats cross into the zone: the militia hides among them."
turn = 2                    # fires on this turn
effect = { gains = 2, resilience = -2 }

[[inject]]
id = "survey_ship"
title = "Survey ship blocked"
text = "A Home survey ship is blocked near the zone. Home asks Partner for a joint statement."
turn = 4
decider = "partner"         # the ally that answers (default: the first ally)
effect = { home_support = -2 }

# Choices of the inject above: none, or 2 to 8. Without an answer the first
# applies, so put the status quo first.
[[inject.choice]]
id = "quiet_diplomacy"
label = "Handle it quietly" # the words on the button (required)
text = "Partner raises it privately. Calmer, but Home notices."
effect = { cohesion = -3, home_support = -1 }

[[inject.choice]]
id = "joint_statement"
label = "Issue a joint statement"
text = "Both capitals speak as one: resolve and cohesion rise, and so does tension."
effect = { resolve = 0.03, cohesion = 3, escalation = 3 }

[[inject]]
id = "collision"
title = "Collision at sea"
text = "With tension this high, a coast-guard cutter and a militia trawler collide. Both capitals mobilise."
when = "escalation >= 40"   # triggered: it can fire only on a turn this holds,
chance = 0.5                # and then with this chance (random: a die each turn)
effect = { escalation = 50, cohesion = -5 }  # the way to the top of the ladder

# ── Ends, checked in file order after each turn: the first whose when holds
# ends the game. Exactly one leaves out when: the verdict when the turns run
# out. Put the hard failures first.
[[end]]
id = "conflict"
title = "Conflict"
text = "Escalation reached the top of the ladder. Deterrence failed."
when = "escalation >= 100"
success = false             # whether this is an allied success (default false)
guard = true                # a line play should rarely cross: 'validate --play' notes it unreached, without failing

[[end]]
id = "split"
title = "The alliance splits"
text = "The rival drove a wedge between the allies."
when = "cohesion < 35"

[[end]]
id = "coerced"
title = "Coerced"
text = "The rival changed the facts at sea; the allies could not stop it."
when = "final and gains > 8"  # final: judged on the last turn only (grade D or worse)

[[end]]
id = "held"
title = "Deterrence held"
text = "Six weeks on, the line holds and the allies stand together."
success = true

# ── Scorecard: the least value for grades A, B, C and D (F below);
# ascending for metrics where low is good.
[[score]]
metric = "deterrence"
thresholds = [40, 30, 22, 15]

[[score]]
metric = "cohesion"
thresholds = [70, 60, 50, 40]

[[score]]
metric = "gains"
thresholds = [3, 5, 8, 12]

[[score]]
metric = "escalation"
thresholds = [20, 35, 50, 70]

# ── Difficulty levels for 'lattice run --difficulty ID': overrides by key
# path ('lattice keys' lists them). Quote each path.
[[difficulty]]
id = "easy"
name = "Easy"
description = "A cautious rival: no bluffs, less pressure."
set = { "side.rival.bluffs" = 0, "action.militia_swarm.pressure" = 2.5, "action.cyber_intrusion.pressure" = 2 }

[[difficulty]]
id = "normal"
name = "Normal"
description = "As written."
set = {}

[[difficulty]]
id = "hard"
name = "Hard"
description = "A bolder rival: two moves a week."
set = { "side.rival.actions" = 2 }
`
