package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyFileNotRegular: a directory, or a file over 64 KiB, named as
// a policy is refused by what it is.
func TestPolicyFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "d.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	big := writeFile(t, dir, "big.toml", "# "+strings.Repeat("x", 70<<10)+"\n")
	for _, tt := range []struct{ pol, want string }{
		{filepath.Join(dir, "d.toml"), "d.toml: not a regular file (a directory): give a policy .toml file"},
		{big, "big.toml: over 64 KiB, the most a policy .toml file may hold"},
	} {
		for _, args := range [][]string{
			{"run", "tutorial", "--policy", "rok=" + tt.pol},
			{"batch", "tutorial", "--runs", "2", "--policy", "rok=" + tt.pol},
		} {
			r := run(t, args...)
			if r.code != exitInvalid || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("%s: want exit 1 and %q, got\n%s", strings.Join(args, " "), tt.want, r)
			}
		}
	}
}
