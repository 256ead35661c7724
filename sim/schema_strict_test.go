package sim_test

import (
	"testing"
)

// TestSchemaConditionalsOpen checks the shape Tombi's strict mode needs. In
// strict mode (Tombi's default) a table schema that leaves out
// additionalProperties is closed, and Tombi applies that to the parts of an
// if/then/else too: a side's `then`, which only adds rules to budget and
// bars actions, bluffs and aim, flagged every other key of every valid side
// ("In strict mode, `side[0]` does not allow "id" key"). So every schema
// with properties states additionalProperties, every conditional part says
// true (it only adds rules), and every key a conditional part names is one
// of its table's own properties, where additionalProperties = false keeps
// unknown keys out.
func TestSchemaConditionalsOpen(t *testing.T) {
	conditionals := 0
	var walk func(s any, p string)
	walk = func(s any, p string) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		if _, ok := m["properties"]; ok {
			if _, ok := m["additionalProperties"]; !ok {
				t.Errorf("%s: properties without additionalProperties (Tombi's strict mode reads it as false)", schemaLabel(p))
			}
		}
		own := schemaObject(m["properties"])
		for _, k := range []string{"if", "then", "else"} {
			sub, ok := m[k].(map[string]any)
			if !ok {
				continue
			}
			conditionals++
			if m["type"] == "number" { // a number's conditional parts (not 0 but rounding to 0) name no keys
				if _, ok := sub["properties"]; ok {
					t.Errorf("%s/%s: a number's conditional part names keys", schemaLabel(p), k)
				}
				continue
			}
			if sub["additionalProperties"] != true {
				t.Errorf("%s/%s: additionalProperties = %v, want true (a conditional part only adds rules; closed, Tombi's strict mode refuses every other key)",
					schemaLabel(p), k, sub["additionalProperties"])
			}
			for key := range schemaObject(sub["properties"]) {
				if _, ok := own[key]; !ok {
					t.Errorf("%s/%s names %q, which is not one of the table's properties", schemaLabel(p), k, key)
				}
			}
			for _, key := range schemaStrings(sub["required"]) {
				if _, ok := own[key]; !ok {
					t.Errorf("%s/%s requires %q, which is not one of the table's properties", schemaLabel(p), k, key)
				}
			}
			if m["additionalProperties"] != false {
				t.Errorf("%s: a table with conditional parts is not closed (additionalProperties = %v)", schemaLabel(p), m["additionalProperties"])
			}
			conditionalTablesOpen(t, sub, schemaLabel(p)+"/"+k)
		}
		for k, sub := range own {
			walk(sub, schemaJoin(p, k))
		}
		for _, k := range []string{"items", "additionalProperties"} {
			walk(m[k], p+"/"+k)
		}
	}
	walk(decodeSchema(t), "")
	if conditionals == 0 {
		t.Error("no if/then/else found: the side's team rules are gone, or the walk is wrong")
	}
}

// conditionalTablesOpen checks, inside a conditional part s at p, that
// every table schema says additionalProperties = true: a key's table
// named there to add a rule (a lever's effect with minProperties = 1)
// made Tombi's strict mode warn about every metric of every effect. A
// table schema is one with properties, minProperties or maxProperties;
// the nested conditional parts are checked the same way.
func conditionalTablesOpen(t *testing.T, s any, p string) {
	t.Helper()
	m, ok := s.(map[string]any)
	if !ok {
		return
	}
	for _, k := range []string{"properties", "minProperties", "maxProperties"} {
		if _, ok := m[k]; ok && m["additionalProperties"] != true {
			t.Errorf("%s: a table schema inside a conditional part says additionalProperties = %v, want true (Tombi's strict mode reads it as closed)", p, m["additionalProperties"])
			break
		}
	}
	for k, sub := range schemaObject(m["properties"]) {
		conditionalTablesOpen(t, sub, p+"."+k)
	}
	for _, k := range []string{"if", "then", "else", "items", "contains"} {
		conditionalTablesOpen(t, m[k], p+"/"+k)
	}
}
