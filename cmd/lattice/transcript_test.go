package main

// Transcript tests: each file in testdata/transcripts holds one or more
// command lines with the exact stdout, stderr and exit status they give.
//
//	# Comments and blank lines before a command are kept by -update.
//	$ lattice run tutorial --seed 7
//	-- stdout --
//	...
//	-- stderr --
//	...
//	-- exit 0 --
//
// Every line between two markers belongs to the output (an output always
// ends in a newline, which the file does not repeat). Arguments are split on
// spaces; '...' and "..." quote; paths are relative to cmd/lattice. The Go
// version in the output is replaced by $GOVERSION. A mismatch is reported
// at the file and line of the first differing line.
//
// Run "go test ./cmd/lattice -run TestTranscripts -update" to rewrite every
// transcript from the current output; to add a case, write just its
// "$ lattice ..." line and run with -update.

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/transcripts/*.txt from the current output")

const (
	markStdout = "-- stdout --"
	markStderr = "-- stderr --"
	markExit   = "-- exit "
	cmdPrefix  = "$ lattice"
)

// tcase is one command of a transcript.
type tcase struct {
	pre     []string // comment and blank lines before the command
	cmdLine string   // the "$ lattice ..." line
	cmdAt   int      // its line number
	args    []string
	stdout  section
	stderr  section
	code    int
	codeAt  int // line number of the exit marker
}

// section is an expected output: its lines and where they are.
type section struct {
	lines []string
	at    int // line number of the first content line
	end   int // line number of the marker that ends the section
}

func (s section) text() string {
	if len(s.lines) == 0 {
		return ""
	}
	return strings.Join(s.lines, "\n") + "\n"
}

// transcript is a parsed file.
type transcript struct {
	file  string
	cases []*tcase
	tail  []string // lines after the last case
}

// parseTranscript parses a transcript file. If lenient, a command line
// may stand without its sections, for -update to fill in.
func parseTranscript(file, data string, lenient bool) (*transcript, error) {
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	tr := &transcript{file: file}
	var pre []string
	errAt := func(n int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", file, n, fmt.Sprintf(format, args...))
	}
	for i := 0; i < len(lines); {
		line := lines[i]
		if !strings.HasPrefix(line, cmdPrefix) {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
				return nil, errAt(i+1, "expected a comment, a blank line or %q, found %q", cmdPrefix+" ...", line)
			}
			pre = append(pre, line)
			i++
			continue
		}
		c := &tcase{pre: pre, cmdLine: line, cmdAt: i + 1}
		pre = nil
		rest := strings.TrimPrefix(line, cmdPrefix)
		if rest != "" && rest[0] != ' ' {
			return nil, errAt(i+1, "expected %q followed by arguments", cmdPrefix)
		}
		args, err := splitArgs(rest)
		if err != nil {
			return nil, errAt(i+1, "%v", err)
		}
		c.args = args
		i++
		// -- stdout --
		if i >= len(lines) || lines[i] != markStdout {
			if lenient {
				// A new command without its output yet: -update fills it in.
				c.stdout.at, c.stdout.end, c.stderr.at, c.stderr.end, c.codeAt = c.cmdAt, c.cmdAt, c.cmdAt, c.cmdAt, c.cmdAt
				tr.cases = append(tr.cases, c)
				continue
			}
			return nil, errAt(i+1, "expected %q after the command (run go test -update to fill in a new command's output)", markStdout)
		}
		i++
		c.stdout.at = i + 1
		for i < len(lines) && lines[i] != markStderr && !strings.HasPrefix(lines[i], markExit) {
			c.stdout.lines = append(c.stdout.lines, lines[i])
			i++
		}
		c.stdout.end = i + 1
		if i >= len(lines) || lines[i] != markStderr {
			return nil, errAt(i+1, "expected %q", markStderr)
		}
		i++
		c.stderr.at = i + 1
		for i < len(lines) && !strings.HasPrefix(lines[i], markExit) {
			c.stderr.lines = append(c.stderr.lines, lines[i])
			i++
		}
		c.stderr.end = i + 1
		if i >= len(lines) {
			return nil, errAt(i+1, "expected %q", markExit+"N --")
		}
		num, ok := strings.CutSuffix(strings.TrimPrefix(lines[i], markExit), " --")
		code, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, errAt(i+1, "expected %q, found %q", markExit+"N --", lines[i])
		}
		c.code, c.codeAt = code, i+1
		i++
		tr.cases = append(tr.cases, c)
	}
	tr.tail = pre
	if len(tr.cases) == 0 {
		return nil, fmt.Errorf("%s: no %q command in the file", file, cmdPrefix)
	}
	return tr, nil
}

// splitArgs splits a command line on spaces, honouring '...' and "..."
// quotes and backslash escapes outside single quotes.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\' && i+1 < len(rs):
			i++
			cur.WriteRune(rs[i])
			inArg = true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote = r
			inArg = true
		case r == ' ' || r == '\t':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote", quote)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// normalize replaces what legitimately varies between builds.
func normalize(s string) string {
	if runtime.GOOS == "windows" {
		// The files validate finds in a directory are named in the
		// system's own way there: testdata\scenarios\x.toml.
		s = strings.ReplaceAll(s, `testdata\scenarios\`, "testdata/scenarios/")
	}
	return strings.ReplaceAll(s, runtime.Version(), "$GOVERSION")
}

func (tr *transcript) format(results []result) string {
	var b strings.Builder
	for i, c := range tr.cases {
		for _, l := range c.pre {
			b.WriteString(l + "\n")
		}
		r := results[i]
		b.WriteString(c.cmdLine + "\n")
		b.WriteString(markStdout + "\n")
		b.WriteString(withNewline(r.stdout))
		b.WriteString(markStderr + "\n")
		b.WriteString(withNewline(r.stderr))
		fmt.Fprintf(&b, "%s%d --\n", markExit, r.code)
	}
	for _, l := range tr.tail {
		b.WriteString(l + "\n")
	}
	return b.String()
}

func withNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

// compare reports, at the file line of the first difference, where got
// differs from the expected section.
func compare(t *testing.T, file, what string, want section, got string) {
	t.Helper()
	if got != "" && !strings.HasSuffix(got, "\n") {
		t.Errorf("%s:%d: %s does not end in a newline", file, want.at, what)
		got += "\n"
	}
	if got == want.text() {
		return
	}
	gl := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if got == "" {
		gl = nil
	}
	for i := 0; ; i++ {
		switch {
		case i < len(want.lines) && i < len(gl):
			if want.lines[i] == gl[i] {
				continue
			}
			t.Errorf("%s:%d: %s differs:\n\twant: %q\n\tgot:  %q\n(run go test -update to accept the new output)", file, want.at+i, what, want.lines[i], gl[i])
		case i < len(want.lines):
			t.Errorf("%s:%d: %s ends early: missing %q and %d more lines\n(run go test -update to accept the new output)", file, want.at+i, what, want.lines[i], len(want.lines)-i-1)
		case i < len(gl):
			t.Errorf("%s:%d: %s has extra lines, first %q (%d in all)\n(run go test -update to accept the new output)", file, want.end, what, gl[i], len(gl)-i)
		}
		return
	}
}

func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "transcripts", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no transcripts in testdata/transcripts")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := parseTranscript(file, string(data), *update)
			if err != nil {
				t.Fatal(err)
			}
			results := make([]result, len(tr.cases))
			for i, c := range tr.cases {
				r := run(t, c.args...)
				r.stdout, r.stderr = normalize(r.stdout), normalize(r.stderr)
				results[i] = r
				checkStreams(t, fmt.Sprintf("%s:%d: %s", file, c.cmdAt, label(c.args)), r)
				for _, s := range []string{r.stdout, r.stderr} {
					for _, l := range strings.Split(s, "\n") {
						if l == markStdout || l == markStderr || strings.HasPrefix(l, markExit) || strings.HasPrefix(l, cmdPrefix) {
							t.Errorf("%s:%d: the output holds a line that reads as a transcript marker: %q", file, c.cmdAt, l)
						}
					}
				}
				if *update {
					continue
				}
				compare(t, file, "stdout", c.stdout, r.stdout)
				compare(t, file, "stderr", c.stderr, r.stderr)
				if r.code != c.code {
					t.Errorf("%s:%d: exit %d, want %d", file, c.codeAt, r.code, c.code)
				}
			}
			if *update {
				if out := tr.format(results); out != string(data) {
					if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
					t.Logf("updated %s", file)
				}
			}
		})
	}
}

// TestTranscriptParser checks the parser and the line numbers it reports.
func TestTranscriptParser(t *testing.T) {
	const data = `# a comment

$ lattice run 'a b' "c d" e\ f
-- stdout --
one

three
-- stderr --
-- exit 2 --
# second
$ lattice
-- stdout --
-- stderr --
err
-- exit 0 --
# tail
`
	tr, err := parseTranscript("x.txt", data, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.cases) != 2 {
		t.Fatalf("%d cases, want 2", len(tr.cases))
	}
	c := tr.cases[0]
	if got := strings.Join(c.args, "|"); got != "run|a b|c d|e f" {
		t.Errorf("args = %q", got)
	}
	if c.stdout.text() != "one\n\nthree\n" || c.stdout.at != 5 || c.stderr.text() != "" || c.code != 2 || c.codeAt != 9 || c.stdout.end != 8 {
		t.Errorf("first case = %+v", c)
	}
	if c := tr.cases[1]; len(c.args) != 0 || c.stdout.text() != "" || c.stderr.text() != "err\n" || c.stderr.at != 14 || c.code != 0 {
		t.Errorf("second case = %+v", c)
	}
	results := []result{
		{stdout: "one\n\nthree\n", code: 2},
		{stderr: "err\n", code: 0},
	}
	if out := tr.format(results); out != data {
		t.Errorf("format does not round-trip:\n%s", out)
	}
	// With -update, a bare command line is accepted and filled in.
	tr, err = parseTranscript("new.txt", "# new\n$ lattice version\n$ lattice help\n", true)
	if err != nil || len(tr.cases) != 2 || tr.cases[1].args[0] != "help" {
		t.Fatalf("lenient parse: %v %+v", err, tr)
	}
	want := "# new\n$ lattice version\n-- stdout --\nv\n-- stderr --\n-- exit 0 --\n$ lattice help\n-- stdout --\n-- stderr --\nh\n-- exit 2 --\n"
	if out := tr.format([]result{{stdout: "v\n"}, {stderr: "h\n", code: 2}}); out != want {
		t.Errorf("lenient format = %q, want %q", out, want)
	}
	if _, err := parseTranscript("new.txt", "$ lattice version\n", false); err == nil {
		t.Errorf("a bare command line parsed without -update")
	}
	for _, bad := range []string{
		"",
		"$ lattice x\n-- stderr --\n-- exit 0 --\n",
		"$ lattice x\n-- stdout --\n-- exit 0 --\n",
		"$ lattice x\n-- stdout --\n-- stderr --\n",
		"$ lattice x\n-- stdout --\n-- stderr --\n-- exit x --\n",
		"stray\n$ lattice x\n-- stdout --\n-- stderr --\n-- exit 0 --\n",
		"$ lattice 'x\n-- stdout --\n-- stderr --\n-- exit 0 --\n",
	} {
		if _, err := parseTranscript("bad.txt", bad, false); err == nil {
			t.Errorf("parseTranscript(%q) succeeded", bad)
		}
	}
}
