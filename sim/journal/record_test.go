package journal

import (
	"strings"
	"testing"
)

// TestRecordNotAnObject: a record that is a JSON array (or whose type is
// not a string) said "json: cannot unmarshal array into Go value of type
// struct { Type string "json:\"type\"" }"; it says what a record is.
func TestRecordNotAnObject(t *testing.T) {
	for body, want := range map[string]string{
		`[1,2]`:      `the record is a JSON array, not an object: a journal's record is a JSON object with its "type" ("header", "turn", …)`,
		`"turn"`:     `the record is a JSON string, not an object`,
		`{"type":3}`: `the record's type should be a string, not a JSON number`,
	} {
		_, err := decodeEntry([]byte(body))
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "Go ") {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}
