package sim

// Reseed gives the game fresh dice: it sets the run seed to seed and
// re-derives every random stream from it (StreamSeed(seed, k) for each
// stream k, as NewGame does), leaving the rest of the state — turn, phase,
// metrics, pending effects, signals, plans — as it is. A reseeded game
// continues from the same state with different dice. The seed is part of
// the state, so Hash changes accordingly; reseeding a game that has not
// played a turn gives exactly NewGame(c, seed).
//
// Monte Carlo continuations from one position clone the game once per
// replicate and reseed each clone with its own seed.
func (g *Game) Reseed(seed uint64) {
	g.st.seed = seed
	for k := range g.st.rng {
		g.st.rng[k] = rng{StreamSeed(seed, k)}
	}
}
