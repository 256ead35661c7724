package sim_test

import (
	"os"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestSchemaAgreesWithLoader feeds each change to the tutorial to both the
// JSON Schema and Parse+Compile, and checks they agree: a rule of the
// loader that the schema can state (scheduled or random, an inject that
// never fires, an objective without its condition, a lever that does
// nothing, the one end without when) is refused by both, and a limit is
// checked on the number as written by both (decay = 1.00004 rounds to 1,
// but it is more than 1). The accepted cases are the edges of the same
// rules, so that a schema rule stricter than the loader fails too.
func TestSchemaAgreesWithLoader(t *testing.T) {
	schema := decodeSchema(t)
	data, err := os.ReadFile("../scenarios/tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	list := func(doc map[string]any, key string) []map[string]any { return doc[key].([]map[string]any) }
	side := func(d map[string]any, i int) map[string]any { return list(d, "side")[i] }
	lever := func(d map[string]any, i int) map[string]any { return list(d, "lever")[i] }
	inject := func(d map[string]any, i int) map[string]any { return list(d, "inject")[i] }
	end := func(d map[string]any, id string) map[string]any {
		for _, e := range list(d, "end") {
			if e["id"] == id {
				return e
			}
		}
		panic("no end " + id)
	}
	// The tutorial's consultation lever has converge and effect only.
	consultation := func(d map[string]any) map[string]any { return lever(d, 3) }
	tests := []struct {
		name   string
		change func(d map[string]any)
		loader string // in the loader's error; "" when both must accept
	}{
		// Scheduled or random, not both.
		{"turn and chance", func(d map[string]any) { inject(d, 0)["chance"] = 0.5 }, "scheduled (turn) or random (chance), not both"},
		{"turn and chance 0", func(d map[string]any) { inject(d, 0)["chance"] = int64(0) }, "not both"},
		{"turn 0 and chance", func(d map[string]any) { inject(d, 2)["turn"] = int64(0) }, ""},
		// An inject that never fires.
		{"no turn, when or chance", func(d map[string]any) { delete(inject(d, 2), "chance") }, "inject never fires"},
		{"turn 0 alone", func(d map[string]any) {
			delete(inject(d, 2), "chance")
			inject(d, 2)["turn"] = int64(0)
		}, "inject never fires"},
		{"turn 0 and a blank when", func(d map[string]any) {
			delete(inject(d, 2), "chance")
			inject(d, 2)["turn"] = int64(0)
			inject(d, 2)["when"] = " "
		}, "inject never fires"},
		{"when alone", func(d map[string]any) { delete(inject(d, 3), "chance") }, ""},
		{"turn and a blank when", func(d map[string]any) { inject(d, 0)["when"] = "" }, ""},
		// An allied side's objective needs its condition.
		{"objective without objective_when", func(d map[string]any) { delete(side(d, 0), "objective_when") }, "objective_when is required with objective"},
		{"objective with a blank objective_when", func(d map[string]any) { side(d, 0)["objective_when"] = " " }, "objective_when is required with objective"},
		{"adversary objective alone", func(d map[string]any) { side(d, 2)["objective"] = "Split them." }, ""},
		{"blank objective alone", func(d map[string]any) {
			delete(side(d, 0), "objective_when")
			side(d, 0)["objective"] = " "
		}, ""},
		// A lever must do something.
		{"lever with nothing", func(d map[string]any) {
			delete(consultation(d), "converge")
			delete(consultation(d), "effect")
		}, "lever does nothing"},
		{"lever with empty tables and converge 0", func(d map[string]any) {
			consultation(d)["converge"] = int64(0)
			consultation(d)["effect"] = map[string]any{}
			consultation(d)["defend"] = map[string]any{}
			consultation(d)["serves"] = []any{}
		}, "lever does nothing"},
		{"lever with converge only", func(d map[string]any) { delete(consultation(d), "effect") }, ""},
		{"lever with defend only", func(d map[string]any) {
			delete(consultation(d), "converge")
			delete(consultation(d), "effect")
			consultation(d)["defend"] = map[string]any{"air": 0.1}
		}, ""},
		{"lever with serves only", func(d map[string]any) {
			delete(consultation(d), "converge")
			delete(consultation(d), "effect")
			consultation(d)["serves"] = []any{"dprk"}
		}, ""},
		// Exactly one end leaves when out.
		{"an empty when beside the default end", func(d map[string]any) { end(d, "split")["when"] = "" }, "when is empty"},
		{"two ends without when", func(d map[string]any) { delete(end(d, "split"), "when") }, "only one end may leave out when"},
		{"no end without when", func(d map[string]any) { end(d, "held")["when"] = "cohesion > 90" }, "no end applies when the turns run out"},
		{"the default end's when empty", func(d map[string]any) { end(d, "held")["when"] = "" }, ""},
		// Limits are checked on the number as written.
		{"decay 1.00004", func(d map[string]any) { list(d, "metric")[0]["decay"] = 1.00004 }, "decay must be between 0 and 1"},
		{"decay -0.00004", func(d map[string]any) { list(d, "metric")[0]["decay"] = -0.00004 }, "decay must be between 0 and 1"},
		{"k 10.00004", func(d map[string]any) { list(d, "domain")[0]["k"] = 10.00004 }, "k must be between 0 and 10"},
		{"weight 1000.00004", func(d map[string]any) { list(d, "action")[0]["weight"] = 1000.00004 }, "weight must be between 0 and 1000"},
		{"budget 1000.00004", func(d map[string]any) { side(d, 0)["budget"] = 1000.00004 }, "budget of more than 0 and at most 1000"},
		{"factor 100.00004", func(d map[string]any) {
			list(d, "action")[0]["modifier"] = []map[string]any{{"when": "cohesion < 50", "factor": 100.00004}}
		}, "factor must be between 0 and 100"},
		{"chance 1.00004", func(d map[string]any) { inject(d, 2)["chance"] = 1.00004 }, "chance must be a probability between 0 and 1"},
		{"effect per point 100000.00004", func(d map[string]any) {
			consultation(d)["effect"].(map[string]any)["cohesion"] = 100000.00004
		}, "per point is too large"},
		// A value that is not 0 but rounds to 0 (numbers keep 4 decimals)
		// is refused by both; one that rounds to 0.0001 is not.
		{"effect 0.00004", func(d map[string]any) {
			consultation(d)["effect"].(map[string]any)["cohesion"] = 0.00004
		}, "rounds to 0"},
		{"effect -0.00004", func(d map[string]any) {
			consultation(d)["effect"].(map[string]any)["cohesion"] = -0.00004
		}, "rounds to 0"},
		{"effect 0.00005", func(d map[string]any) {
			consultation(d)["effect"].(map[string]any)["cohesion"] = 0.00005
		}, ""},
		{"effect -0.00005", func(d map[string]any) {
			consultation(d)["effect"].(map[string]any)["cohesion"] = -0.00005
		}, ""},
		{"defend 0.00004", func(d map[string]any) { lever(d, 0)["defend"].(map[string]any)["air"] = 0.00004 }, "rounds to 0"},
		{"success -0.00004", func(d map[string]any) {
			list(d, "action")[0]["success"].(map[string]any)["cohesion"] = -0.00004
		}, "rounds to 0"},
		{"inject effect 0.00004", func(d map[string]any) { inject(d, 0)["effect"] = map[string]any{"cohesion": 0.00004} }, "rounds to 0"},
		{"shortfall 0.00004", func(d map[string]any) {
			d["commitment"] = map[string]any{"shortfall": map[string]any{"cohesion": 0.00004}}
		}, "rounds to 0"},
		{"chance 0.00004", func(d map[string]any) { inject(d, 2)["chance"] = 0.00004 }, "rounds to 0"},
		{"diminish 0.00004", func(d map[string]any) { lever(d, 0)["diminish"] = 0.00004 }, "diminish must be between 0.0001 and 1"},
		{"diminish 0", func(d map[string]any) { lever(d, 0)["diminish"] = int64(0) }, ""},
		{"budget 0.00004", func(d map[string]any) { side(d, 0)["budget"] = 0.00004 }, "rounds to 0"},
		{"budget 0.00005", func(d map[string]any) { side(d, 0)["budget"] = 0.00005 }, ""},
		{"decay 1", func(d map[string]any) { list(d, "metric")[0]["decay"] = int64(1) }, ""},
		{"weight 1000", func(d map[string]any) { list(d, "action")[0]["weight"] = int64(1000) }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			if _, err := toml.Decode(string(data), &doc); err != nil {
				t.Fatal(err)
			}
			tc.change(doc)
			err := loadDoc(t, doc)
			errs := schemaValidate(schema, doc, "")
			switch {
			case tc.loader == "" && err != nil:
				t.Errorf("lattice refuses it, want it accepted: %v", err)
			case tc.loader != "" && (err == nil || !strings.Contains(err.Error(), tc.loader)):
				t.Errorf("lattice: %v, want an error containing %q", err, tc.loader)
			}
			switch {
			case tc.loader == "" && len(errs) > 0:
				t.Errorf("the schema refuses it, lattice accepts it:\n%s", strings.Join(errs, "\n"))
			case tc.loader != "" && len(errs) == 0:
				t.Errorf("lattice refuses it, the schema accepts it")
			}
		})
	}
}
