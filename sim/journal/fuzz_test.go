package journal

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzJournal feeds journals whose records are arbitrary but correctly
// sealed (the fuzzer varies the records' JSON; each line gets its right
// checksum, so reading goes past the envelope), and replays what reads:
// nothing may panic or hang, and a journal that verifies must replay the
// same way twice.
func FuzzJournal(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.jsonl")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		var bodies [][]byte
		for _, line := range bytes.Split(data, []byte("\n")) {
			if body, prob, _ := splitLine(line); prob == lineOK {
				bodies = append(bodies, body)
			}
		}
		f.Add(bytes.Join(bodies, []byte("\n")))
	}
	f.Fuzz(func(t *testing.T, records []byte) {
		if len(records) > 1<<20 {
			return
		}
		var sealed bytes.Buffer
		for _, body := range bytes.Split(records, []byte("\n")) {
			sealed.WriteString(envPrefix + checksum(body) + envMiddle)
			sealed.Write(body)
			sealed.WriteString("}\n")
		}
		j, _, err := parse("fuzz.jsonl", bufio.NewReader(bytes.NewReader(sealed.Bytes())), ReadOptions{})
		if err != nil {
			return
		}
		if len(j.Header.Source) > 1<<20 || len(j.Entries) > 2000 {
			return
		}
		res, err := Replay(j, Options{Verify: true})
		if err != nil {
			return
		}
		again, err := Replay(j, Options{Verify: true})
		if err != nil || again.Hash != res.Hash {
			t.Fatalf("a journal that verified replays differently the second time: %v", err)
		}
	})
}
