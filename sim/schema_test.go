package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"lattice/sim"
)

// schemaFile is the committed copy of sim.Schema(), beside the built-in
// scenarios whose first line points at it.
const schemaFile = "../scenarios/lattice.schema.json"

// TestSchemaFile checks that scenarios/lattice.schema.json is exactly what
// sim.Schema() returns. Run "go test ./sim -run TestSchemaFile -update" to
// rewrite it after changing the format.
func TestSchemaFile(t *testing.T) {
	got := sim.Schema()
	if *update {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v (run go test ./sim -run TestSchemaFile -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from sim.Schema() (run go test ./sim -run TestSchemaFile -update)", schemaFile)
	}
}

// TestSchemaShape checks the document itself: deterministic, valid JSON
// ending in a newline, draft 2020-12 with an $id, a description for every
// key, every table closed to unknown keys, and only the keywords the
// validator below implements.
func TestSchemaShape(t *testing.T) {
	a, b := sim.Schema(), sim.Schema()
	if !bytes.Equal(a, b) {
		t.Fatal("Schema() is not deterministic")
	}
	if !bytes.HasSuffix(a, []byte("}\n")) {
		t.Error("Schema() does not end with a newline")
	}
	root := decodeSchema(t)
	for k, want := range map[string]string{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"$id":     sim.SchemaID,
		"type":    "object",
	} {
		if root[k] != want {
			t.Errorf("%s = %v, want %q", k, root[k], want)
		}
	}
	for _, k := range []string{"title", "description"} {
		if s, _ := root[k].(string); s == "" {
			t.Errorf("the schema has no %s", k)
		}
	}
	for _, k := range []string{"format", "id", "title", "turns"} {
		if !slices.Contains(schemaStrings(root["required"]), k) {
			t.Errorf("top-level %q is not required", k)
		}
	}
	walkSchema(t, root, "", false)
}

// walkSchema checks every subschema of s, at path p. Keys of tables must
// have a description, but for the conditional parts (if, then, else), which
// only add rules to keys described already.
func walkSchema(t *testing.T, s any, p string, conditional bool) {
	t.Helper()
	m, ok := s.(map[string]any)
	if !ok {
		// true only as a conditional part's additionalProperties (see
		// TestSchemaConditionalsOpen)
		if s != false && (s != true || !strings.HasSuffix(p, "/additionalProperties")) {
			t.Errorf("%s: schema is %v, want an object or false", schemaLabel(p), s)
		}
		return
	}
	for k := range m {
		if !supportedKeywords[k] {
			t.Errorf("%s: keyword %q is not one the test validator implements", schemaLabel(p), k)
		}
	}
	if m["type"] == "object" {
		if _, ok := m["additionalProperties"]; !ok {
			t.Errorf("%s: an object without additionalProperties accepts unknown keys", schemaLabel(p))
		}
	}
	for k, sub := range schemaObject(m["properties"]) {
		if sub, ok := sub.(map[string]any); ok && !conditional {
			if d, _ := sub["description"].(string); d == "" {
				t.Errorf("%s has no description (add it to schemaDocs in sim/schema.go)", schemaJoin(p, k))
			}
		}
		walkSchema(t, sub, schemaJoin(p, k), conditional)
	}
	for _, k := range []string{"items", "additionalProperties"} {
		if sub, ok := m[k]; ok {
			walkSchema(t, sub, p+"/"+k, conditional)
		}
	}
	for _, k := range []string{"if", "then", "else", "contains"} {
		if sub, ok := m[k]; ok {
			walkSchema(t, sub, p+"/"+k, true)
		}
	}
	if pat, ok := m["pattern"].(string); ok {
		if _, err := regexp.Compile(pat); err != nil {
			t.Errorf("%s: pattern %q: %v", schemaLabel(p), pat, err)
		}
	}
}

// TestSchemaAcceptsBuiltins checks that every built-in scenario, as TOML
// decodes it, validates against the schema. A scenario that does not yet
// compile (one being written) is skipped.
func TestSchemaAcceptsBuiltins(t *testing.T) {
	schema := decodeSchema(t)
	files, err := filepath.Glob("../scenarios/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no built-in scenarios found: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := sim.Parse(f, data)
		if err == nil {
			_, err = sim.Compile(s)
		}
		if err != nil {
			t.Logf("%s: skipped, it does not compile: %v", f, err)
			continue
		}
		var doc map[string]any
		if _, err := toml.Decode(string(data), &doc); err != nil {
			t.Fatal(err)
		}
		for _, e := range schemaValidate(schema, doc, "") {
			t.Errorf("%s: %s", f, e)
		}
	}
}

// TestSchemaRejects checks that the schema refuses what lattice refuses:
// each change to the tutorial makes it fail both the schema and
// Parse+Compile.
func TestSchemaRejects(t *testing.T) {
	schema := decodeSchema(t)
	data, err := os.ReadFile("../scenarios/tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	first := func(doc map[string]any, key string) map[string]any { return doc[key].([]map[string]any)[0] }
	tests := []struct {
		name   string
		change func(doc map[string]any)
		want   string // in one of the schema errors
	}{
		{"unknown top-level key", func(d map[string]any) { d["turn"] = int64(5) }, `turn: unknown key`},
		{"unknown key in a lever", func(d map[string]any) { first(d, "lever")["costs"] = int64(2) }, `lever[0].costs: unknown key`},
		{"unknown key in a table", func(d map[string]any) { d["escalation"].(map[string]any)["decays"] = 0.1 }, `escalation.decays: unknown key`},
		{"unknown key in a choice", func(d map[string]any) {
			d["inject"].([]map[string]any)[1]["choice"].([]map[string]any)[0]["effects"] = map[string]any{}
		}, `inject[1].choice[0].effects: unknown key`},
		{"missing format", func(d map[string]any) { delete(d, "format") }, `missing required key "format"`},
		{"missing turns", func(d map[string]any) { delete(d, "turns") }, `missing required key "turns"`},
		{"format 2", func(d map[string]any) { d["format"] = int64(2) }, `format: 2 is not one of`},
		{"turns 0", func(d map[string]any) { d["turns"] = int64(0) }, `turns: 0 is less than the minimum 1`},
		{"turns as float", func(d map[string]any) { d["turns"] = 5.5 }, `turns: 5.5 is not of type integer`},
		{"turns as string", func(d map[string]any) { d["turns"] = "5" }, `turns: "5" is not of type integer`},
		{"bad id", func(d map[string]any) { d["id"] = "Tutorial" }, `id: "Tutorial" does not match`},
		{"blank title", func(d map[string]any) { d["title"] = "  " }, `title: "  " does not match`},
		{"bad team", func(d map[string]any) { first(d, "side")["team"] = "allies" }, `side[0].team: "allies" is not one of`},
		{"missing team", func(d map[string]any) { delete(first(d, "side"), "team") }, `missing required key "team"`},
		{"allied side without budget", func(d map[string]any) { delete(first(d, "side"), "budget") }, `missing required key "budget"`},
		{"allied budget 0", func(d map[string]any) { first(d, "side")["budget"] = int64(0) }, `side[0].budget: 0 is less than the minimum 5e-05`},
		{"allied side with doctrine", func(d map[string]any) { first(d, "side")["bluffs"] = int64(1) }, `side[0].bluffs: not allowed`},
		{"adversary with policy", func(d map[string]any) { d["side"].([]map[string]any)[2]["policy"] = "balanced" }, `side[2].policy: not allowed`},
		{"adversary actions 9", func(d map[string]any) { d["side"].([]map[string]any)[2]["actions"] = int64(9) }, `side[2].actions: 9 is more than the maximum 8`},
		{"negative priority", func(d map[string]any) { first(d, "side")["priorities"].(map[string]any)["dprk"] = -1.0 }, `side[0].priorities.dprk: -1 is less than the minimum 0`},
		{"objective_when without objective", func(d map[string]any) { delete(first(d, "side"), "objective") }, `objective_when needs "objective"`},
		{"bad category", func(d map[string]any) { first(d, "metric")["category"] = "cohesion" }, `metric[0].category: "cohesion" is not one of`},
		{"bad good", func(d map[string]any) { first(d, "metric")["good"] = "down" }, `metric[0].good: "down" is not one of`},
		{"metric id with a hyphen", func(d map[string]any) { first(d, "metric")["id"] = "co-hesion" }, `metric[0].id: "co-hesion" does not match`},
		{"metric without id", func(d map[string]any) { delete(first(d, "metric"), "id") }, `missing required key "id"`},
		{"decay 2", func(d map[string]any) { first(d, "metric")["decay"] = int64(2) }, `metric[0].decay: 2 is more than the maximum 1`},
		{"factor start 1.5", func(d map[string]any) {
			d["deterrence"].(map[string]any)["resolve"].(map[string]any)["start"] = 1.5
		}, `deterrence.resolve.start: 1.5 is more than the maximum 1`},
		{"four rungs", func(d map[string]any) {
			e := d["escalation"].(map[string]any)
			e["rung"] = e["rung"].([]map[string]any)[:4]
		}, `escalation.rung: 4 items, fewer than 5`},
		{"lever max 101", func(d map[string]any) { first(d, "lever")["max"] = int64(101) }, `lever[0].max: 101 is more than the maximum 100`},
		{"lever delay 9", func(d map[string]any) { first(d, "lever")["delay"] = int64(9) }, `lever[0].delay: 9 is more than the maximum 8`},
		{"effect as a number", func(d map[string]any) { first(d, "lever")["effect"] = 1.0 }, `lever[0].effect: 1 is not of type object`},
		{"effect value a string", func(d map[string]any) {
			first(d, "lever")["effect"].(map[string]any)["capability"] = "0.02"
		}, `lever[0].effect.capability: "0.02" is not of type number`},
		{"serves as a string", func(d map[string]any) { first(d, "lever")["serves"] = "dprk" }, `lever[0].serves: "dprk" is not of type array`},
		{"action without domain", func(d map[string]any) { delete(first(d, "action"), "domain") }, `missing required key "domain"`},
		{"pressure 200", func(d map[string]any) { first(d, "action")["pressure"] = int64(200) }, `action[0].pressure: 200 is more than the maximum 100`},
		{"modifier without factor", func(d map[string]any) {
			first(d, "action")["modifier"] = []map[string]any{{"when": "cohesion < 50"}}
		}, `missing required key "factor"`},
		{"modifier with a blank when", func(d map[string]any) {
			first(d, "action")["modifier"] = []map[string]any{{"when": " ", "factor": 2.0}}
		}, `action[0].modifier[0].when: " " does not match`},
		{"effect per point 1e6", func(d map[string]any) {
			first(d, "lever")["effect"].(map[string]any)["capability"] = 1e6
		}, `lever[0].effect.capability: 1e+06 is more than the maximum 100000`},
		{"defend per point -1e6", func(d map[string]any) { first(d, "lever")["defend"] = map[string]any{"maritime": -1e6} }, `lever[0].defend.maritime: -1e+06 is less than the minimum -100000`},
		{"chance 2", func(d map[string]any) { first(d, "inject")["chance"] = int64(2) }, `inject[0].chance: 2 is more than the maximum 1`},
		{"one choice", func(d map[string]any) {
			in := d["inject"].([]map[string]any)[1]
			in["choice"] = in["choice"].([]map[string]any)[:1]
		}, `inject[1].choice: 1 items, fewer than 2`},
		{"decider without choices", func(d map[string]any) { first(d, "inject")["decider"] = "us" }, `decider needs "choice"`},
		{"choice without label", func(d map[string]any) {
			delete(d["inject"].([]map[string]any)[1]["choice"].([]map[string]any)[0], "label")
		}, `missing required key "label"`},
		{"three thresholds", func(d map[string]any) { first(d, "score")["thresholds"] = []any{40.0, 30.0, 20.0} }, `score[0].thresholds: 3 items, fewer than 4`},
		{"no ends", func(d map[string]any) { delete(d, "end") }, `missing required key "end"`},
		{"set value a table", func(d map[string]any) {
			first(d, "difficulty")["set"] = map[string]any{"side": map[string]any{"prc": map[string]any{"bluffs": int64(0)}}}
		}, `difficulty[0].set.side: {`},
		{"debrief as a string", func(d map[string]any) { d["debrief"] = "Why?" }, `debrief: "Why?" is not of type array`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			if _, err := toml.Decode(string(data), &doc); err != nil {
				t.Fatal(err)
			}
			if errs := schemaValidate(schema, doc, ""); len(errs) > 0 {
				t.Fatalf("the tutorial does not validate: %v", errs)
			}
			tc.change(doc)
			errs := schemaValidate(schema, doc, "")
			if len(errs) == 0 {
				t.Fatalf("the schema accepts it")
			}
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
				t.Errorf("no schema error contains %q:\n%s", tc.want, strings.Join(errs, "\n"))
			}
			// lattice must refuse it too: the schema may not be stricter
			// than the engine.
			if err := loadDoc(t, doc); err == nil {
				t.Errorf("the schema refuses it but lattice accepts it")
			}
		})
	}
}

// loadDoc writes doc, a scenario as TOML decodes it, back to TOML, and
// returns what Parse and Compile say of it.
func loadDoc(t *testing.T, doc map[string]any) error {
	t.Helper()
	var buf bytes.Buffer
	if err := toml.NewEncoder(&buf).Encode(doc); err != nil {
		t.Fatal(err)
	}
	s, err := sim.Parse("changed.toml", buf.Bytes())
	if err == nil {
		_, err = sim.Compile(s)
	}
	return err
}

// TestSchemaValidator checks the test's own validator on small cases.
func TestSchemaValidator(t *testing.T) {
	schema := map[string]any{
		"type":                 "object",
		"required":             []any{"n"},
		"additionalProperties": false,
		"properties": map[string]any{
			"n": map[string]any{"type": "integer", "minimum": 1.0, "maximum": 3.0},
			"s": map[string]any{"type": []any{"string", "boolean"}, "enum": []any{"a", true}},
			"a": map[string]any{"type": "array", "items": map[string]any{"type": "number"}, "maxItems": 2.0},
			"o": map[string]any{"type": "object", "minProperties": 1.0, "additionalProperties": true},
			"c": map[string]any{"type": "array", "contains": map[string]any{"const": "a"}, "maxContains": 1.0},
		},
	}
	for _, tc := range []struct {
		doc  map[string]any
		errs int
	}{
		{map[string]any{"n": int64(2)}, 0},
		{map[string]any{"n": 2.0}, 0},
		{map[string]any{"n": 2.5}, 1},
		{map[string]any{"n": int64(4)}, 1},
		{map[string]any{}, 1},
		{map[string]any{"n": int64(1), "x": 1.0}, 1},
		{map[string]any{"n": int64(1), "s": "a"}, 0},
		{map[string]any{"n": int64(1), "s": true}, 0},
		{map[string]any{"n": int64(1), "s": "b"}, 1},
		{map[string]any{"n": int64(1), "s": int64(1)}, 1},
		{map[string]any{"n": int64(1), "a": []any{1.0, int64(2)}}, 0},
		{map[string]any{"n": int64(1), "a": []any{1.0, "x"}}, 1},
		{map[string]any{"n": int64(1), "a": []any{1.0, 2.0, 3.0}}, 1},
		{map[string]any{"n": int64(1), "o": map[string]any{}}, 1},
		{map[string]any{"n": int64(1), "o": map[string]any{"x": 1.0}}, 0},
		{map[string]any{"n": int64(1), "c": []any{"a", "b"}}, 0},
		{map[string]any{"n": int64(1), "c": []any{"b", "b"}}, 1},
		{map[string]any{"n": int64(1), "c": []any{"a", "a"}}, 1},
	} {
		if errs := schemaValidate(schema, tc.doc, ""); len(errs) != tc.errs {
			t.Errorf("%v: %d errors %v, want %d", tc.doc, len(errs), errs, tc.errs)
		}
	}
}

func decodeSchema(t *testing.T) map[string]any {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(sim.Schema(), &root); err != nil {
		t.Fatalf("Schema() is not valid JSON: %v", err)
	}
	return root
}

// supportedKeywords are the JSON Schema keywords sim.Schema may use: the
// ones validate implements, and annotations.
var supportedKeywords = map[string]bool{
	"$schema": true, "$id": true, "title": true, "description": true,
	"type": true, "enum": true, "const": true,
	"properties": true, "additionalProperties": true, "required": true, "dependentRequired": true, "maxProperties": true, "minProperties": true,
	"items": true, "minItems": true, "maxItems": true, "contains": true, "minContains": true, "maxContains": true,
	"minimum": true, "maximum": true, "exclusiveMinimum": true,
	"pattern": true, "minLength": true,
	"if": true, "then": true, "else": true,
}

// validate checks value v (as BurntSushi/toml decodes it into any) against
// schema s, for the subset of JSON Schema 2020-12 in supportedKeywords. It
// returns one message per failure, each starting with the key path.
func schemaValidate(s any, v any, p string) []string {
	if b, ok := s.(bool); ok {
		if b {
			return nil
		}
		return []string{schemaLabel(p) + ": not allowed"}
	}
	m := s.(map[string]any)
	var errs []string
	fail := func(format string, args ...any) {
		errs = append(errs, schemaLabel(p)+": "+fmt.Sprintf(format, args...))
	}
	if t, ok := m["type"]; ok {
		types := schemaStrings(t)
		if !slices.ContainsFunc(types, func(t string) bool { return schemaHasType(v, t) }) {
			fail("%s is not of type %s", schemaShow(v), strings.Join(types, " or "))
			return errs // the other keywords assume the type
		}
	}
	if e, ok := m["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return schemaEqual(x, v) }) {
		fail("%s is not one of %v", schemaShow(v), e)
	}
	if c, ok := m["const"]; ok && !schemaEqual(c, v) {
		fail("%s is not %v", schemaShow(v), c)
	}
	if n, ok := schemaNumber(v); ok {
		if lo, ok := m["minimum"].(float64); ok && n < lo {
			fail("%s is less than the minimum %g", schemaShow(v), lo)
		}
		if hi, ok := m["maximum"].(float64); ok && n > hi {
			fail("%s is more than the maximum %g", schemaShow(v), hi)
		}
		if lo, ok := m["exclusiveMinimum"].(float64); ok && n <= lo {
			fail("%s is not more than %g", schemaShow(v), lo)
		}
	}
	if str, ok := v.(string); ok {
		if pat, ok := m["pattern"].(string); ok && !regexp.MustCompile(pat).MatchString(str) {
			fail("%s does not match %s", schemaShow(v), pat)
		}
		if n, ok := m["minLength"].(float64); ok && float64(len([]rune(str))) < n {
			fail("%s is shorter than %g", schemaShow(v), n)
		}
	}
	if items, ok := schemaList(v); ok {
		if n, ok := m["minItems"].(float64); ok && float64(len(items)) < n {
			fail("%d items, fewer than %g", len(items), n)
		}
		if n, ok := m["maxItems"].(float64); ok && float64(len(items)) > n {
			fail("%d items, more than %g", len(items), n)
		}
		if sub, ok := m["items"]; ok {
			for i, it := range items {
				errs = append(errs, schemaValidate(sub, it, fmt.Sprintf("%s[%d]", p, i))...)
			}
		}
		if sub, ok := m["contains"]; ok {
			n := 0
			for i, it := range items {
				if len(schemaValidate(sub, it, fmt.Sprintf("%s[%d]", p, i))) == 0 {
					n++
				}
			}
			lo, hi := 1.0, math.Inf(1)
			if x, ok := m["minContains"].(float64); ok {
				lo = x
			}
			if x, ok := m["maxContains"].(float64); ok {
				hi = x
			}
			if float64(n) < lo {
				fail("%d items match contains, fewer than %g", n, lo)
			}
			if float64(n) > hi {
				fail("%d items match contains, more than %g", n, hi)
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		for _, k := range schemaStrings(m["required"]) {
			if _, ok := obj[k]; !ok {
				fail("missing required key %q", k)
			}
		}
		for k, deps := range schemaObject(m["dependentRequired"]) {
			if _, ok := obj[k]; ok {
				for _, d := range schemaStrings(deps) {
					if _, ok := obj[d]; !ok {
						fail("%s needs %q", k, d)
					}
				}
			}
		}
		if n, ok := m["maxProperties"].(float64); ok && float64(len(obj)) > n {
			fail("%d keys, more than %g", len(obj), n)
		}
		if n, ok := m["minProperties"].(float64); ok && float64(len(obj)) < n {
			fail("%d keys, fewer than %g", len(obj), n)
		}
		props := schemaObject(m["properties"])
		for _, k := range schemaSortedKeys(obj) {
			if sub, ok := props[k]; ok {
				errs = append(errs, schemaValidate(sub, obj[k], schemaJoin(p, k))...)
			} else if ap, ok := m["additionalProperties"]; ok {
				if ap == false {
					errs = append(errs, schemaLabel(schemaJoin(p, k))+": unknown key")
				} else {
					errs = append(errs, schemaValidate(ap, obj[k], schemaJoin(p, k))...)
				}
			}
		}
	}
	if cond, ok := m["if"]; ok {
		if len(schemaValidate(cond, v, p)) == 0 {
			if then, ok := m["then"]; ok {
				errs = append(errs, schemaValidate(then, v, p)...)
			}
		} else if els, ok := m["else"]; ok {
			errs = append(errs, schemaValidate(els, v, p)...)
		}
	}
	return errs
}

// hasType reports whether v is of JSON Schema type t. TOML integers decode
// as int64 and floats as float64; a float with no fraction is an integer.
func schemaHasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := schemaList(v)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := schemaNumber(v)
		return ok
	case "integer":
		n, ok := schemaNumber(v)
		return ok && n == math.Trunc(n)
	}
	return false
}

func schemaNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func schemaList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []map[string]any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = x[i]
		}
		return out, true
	}
	return nil, false
}

func schemaEqual(a, b any) bool {
	if x, ok := schemaNumber(a); ok {
		y, ok := schemaNumber(b)
		return ok && x == y
	}
	return a == b
}

func schemaStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func schemaObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func schemaSortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func schemaJoin(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

func schemaLabel(p string) string {
	if p == "" {
		return "(top level)"
	}
	return p
}

func schemaShow(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	if n, ok := schemaNumber(v); ok {
		return fmt.Sprintf("%g", n)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSchemaRefusesWhatTheLoaderRefuses changes every value of the
// tutorial in turn to one of another type, and adds an unknown key to
// every table: whatever the loader refuses when it decodes (an unknown key
// or a wrong type), the schema must refuse too, so that an editor flags it
// as lattice validate does.
func TestSchemaRefusesWhatTheLoaderRefuses(t *testing.T) {
	schema := decodeSchema(t)
	data, err := os.ReadFile("../scenarios/tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	decode := func() map[string]any {
		var doc map[string]any
		if _, err := toml.Decode(string(data), &doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	// The paths to every value, as steps into maps (string) and slices (int).
	var paths [][]any
	var walk func(v any, p []any)
	walk = func(v any, p []any) {
		if len(p) > 0 {
			paths = append(paths, slices.Clone(p))
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(func(yield func(string) bool) {
				for k := range x {
					if !yield(k) {
						return
					}
				}
			}) {
				walk(x[k], append(p, k))
			}
		case []map[string]any:
			for i, m := range x {
				walk(m, append(p, i))
			}
		case []any:
			for i, e := range x {
				walk(e, append(p, i))
			}
		}
	}
	walk(decode(), nil)
	// set replaces the value at p with f of it.
	set := func(doc map[string]any, p []any, f func(old any) any) {
		var cur any = doc
		for i, step := range p {
			last := i == len(p)-1
			switch c := cur.(type) {
			case map[string]any:
				if last {
					c[step.(string)] = f(c[step.(string)])
					return
				}
				cur = c[step.(string)]
			case []map[string]any:
				if last {
					m, ok := f(c[step.(int)]).(map[string]any)
					if !ok {
						return // an entry of an array of tables stays a table
					}
					c[step.(int)] = m
					return
				}
				cur = c[step.(int)]
			case []any:
				if last {
					c[step.(int)] = f(c[step.(int)])
					return
				}
				cur = c[step.(int)]
			}
		}
	}
	other := func(old any) any {
		switch old.(type) {
		case string:
			return int64(7)
		case map[string]any:
			return "x"
		default:
			return "x"
		}
	}
	name := func(p []any) string {
		var b strings.Builder
		for _, s := range p {
			fmt.Fprintf(&b, "/%v", s)
		}
		return b.String()
	}
	refused := 0
	check := func(what string, doc map[string]any) {
		var buf bytes.Buffer
		if err := toml.NewEncoder(&buf).Encode(doc); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if _, err := sim.Parse("changed.toml", buf.Bytes()); err == nil {
			return // the loader reads it: not a case for this test
		}
		refused++
		if errs := schemaValidate(schema, doc, ""); len(errs) == 0 {
			_, err := sim.Parse("changed.toml", buf.Bytes())
			t.Errorf("%s: lattice refuses it (%v), the schema accepts it", what, err)
		}
	}
	for _, p := range paths {
		doc := decode()
		set(doc, p, other)
		check("a value of another type at "+name(p), doc)
		doc = decode()
		set(doc, p, func(old any) any {
			if m, ok := old.(map[string]any); ok {
				m["zzz_unknown"] = int64(1)
			}
			return old
		})
		check("an unknown key in "+name(p), doc)
	}
	doc := decode()
	doc["zzz_unknown"] = int64(1)
	check("an unknown key at the top level", doc)
	if refused < len(paths) {
		t.Errorf("lattice refused only %d of the %d changes: the test checks too little", refused, 2*len(paths)+1)
	}
}
