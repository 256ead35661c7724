package sim

import (
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Indices of the metrics every scenario has. Scenario metrics follow them.
const (
	MDeterrence    = 0
	MCapability    = 1
	MResolve       = 2
	MCommunication = 3
	MEscalation    = 4
	numBuiltin     = 5
)

// Expression variables that follow the metrics in the evaluation environment.
const (
	varTurn = iota
	varTurns
	varFinal
	varRung
	numVars
)

var varNames = [numVars]string{"turn", "turns", "final", "rung"}

var reservedWords = map[string]bool{"and": true, "or": true, "not": true, "true": true, "false": true}

// Categories group metrics for policies and displays.
var Categories = []string{"deterrence", "resilience", "alliance", "domestic", "adversary", "escalation", "intel", "other"}

// Category indices.
const (
	CatDeterrence = iota
	CatResilience
	CatAlliance
	CatDomestic
	CatAdversary
	CatEscalation
	CatIntel
	CatOther
	numCategories
)

// Compiled is a validated scenario with every name resolved to an index and
// every condition compiled. It is read-only and safe to share between games
// and goroutines.
type Compiled struct {
	Scenario *Scenario
	// Display text, stripped of control and escape sequences.
	ID, Title, Summary, TurnLabel, Briefing, Notes string
	Debrief                                        []string

	// Warnings are problems that do not stop play but are likely
	// mistakes (see lint), sorted like errors; most scenarios have none.
	Warnings []*Error

	SHA256     [32]byte // of the scenario source bytes, or of its canonical form if built in code
	Turns      int
	Metrics    []MetricInfo
	Threats    []Threat
	Domains    []DomainInfo
	Sides      []SideInfo
	Levers     []LeverInfo
	Actions    []ActionInfo
	Injects    []InjectInfo
	Ends       []EndInfo
	Rungs      [5]RungInfo
	Grades     []GradeInfo
	Shortfall  []Effect
	AlignTo    int // metric moved by alignment, −1 for none
	AlignGain  Fix
	Commitment bool // whether the minimum visible commitment applies
	Intel      int  // metric whose value/100 is the chance to see through a signal, −1 for none

	// Stakes marks the metrics the end conditions read: what decides the
	// verdict. Policies value them more (it is public scenario knowledge).
	Stakes []bool

	names     []string // expression environment: metric ids, varNames, then the events' names
	events    []eventVar
	alliance  []int // allied side indices
	maxEffect int   // most effects any lever has, for buffer sizing
}

// MetricInfo describes one metric.
type MetricInfo struct {
	ID, Name, Description string
	Category              int
	GoodLow               bool // lower values are better (escalation, adversary gains)
	Min, Max              Fix
	Start, Baseline       Fix
	Decay                 Fix
	Component             bool // a factor of deterrence, 0–1
	Derived               bool // deterrence itself
}

// DomainInfo describes a field of contest.
type DomainInfo struct {
	ID, Name string
	K, Base  Fix
}

// SideInfo describes a side.
type SideInfo struct {
	ID, Name      string
	Adversary     bool
	Budget        Fix
	Support       int   // metric index, −1 for none
	Priorities    []Fix // per threat, summing to One (allied sides with priorities)
	Objective     string
	ObjectiveWhen Expr
	Policy        string
	Actions       int
	Bluffs        int
	Aim           Fix
	Playbook      []int // action indices (adversary sides)
}

// Effect is a change to one metric, per point or outright.
type Effect struct {
	Metric int
	Delta  Fix
}

// LeverInfo describes a lever.
type LeverInfo struct {
	ID, Name, Description string
	Cost                  Fix
	Max                   int
	Sides                 uint64 // bit i set: side i may use it
	Effects               []Effect
	Cum                   []Fix // Cum[n]: worth of n points relative to one, after diminishing returns
	Delay                 int
	Upkeep                Fix
	Joint, Solo           Fix
	IsJoint               bool // Joint or Solo differs from 1
	Visible               bool
	Defend                []Effect // Metric holds a domain index
	Serves                uint64   // bit t set: serves threat t
	Converge              Fix
	Requires              Expr
	LockedAt              uint8 // bit r set: locked at rung r (0-based)
}

// Modifier multiplies an action's weight while its condition holds.
type ModifierInfo struct {
	When   Expr
	Factor Fix
}

// ActionInfo describes an adversary action.
type ActionInfo struct {
	ID, Name, Description, Signal string
	Side                          int
	Domain                        int
	Weight                        Fix
	When                          Expr
	Pressure                      Fix
	Success, Failure              []Effect
	Modifiers                     []ModifierInfo
	Bluff                         bool
	LockedAt                      uint8
}

// ChoiceInfo is one answer to an inject.
type ChoiceInfo struct {
	ID, Label, Text string
	Effects         []Effect
}

// InjectInfo describes an inject.
type InjectInfo struct {
	ID, Title, Text string
	Turn            int
	When            Expr
	Chance          Fix  // per turn, for a random inject
	Random          bool // chance is written: the inject is drawn for (a chance of 0 never fires)
	Repeat          bool
	Effects         []Effect
	Decider         int
	Choices         []ChoiceInfo
}

// EndInfo describes an end condition.
type EndInfo struct {
	ID, Title, Text string
	When            Expr
	Default         bool
	Success         bool
	Guard           bool // need not be reached (see End.Guard)
}

// RungInfo describes one rung of the escalation ladder.
type RungInfo struct {
	Name string
}

// GradeInfo is one scorecard line.
type GradeInfo struct {
	Metric     int
	Thresholds [4]Fix
}

var defaultRungNames = [5]string{"Calm", "Tension", "Crisis", "Confrontation", "Brink"}

// compiler gathers every semantic error while building a Compiled.
type compiler struct {
	s    *Scenario
	c    *Compiled
	errs ErrorList
	// index of each id per kind
	metric, side, lever, action, inject, threat, domain map[string]int
	// noID lists, per kind, the entries written without an id ("metric[1]"),
	// and missingID their "missing id" errors. A reference to a name that
	// is otherwise unknown is likely to mean one of them: unknownRefs
	// counts those names, per kind, for the missing-id error to mention.
	noID        map[string][]string
	missingID   map[string][]*Error
	unknownRefs map[string]map[string]int
	// badID holds the "id must be lower-case…" error of each entry whose
	// id is refused, by kind and id ("metric Supply"): references to it are folded into it (see
	// foldBadIDRefs), not a dozen errors of their own.
	badID map[string]*Error
	// levels holds, for each difficulty level that compiled, its
	// warnings, for lint to report those the file as written has not.
	levels []levelWarnings
}

// levelWarnings are the warnings of the scenario a difficulty level makes.
type levelWarnings struct {
	path, pos string   // of the level
	keys      []string // the keys its set changes
	warnings  []*Error
}

func (cp *compiler) errorf(path, pos, format string, args ...any) {
	p := cp.s.pos.lookup(pos)
	cp.errs.Add(&Error{File: cp.s.file, Line: p.Line, Col: p.Col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// entry returns the id-based and the index-based path of entry i of kind.
func entry(kind string, i int, id string) (path, pos string) {
	pos = kind + "[" + strconv.Itoa(i) + "]"
	if validID(id) {
		return kind + "." + id, pos
	}
	return pos, pos
}

// Compile validates s and resolves it for play. Its error is an ErrorList
// holding every problem found, sorted by position.
func Compile(s *Scenario) (*Compiled, error) {
	c := &Compiled{Scenario: s, AlignTo: -1, Intel: -1}
	cp := &compiler{s: s, c: c}
	if s.sha == ([32]byte{}) {
		s.sha = sha256.Sum256([]byte(fmt.Sprintf("%#v", *s)))
	}
	c.SHA256 = s.sha
	cp.header()
	cp.ids()
	cp.metrics()
	cp.sides()
	cp.levers()
	cp.actions()
	cp.rungs()
	cp.injects()
	cp.ends()
	cp.rest()
	cp.explainMissingIDs()
	cp.foldBadIDRefs()
	if err := cp.errs.Err(); err != nil {
		return nil, err
	}
	c.sanitize()
	c.Stakes = make([]bool, len(c.Metrics))
	for _, e := range c.Ends {
		for _, r := range e.When.Refs() {
			if r < len(c.Metrics) {
				c.Stakes[r] = true
			}
		}
	}
	cp.lint()
	return c, nil
}

// sanitize fills the display text and strips control and escape sequences
// from every string a front end may print, so scenario text is safe on any
// terminal.
func (c *Compiled) sanitize() {
	s := c.Scenario
	one := func(p *string) { *p = Sanitize(*p, false) }
	multi := func(p *string) { *p = Sanitize(*p, true) }
	c.ID, c.Title, c.Summary, c.TurnLabel = s.ID, Sanitize(s.Title, false), Sanitize(s.Summary, true), Sanitize(orDefault(s.TurnLabel, "Turn"), false)
	c.Briefing, c.Notes = Sanitize(s.Briefing, true), Sanitize(s.Notes, true)
	c.Debrief = nil
	for _, q := range s.Debrief {
		c.Debrief = append(c.Debrief, Sanitize(q, true))
	}
	for i := range c.Metrics {
		one(&c.Metrics[i].Name)
		multi(&c.Metrics[i].Description)
	}
	for i := range c.Threats {
		one(&c.Threats[i].Name)
	}
	for i := range c.Domains {
		one(&c.Domains[i].Name)
	}
	for i := range c.Sides {
		one(&c.Sides[i].Name)
		multi(&c.Sides[i].Objective)
	}
	for i := range c.Levers {
		one(&c.Levers[i].Name)
		multi(&c.Levers[i].Description)
	}
	for i := range c.Actions {
		one(&c.Actions[i].Name)
		multi(&c.Actions[i].Description)
		multi(&c.Actions[i].Signal)
	}
	for i := range c.Injects {
		one(&c.Injects[i].Title)
		multi(&c.Injects[i].Text)
		for j := range c.Injects[i].Choices {
			one(&c.Injects[i].Choices[j].Label)
			multi(&c.Injects[i].Choices[j].Text)
		}
	}
	for i := range c.Ends {
		one(&c.Ends[i].Title)
		multi(&c.Ends[i].Text)
	}
	for i := range c.Rungs {
		one(&c.Rungs[i].Name)
	}
}

func (cp *compiler) header() {
	s := cp.s
	switch {
	case s.Format == 0:
		cp.errorf("format", "", "missing format = %d (the scenario format version) at the top of the file", FormatVersion)
	case s.Format != FormatVersion:
		cp.errorf("format", "format", "format %d is not supported: this version of lattice reads format %d", s.Format, FormatVersion)
	}
	if s.ID == "" {
		cp.errorf("id", "", "missing id: the scenario's short name, such as id = \"gray-zone\"")
	} else if !validID(s.ID) {
		cp.errorf("id", "id", "id %s must be lower-case letters, digits, '_' or '-', starting with a letter", shortQuote(s.ID))
	}
	if _, written := s.pos["title"]; strings.TrimSpace(s.Title) == "" && !written {
		cp.errorf("title", "", "missing title: the scenario's name in lists and logs, such as title = \"West Sea Gray Zone\"")
	} else if strings.TrimSpace(s.Title) == "" {
		cp.errorf("title", "title", "title is blank: give the scenario's name in lists and logs, such as title = \"West Sea Gray Zone\"")
	}
	if _, written := s.pos["turns"]; s.Turns == 0 && !written {
		cp.errorf("turns", "", "missing turns: how many turns the game lasts, 1 to %d", MaxTurns)
	} else if s.Turns < 1 || s.Turns > MaxTurns {
		cp.errorf("turns", "turns", "turns must be between 1 and %d, not %d", MaxTurns, s.Turns)
	}
	cp.c.Turns = s.Turns
}

// ids indexes every id and reports duplicates and malformed ids.
func (cp *compiler) ids() {
	s := cp.s
	cp.noID, cp.missingID, cp.unknownRefs, cp.badID = map[string][]string{}, map[string][]*Error{}, map[string]map[string]int{}, map[string]*Error{}
	idx := func(kind string, n int, id func(int) string) map[string]int {
		m := make(map[string]int, n)
		for i := 0; i < n; i++ {
			v := id(i)
			path, pos := entry(kind, i, v)
			switch {
			case v == "":
				cp.errorf(path, pos, "missing id")
				cp.noID[kind] = append(cp.noID[kind], pos)
				cp.missingID[kind] = append(cp.missingID[kind], cp.errs[len(cp.errs)-1])
			case !validID(v):
				hint := ""
				if low := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(v), " ", "_")); validID(low) && !reservedWords[low] {
					hint = fmt.Sprintf(" (did you mean %q?)", low)
				}
				cp.errorf(path, pos+".id", "id %s must be lower-case letters, digits, '_' or '-', starting with a letter (at most 64)%s", shortQuote(v), hint)
				if len(v) <= 64 {
					cp.badID[kind+" "+v] = cp.errs[len(cp.errs)-1]
				}
			case reservedWords[v]:
				cp.errorf(path, pos+".id", "id %q is a reserved word of conditions (and, or, not, true, false): choose another id", v)
			default:
				if j, dup := m[v]; dup {
					cp.errorf(path, pos+".id", "duplicate id %q (also %s[%d]): give each %s its own id", v, kind, j, kind)
				} else {
					m[v] = i
				}
			}
		}
		return m
	}
	cp.threat = idx("threat", len(s.Threats), func(i int) string { return s.Threats[i].ID })
	cp.domain = idx("domain", len(s.Domains), func(i int) string { return s.Domains[i].ID })
	cp.side = idx("side", len(s.Sides), func(i int) string { return s.Sides[i].ID })
	cp.lever = idx("lever", len(s.Levers), func(i int) string { return s.Levers[i].ID })
	cp.action = idx("action", len(s.Actions), func(i int) string { return s.Actions[i].ID })
	cp.inject = idx("inject", len(s.Injects), func(i int) string { return s.Injects[i].ID })
	idx("end", len(s.Ends), func(i int) string { return s.Ends[i].ID })
	metricIDs := idx("metric", len(s.Metrics), func(i int) string { return s.Metrics[i].ID })
	for id, i := range metricIDs {
		if strings.Contains(id, "-") {
			path, pos := entry("metric", i, id)
			cp.errorf(path, pos+".id", "metric id %q is used in conditions, where '-' means minus: use '_' instead", id)
		}
	}
	idx("difficulty", len(s.Difficulty), func(i int) string { return s.Difficulty[i].ID })
	for i, m := range s.Metrics {
		path, pos := entry("metric", i, m.ID)
		for _, b := range []string{"deterrence", "capability", "resolve", "communication", "escalation"} {
			if m.ID == b {
				cp.errorf(path, pos+".id", "%q is built in: configure it in the [%s] table instead", b, map[bool]string{true: "escalation", false: "deterrence"}[b == "escalation"])
			}
		}
		for _, v := range varNames {
			if m.ID == v {
				cp.errorf(path, pos+".id", "%q is a variable in conditions; choose another id", v)
			}
		}
	}
}

func (cp *compiler) metrics() {
	s, c := cp.s, cp.c
	cp.metric = map[string]int{}
	add := func(m MetricInfo) {
		cp.metric[m.ID] = len(c.Metrics)
		c.Metrics = append(c.Metrics, m)
	}
	add(MetricInfo{ID: "deterrence", Name: "Deterrence", Category: CatDeterrence, Max: FixInt(100), Derived: true,
		Description: "100 × capability × resolve × communication"})
	comp := func(id, name string, v Component, desc string) {
		path := "deterrence." + id
		if outside(v.Start, 0, 1) {
			cp.errorf(path+".start", path+".start", "must be between 0 and 1, not %g%s", v.Start, percentHint(v.Start, "a factor of deterrence is a fraction"))
		}
		base := v.Start
		if v.Baseline != nil {
			base = *v.Baseline
			if outside(base, 0, 1) {
				cp.errorf(path+".baseline", path+".baseline", "must be between 0 and 1, not %g%s", base, percentHint(base, "a factor of deterrence is a fraction"))
			}
		}
		if outside(v.Decay, 0, 1) {
			cp.errorf(path+".decay", path+".decay", "must be between 0 and 1, not %g%s", v.Decay, percentHint(v.Decay, "decay is a fraction"))
		}
		add(MetricInfo{ID: id, Name: name, Description: desc, Category: CatDeterrence, Max: One, Component: true,
			Start: FixFromFloat(v.Start), Baseline: FixFromFloat(base), Decay: FixFromFloat(v.Decay)})
	}
	comp("capability", "Capability", s.Deterrence.Capability, "the forces and means to deny or punish (0–1)")
	comp("resolve", "Resolve", s.Deterrence.Resolve, "the will to use them (0–1)")
	comp("communication", "Communication", s.Deterrence.Communication, "the adversary's belief in both, built by signals and exercises (0–1)")
	e := s.Escalation
	ebase := e.Start
	if e.Baseline != nil {
		ebase = *e.Baseline
	}
	if outside(e.Start, 0, 100) {
		cp.errorf("escalation.start", "escalation.start", "must be between 0 and 100, not %g", e.Start)
	}
	if e.Baseline != nil && outside(ebase, 0, 100) { // an unwritten baseline is the start, reported above
		cp.errorf("escalation.baseline", "escalation.baseline", "must be between 0 and 100, not %g", ebase)
	}
	if outside(e.Decay, 0, 1) {
		cp.errorf("escalation.decay", "escalation.decay", "must be between 0 and 1, not %g%s", e.Decay, percentHint(e.Decay, "decay is a fraction"))
	}
	add(MetricInfo{ID: "escalation", Name: "Escalation", Category: CatEscalation, GoodLow: true, Max: FixInt(100),
		Start: FixFromFloat(e.Start), Baseline: FixFromFloat(ebase), Decay: FixFromFloat(e.Decay),
		Description: "risk of war, read as five rungs of 20; 100 is conflict"})
	for i, m := range s.Metrics {
		path, pos := entry("metric", i, m.ID)
		mi := MetricInfo{ID: m.ID, Name: m.Name, Description: m.Description, Max: FixInt(100)}
		if mi.Name == "" {
			mi.Name = m.ID
		}
		if m.Min != nil {
			mi.Min = FixFromFloat(*m.Min)
		}
		if m.Max != nil {
			mi.Max = FixFromFloat(*m.Max)
		}
		if mi.Min >= mi.Max {
			cp.errorf(path+".max", pos+".max", "max (%s) must be greater than min (%s)", mi.Max, mi.Min)
		}
		mi.Start = FixFromFloat(m.Start)
		bounded := mi.Min < mi.Max // otherwise every value would be "outside" them
		if bounded && (mi.Start < mi.Min || mi.Start > mi.Max) {
			cp.errorf(path+".start", pos+".start", "start %s is outside [%s, %s]", mi.Start, mi.Min, mi.Max)
		}
		mi.Baseline = mi.Start
		if m.Baseline != nil {
			mi.Baseline = FixFromFloat(*m.Baseline)
			if bounded && (mi.Baseline < mi.Min || mi.Baseline > mi.Max) {
				cp.errorf(path+".baseline", pos+".baseline", "baseline %s is outside [%s, %s]", mi.Baseline, mi.Min, mi.Max)
			}
		}
		if outside(m.Decay, 0, 1) {
			cp.errorf(path+".decay", pos+".decay", "decay must be between 0 and 1 (the fraction of the gap to the baseline closed each turn), not %g%s", m.Decay, percentHint(m.Decay, "decay is a fraction"))
		}
		mi.Decay = FixFromFloat(m.Decay)
		switch m.Good {
		case "", "high":
		case "low":
			mi.GoodLow = true
		default:
			cp.errorf(path+".good", pos+".good", "good must be \"high\" or \"low\", not %q", m.Good)
		}
		mi.Category = CatOther
		if m.Category != "" {
			found := false
			for ci, name := range Categories {
				if name == m.Category {
					mi.Category, found = ci, true
				}
			}
			if !found {
				cp.errorf(path+".category", pos+".category", "unknown category %q; one of %s%s", m.Category, strings.Join(Categories, ", "), didYouMean(m.Category, Categories))
			}
		}
		if m.ID == "intel" {
			c.Intel = len(c.Metrics)
			mi.Category = CatIntel
		}
		if _, dup := cp.metric[m.ID]; !dup && validID(m.ID) {
			add(mi)
		} else {
			c.Metrics = append(c.Metrics, mi) // keep indices aligned; ids() reported the problem
		}
	}
	if len(c.Metrics) > MaxEntries+numBuiltin {
		cp.errorf("metric", "metric", "too many metrics (%d; at most %d)", len(s.Metrics), MaxEntries)
	}
	for _, m := range c.Metrics {
		id := m.ID
		if !validID(id) {
			id = "" // refused above: no condition may name it, nor be told it might
		}
		c.names = append(c.names, id)
	}
	c.names = append(c.names, varNames[:]...)
}

// eventKind is what an event name counts (see eventVar).
type eventKind uint8

const (
	eventFired     eventKind = iota // fired.INJECT: times the inject fired
	eventChose                      // chose.INJECT.CHOICE: 1 if the choice was made when it last fired
	eventSucceeded                  // succeeded.ACTION: times the action succeeded
	eventFailed                     // failed.ACTION: times the action failed
)

// eventPrefixes are the event names' first words, by kind.
var eventPrefixes = [...]string{eventFired: "fired", eventChose: "chose", eventSucceeded: "succeeded", eventFailed: "failed"}

// eventVar is a name a condition may read for what has happened in the
// game: "fired.usfk_request", "chose.usfk_request.redeploy",
// "succeeded.quarantine", "failed.quarantine". Only the names some
// condition reads have one, each with a slot in the state's values after
// the variables, which the game updates as the event happens (see
// Game.noteFired), so a scenario that reads none plays and hashes as if
// they did not exist.
type eventVar struct {
	kind   eventKind
	target int // the inject or action
	choice int // for eventChose
	slot   int
}

// eventName is the resolver conditions compile with: the slot of an event
// name (adding it on first use), or −1 and why it is refused; −1 and ""
// for a name that is not an event's.
func (cp *compiler) eventName(name string) (int, string) {
	prefix, rest, ok := strings.Cut(name, ".")
	k := slices.Index(eventPrefixes[:], prefix)
	if !ok {
		return -1, ""
	}
	if k < 0 {
		return -1, cp.notAnEvent(name, prefix, rest)
	}
	kind := eventKind(k)
	s := cp.s
	ev := eventVar{kind: kind, slot: -1}
	var what string
	var ids map[string]int
	var list []string
	id := rest
	if kind == eventChose {
		id, rest, _ = strings.Cut(rest, ".")
	}
	switch kind {
	case eventFired, eventChose:
		what, ids = "inject", cp.inject
		for i := range s.Injects {
			list = append(list, s.Injects[i].ID)
		}
	default:
		what, ids = "action", cp.action
		for i := range s.Actions {
			list = append(list, s.Actions[i].ID)
		}
	}
	i, ok := ids[id]
	if !ok || !validID(id) {
		hint := ""
		in, choice, dotted := strings.Cut(id, ".")
		switch other := cp.kindOf(id); {
		case dotted && cp.kindOf(in) == "inject" && slices.ContainsFunc(s.Injects[cp.inject[in]].Choices, func(ch Choice) bool { return ch.ID == choice }):
			hint = fmt.Sprintf(" (did you mean %q? it is 1 if that choice answered the inject)", "chose."+id)
		case other == "action" && what == "inject":
			hint = fmt.Sprintf(" (%s is an action, not an inject: succeeded.%s and failed.%s are the times it succeeded and failed)", id, id, id)
		case other == "inject" && what == "action":
			hint = fmt.Sprintf(" (%s is an inject, not an action: fired.%s is the times it fired)", id, id)
		default:
			hint = cp.unknown(what, id, list)
		}
		return -1, fmt.Sprintf("unknown %s %q in %q%s", what, id, name, hint)
	}
	ev.target = i
	if kind == eventChose {
		var choices []string
		for _, ch := range s.Injects[i].Choices {
			choices = append(choices, ch.ID)
		}
		switch ev.choice = slices.Index(choices, rest); {
		case len(choices) == 0:
			return -1, fmt.Sprintf("inject %q has no choices, so %q is never 1", id, name)
		case rest == "":
			return -1, fmt.Sprintf("%q names no choice: write chose.%s.CHOICE, one of %s", name, id, strings.Join(choices, ", "))
		case ev.choice < 0 || !validID(rest):
			hint := didYouMean(rest, choices)
			if hint == "" {
				hint = " (one of " + strings.Join(choices, ", ") + ")"
			}
			return -1, fmt.Sprintf("inject %q has no choice %q in %q%s", id, rest, name, hint)
		}
	}
	c := cp.c
	ev.slot = len(c.names)
	c.names = append(c.names, name)
	c.events = append(c.events, ev)
	return ev.slot, ""
}

// eventWords are words an author may write for an event name's first
// word, by kind, besides its misspellings.
var eventWords = map[string]eventKind{
	"fire": eventFired, "fires": eventFired, "triggered": eventFired,
	"choice": eventChose, "choose": eventChose, "chosen": eventChose, "answered": eventChose,
	"success": eventSucceeded, "successes": eventSucceeded, "succeed": eventSucceeded, "succeeds": eventSucceeded,
	"failure": eventFailed, "failures": eventFailed, "fail": eventFailed, "fails": eventFailed,
}

// notAnEvent returns why name, dotted as an event's but with prefix not
// an event's first word, is refused, or "" for the plain "unknown name"
// message: the event name it misspells ("succeded.heist"), the order of
// its words ("heist.succeeded"), or that a condition reads a metric by its
// id alone ("cohesion.start").
func (cp *compiler) notAnEvent(name, prefix, rest string) string {
	k, ok := eventWords[strings.ToLower(prefix)]
	if i := slices.Index(eventPrefixes[:], suggest(prefix, eventPrefixes[:])); !ok && i >= 0 {
		k, ok = eventKind(i), true
	}
	if ok {
		return fmt.Sprintf("unknown name %q (did you mean %q?)", name, eventPrefixes[k]+"."+rest)
	}
	if slices.Contains(eventPrefixes[:], rest) {
		return fmt.Sprintf("unknown name %q (an event name starts with the event: write %s.%s)", name, rest, prefix)
	}
	switch cp.kindOf(prefix) {
	case "metric":
		return fmt.Sprintf("unknown name %q (a condition reads a metric's current value by its id alone, %s; it reads no key of its table)", name, prefix)
	case "":
		return ""
	}
	return fmt.Sprintf("unknown name %q%s", name, cp.namesHint(prefix))
}

// metricNames lists the ids effects may target.
func (cp *compiler) metricNames() []string {
	var out []string
	for _, m := range cp.c.Metrics {
		if !m.Derived && validID(m.ID) {
			out = append(out, m.ID)
		}
	}
	return out
}

// effects resolves a map of metric id → change, sorted by metric index.
// maxPerPoint bounds a lever's effect or defence per point: times 100
// points, a joint multiplier of 5 and every side on every lever, a turn's
// sums stay far inside the engine's fixed-point range.
const maxPerPoint = 1e5

// perPoint refuses a lever's per-point effect or defence beyond maxPerPoint.
func (cp *compiler) perPoint(v float64, path, pos string) {
	if outside(v, -maxPerPoint, maxPerPoint) {
		cp.errorf(path, pos, "%g per point is too large: a lever's effect or defence per point is at most 100000 either way (scale the metric down instead)", v)
	}
}

func (cp *compiler) effects(m map[string]float64, path, pos string) []Effect {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Effect
	for _, k := range keys {
		i, ok := cp.metric[k]
		switch {
		case !ok && suggest(k, []string{"deterrence"}) != "":
			cp.errorf(path+"."+k, pos+"."+k, "unknown metric %q (did you mean \"deterrence\"?); deterrence is derived (100 × capability × resolve × communication): move capability, resolve or communication instead", k)
			continue
		case !ok:
			cp.errorf(path+"."+k, pos+"."+k, "unknown metric %q%s", k, cp.unknown("metric", k, cp.metricNames()))
			continue
		case cp.c.Metrics[i].Derived:
			cp.errorf(path+"."+k, pos+"."+k, "deterrence is derived (100 × capability × resolve × communication): move capability, resolve or communication instead")
			continue
		}
		if m[k] != 0 && FixFromFloat(m[k]) == 0 {
			cp.errorf(path+"."+k, pos+"."+k, "%g rounds to 0 (numbers keep 4 decimals): the smallest change is 0.0001 either way", m[k])
		}
		out = append(out, Effect{Metric: i, Delta: FixFromFloat(m[k])})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Metric < out[b].Metric })
	return out
}

func (cp *compiler) expr(src, path, pos string) Expr {
	if strings.TrimSpace(src) == "" {
		return Expr{}
	}
	e, err := compileExprWith(src, cp.c.names, cp.eventName)
	ee, ok := err.(*ExprError)
	switch {
	case err == nil:
	case !ok:
		cp.errorf(path, pos, "%v", err)
	default:
		msg := ee.Msg
		after := strings.TrimLeft(src[min(max(ee.Col-1, 0)+len(ee.Name), len(src)):], " \t\r\n")
		if hint := cp.metricHint(ee.Name); ee.Name != "" && hint != "" {
			msg = "unknown name " + strconv.Quote(ee.Name) + hint
		} else if id := cp.hyphenated(ee.Name, after); ee.Name != "" && id != "" {
			msg = "unknown name " + strconv.Quote(ee.Name) + " (a '-' is a minus sign: the metric is " + id + ")"
		} else if ee.Name != "" && strings.HasPrefix(after, "(") {
			msg = "unknown name " + strconv.Quote(ee.Name) + " (a condition has no functions: compare metrics, variables and numbers, combined with and, or, not and + - * /)"
		} else if r := cp.rungNamed(ee.Name); ee.Name != "" && r > 0 {
			msg = fmt.Sprintf("unknown name %q%s", ee.Name, cp.rungHint(src, ee.Name, r))
		} else if num, ok := strings.CutPrefix(msg, "invalid number "); ok && !strings.Contains(num, ":") {
			if f, err := strconv.ParseFloat(strings.Trim(num, `"`), 64); err == nil && strings.ContainsAny(num, "eE") && math.Abs(f) <= 1e9 {
				msg += fmt.Sprintf(" (a condition's numbers have no exponent: write %s)", strconv.FormatFloat(f, 'f', -1, 64))
			}
		} else if msg == `unexpected character "'"` || msg == `unexpected character "\""` {
			msg += " (a condition has no strings: it compares metrics and variables with numbers; rung is a number, 1 to 5)"
		} else if ee.Name != "" && strings.HasPrefix(msg, "unknown name ") && !strings.Contains(msg, "(") {
			hint := cp.noIDHint("metric", ee.Name) // a name with no suggestion may be a metric without an id
			if hint == "" {
				hint = cp.namesHint(ee.Name)
			}
			msg += hint
		}
		// Where in the condition: its line and column in the file, when
		// the condition is written there as it reads; else counted in
		// the condition, in characters, with its line if it has several.
		before := src[:min(max(ee.Col-1, 0), len(src))]
		nl := strings.LastIndexByte(before, '\n')
		col := utf8.RuneCountInString(before[nl+1:]) + 1
		if at, ok := cp.s.pos[conditionKey(pos, src)]; ok {
			line := at.Line + strings.Count(before, "\n")
			if nl < 0 {
				col += at.Col - 1
			}
			cp.errs.Add(&Error{File: cp.s.file, Line: line, Col: col, Path: path, Msg: msg})
		} else if nl >= 0 {
			cp.errorf(path, pos, "line %d, col %d of the condition: %s", strings.Count(before, "\n")+1, col, msg)
		} else {
			cp.errorf(path, pos, "col %d: %s", col, msg)
		}
	}
	return e
}

func (cp *compiler) sides() {
	s, c := cp.s, cp.c
	threatIDs := make([]string, len(s.Threats))
	for i, t := range s.Threats {
		threatIDs[i] = t.ID
		c.Threats = append(c.Threats, Threat{ID: t.ID, Name: orDefault(t.Name, t.ID)})
	}
	for i, d := range s.Domains {
		path, pos := entry("domain", i, d.ID)
		k := optF(d.K, 1)
		if outside(k, 0, 10) {
			cp.errorf(path+".k", pos+".k", "k must be between 0 and 10, not %g", k)
		}
		c.Domains = append(c.Domains, DomainInfo{ID: d.ID, Name: orDefault(d.Name, d.ID), K: FixFromFloat(k), Base: FixFromFloat(d.Base)})
	}
	nAlliance, nAdversary := 0, 0
	for i, sd := range s.Sides {
		path, pos := entry("side", i, sd.ID)
		si := SideInfo{ID: sd.ID, Name: orDefault(sd.Name, sd.ID), Support: -1, Objective: sd.Objective, Policy: sd.Policy,
			Budget: FixFromFloat(sd.Budget), Actions: optI(sd.Actions, 1), Bluffs: sd.Bluffs, Aim: FixFromFloat(optF(sd.Aim, 1))}
		switch sd.Team {
		case "alliance":
			nAlliance++
			c.alliance = append(c.alliance, i)
			switch r := rounded(sd.Budget); {
			case sd.Budget == 0 && !cp.written(pos+".budget"):
				cp.errorf(path+".budget", pos, "budget is required: an allied side's points per turn at support 50 (more than 0, at most 1000)")
			case r == 0 && sd.Budget > 0:
				cp.errorf(path+".budget", pos+".budget", "budget %g rounds to 0 (numbers keep 4 decimals): an allied side needs a budget of at least 0.0001 and at most 1000 points per turn", sd.Budget)
			case sd.Budget <= 0 || sd.Budget > MaxBudget:
				cp.errorf(path+".budget", pos+".budget", "an allied side needs a budget of more than 0 and at most 1000 points per turn, not %g", sd.Budget)
			}
			if sd.Actions != nil || sd.Bluffs != 0 || sd.Aim != nil {
				cp.errorf(path, pos, "actions, bluffs and aim are adversary doctrine; this side's team is \"alliance\"")
			}
		case "adversary":
			nAdversary++
			si.Adversary = true
			if si.Actions < 0 || si.Actions > 8 {
				cp.errorf(path+".actions", pos+".actions", "actions (moves per turn) must be between 0 and 8, not %d", si.Actions)
			}
			if sd.Bluffs < 0 || sd.Bluffs > 8 {
				cp.errorf(path+".bluffs", pos+".bluffs", "bluffs must be between 0 and 8, not %d", sd.Bluffs)
			}
			if aim := optF(sd.Aim, 1); outside(aim, 0, 5) {
				cp.errorf(path+".aim", pos+".aim", "aim must be between 0 and 5, not %g", aim)
			}
			if sd.Policy != "" {
				cp.errorf(path+".policy", pos+".policy", "an adversary side is played by its doctrine; policy applies to allied sides")
			}
		case "":
			cp.errorf(path+".team", pos, "team is required (alliance or adversary)")
		default:
			cp.errorf(path+".team", pos+".team", "team must be \"alliance\" or \"adversary\", not %q", sd.Team)
		}
		if sd.Support != "" {
			if m, ok := cp.metric[sd.Support]; ok {
				si.Support = m
			} else {
				cp.errorf(path+".support", pos+".support", "unknown metric %q%s", sd.Support, cp.unknown("metric", sd.Support, cp.metricNames()))
			}
		}
		if len(sd.Priorities) > 0 {
			si.Priorities = make([]Fix, len(s.Threats))
			var total Fix
			bad := false // a weight for an unknown threat, with its own error
			for _, k := range sortedKeys(sd.Priorities) {
				t, ok := cp.threat[k]
				v := sd.Priorities[k]
				switch {
				case !ok:
					cp.errorf(path+".priorities."+k, pos+".priorities."+k, "unknown threat %q%s", k, cp.unknown("threat", k, threatIDs))
					bad = true
				case v < 0:
					cp.errorf(path+".priorities."+k, pos+".priorities."+k, "priority weights must not be negative")
				default:
					si.Priorities[t] = FixFromFloat(v)
					total += si.Priorities[t]
				}
			}
			if total > 0 {
				normalize(si.Priorities, total)
			} else if !bad {
				cp.errorf(path+".priorities", pos+".priorities", "priorities must give some threat a positive weight")
			}
		} else if len(s.Threats) > 0 && sd.Team == "alliance" {
			si.Priorities = make([]Fix, len(s.Threats))
			for t := range si.Priorities {
				si.Priorities[t] = One
			}
			normalize(si.Priorities, FixInt(len(s.Threats)))
		}
		si.ObjectiveWhen = cp.expr(sd.ObjectiveWhen, path+".objective_when", pos+".objective_when")
		if sd.ObjectiveWhen != "" && sd.Objective == "" {
			cp.errorf(path+".objective", pos+".objective_when", "objective_when needs an objective: the words that tell the side what it privately wants")
		}
		// An objective is reported only with the verdict of its condition:
		// without one it appeared nowhere. (An adversary's has no effect.)
		if strings.TrimSpace(sd.ObjectiveWhen) == "" && strings.TrimSpace(sd.Objective) != "" && sd.Team != "adversary" {
			cp.errorf(path+".objective_when", pos+".objective", "objective_when is required with objective: the condition that judges it at the end")
		}
		c.Sides = append(c.Sides, si)
	}
	if nAlliance == 0 && nAlliance+nAdversary == len(s.Sides) && len(s.Sides) > 0 { // a side without a valid team has its own error
		cp.errorf("side", "side", "the scenario needs at least one side with team = \"alliance\"")
	}
	if len(s.Sides) == 0 {
		cp.errorf("side", "", "the scenario has no sides: add [[side]] tables (at least one with team = \"alliance\")")
	}
}

// normalize scales v so that it sums to One, giving the rounding remainder
// to the largest entry.
func normalize(v []Fix, total Fix) {
	var sum Fix
	big := 0
	for i := range v {
		v[i] = v[i].Div(total)
		sum += v[i]
		if v[i] > v[big] {
			big = i
		}
	}
	v[big] += One - sum
}

// percentHint returns, for v a fraction written as a percentage (from 2
// to 100: 1.5 is as likely a slip as a percentage), " (what: write v/100
// for v%)", else "".
func percentHint(v float64, what string) string {
	if v < 2 || v > 100 {
		return ""
	}
	return fmt.Sprintf(" (%s: write %g for %g%%)", what, rounded(v/100), v)
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// rungHint says what to write for name, the name of rung r, in the
// condition src: the rung's number where src compares name with rung
// ("rung >= Crisis"); else, where the name stands for a value itself
// ("tension < 35"), escalation, the metric it often means, and the rung.
func (cp *compiler) rungHint(src, name string, r int) string {
	if cp.comparedWithRung(src, name) {
		return fmt.Sprintf(" (rung is a number, 1 to 5, and %s is rung %d: write %d for it)", name, r, r)
	}
	return fmt.Sprintf(" (%s is the name of rung %d, not a metric: for the escalation metric, 0 to 100, write %s; for the rung, rung == %d)", name, r, cp.c.Metrics[MEscalation].ID, r)
}

// comparedWithRung reports whether src, which names the unknown name,
// compares it with rung.
func (cp *compiler) comparedWithRung(src, name string) bool {
	names := append(slices.Clone(cp.c.names), name)
	slot, rung := Fix(len(names)-1), Fix(len(cp.c.Metrics)+varRung)
	e, err := compileExprWith(src, names, func(string) (int, string) { return 0, "" }) // other unknown names do not matter here
	if err != nil {
		return false
	}
	for i := 2; i < len(e.ops); i++ {
		a, b := e.ops[i-2], e.ops[i-1]
		if e.ops[i].code >= opLt && e.ops[i].code <= opNe && a.code == opLoad && b.code == opLoad && (a.arg == slot && b.arg == rung || a.arg == rung && b.arg == slot) {
			return true
		}
	}
	return false
}

// rungNamed returns the rung, 1 to 5, that name names (a rung's name
// as written or by default, any case), or 0.
func (cp *compiler) rungNamed(name string) int {
	for i, def := range defaultRungNames {
		n := def
		if rs := cp.s.Escalation.Rungs; len(rs) == len(defaultRungNames) && strings.TrimSpace(rs[i].Name) != "" {
			n = rs[i].Name
		}
		if strings.EqualFold(n, name) || strings.EqualFold(def, name) {
			return i + 1
		}
	}
	return 0
}

func (cp *compiler) levers() {
	s, c := cp.s, cp.c
	threatIDs := make([]string, len(s.Threats))
	for i, t := range s.Threats {
		threatIDs[i] = t.ID
	}
	domainIDs := make([]string, len(s.Domains))
	for i, d := range s.Domains {
		domainIDs[i] = d.ID
	}
	var allied []string // the sides a lever may name
	for _, sd := range s.Sides {
		if sd.Team == "alliance" {
			allied = append(allied, sd.ID)
		}
	}
	for i, l := range s.Levers {
		path, pos := entry("lever", i, l.ID)
		li := LeverInfo{ID: l.ID, Name: orDefault(l.Name, l.ID), Description: l.Description, Cost: One, Max: 5,
			Delay: l.Delay, Upkeep: FixFromFloat(l.Upkeep), Joint: One, Solo: One, Visible: true, Converge: FixFromFloat(l.Converge)}
		if l.Cost != 0 {
			li.Cost = FixFromFloat(l.Cost)
		}
		if outside(l.Cost, 0, 100) || (l.Cost != 0 && li.Cost == 0) {
			cp.errorf(path+".cost", pos+".cost", "cost must be between 0.0001 and 100 budget points per point, not %g", l.Cost)
		}
		if l.Max != 0 {
			li.Max = l.Max
		}
		if li.Max < 1 || li.Max > MaxPoints {
			cp.errorf(path+".max", pos+".max", "max must be between 1 and %d points per turn, not %d", MaxPoints, l.Max)
			li.Max = 1
		}
		if len(l.Sides) == 0 {
			for _, a := range c.alliance {
				li.Sides |= 1 << a
			}
		}
		for j, sid := range l.Sides {
			k, ok := cp.side[sid]
			switch {
			case !ok:
				cp.errorf(fmt.Sprintf("%s.sides[%d]", path, j), fmt.Sprintf("%s.sides[%d]", pos, j), "unknown side %q%s", sid, cp.unknown("side", sid, allied))
			case s.Sides[k].Team == "adversary":
				cp.errorf(fmt.Sprintf("%s.sides[%d]", path, j), fmt.Sprintf("%s.sides[%d]", pos, j), "side %q is not allied: levers are for allied sides (adversaries use [[action]])", sid)
			case s.Sides[k].Team == "alliance":
				li.Sides |= 1 << k
			}
			// A side with an invalid team has its own error at its team.
		}
		li.Effects = cp.effects(l.Effect, path+".effect", pos+".effect")
		for _, k := range sortedKeys(l.Effect) {
			cp.perPoint(l.Effect[k], path+".effect."+k, pos+".effect."+k)
		}
		if len(li.Effects) > c.maxEffect {
			c.maxEffect = len(li.Effects)
		}
		dim := One
		if l.Diminish != 0 {
			dim = FixFromFloat(l.Diminish)
		}
		if outside(l.Diminish, 0, 1) || (l.Diminish != 0 && dim == 0) {
			// 0 written means the default, 1; a value rounding to 0 would
			// play as 0, unlike what was written.
			cp.errorf(path+".diminish", pos+".diminish", "diminish must be between 0.0001 and 1 (the worth of each further point relative to the one before), or 0 for the default (1), not %g", l.Diminish)
			dim = One
		}
		li.Cum = make([]Fix, li.Max+1)
		w := One
		for n := 1; n <= li.Max; n++ {
			li.Cum[n] = li.Cum[n-1] + w
			w = w.Mul(dim)
		}
		if l.Delay < 0 || l.Delay > MaxDelay {
			cp.errorf(path+".delay", pos+".delay", "delay must be between 0 and %d turns, not %d", MaxDelay, l.Delay)
			li.Delay = 0
		}
		if outside(l.Upkeep, 0, 1) {
			cp.errorf(path+".upkeep", pos+".upkeep", "upkeep must be between 0 and 1 (a fraction of last turn's spend), not %g%s", l.Upkeep, percentHint(l.Upkeep, "upkeep is a fraction"))
		}
		joint, solo := optF(l.Joint, 1), optF(l.Solo, 1)
		li.Joint, li.Solo = FixFromFloat(joint), FixFromFloat(solo)
		if outside(joint, 0, 5) {
			cp.errorf(path+".joint", pos+".joint", "joint must be between 0 and 5, not %g", joint)
		}
		if outside(solo, 0, 5) {
			cp.errorf(path+".solo", pos+".solo", "solo must be between 0 and 5, not %g", solo)
		}
		li.IsJoint = li.Joint != One || li.Solo != One
		if l.Visible != nil {
			li.Visible = *l.Visible
		}
		for _, k := range sortedKeys(l.Defend) {
			d, ok := cp.domain[k]
			if !ok {
				cp.errorf(path+".defend."+k, pos+".defend."+k, "unknown domain %q%s", k, cp.unknown("domain", k, domainIDs))
				continue
			}
			cp.perPoint(l.Defend[k], path+".defend."+k, pos+".defend."+k)
			if v := l.Defend[k]; v != 0 && FixFromFloat(v) == 0 {
				cp.errorf(path+".defend."+k, pos+".defend."+k, "%g rounds to 0 (numbers keep 4 decimals): the smallest defence is 0.0001 either way", v)
			}
			li.Defend = append(li.Defend, Effect{Metric: d, Delta: FixFromFloat(l.Defend[k])})
		}
		for j, t := range l.Serves {
			k, ok := cp.threat[t]
			if !ok {
				cp.errorf(fmt.Sprintf("%s.serves[%d]", path, j), fmt.Sprintf("%s.serves[%d]", pos, j), "unknown threat %q%s", t, cp.unknown("threat", t, threatIDs))
				continue
			}
			li.Serves |= 1 << k
		}
		if outside(l.Converge, 0, 1) {
			cp.errorf(path+".converge", pos+".converge", "converge must be between 0 and 1, not %g", l.Converge)
		}
		li.Requires = cp.expr(l.Requires, path+".requires", pos+".requires")
		// An effect, defence or threat that names nothing known has its own
		// error; the lever is not also told it does nothing.
		if len(li.Effects) == 0 && len(li.Defend) == 0 && li.Converge == 0 && li.Serves == 0 &&
			len(l.Effect) == 0 && len(l.Defend) == 0 && len(l.Serves) == 0 {
			if l.Converge != 0 { // it rounds to 0
				cp.errorf(path+".converge", pos+".converge", "lever does nothing: converge = %s rounds to 0 (Lattice keeps 4 decimals), and it has no effect, defend or serves: give converge at least 0.0001, or the lever an effect, defend or serves", strconv.FormatFloat(l.Converge, 'f', -1, 64))
			} else {
				cp.errorf(path, pos, "lever does nothing: give it an effect, defend, serves or converge")
			}
		}
		c.Levers = append(c.Levers, li)
	}
}

func (cp *compiler) actions() {
	s, c := cp.s, cp.c
	domainIDs := make([]string, len(s.Domains))
	for i, d := range s.Domains {
		domainIDs[i] = d.ID
	}
	var adversaries []string
	teamless := false // a side whose team is missing or invalid, with its own error
	for _, sd := range s.Sides {
		switch sd.Team {
		case "adversary":
			adversaries = append(adversaries, sd.ID)
		case "alliance":
		default:
			teamless = true
		}
	}
	for i, a := range s.Actions {
		path, pos := entry("action", i, a.ID)
		ai := ActionInfo{ID: a.ID, Name: orDefault(a.Name, a.ID), Description: a.Description, Signal: a.Signal,
			Side: -1, Domain: -1, Weight: One, Pressure: FixFromFloat(a.Pressure), Bluff: a.Bluff}
		if k, ok := cp.side[a.Side]; !ok {
			if a.Side == "" && len(adversaries) == 1 {
				ai.Side = cp.side[adversaries[0]]
			} else if a.Side == "" && len(adversaries) == 0 && teamless {
				// Without a team, the adversary is not known to be one:
				// its team error says so, not one error per action.
			} else if a.Side == "" {
				cp.errorf(path+".side", pos, "side is required: the adversary side that takes this action%s", oneOf(adversaries, "add a [[side]] with team = \"adversary\""))
			} else {
				hint := cp.unknown("side", a.Side, adversaries)
				if hint == "" {
					hint = ` (no side has team = "adversary")`
				}
				cp.errorf(path+".side", pos+".side", "unknown side %q%s", a.Side, hint)
			}
		} else if s.Sides[k].Team == "alliance" {
			cp.errorf(path+".side", pos+".side", "side %q is allied: actions belong to adversary sides", a.Side)
		} else if s.Sides[k].Team == "adversary" {
			ai.Side = k
		}
		// A side with an invalid team has its own error at its team: the
		// action is not also told that the side "is allied".
		if d, ok := cp.domain[a.Domain]; ok {
			ai.Domain = d
		} else if a.Domain == "" {
			cp.errorf(path+".domain", pos, "domain is required%s", oneOf(domainIDs, "declare one with [[domain]]"))
		} else {
			cp.errorf(path+".domain", pos+".domain", "unknown domain %q%s", a.Domain, cp.unknown("domain", a.Domain, domainIDs))
		}
		weight := optF(a.Weight, 1)
		ai.Weight = FixFromFloat(weight)
		if outside(weight, 0, 1000) {
			cp.errorf(path+".weight", pos+".weight", "weight must be between 0 and 1000, not %g", weight)
		}
		if outside(a.Pressure, -100, 100) {
			cp.errorf(path+".pressure", pos+".pressure", "pressure must be between -100 and 100, not %g", a.Pressure)
		}
		ai.When = cp.expr(a.When, path+".when", pos+".when")
		ai.Success = cp.effects(a.Success, path+".success", pos+".success")
		ai.Failure = cp.effects(a.Failure, path+".failure", pos+".failure")
		if len(ai.Success) == 0 && len(ai.Failure) == 0 && len(a.Success) == 0 && len(a.Failure) == 0 {
			cp.errorf(path, pos, "action does nothing: give it success or failure effects")
		}
		for j, m := range a.Modifiers {
			mpath := fmt.Sprintf("%s.modifier[%d]", path, j)
			mpos := fmt.Sprintf("%s.modifier[%d]", pos, j)
			if strings.TrimSpace(m.When) == "" {
				cp.errorf(mpath+".when", mpos, "a modifier needs a when condition: the factor applies while it holds (to change the weight always, set weight)")
			}
			factor := optF(m.Factor, 1)
			if m.Factor == nil {
				cp.errorf(mpath+".factor", mpos, "a modifier needs a factor: what its condition multiplies the weight by (0 switches the action off)")
			} else if outside(factor, 0, 100) {
				cp.errorf(mpath+".factor", mpos+".factor", "factor must be between 0 and 100, not %g", factor)
			}
			ai.Modifiers = append(ai.Modifiers, ModifierInfo{When: cp.expr(m.When, mpath+".when", mpos+".when"), Factor: FixFromFloat(factor)})
		}
		if ai.Side >= 0 {
			c.Sides[ai.Side].Playbook = append(c.Sides[ai.Side].Playbook, i)
		}
		c.Actions = append(c.Actions, ai)
	}
	// When no action found its side (each has its own error: a side
	// missing, unknown or not an adversary), every adversary would also be
	// told it has no actions, and to add entries that are there.
	placed, unplaced := false, false
	for _, ai := range c.Actions {
		placed = placed || ai.Side >= 0
		unplaced = unplaced || ai.Side < 0
	}
	for i := range c.Sides {
		if c.Sides[i].Adversary && len(c.Sides[i].Playbook) == 0 && (placed || !unplaced) {
			path, pos := entry("side", i, c.Sides[i].ID)
			cp.errorf(path, pos, "adversary side %q has no actions: add [[action]] entries with side = %q", c.Sides[i].ID, c.Sides[i].ID)
		}
	}
}

func (cp *compiler) rungs() {
	s, c := cp.s, cp.c
	for r := range c.Rungs {
		c.Rungs[r].Name = defaultRungNames[r]
	}
	if len(s.Escalation.Rungs) == 0 {
		return
	}
	// With another number of rungs, their locks are still checked: the
	// count and a misspelt lever are two mistakes, reported together.
	five := len(s.Escalation.Rungs) == 5
	if !five {
		cp.errorf("escalation.rung", "escalation.rung", "the escalation ladder has exactly 5 rungs (bands of 20); found %d: write five [[escalation.rung]], from the bottom up, or none for the standard ladder", len(s.Escalation.Rungs))
	}
	leverIDs := make([]string, len(s.Levers))
	for i, l := range s.Levers {
		leverIDs[i] = l.ID
	}
	actionIDs := make([]string, len(s.Actions))
	for i, a := range s.Actions {
		actionIDs[i] = a.ID
	}
	for r, rung := range s.Escalation.Rungs {
		path := fmt.Sprintf("escalation.rung[%d]", r)
		if rung.Name != "" && five {
			c.Rungs[r].Name = rung.Name
		}
		for j, id := range rung.LockLevers {
			if k, ok := cp.lever[id]; ok {
				if five {
					c.Levers[k].LockedAt |= 1 << r
				}
			} else {
				p := fmt.Sprintf("%s.lock_levers[%d]", path, j)
				cp.errorf(p, p, "unknown lever %q%s", id, cp.unknown("lever", id, leverIDs))
			}
		}
		for j, id := range rung.LockActions {
			if k, ok := cp.action[id]; ok {
				if five {
					c.Actions[k].LockedAt |= 1 << r
				}
			} else {
				p := fmt.Sprintf("%s.lock_actions[%d]", path, j)
				cp.errorf(p, p, "unknown action %q%s", id, cp.unknown("action", id, actionIDs))
			}
		}
	}
}

func (cp *compiler) injects() {
	s, c := cp.s, cp.c
	var allied []string
	for _, a := range c.alliance {
		allied = append(allied, c.Sides[a].ID)
	}
	for i, in := range s.Injects {
		path, pos := entry("inject", i, in.ID)
		ii := InjectInfo{ID: in.ID, Title: orDefault(in.Title, in.ID), Text: in.Text, Turn: in.Turn,
			Chance: FixFromFloat(optF(in.Chance, 0)), Random: in.Chance != nil, Repeat: in.Repeat, Decider: -1}
		if in.Turn < 0 || (in.Turn > s.Turns && s.Turns >= 1 && s.Turns <= MaxTurns) {
			cp.errorf(path+".turn", pos+".turn", "turn must be between 1 and turns (%d), or 0 for an unscheduled inject, not %d", s.Turns, in.Turn)
		}
		// A written chance makes the inject random, drawn for each turn;
		// chance = 0 switches it off (a sweep's natural first value). A
		// chance that is not 0 but rounds to it is refused: it would be
		// read as switched off.
		chance := in.Chance != nil
		v := optF(in.Chance, 0)
		switch r := rounded(v); {
		case !chance:
		case outside(v, 0, 1):
			cp.errorf(path+".chance", pos+".chance", "chance must be a probability between 0 and 1, not %g%s", v, percentHint(v, "a chance is a fraction"))
		case in.Turn > 0: // reported below: scheduled or random, not both
		case v != 0 && r == 0:
			cp.errorf(path+".chance", pos+".chance", "chance %g rounds to 0 (numbers keep 4 decimals): the smallest chance is 0.0001; 0 switches the inject off", v)
		}
		ii.When = cp.expr(in.When, path+".when", pos+".when")
		if in.Turn > 0 && chance {
			cp.errorf(path+".chance", pos+".chance", "an inject is scheduled (turn) or random (chance), not both: a scheduled inject fires on its turn whatever the dice")
		}
		if in.Turn == 0 && strings.TrimSpace(in.When) == "" && !chance {
			cp.errorf(path, pos, "inject never fires: give it a turn, a when condition or a chance")
		}
		ii.Effects = cp.effects(in.Effect, path+".effect", pos+".effect")
		if len(in.Choices) > MaxChoices {
			cp.errorf(path+".choice", pos+".choice", "too many choices (%d; at most %d)", len(in.Choices), MaxChoices)
		}
		seen := map[string]int{}
		for j, ch := range in.Choices {
			cpath, cpos := entry(path+".choice", j, ch.ID)
			cpos = fmt.Sprintf("%s.choice[%d]", pos, j)
			if k, dup := seen[ch.ID]; !validID(ch.ID) {
				cp.errorf(cpath+".id", cpos+".id", "choice id %s must be lower-case letters, digits, '_' or '-'", shortQuote(ch.ID))
			} else if dup {
				// Both choices have the path: name the first by its place.
				cp.errorf(cpath+".id", cpos+".id", "duplicate choice id %q (also %s.choice[%d]): give each choice of an inject its own id", ch.ID, path, k)
			} else {
				seen[ch.ID] = j
			}
			if strings.TrimSpace(ch.Label) == "" {
				cp.errorf(cpath+".label", cpos, "label is required: the words on the button")
			}
			ii.Choices = append(ii.Choices, ChoiceInfo{ID: ch.ID, Label: orDefault(ch.Label, ch.ID), Text: ch.Text,
				Effects: cp.effects(ch.Effect, cpath+".effect", cpos+".effect")})
		}
		if in.Decider != "" {
			k, ok := cp.side[in.Decider]
			switch {
			case !ok:
				cp.errorf(path+".decider", pos+".decider", "unknown side %q%s", in.Decider, cp.unknown("side", in.Decider, allied))
			case c.Sides[k].Adversary:
				cp.errorf(path+".decider", pos+".decider", "%s is an adversary: the decider must be an allied side (one of %s), who answers the inject's choices", in.Decider, strings.Join(allied, ", "))
			default:
				ii.Decider = k
			}
			if len(in.Choices) == 0 {
				cp.errorf(path+".decider", pos+".decider", "decider is set but the inject has no choices: add [[inject.choice]] entries below it, or leave decider out")
			}
		} else if len(in.Choices) > 0 && len(c.alliance) > 0 {
			ii.Decider = c.alliance[0]
		}
		if len(in.Choices) == 1 {
			cp.errorf(path+".choice", pos+".choice", "an inject with a choice needs at least two choices: add another [[inject.choice]] (the first applies when no answer is given)")
		}
		c.Injects = append(c.Injects, ii)
	}
}

func (cp *compiler) ends() {
	s, c := cp.s, cp.c
	// A default end is one without a condition. One whose when is written
	// but blank is counted too, but when there is another default end the
	// blank when is reported at its own line: that is the mistake, not the
	// end that really leaves when out.
	defaults := 0
	for _, e := range s.Ends {
		if strings.TrimSpace(e.When) == "" {
			defaults++
		}
	}
	// Ends that leave when out: if there are several, each is named at its
	// own line with the others, since the one that lost its when by
	// mistake may come before the true default or after it.
	var unwritten []string
	for i, e := range s.Ends {
		if _, pos := entry("end", i, e.ID); strings.TrimSpace(e.When) == "" {
			if _, written := s.pos[pos+".when"]; !written {
				p, _ := entry("end", i, e.ID)
				unwritten = append(unwritten, p)
			}
		}
	}
	for i, e := range s.Ends {
		path, pos := entry("end", i, e.ID)
		ei := EndInfo{ID: e.ID, Title: orDefault(e.Title, e.ID), Text: e.Text, Success: e.Success, Guard: e.Guard}
		if strings.TrimSpace(e.When) == "" {
			ei.Default = true
			if _, written := s.pos[pos+".when"]; written {
				if defaults > 1 {
					cp.errorf(path+".when", pos+".when", "when is empty: give this end a condition (only one end may leave out when: the verdict when the turns run out)")
				}
			} else if len(unwritten) > 1 {
				others := slices.DeleteFunc(slices.Clone(unwritten), func(p string) bool { return p == path })
				cp.errorf(path+".when", pos, "only one end may leave out when (the verdict when the turns run out), and %s does too: give all but one of them a condition", strings.Join(others, " and "))
			}
		}
		ei.When = cp.expr(e.When, path+".when", pos+".when")
		c.Ends = append(c.Ends, ei)
	}
	if defaults == 0 {
		// An end whose when is "final" (or "turn >= turns") holds only when
		// the turns run out: what an end without when means, written out.
		for i, e := range s.Ends {
			if w := strings.Join(strings.Fields(e.When), ""); w == "final" || w == "turn>=turns" || w == "turn==turns" {
				path, pos := entry("end", i, e.ID)
				cp.errorf(path+".when", pos+".when", "when = %q means what leaving when out means, and a scenario needs one end without when (the verdict when the turns run out): leave this one's when out", e.When)
				return
			}
		}
		cp.errorf("end", "end", "no end applies when the turns run out: add an [[end]] without when (for example id = \"held\", success = true)")
	}
}

func (cp *compiler) rest() {
	s, c := cp.s, cp.c
	// Commitment shortfall.
	c.Commitment = !s.Commitment.Disabled
	shortfall := s.Commitment.Shortfall
	if shortfall == nil {
		shortfall = s.defaultShortfall()
	}
	c.Shortfall = cp.effects(shortfall, shortfallAt, shortfallAt)
	// Alignment.
	gain := optF(s.Alignment.Gain, 2)
	c.AlignGain = FixFromFloat(gain)
	if outside(gain, 0, 50) {
		cp.errorf("alignment.gain", "alignment.gain", "gain must be between 0 and 50, not %g", gain)
	}
	switch {
	case s.Alignment.Metric != "":
		if m, ok := cp.metric[s.Alignment.Metric]; ok && !c.Metrics[m].Derived {
			c.AlignTo = m
		} else if ok {
			cp.errorf("alignment.metric", "alignment.metric", "deterrence is derived (100 × capability × resolve × communication) and cannot be moved directly; alignment usually moves cohesion")
		} else {
			cp.errorf("alignment.metric", "alignment.metric", "unknown metric %q%s", s.Alignment.Metric, cp.unknown("metric", s.Alignment.Metric, cp.metricNames()))
		}
	default:
		if m, ok := cp.metric["cohesion"]; ok {
			c.AlignTo = m
		}
	}
	// Scorecard.
	for i, g := range s.Scorecard {
		path := fmt.Sprintf("score[%d]", i)
		m, ok := cp.metric[g.Metric]
		if g.Metric == "" {
			cp.errorf(path+".metric", path, "metric is required: the metric this line grades")
			continue
		}
		if !ok {
			cp.errorf(path+".metric", path+".metric", "unknown metric %q%s", g.Metric, cp.unknown("metric", g.Metric, append([]string{"deterrence"}, cp.metricNames()...)))
			continue
		}
		// A line is named by its metric, unless an earlier line has that
		// metric: then "score.cohesion" would name both.
		dup := -1
		for j, g0 := range s.Scorecard[:i] {
			if g0.Metric == g.Metric {
				dup = j
				break
			}
		}
		if dup >= 0 {
			cp.errorf(path+".metric", path+".metric", "metric %q already has a scorecard line (score[%d]): give each metric one line", g.Metric, dup)
		} else {
			path = "score." + g.Metric
		}
		if len(g.Thresholds) != 4 {
			cp.errorf(path+".thresholds", fmt.Sprintf("score[%d].thresholds", i), "thresholds needs 4 numbers: the least value for A, B, C and D (F below)")
			continue
		}
		gi := GradeInfo{Metric: m}
		low := c.Metrics[m].GoodLow
		// The order follows the metric's good; a good that is neither
		// high nor low is reported at the metric, and its order is unknown.
		goodKnown, declared := true, false
		for _, sm := range s.Metrics {
			if sm.ID == g.Metric {
				goodKnown = goodKnown && (sm.Good == "" || sm.Good == "high" || sm.Good == "low")
				declared = true
			}
		}
		for j, t := range g.Thresholds {
			gi.Thresholds[j] = FixFromFloat(t)
			if goodKnown && j > 0 && ((!low && gi.Thresholds[j] > gi.Thresholds[j-1]) || (low && gi.Thresholds[j] < gi.Thresholds[j-1])) {
				order := "descending (A needs the most)"
				if low {
					order = "ascending (lower is better for this metric, so A needs the least)"
				} else if declared && slices.IsSorted(g.Thresholds) {
					order += fmt.Sprintf(`; if lower is better for %s, write good = "low" in its [[metric]]`, g.Metric)
				}
				cp.errorf(path+".thresholds", fmt.Sprintf("score[%d].thresholds", i), "thresholds must be %s", order)
				break
			}
		}
		c.Grades = append(c.Grades, gi)
	}
	// Default policies must exist (before the levels, which are compiled
	// only if the rest is valid: each would report it again).
	for i, sd := range s.Sides {
		if sd.Policy == "" || strings.HasSuffix(sd.Policy, ".toml") {
			continue
		}
		if _, err := PolicyByName(sd.Policy); err != nil {
			path, pos := entry("side", i, sd.ID)
			cp.errorf(path+".policy", pos+".policy", "unknown policy %q%s", sd.Policy, cp.unknown("policy", sd.Policy, PolicyNames()))
		}
	}
	// Difficulty levels: each must apply cleanly, and the scenario it makes
	// must be valid.
	// A level is compiled only if the rest of the file is valid (errors of
	// other levels aside), and an error at a key the level sets is reported
	// at that key.
	baseValid := cp.errs.Err() == nil
	for i, d := range s.Difficulty {
		path, pos := entry("difficulty", i, d.ID)
		cpy := s.clone()
		cpy.Difficulty = nil
		ok := true
		keys := sortedKeys(d.Set)
		for _, k := range keys {
			if err := cpy.Set(k, fileValue(d.Set[k])); err != nil {
				// Set names the path it was given; the error's path names it already.
				cp.errorf(path+".set."+k, pos+".set."+k, "%s", strings.TrimPrefix(err.Error(), k+": "))
				ok = false
			}
		}
		// A key that did not apply leaves the file's value, which is
		// valid: the others are still checked, so that one pass reports
		// every key at fault.
		if !baseValid {
			continue
		}
		lc, err := Compile(cpy)
		if err != nil {
			for _, e := range err.(ErrorList) {
				if at := setKeyOf(e.Path, keys); at == "" {
					cp.errorf(path+".set", pos+".set", "makes the scenario invalid: %s: %s", e.Path, e.Msg)
				} else {
					cp.errorf(path+".set."+at, pos+".set."+at, "makes the scenario invalid: %s", e.Msg)
				}
			}
			continue
		}
		if ok {
			cp.levels = append(cp.levels, levelWarnings{path, pos, keys, lc.Warnings})
		}
	}
}

// Names returns the identifiers conditions may use: every metric id, then
// turn, turns, final and rung.
func (c *Compiled) Names() []string { return c.names }

// Alliance returns the indices of the allied sides.
func (c *Compiled) Alliance() []int { return c.alliance }

// SideIndex returns the index of the side with the given id, or −1.
func (c *Compiled) SideIndex(id string) int {
	for i, s := range c.Sides {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// FindSide returns the index of the side a user named: ids are lower
// case, and a flag typed as the briefing writes the name ("ROK" for rok)
// is not refused for its case. −1 if there is none. Ids in files and
// journals are matched exactly (SideIndex).
func (c *Compiled) FindSide(id string) int {
	return c.SideIndex(strings.ToLower(id))
}

// MetricIndex returns the index of the metric with the given id, or −1.
func (c *Compiled) MetricIndex(id string) int {
	for i, m := range c.Metrics {
		if m.ID == id {
			return i
		}
	}
	return -1
}

// MayUse reports whether side may ever use lever l (at some rung, once
// its requires holds): the lever's sides include it.
func (c *Compiled) MayUse(side, l int) bool {
	return side >= 0 && side < 64 && c.Levers[l].Sides&(1<<uint(side)) != 0
}

// LeverIndex returns the index of the lever with the given id, or −1.
func (c *Compiled) LeverIndex(id string) int {
	for i, l := range c.Levers {
		if l.ID == id {
			return i
		}
	}
	return -1
}

// ActionIndex returns the index of the adversary action with the given id, or −1.
func (c *Compiled) ActionIndex(id string) int {
	for i, a := range c.Actions {
		if a.ID == id {
			return i
		}
	}
	return -1
}

// InjectIndex returns the index of the inject with the given id, or −1.
func (c *Compiled) InjectIndex(id string) int {
	for i, in := range c.Injects {
		if in.ID == id {
			return i
		}
	}
	return -1
}

// RungOf returns the 0-based rung (0–4) of an escalation value.
func RungOf(escalation Fix) int {
	r := int(escalation / FixInt(20))
	if r < 0 {
		return 0
	}
	if r > 4 {
		return 4
	}
	return r
}

// rounded returns v as the engine holds it, rounded to 4 decimals. A value
// that must not be 0 is checked on it, so that a value that passes is the
// value played: budget = 0.00001 passed "more than 0" and played as 0.
func rounded(v float64) float64 { return FixFromFloat(v).Float() }

// outside reports whether v, as written, is outside [lo, hi]. A range is
// checked before rounding, as the JSON Schema checks it: decay = 1.00004
// rounds to 1, but it is more than 1, and an editor flags it. (The limits
// have at most 4 decimals, so a value within them stays within them when
// rounded.)
func outside(v, lo, hi float64) bool { return v < lo || v > hi }

// written reports whether the key at the index-based path pos is written in
// the scenario's file.
func (cp *compiler) written(pos string) bool { return cp.s.written(pos) }

// optF returns *p, or def when the key was left out.
func optF(p *float64, def float64) float64 {
	if p == nil {
		return def
	}
	return *p
}

// optI returns *p, or def when the key was left out.
func optI(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// unknown returns the hint for an error about name, a reference to an
// unknown id of kind ("metric", "threat", …) where candidates are the ids
// it may name: the candidate it is likely a misspelling of; else, when
// entries of kind have no id, those entries, which it probably means (and
// the name is counted for their "missing id" errors); else the candidates,
// the first dozen of them.
func (cp *compiler) unknown(kind, name string, candidates []string) string {
	if hint := cp.metricHint(name); kind == "metric" && hint != "" {
		return hint
	}
	if id, display := cp.idNamed(kind, name); id != "" && slices.Contains(candidates, id) {
		return fmt.Sprintf(" (did you mean %q? a reference reads ids, not names: %s is %s %q)", id, shortQuote(display), kind, id)
	}
	if hint := didYouMean(name, candidates); hint != "" {
		return hint
	}
	if hint := cp.noIDHint(kind, name); hint != "" {
		return hint
	}
	const most = 12
	other := ""
	if k := cp.kindOf(name); k != "" && k != kind {
		other = fmt.Sprintf("%s is %s %s, not %s %s; ", name, article(k), k, article(kind), kind)
	}
	switch {
	case len(candidates) == 0 && (kind == "policy" || kind == "side" && len(cp.s.Sides) > 0):
		if other != "" {
			return " (" + strings.TrimSuffix(other, "; ") + ")"
		}
		return "" // there are sides, but none of the team the reference needs
	case len(candidates) == 0:
		return " (" + other + "no [[" + kind + "]] is declared)"
	case len(candidates) > most:
		return " (" + other + "one of " + strings.Join(candidates[:most], ", ") + ", …)"
	}
	return " (" + other + "one of " + strings.Join(candidates, ", ") + ")"
}

// idNamed returns the id and display name of the entry of kind (a metric,
// side, lever, action, inject, threat or domain) whose display name (an
// inject's title) is name, compared as foldName compares them, or "", "":
// an author writes the name the screen shows ("Philippines", "Garrison
// supply") where the id goes.
func (cp *compiler) idNamed(kind, name string) (id, display string) {
	want := foldName(name)
	if want == "" {
		return "", ""
	}
	s := cp.s
	var n int
	var entry func(i int) (string, string)
	switch kind {
	case "metric":
		n, entry = len(cp.c.Metrics), func(i int) (string, string) { return cp.c.Metrics[i].ID, cp.c.Metrics[i].Name }
	case "side":
		n, entry = len(s.Sides), func(i int) (string, string) { return s.Sides[i].ID, s.Sides[i].Name }
	case "lever":
		n, entry = len(s.Levers), func(i int) (string, string) { return s.Levers[i].ID, s.Levers[i].Name }
	case "action":
		n, entry = len(s.Actions), func(i int) (string, string) { return s.Actions[i].ID, s.Actions[i].Name }
	case "inject":
		n, entry = len(s.Injects), func(i int) (string, string) { return s.Injects[i].ID, s.Injects[i].Title }
	case "threat":
		n, entry = len(s.Threats), func(i int) (string, string) { return s.Threats[i].ID, s.Threats[i].Name }
	case "domain":
		n, entry = len(s.Domains), func(i int) (string, string) { return s.Domains[i].ID, s.Domains[i].Name }
	}
	for i := range n {
		if id, display := entry(i); validID(id) && foldName(display) == want {
			return id, display
		}
	}
	return "", ""
}

// foldName returns s's letters and digits, in lower case, for comparing a
// display name with what an author wrote: "Garrison supply" and
// garrison_supply fold alike.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// kindOf returns the kind of entry whose id is name ("side", "lever",
// "action", "inject", "threat", "domain", "metric"), or "": an author
// confuses a threat with a domain, a lever with an action.
func (cp *compiler) kindOf(name string) string {
	for _, k := range []struct {
		kind string
		ids  map[string]int
	}{{"metric", cp.metric}, {"side", cp.side}, {"lever", cp.lever}, {"action", cp.action}, {"inject", cp.inject}, {"threat", cp.threat}, {"domain", cp.domain}} {
		if _, ok := k.ids[name]; ok {
			return k.kind
		}
	}
	return ""
}

// hyphenated returns the metric id a name and the text after it make when
// their '-' is read as '_' ("rok" then "-support > 40" is rok_support), or
// "": an author writes the id with a hyphen, which a condition reads as
// minus.
func (cp *compiler) hyphenated(name, after string) string {
	id := name
	for {
		rest, ok := strings.CutPrefix(strings.TrimLeft(after, " \t"), "-")
		if !ok {
			return ""
		}
		rest = strings.TrimLeft(rest, " \t")
		n := strings.IndexFunc(rest, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') })
		if n < 0 {
			n = len(rest)
		}
		if n == 0 {
			return ""
		}
		id, after = id+"_"+rest[:n], rest[n:]
		if _, ok := cp.metric[id]; ok {
			return id
		}
	}
}

// setKeyOf returns the key of a difficulty level's set, among keys, that
// a problem at path is about (the key itself, one above it or below it),
// or "".
func setKeyOf(path string, keys []string) string {
	for _, k := range keys {
		if path == k || strings.HasPrefix(path, k+".") || strings.HasPrefix(k, path+".") {
			return k
		}
	}
	return ""
}

// metricHint returns what a reference to name, an unknown metric, needs
// said before any did-you-mean, or "": that the metric declared as
// "rok-support" is to be renamed to the "rok_support" the reference uses
// (suggested "rok-support", an author went back and forth between the two
// errors), or that intel is a metric to declare, not a built-in one.
func (cp *compiler) metricHint(name string) string {
	for _, m := range cp.s.Metrics {
		if strings.Contains(m.ID, "-") && strings.ReplaceAll(m.ID, "-", "_") == name {
			return fmt.Sprintf(" (the metric is declared as %q, which conditions would read with a minus: rename it %q)", m.ID, name)
		}
	}
	if name == "intel" {
		return ` (intel is not built in: declare a [[metric]] with id = "intel", 0 to 100; its value / 100 is the chance to see through a signal)`
	}
	return ""
}

// noIDHint returns " (metric[1] has no id — is it this one?)" when entries
// of kind have no id, counting name for explainMissingIDs, and "" when
// every entry has one.
func (cp *compiler) noIDHint(kind, name string) string {
	at := cp.noID[kind]
	if len(at) == 0 {
		return ""
	}
	if cp.unknownRefs[kind] == nil {
		cp.unknownRefs[kind] = map[string]int{}
	}
	cp.unknownRefs[kind][name]++
	if len(at) == 1 {
		return " (" + at[0] + " has no id — is it this one?)"
	}
	return " (" + strings.Join(at[:len(at)-1], ", ") + " and " + at[len(at)-1] + " have no id — is it one of them?)"
}

// namesHint is what an unknown name in a condition gets when no name in
// scope is close to it: the metric whose display name it is, if one is
// (conditions read ids, and an author writes the name on the screen), the
// kind of entry it is the id of (a side, a lever: not names in a
// condition), or else the names a condition may use.
func (cp *compiler) namesHint(name string) string {
	if id, display := cp.idNamed("metric", name); id != "" {
		return fmt.Sprintf(" (conditions read ids, not names: %s is metric %q)", shortQuote(display), id)
	}
	var ids []string
	for _, m := range cp.c.Metrics {
		if validID(m.ID) {
			ids = append(ids, m.ID)
		}
	}
	if kind := cp.kindOf(name); kind != "" && kind != "metric" {
		flag := ""
		switch kind {
		case "action":
			flag = fmt.Sprintf("; succeeded.%s and failed.%s are the times it succeeded and failed", name, name)
		case "inject":
			flag = fmt.Sprintf("; fired.%s is the times it fired, and chose.%s.CHOICE 1 if that choice answered it", name, name)
		case "lever":
			flag = "; to test what it did, have it change a flag metric and test that (scenarios/README.md §5)"
		}
		return fmt.Sprintf(" (%s is %s %s, not a metric: a condition reads metric ids, %s and events%s)", name, article(kind), kind, strings.Join(varNames[:], ", "), flag)
	}
	const most = 24
	list := strings.Join(ids[:min(len(ids), most)], ", ")
	if len(ids) > most {
		list += fmt.Sprintf(" and %d more", len(ids)-most)
	}
	return " (a condition may use the metric ids " + list + ", " + strings.Join(varNames[:], ", ") + ", and the events fired.INJECT, chose.INJECT.CHOICE, succeeded.ACTION, failed.ACTION)"
}

// article returns "an" for a word that starts with a vowel, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// explainMissingIDs adds to each "missing id" error the unknown names that
// references to its kind used, the likely ids: one missing metric id made
// a dozen "unknown metric" errors elsewhere, with no word of the entry.
// foldBadIDRefs drops the errors of references to a refused id (unknown
// metric "Supply", unknown name "Supply" in a condition) and counts them on
// the id's own error instead: one mistake, one error. They are checked
// again once the id is fixed.
func (cp *compiler) foldBadIDRefs() {
	if len(cp.badID) == 0 {
		return
	}
	n := map[*Error]int{}
	kept := cp.errs[:0]
	for _, e := range cp.errs {
		if i := strings.Index(e.Msg, ` "`); i >= 0 && strings.HasPrefix(e.Msg, "unknown ") && !strings.Contains(e.Msg[:i], ":") {
			kind := e.Msg[len("unknown "):i]
			if kind == "name" { // in a condition: a metric's id
				kind = "metric"
			}
			if name, err := strconv.Unquote(e.Msg[i+1 : i+3+strings.IndexByte(e.Msg[i+2:], '"')]); err == nil {
				if idErr := cp.badID[kind+" "+name]; idErr != nil {
					n[idErr]++
					continue
				}
				var like []string // "supply" where the refused id is "Supply"
				for key := range cp.badID {
					if k, id, _ := strings.Cut(key, " "); k == kind && strings.EqualFold(id, name) {
						like = append(like, key)
					}
				}
				if len(like) > 0 {
					slices.Sort(like) // the same message every time
					_, id, _ := strings.Cut(like[0], " ")
					e.Msg += fmt.Sprintf("; is it %s, whose id %s is refused?", cp.badID[like[0]].Path, shortQuote(id))
				}
			}
		}
		kept = append(kept, e)
	}
	cp.errs = kept
	for e, k := range n {
		refs := "a reference to it waits"
		if k > 1 {
			refs = strconv.Itoa(k) + " references to it wait"
		}
		e.Msg += "; " + refs + " on this (checked once it is fixed)"
	}
}

func (cp *compiler) explainMissingIDs() {
	for kind, errs := range cp.missingID {
		refs := cp.unknownRefs[kind]
		if len(refs) == 0 {
			for _, e := range errs {
				e.Msg += `: give it id = "…", lower-case letters, digits, '_' or '-', unique among its kind`
			}
			continue
		}
		names := make([]string, 0, len(refs))
		for n := range refs {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			if refs[names[i]] != refs[names[j]] {
				return refs[names[i]] > refs[names[j]]
			}
			return names[i] < names[j]
		})
		var hint string
		if len(names) == 1 {
			times := "a reference names"
			if n := refs[names[0]]; n > 1 {
				times = strconv.Itoa(n) + " references name"
			}
			hint = fmt.Sprintf(" (is it %s? %s an unknown %s %s)", shortQuote(names[0]), times, kind, shortQuote(names[0]))
		} else {
			q := make([]string, len(names))
			for i, n := range names {
				q[i] = shortQuote(n)
			}
			hint = fmt.Sprintf(" (is it one of %s? references name these unknown %ss)", strings.Join(q, ", "), kind)
		}
		for _, e := range errs {
			e.Msg += hint
		}
	}
}

// oneOf returns " (one of a, b)" or, for an empty list, " (" + hint + ")".
func oneOf(ids []string, hint string) string {
	if len(ids) == 0 {
		return " (" + hint + ")"
	}
	return " (one of " + strings.Join(ids, ", ") + ")"
}

// shortQuote quotes an id for an error message, cut to its first 100
// characters (an id may have 64): a 100,000-character id was quoted whole.
func shortQuote(s string) string {
	const most = 100
	if n := 0; len(s) > most {
		for i := range s {
			if n == most {
				return strconv.Quote(s[:i]) + "…"
			}
			n++
		}
	}
	return strconv.Quote(s)
}
