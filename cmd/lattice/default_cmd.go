package main

import (
	"context"
	"fmt"
)

// cmdDefault is what a bare `lattice` does: until the terminal interface
// lands, it introduces the game and lists the built-in scenarios.
func cmdDefault(ctx context.Context, e *env) int {
	fmt.Fprint(e.stdout, `Lattice — a terminal wargame about alliance strategy.
A teaching and exploration tool, not a forecast.

`)
	if code := cmdScenarios(ctx, e, nil); code != exitOK {
		return code
	}
	fmt.Fprint(e.stdout, `
Try:  lattice run tutorial            play the tutorial headless, every number explained
      lattice run tutorial --format json
      lattice validate my-scenario.toml
      lattice help                    all commands
`)
	return exitOK
}
