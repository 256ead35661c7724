package main

import (
	"context"

	"lattice/tui"
)

// cmdDefault is what a bare `lattice` does: open the interface with the
// scenario picker.
func cmdDefault(ctx context.Context, e *env) int {
	return playTUI(ctx, e, nil, tui.Options{Seed: 1})
}
