// Command winefilter reads `go tool test2json` events of a Windows test
// binary run under Wine (from stdin) and says which tests failed. Wine 8
// lacks FileDispositionInformationEx, which Go 1.26's os.RemoveAll uses on
// Windows (real Windows 10 1607 and later has it), so every test that
// made a t.TempDir fails its cleanup with "unlinkat …: Invalid
// function." A test whose only words are such lines passed; one whose
// only other word is the pseudo-terminal helper's skip was skipped. Any
// other word in a failed test is a failure, which is why the tests say
// nothing when they pass. It prints each failure with its output and a
// count, and exits 1 if there was one or if no test ran.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type event struct {
	Action, Test, Output string
}

// wineCleanup is a line of t.TempDir's cleanup failing under Wine.
func wineCleanup(l string) bool {
	return strings.Contains(l, "TempDir RemoveAll cleanup: unlinkat ") && strings.Contains(l, "Invalid function.")
}

func main() {
	words := map[string][]string{}
	var failed []string
	ran := 0
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		if e.Test == "" {
			if e.Action == "output" && strings.HasPrefix(e.Output, "panic:") {
				fmt.Print(e.Output)
				failed = append(failed, "(the test binary panicked)")
				words["(the test binary panicked)"] = []string{e.Output}
			}
			continue
		}
		switch e.Action {
		case "output":
			l := strings.TrimSpace(e.Output)
			if l == "" || wineCleanup(l) || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") {
				continue
			}
			words[e.Test] = append(words[e.Test], e.Output)
		case "pass", "skip":
			ran++
		case "fail":
			ran++
			failed = append(failed, e.Test)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "winefilter:", err)
		os.Exit(1)
	}
	real, cleanup := 0, 0
	for _, t := range failed {
		w := words[t]
		switch {
		case len(w) == 0:
			cleanup++
		case len(w) == 1 && strings.Contains(w[0], "no pseudo-terminal"):
			cleanup++ // skipped, then its cleanup failed
		default:
			// A parent fails with its subtests; only its own words count.
			real++
			fmt.Printf("FAIL %s\n%s", t, strings.Join(w, ""))
		}
	}
	fmt.Printf("%d tests ran, %d failed (%d failed only Wine's t.TempDir cleanup, and passed)\n", ran, real, cleanup)
	if real > 0 || ran == 0 {
		os.Exit(1)
	}
}
