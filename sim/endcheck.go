package sim

// EndsIfSet returns the end conditions (other than the default), in file
// order, that the metrics would meet were the White cell to set metric m to
// v now (SetMetric): the game comes to the first of them if it still holds
// when the turn is adjudicated. The game is not changed; a value SetMetric
// refuses gives its error.
func (g *Game) EndsIfSet(m int, v Fix) ([]int, error) {
	n := g.Clone()
	if err := n.SetMetric(m, v); err != nil {
		return nil, err
	}
	return n.EndsHolding(false), nil
}
