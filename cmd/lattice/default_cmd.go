package main

import "context"

// cmdDefault is what a bare `lattice` does: exactly `lattice play` with no
// arguments, the scenario picker (a random seed for each new game, the
// White-cell PIN at a hotseat). It had its own options, and so played every
// game on seed 1 and opened the White-cell console without a PIN.
func cmdDefault(ctx context.Context, e *env) int {
	return cmdPlay(ctx, e, nil)
}
