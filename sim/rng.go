package sim

// Streams of random numbers, one per purpose, so that changing one side's
// policy never shifts the dice of injects or of action resolution: replicate
// r of two batch arms then sees the same inject and action dice (common
// random numbers).
const (
	streamAdversary = iota // the adversary doctrine's choice of moves and bluffs
	streamResolve          // success rolls of adversary actions
	streamInject           // random injects
	streamIntel            // whether intelligence sees through a signal
	numFixedStreams        // planning streams, one per side, follow
)

// rng is SplitMix64: one word of state, so a Game copies, clones and hashes
// it trivially, and the same seed gives the same numbers on every machine.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// roll returns a uniform Fix in [0, One).
func (r *rng) roll() Fix {
	return Fix((r.next() >> 32) * uint64(One) >> 32)
}

// intn returns a uniform integer in [0, n) for n > 0.
func (r *rng) intn(n int64) int64 {
	if n <= 0 {
		return 0
	}
	// Lemire's nearly-divisionless method would avoid the modulo; the bias
	// of a plain modulo of 64 random bits by a game-sized n is below 2^-40.
	return int64(r.next() % uint64(n))
}

// mix hashes two words into one (the SplitMix64 finaliser over their sum
// with a rotation), used to derive stream seeds and batch run seeds.
func mix(a, b uint64) uint64 {
	z := a ^ (b*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019 + (a << 6) + (a >> 2))
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// StreamSeed returns the seed of stream k of a game with the given run seed.
func StreamSeed(seed uint64, k int) uint64 { return mix(seed, uint64(k)+1) }

// RunSeed returns the seed of replicate r of a batch with the given master
// seed: the same in every arm, independent of workers and shards.
func RunSeed(master uint64, r int) uint64 { return mix(master^0x5bd1e995, uint64(r)) }
