package sim_test

import "testing"

// A difficulty level that sets a key to the value the file already has
// (or to the default of a key the file leaves out) changes nothing there:
// an author's hard level with side.prc.actions = 2 on a side with
// actions = 2 was no harder, and validate said nothing.
func TestLintLevelChangesNothing(t *testing.T) {
	src := quietHead + `
[[difficulty]]
id = "normal"
set = {}

[[difficulty]]
id = "hard"
set = { "side.prc.actions" = 1, "action.swarm.weight" = 1.0, "metric.cohesion.start" = 60, "side.rok.budget" = 5 }
`
	wantWarnings(t, src, []string{
		`mini.toml:42:9: difficulty.hard.set.side.prc.actions: level hard sets side.prc.actions to 1, and it is the default, which the file leaves in place: this level changes nothing there (give it another value, or drop the key)`,
		`mini.toml:42:33: difficulty.hard.set.action.swarm.weight: level hard sets action.swarm.weight to 1, and it is the default, which the file leaves in place: this level changes nothing there (give it another value, or drop the key)`,
		`mini.toml:42:62: difficulty.hard.set.metric.cohesion.start: level hard sets metric.cohesion.start to 60, and the file has it already: this level changes nothing there (give it another value, or drop the key)`,
	})
}

// An action of weight 0 is never drawn, whatever its modifiers: validate
// says so before a --play finds it never chosen.
func TestLintZeroWeight(t *testing.T) {
	src := quietHead + `
[[action]]
id = "feint"
domain = "maritime"
weight = 0
bluff = true
success = { cohesion = -1 }
modifier = [{ when = "cohesion < 50", factor = 3 }]
`
	wantWarnings(t, src, []string{
		`mini.toml:39:1: action.feint.weight: weight = 0, so the doctrine never draws it as a move (modifiers multiply the weight: none can raise it from 0) nor as a bluff: give it a weight above 0, or drop the action`,
	})
}
