package sim

// This file generates the JSON Schema of the scenario format. The keys,
// their types and their nesting come from the structs in scenario.go by
// reflection, so the schema cannot drift from the decoder; descriptions,
// enums, ranges and required keys are written here beside the checks in
// compile.go and load.go they mirror. schemaDocs must describe every key:
// a test fails for a struct field without a description.
//
// The schema accepts every scenario Compile accepts, except a few that write
// a key with a value that does nothing where the key has no business: an
// empty category, good, decider or objective_when (leave the key out), an
// empty rung or choice array, policy = "" on an adversary side, or
// bluffs = 0 on an allied side. Besides each key's own range it states the
// rules between a table's keys that compile.go checks (scheduled or random,
// an inject that fires somehow, an allied objective with its condition, a
// lever that does something, one end without when); both check a range on
// the number as written, before rounding, and refuses a change, a defence,
// a chance, a diminish or a budget that is not 0 but rounds to 0, as the
// loader does. It cannot express cross-references (an effect naming an
// unknown metric), uniqueness of ids or conditions; `lattice validate`
// checks those.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// SchemaID is the $id of the scenario JSON Schema. The file itself ships as
// scenarios/lattice.schema.json, and `lattice new` writes it beside a new
// scenario, so that `#:schema ./lattice.schema.json` finds it.
const SchemaID = "https://lattice.invalid/lattice.schema.json"

// Patterns of ids, as validID and the metric check in compile.go enforce.
const (
	schemaIDPattern       = "^[a-z][a-z0-9_-]{0,63}$"
	schemaMetricIDPattern = "^[a-z][a-z0-9_]{0,63}$"
	schemaNonBlank        = `\S`
)

// Schema returns the JSON Schema (draft 2020-12) of the scenario format,
// indented, with sorted keys and a final newline. Editors such as Taplo and
// Tombi use it for completion, hover text and inline checks when a scenario
// starts with `#:schema ./lattice.schema.json`.
func Schema() []byte {
	root := structSchema(reflect.TypeFor[Scenario]())
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID
	root["title"] = "Lattice scenario"
	root["description"] = fmt.Sprintf("A Lattice scenario file, format %d: one TOML file that defines a whole game. "+
		"This schema checks keys, types, enums and ranges; `lattice validate FILE` also checks references between entries, "+
		"ids' uniqueness and conditions. Reference: scenarios/README.md.", FormatVersion)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil { // maps of plain values: cannot fail
		panic("sim: encoding the schema: " + err.Error())
	}
	return buf.Bytes()
}

// structSchema returns the schema of a TOML table decoded into struct type t.
// encoding/json sorts map keys, so the output is deterministic.
func structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		key := t.Name() + "." + tag
		p := typeSchema(f.Type)
		if doc, ok := schemaDocs[key]; ok {
			p["description"] = doc
		}
		for k, v := range schemaRules[key] {
			p[k] = v
		}
		props[tag] = p
		if schemaRequired[key] {
			required = append(required, tag)
		}
	}
	s := map[string]any{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		s["required"] = required
	}
	if doc, ok := schemaDocs[t.Name()]; ok {
		s["description"] = doc
	}
	for k, v := range schemaTypeRules[t.Name()] {
		s[k] = v
	}
	return s
}

// typeSchema returns the schema of a value of Go type t as the decoder in
// load.go reads it.
func typeSchema(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return typeSchema(t.Elem()) // optional with a default: same type
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Struct:
		return structSchema(t)
	case reflect.Slice:
		limit := 4 * MaxEntries // plain arrays (decoder.slice)
		if t.Elem().Kind() == reflect.Struct {
			limit = MaxEntries // arrays of tables
		}
		return map[string]any{"type": "array", "items": typeSchema(t.Elem()), "maxItems": limit}
	case reflect.Map:
		var val map[string]any
		if t.Elem().Kind() == reflect.Interface {
			val = map[string]any{"type": []string{"boolean", "number", "string"}}
		} else {
			val = typeSchema(t.Elem())
		}
		return map[string]any{"type": "object", "additionalProperties": val, "maxProperties": 4 * MaxEntries}
	}
	panic("sim: no schema for Go type " + t.String())
}

// Helpers for the rule tables.
func schemaRange(lo, hi float64) map[string]any { return map[string]any{"minimum": lo, "maximum": hi} }

func schemaPattern(pattern string) map[string]any { return map[string]any{"pattern": pattern} }

func schemaItems(n int) map[string]any { return map[string]any{"minItems": n, "maxItems": n} }

func schemaNumbers(extra map[string]any) map[string]any {
	s := map[string]any{"type": "number"}
	for k, v := range extra {
		s[k] = v
	}
	return map[string]any{"additionalProperties": s}
}

// schemaNoRoundingToZero is extra, a number's rules, for a value the
// loader refuses when it is not 0 but rounds to 0 (numbers keep 4
// decimals; FixFromFloat rounds half away from zero, so a value rounds to
// 0 exactly when it lies strictly between ±0.00005): 0, or at least
// 0.00005 either way. Written as if/else rather than anyOf, as
// schemaAnyOf is, for Tombi.
func schemaNoRoundingToZero(extra map[string]any) map[string]any {
	const half = 0.00005
	s := map[string]any{
		"if":   map[string]any{"minimum": half},
		"else": map[string]any{"if": map[string]any{"maximum": -half}, "else": map[string]any{"const": 0}},
	}
	for k, v := range extra {
		s[k] = v
	}
	return s
}

// schemaChanges is the rule of a table of metric changes: each a number
// that does not round to 0 (compile.go's effects), within extra's range.
func schemaChanges(extra map[string]any) map[string]any {
	return schemaNumbers(schemaNoRoundingToZero(extra))
}

// schemaRequired lists the keys whose absence compile.go refuses.
var schemaRequired = map[string]bool{
	"Scenario.format": true, "Scenario.id": true, "Scenario.title": true, "Scenario.turns": true,
	"Scenario.side": true, "Scenario.end": true,
	"Threat.id": true, "Domain.id": true, "Side.id": true, "Side.team": true, "Metric.id": true,
	"Lever.id": true, "Action.id": true, "Action.domain": true, "Modifier.when": true, "Modifier.factor": true,
	"Inject.id": true, "Choice.id": true, "Choice.label": true, "End.id": true,
	"Grade.metric": true, "Grade.thresholds": true, "Difficulty.id": true,
}

// schemaRules adds enums, ranges and patterns to keys: the checks of
// compile.go that a schema can state.
var schemaRules = map[string]map[string]any{
	"Scenario.format": {"enum": []int{FormatVersion}},
	"Scenario.id":     schemaPattern(schemaIDPattern),
	"Scenario.title":  {"pattern": schemaNonBlank},
	"Scenario.turns":  schemaRange(1, MaxTurns),
	"Scenario.side":   {"minItems": 1},
	"Scenario.end": {
		"minItems": 1,
		// Exactly one end leaves when out (or blank): the verdict when the
		// turns run out.
		"contains": map[string]any{
			"properties":           map[string]any{"when": map[string]any{"pattern": `^\s*$`}},
			"additionalProperties": true,
		},
		"minContains": 1,
		"maxContains": 1,
	},

	"Threat.id": schemaPattern(schemaIDPattern),

	"Domain.id": schemaPattern(schemaIDPattern),
	"Domain.k":  schemaRange(0, 10),

	"Side.id":         schemaPattern(schemaIDPattern),
	"Side.team":       {"enum": []string{"alliance", "adversary"}},
	"Side.priorities": schemaNumbers(map[string]any{"minimum": 0}),
	"Side.actions":    schemaRange(0, 8),
	"Side.bluffs":     schemaRange(0, 8),
	"Side.aim":        schemaRange(0, 5),

	"Metric.id":       schemaPattern(schemaMetricIDPattern),
	"Metric.category": {"enum": Categories},
	"Metric.good":     {"enum": []string{"high", "low"}},
	"Metric.decay":    schemaRange(0, 1),

	"Component.start":    schemaRange(0, 1),
	"Component.baseline": schemaRange(0, 1),
	"Component.decay":    schemaRange(0, 1),

	"Escalation.start":    schemaRange(0, 100),
	"Escalation.baseline": schemaRange(0, 100),
	"Escalation.decay":    schemaRange(0, 1),
	"Escalation.rung":     schemaItems(5),

	"Alignment.gain": schemaRange(0, 50),

	"Commitment.shortfall": schemaChanges(nil),

	"Lever.id":       schemaPattern(schemaIDPattern),
	"Lever.cost":     schemaRange(0, 100),
	"Lever.max":      schemaRange(0, MaxPoints),
	"Lever.diminish": schemaNoRoundingToZero(schemaRange(0, 1)),
	"Lever.delay":    schemaRange(0, MaxDelay),
	"Lever.upkeep":   schemaRange(0, 1),
	"Lever.joint":    schemaRange(0, 5),
	"Lever.solo":     schemaRange(0, 5),
	"Lever.converge": schemaRange(0, 1),
	"Lever.effect":   schemaChanges(schemaRange(-maxPerPoint, maxPerPoint)),
	"Lever.defend":   schemaChanges(schemaRange(-maxPerPoint, maxPerPoint)),

	"Action.id":       schemaPattern(schemaIDPattern),
	"Action.weight":   schemaRange(0, 1000),
	"Action.pressure": schemaRange(-100, 100),
	"Action.success":  schemaChanges(nil),
	"Action.failure":  schemaChanges(nil),
	"Modifier.when":   {"pattern": schemaNonBlank},
	"Modifier.factor": schemaRange(0, 100),

	"Inject.id":     schemaPattern(schemaIDPattern),
	"Inject.turn":   {"minimum": 0},
	"Inject.chance": schemaNoRoundingToZero(schemaRange(0, 1)),
	"Inject.effect": schemaChanges(nil),
	"Inject.choice": {"minItems": 2, "maxItems": MaxChoices},
	"Choice.id":     schemaPattern(schemaIDPattern),
	"Choice.label":  {"pattern": schemaNonBlank},
	"Choice.effect": schemaChanges(nil),

	"End.id": schemaPattern(schemaIDPattern),

	"Grade.thresholds": schemaItems(4),

	"Difficulty.id": schemaPattern(schemaIDPattern),
}

// schemaTypeRules adds keywords to whole tables. A side's team decides which
// keys apply: an allied side needs a budget in (0, 1000] and may not have
// adversary doctrine; an adversary side may not have a policy.
//
// Every conditional subschema (if, then, else) says additionalProperties =
// true: the table's own properties list every key and close it to others,
// and a conditional part only adds rules to some of them. Without it, Tombi's
// strict mode (its default) reads each part as a closed table of its own
// and warns about every other key of a valid side; Taplo and the JSON Schema
// standard read a missing additionalProperties as true, so nothing changes
// for them. Tombi does not implement "not", so a key barred under a
// condition is a property whose schema is false.
var schemaTypeRules = map[string]map[string]any{
	"Side": {
		"if": map[string]any{
			"properties":           map[string]any{"team": map[string]any{"const": "alliance"}},
			"required":             []string{"team"},
			"additionalProperties": true,
		},
		"then": map[string]any{
			"required": []string{"budget"},
			"properties": map[string]any{
				"budget":  map[string]any{"minimum": 0.00005, "maximum": 1000}, // more than 0, and not rounding to 0
				"actions": false,
				"bluffs":  false,
				"aim":     false,
			},
			// An allied side's objective is judged by its objective_when
			// (an adversary's is only reported).
			"if":                   schemaNonBlankKeys("objective"),
			"then":                 schemaNonBlankKeys("objective_when"),
			"additionalProperties": true,
		},
		"else": map[string]any{
			"properties":           map[string]any{"policy": false},
			"additionalProperties": true,
		},
		"dependentRequired": map[string]any{"objective_when": []string{"objective"}},
	},
	"Inject": {
		"dependentRequired": map[string]any{"decider": []string{"choice"}},
		// Scheduled (turn 1 or later) or random (chance), not both; and
		// one that is neither needs a when, or it never fires.
		"if": map[string]any{
			"required":             []string{"turn"},
			"properties":           map[string]any{"turn": map[string]any{"minimum": 1}},
			"additionalProperties": true,
		},
		"then": map[string]any{
			"properties":           map[string]any{"chance": false},
			"additionalProperties": true,
		},
		"else": schemaAnyOf(
			map[string]any{"required": []string{"chance"}, "additionalProperties": true},
			schemaNonBlankKeys("when"),
		),
	},
	// A lever must do something: a non-empty effect, defend or serves, or
	// a converge above 0. A table named in a conditional part says
	// additionalProperties = true too, or Tombi's strict mode reads it as
	// closed and warns about every metric of every effect. effect comes
	// last: an editor names the last branch's key as the one missing.
	"Lever": schemaTableAnyOf(
		map[string]any{"required": []string{"converge"}, "properties": map[string]any{"converge": map[string]any{"exclusiveMinimum": 0}}, "additionalProperties": true},
		map[string]any{"required": []string{"serves"}, "properties": map[string]any{"serves": map[string]any{"minItems": 1}}, "additionalProperties": true},
		map[string]any{"required": []string{"defend"}, "properties": map[string]any{"defend": map[string]any{"minProperties": 1, "additionalProperties": true}}, "additionalProperties": true},
		map[string]any{"required": []string{"effect"}, "properties": map[string]any{"effect": map[string]any{"minProperties": 1, "additionalProperties": true}}, "additionalProperties": true},
	),
}

// schemaTableAnyOf is schemaAnyOf as the rule of a whole table, which its
// own additionalProperties (false) keeps closed.
func schemaTableAnyOf(branches ...map[string]any) map[string]any {
	s := schemaAnyOf(branches...)
	delete(s, "additionalProperties")
	return s
}

// schemaNonBlankKeys returns a conditional part that requires the string
// keys keys, each not blank.
func schemaNonBlankKeys(keys ...string) map[string]any {
	props := map[string]any{}
	for _, k := range keys {
		props[k] = map[string]any{"pattern": schemaNonBlank}
	}
	return map[string]any{"required": keys, "properties": props, "additionalProperties": true}
}

// schemaAnyOf returns a schema that holds when one of branches (two or more)
// holds, written as if/then/else rather than anyOf: Tombi's strict mode and
// the validator of the tests read if/then/else already. Each branch says
// additionalProperties = true, as every conditional part must.
func schemaAnyOf(branches ...map[string]any) map[string]any {
	if len(branches) == 1 {
		return branches[0]
	}
	return map[string]any{
		"if":                   branches[0],
		"then":                 map[string]any{"additionalProperties": true},
		"else":                 schemaAnyOf(branches[1:]...),
		"additionalProperties": true,
	}
}

// condNames ends the description of every condition: what it may read.
const condNames = " Reads metric ids, turn, turns, final, rung and the events fired.INJECT, chose.INJECT.CHOICE, succeeded.ACTION and failed.ACTION (scenarios/README.md §5)."

// schemaDocs describes every key (Type.key) and every table (Type).
var schemaDocs = map[string]string{
	"Scenario.format":     fmt.Sprintf("Scenario format version; required. This version of lattice reads format %d.", FormatVersion),
	"Scenario.id":         "The scenario's short name (make it the file name): lower-case letters, digits, '_' or '-', starting with a letter, at most 64. Required.",
	"Scenario.title":      "Title shown in lists and logs. Required, not blank.",
	"Scenario.summary":    "One line for `lattice scenarios`.",
	"Scenario.turns":      fmt.Sprintf("How many turns the game lasts, 1 to %d. Required.", MaxTurns),
	"Scenario.turn_label": "What a turn is called, such as \"Week\" or \"Month\". Default \"Turn\".",
	"Scenario.briefing":   "Markdown shown to the players before turn 1. End it with: *This is an exercise for learning, not a forecast.*",
	"Scenario.notes":      "Author's notes: sources, calibration, caveats. Mark magnitudes as illustrative.",
	"Scenario.debrief":    "Questions for discussion after the game.",
	"Scenario.threat":     "Threats: sources of danger that allied sides weigh in priorities and levers serve.",
	"Scenario.domain":     "Domains: fields of contest (maritime, air, cyber, economic…). Every adversary action is contested in one.",
	"Scenario.side":       "Sides: the players. At least one must have team = \"alliance\". Required.",
	"Scenario.metric":     "Scenario metrics, besides the built-in deterrence, capability, resolve, communication and escalation.",
	"Scenario.deterrence": "The three factors of deterrence = 100 × capability × resolve × communication. Left out, all three start at 0.",
	"Scenario.escalation": "The escalation metric (0–100, lower is better) and its five rungs of 20.",
	"Scenario.commitment": "The minimum visible commitment: each turn every allied side must put (5 − rung, counted from 0) points on visible levers.",
	"Scenario.alignment":  "How each ally's allocation serving the other allies' priorities moves a metric (normally cohesion).",
	"Scenario.lever":      "Levers: lines of effort the allied sides put points into.",
	"Scenario.action":     "The adversary's playbook: moves contested against the alliance's defence in their domain.",
	"Scenario.inject":     "Injects: events, scheduled (turn), triggered (when) or random (chance), optionally with choices.",
	"Scenario.end":        "End conditions, checked in file order after each turn; the first whose when holds ends the game. Exactly one leaves out when: the verdict when the turns run out. Required.",
	"Scenario.score":      "Scorecard lines: grade thresholds for one metric each.",
	"Scenario.difficulty": "Difficulty levels: named sets of overrides, chosen with `lattice run --difficulty ID`. Define easy, normal (set = {}) and hard.",

	"Threat":      "A source of danger.",
	"Threat.id":   "Threat id, used in side priorities and lever serves. Required.",
	"Threat.name": "Display name. Default: the id.",

	"Domain":      "A field of contest. An action succeeds with probability 1/(1+e^(−k(pressure−defence))).",
	"Domain.id":   "Domain id, used in action domain and lever defend. Required.",
	"Domain.name": "Display name. Default: the id.",
	"Domain.k":    "Steepness of the contest curve, 0 to 10: higher means defence matters more sharply. Default 1.",
	"Domain.base": "The alliance's defence in this domain before any lever. Default 0.",

	"Side":                "A player: an allied government (team = \"alliance\") or an adversary (team = \"adversary\").",
	"Side.id":             "Side id. Required.",
	"Side.name":           "Display name. Default: the id.",
	"Side.team":           "\"alliance\" or \"adversary\". Required.",
	"Side.budget":         "Points per turn at domestic support 50; required for an allied side, more than 0 and at most 1000. Ignored for adversaries.",
	"Side.support":        "Metric id of domestic support (a 0–100 metric): scales the budget by (50 + support)/100.",
	"Side.priorities":     "Threat id → weight (0 or more, at least one positive): how much this side cares about each threat, normalised to sum 1. Default: equal weights.",
	"Side.objective":      "Private objective, in words, reported at the end.",
	"Side.objective_when": "Condition under which the private objective counts as met, checked at the end. Needs objective." + condNames,
	"Side.policy":         "Default AI policy of an allied side: " + strings.Join(PolicyNames(), ", ") + ", or the path of a policy .toml file. Default balanced. Not allowed on an adversary.",
	"Side.actions":        "Adversary only: real moves per turn, 0 to 8. Default 1.",
	"Side.bluffs":         "Adversary only: bluffs signalled per turn, drawn from actions with bluff = true, 0 to 8. Default 0.",
	"Side.aim":            "Adversary only: how strongly moves seek the weakest defence, 0 to 5. Default 1.",

	"Metric":             "A scenario-defined measure, 0–100 unless min and max say otherwise.",
	"Metric.id":          "Metric id, used in effects and conditions: lower-case letters, digits and '_' (not '-', which means minus in conditions). Not a built-in metric (deterrence, capability, resolve, communication, escalation) nor turn, turns, final or rung. The id intel is the intelligence picture; cohesion is the default target of alignment and commitment shortfall. Required.",
	"Metric.name":        "Display name. Default: the id.",
	"Metric.description": "Longer explanation.",
	"Metric.category":    "What the metric is, for AI policies and displays: " + strings.Join(Categories, ", ") + ". Default other.",
	"Metric.good":        "\"high\" (default) or \"low\" for metrics where less is better, such as adversary gains. Sets the scorecard direction.",
	"Metric.min":         "Lower bound; values are clamped to it. Default 0; must be less than max.",
	"Metric.max":         "Upper bound; values are clamped to it. Default 100; must be greater than min.",
	"Metric.start":       "Value at turn 1, within [min, max]. Default 0: set it.",
	"Metric.baseline":    "Where decay pulls the metric, within [min, max]. Default: start.",
	"Metric.decay":       "Fraction of the gap to the baseline closed each turn, 0 to 1. Default 0.",

	"Component":          "One factor of deterrence, on a 0–1 scale.",
	"Component.start":    "Value at turn 1, 0 to 1. Default 0.",
	"Component.baseline": "Where decay pulls the factor, 0 to 1. Default: start.",
	"Component.decay":    "Fraction of the gap to the baseline closed each turn, 0 to 1. Default 0.",

	"Deterrence":               "Deterrence = 100 × capability × resolve × communication, derived each turn.",
	"Deterrence.capability":    "The forces and means to deny or punish (0–1).",
	"Deterrence.resolve":       "The will to use them (0–1).",
	"Deterrence.communication": "The adversary's belief in both, built by signals and exercises (0–1).",

	"Escalation":          "Risk of war, 0–100, read as five rungs of 20. Nothing ends the game at 100 by itself: add an end with when = \"escalation >= 100\".",
	"Escalation.start":    "Escalation at turn 1, 0 to 100. Default 0.",
	"Escalation.baseline": "Where escalation eases back to, 0 to 100. Default: start.",
	"Escalation.decay":    "Fraction of the gap to the baseline closed each turn, 0 to 1. Default 0.",
	"Escalation.rung":     "The five rungs, from the bottom up (Calm, Tension, Crisis, Confrontation, Brink): give exactly five or none.",

	"Rung":              "One band of 20 on the escalation ladder.",
	"Rung.name":         "Rung name. Default: Calm, Tension, Crisis, Confrontation, Brink.",
	"Rung.lock_levers":  "Lever ids no ally may use while escalation is in this band.",
	"Rung.lock_actions": "Action ids the adversary may not take or bluff while escalation is in this band.",

	"Commitment":           "The minimum visible commitment rule.",
	"Commitment.shortfall": "Metric id → change applied once per point an allied side falls short. Giving it replaces the default { resolve = -0.01, cohesion = -1 } (cohesion only if that metric exists).",
	"Commitment.disabled":  "true turns the minimum visible commitment off. Default false.",

	"Alignment":        "Alignment: each ally's allocation is scored against the other allies' threat priorities.",
	"Alignment.metric": "Metric moved by alignment (not deterrence). Default cohesion, when that metric exists.",
	"Alignment.gain":   "Change per turn at perfect (+gain) or no (−gain) alignment, 0 to 50; 0 turns alignment off. Default 2.",

	"Lever":             "A line of effort the allied sides put points into. It must have an effect, defend, serves or converge.",
	"Lever.id":          "Lever id. Required.",
	"Lever.name":        "Display name. Default: the id.",
	"Lever.description": "What the lever represents.",
	"Lever.cost":        "Budget per point, up to 100. Default 1 (0 also means 1).",
	"Lever.max":         fmt.Sprintf("Most points one side may put on it per turn, 1 to %d. Default 5 (0 also means 5).", MaxPoints),
	"Lever.sides":       "Allied side ids that may use it. Default: all allied sides.",
	"Lever.effect":      "Metric id → change per point, before diminishing returns and the joint multiplier. Not deterrence (move capability, resolve or communication).",
	"Lever.diminish":    "Each further point is worth this fraction of the previous one, 0 to 1. Default 1 (0 also means 1).",
	"Lever.delay":       fmt.Sprintf("Turns before the effect lands, 0 to %d; defend, serves and converge act at once. Default 0.", MaxDelay),
	"Lever.upkeep":      "Fraction of last turn's spend on this lever charged this turn before new spending, 0 to 1. Default 0.",
	"Lever.joint":       "Multiplier when two or more allies put points in this turn, 0 to 5. Default 1.",
	"Lever.solo":        "Multiplier when only one ally does, 0 to 5. Default 1.",
	"Lever.visible":     "Counts toward the minimum visible commitment, and allies see each other's points on it. Default true.",
	"Lever.defend":      "Domain id → defence per point against this turn's adversary moves.",
	"Lever.serves":      "Threat ids the lever serves, for alignment.",
	"Lever.converge":    "Per point, how far the allies' threat priorities move toward each other, 0 to 1. Default 0.",
	"Lever.requires":    "Condition: the lever can be used only while it holds. Default: always." + condNames,

	"Modifier":        "Multiplies an action's weight while its condition holds.",
	"Modifier.when":   "Condition under which the factor applies. Required." + condNames,
	"Modifier.factor": "Weight multiplier, 0 to 100; 0 switches the action off while when holds. Required.",

	"Action":             "A move in an adversary's playbook. It must have success or failure effects.",
	"Action.id":          "Action id. Required.",
	"Action.side":        "The adversary side that takes it. Default: the only adversary side; required when there are several.",
	"Action.name":        "Display name. Default: the id.",
	"Action.description": "Longer text.",
	"Action.signal":      "What the allies see when the move is signalled.",
	"Action.domain":      "Domain id the move is contested in. Required.",
	"Action.weight":      "Base weight in the adversary's draw, 0 to 1000. Default 1.",
	"Action.when":        "Condition: the action is available only while it holds. Default: always." + condNames,
	"Action.pressure":    "Strength against the alliance's defence in the domain, −100 to 100. Default 0.",
	"Action.success":     "Metric id → change if the move succeeds.",
	"Action.failure":     "Metric id → change if it fails.",
	"Action.modifier":    "Weight modifiers: [{ when = \"cohesion < 50\", factor = 1.5 }]. Several stack.",
	"Action.bluff":       "The action may also be shown as a bluff. Default false.",

	"Choice":        "One answer to an inject.",
	"Choice.id":     "Choice id, unique within the inject. Required.",
	"Choice.label":  "The words on the button. Required.",
	"Choice.text":   "What choosing it means.",
	"Choice.effect": "Metric id → change applied when this answer is chosen.",

	"Inject":         "An event. It needs a turn, a when or a chance.",
	"Inject.id":      "Inject id. Required.",
	"Inject.title":   "Headline. Default: the id.",
	"Inject.text":    "What happened.",
	"Inject.turn":    "Fires on this turn (1 to turns) if when also holds then; 0 for an unscheduled inject. Not together with chance. Default 0.",
	"Inject.when":    "Condition: the trigger, or an extra gate for turn and chance." + condNames,
	"Inject.chance":  "Probability per turn: makes the inject random (not with turn); 0 switches it off. Left out: not random.",
	"Inject.repeat":  "May fire again on later turns (a triggered or random inject; ignored beside turn). Default false.",
	"Inject.effect":  "Metric id → change applied when it fires.",
	"Inject.decider": "Allied side id that answers the choices. Needs choices. Default: the first allied side.",
	"Inject.choice":  fmt.Sprintf("Choices: none or 2 to %d. Without an answer the first applies, so put the status quo first.", MaxChoices),

	"End":         "An end condition and its verdict.",
	"End.id":      "End id (the verdict id in JSON output). Required.",
	"End.title":   "Verdict headline. Default: the id.",
	"End.text":    "Verdict explanation.",
	"End.when":    "Condition that ends the game when it holds after a turn. Leave it out on exactly one end: the verdict when the turns run out." + condNames,
	"End.success": "Whether this verdict is an allied success. Default false: write true on the good outcome (often the end without when), or every game is a loss.",
	"End.guard":   "A guard end (conflict, a split): a line play should rarely cross, so `lattice validate --play` does not require the games to reach it. Default false.",

	"Grade":            "A scorecard line: grades A to D of one metric, F below.",
	"Grade.metric":     "Metric id, built-ins included. Required.",
	"Grade.thresholds": "Four numbers: the least value for A, B, C and D, on the metric's own scale (0 to 1 for capability, resolve and communication). Descending for good-high metrics, ascending for good-low ones (escalation, good = \"low\"). Required.",

	"Difficulty":             "A named set of overrides.",
	"Difficulty.id":          "Level id, such as easy, normal or hard. Required.",
	"Difficulty.name":        "Display name.",
	"Difficulty.description": "What changes, in words.",
	"Difficulty.set":         "Key path → value, the paths `lattice run --set` and `lattice keys` use. Quote each key: { \"side.rival.actions\" = 2 }.",
}
