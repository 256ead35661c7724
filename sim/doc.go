// Package sim is the Lattice engine: it decodes and validates scenarios,
// compiles them, and plays games turn by turn with a provenance ledger that
// explains every change of every metric.
//
// The package is pure: no I/O beyond the fs.FS a caller hands to Load, no
// clock, no global random source, and no map iteration in adjudication.
// Every front end (the command line, the terminal interface, the batch
// runner, the classroom server, the tests) drives the same API:
//
//	s, err := sim.Load(fsys, "tutorial.toml")
//	c, err := sim.Compile(s)
//	g := sim.NewGame(c, seed)
//	b := g.Brief()       // injects fire, the adversary signals
//	r, err := g.Step(o)  // every side's orders in, a Result with the ledger out
//
// Numbers that are hashed or rolled are fixed-point (Fix), so a game gives
// the same state hash on every CPU architecture.
package sim

// EngineVersion identifies the rules. Journals record it; replaying a game
// under a different engine version is refused unless forced, since the same
// orders may then give different results.
const EngineVersion = "1"
