package sim

import (
	"strings"
	"testing"
)

// TestParsePolicyWrongTypeNamesTheKey: a value of the wrong type said
// "toml: line 3 (last key "deterrence"): incompatible types: TOML value
// has type string; destination has type float", with no column and in the
// decoder's words.
func TestParsePolicyWrongTypeNamesTheKey(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"name = \"hawk\"\n\n  deterrence = \"3\"\n", `hawk.toml:3:3: deterrence must be a number, not a string`},
		{"name = 3\n", `hawk.toml:1:1: name must be a string in quotes, not a whole number`},
		{"minimum_only = 1\n", `hawk.toml:1:1: minimum_only must be true or false, not a whole number`},
		{"spend = [1]\n", `hawk.toml:1:1: spend must be a number, not an array`},
	} {
		_, err := ParsePolicy("hawk.toml", []byte(tc.text))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %s", tc.text, err, tc.want)
		}
	}
}

// TestParsePolicyNotABuiltinsName: a policy file named "balanced" played
// its own weights but was shown as the built-in balanced (run, replay and
// report); its name key is refused, and a file called balanced.toml is
// named with its .toml.
func TestParsePolicyNotABuiltinsName(t *testing.T) {
	for _, name := range PolicyNames() {
		_, err := ParsePolicy("shadow.toml", []byte("deterrence = 3\nname = \""+name+"\"\n"))
		if want := `shadow.toml:2:1: name "` + name + `" is a built-in policy's`; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("name = %q: %v, want %s…", name, err, want)
		}
	}
	p, err := ParsePolicy("dir/balanced.toml", []byte("deterrence = 3\n"))
	if err != nil || p.Name() != "balanced.toml" {
		t.Errorf("balanced.toml without a name: %v, %v; want it named balanced.toml", p, err)
	}
	p, err = ParsePolicy("dir/hawk.toml", []byte("deterrence = 3\n"))
	if err != nil || p.Name() != "hawk" {
		t.Errorf("hawk.toml without a name: %v, %v; want it named hawk", p, err)
	}
}
