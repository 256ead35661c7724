package sim_test

import (
	"io/fs"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// FuzzLoad feeds arbitrary bytes to Parse and Compile: they must never
// panic or hang, every error must name the file, and a scenario that
// compiles must play to an end with its ledger summing.
func FuzzLoad(f *testing.F) {
	for _, id := range scenarios.IDs() {
		data, err := fs.ReadFile(scenarios.FS(), id+".toml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("format = 1\nid = \"x\"\ntitle = \"x\"\nturns = 2\n[[side]]\nid = \"a\"\nteam = \"alliance\"\nbudget = 3\n[[end]]\nid = \"e\"\n"))
	f.Add([]byte("[[lever]]\nid = 3\n"))
	f.Add([]byte("format = 1\n[[end]]\nwhen = \"turn >= (\"\n"))
	f.Add([]byte("format = 1\nalignment = [\"x\"]\n[[side]]\npriorities = [\"a\"]\n[[lever]]\nserves = { a = 1 }\n"))
	f.Add([]byte("format = 1\n[[lever]]\nid = \"l\"\nid = \"m\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := sim.Parse("fuzz.toml", data)
		if err != nil {
			checkErrors(t, err)
			return
		}
		c, err := sim.Compile(s)
		if err != nil {
			checkErrors(t, err)
			return
		}
		if c.Turns > 50 { // keep each input fast; the engine bounds turns at 1000
			return
		}
		pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
		if err != nil {
			return // a side names an unknown policy: reported at run time
		}
		for seed := uint64(1); seed <= 2; seed++ {
			play(t, c, seed, pols)
		}
	})
}

func checkErrors(t *testing.T, err error) {
	el, ok := err.(sim.ErrorList)
	if !ok {
		t.Fatalf("error is %T, not an ErrorList: %v", err, err)
	}
	if len(el) == 0 {
		t.Fatal("empty error list")
	}
	for _, e := range el {
		if !strings.HasPrefix(e.Error(), "fuzz.toml") {
			t.Fatalf("error does not name the file: %q", e.Error())
		}
		if strings.Contains(e.Error(), "internal error") {
			t.Fatalf("a recovered panic: %q", e.Error())
		}
	}
}

// FuzzStep plays the tutorial with arbitrary orders: invalid orders must be
// refused without changing the game, valid ones must keep every invariant.
func FuzzStep(f *testing.F) {
	f.Add(uint64(1), []byte{1, 2, 0, 3, 1, 0, 2, 1, 0, 0})
	f.Add(uint64(7), []byte{255, 0, 9, 9, 9})
	f.Add(uint64(3), []byte{})
	c := builtin(f, "tutorial")
	f.Fuzz(func(t *testing.T, seed uint64, data []byte) {
		g := sim.NewGame(c, seed)
		o := c.NewOrders()
		for turn := 0; !g.Over() && turn < c.Turns+1; turn++ {
			g.Brief()
			o.Clear()
			for i := range o.Points {
				if len(data) == 0 {
					break
				}
				o.Points[i] = int(int8(data[0])) % 8
				data = data[1:]
			}
			for i := range o.Choices {
				if len(data) == 0 {
					break
				}
				o.Choices[i] = int(int8(data[0])) % 4
				data = data[1:]
			}
			before := g.Hash()
			r, err := g.Step(o)
			if err != nil {
				if g.Hash() != before {
					t.Fatalf("refused orders changed the game: %v", err)
				}
				if g.Check(o) == nil {
					t.Fatalf("Step refused orders that Check accepts: %v", err)
				}
				o.Clear()
				if r, err = g.Step(o); err != nil {
					t.Fatalf("empty orders refused: %v", err)
				}
			}
			checkResult(t, c, &r)
		}
		if !g.Over() {
			t.Fatal("game did not end within its turns")
		}
	})
}
