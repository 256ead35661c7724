package journal

import (
	"slices"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestOldPolicyNamedAsABuiltin: a journal recorded before policy files
// were refused a built-in's name (name = "balanced") still gives its
// policies, the file's weights under the name it was played with: "loses
// nothing" covers games already played. A new file with that name is
// refused (sim.ParsePolicy).
func TestOldPolicyNamedAsABuiltin(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	src := "deterrence = 3\nname = \"balanced\"\n"
	if _, err := sim.ParsePolicy("balanced.toml", []byte(src)); err == nil {
		t.Fatal("ParsePolicy took a built-in's name: the test checks nothing")
	}
	h := Header{Sides: []Side{
		{ID: "rok", Team: "allied", Player: PlayerAI, Policy: "balanced", PolicySource: src},
		{ID: "us", Team: "allied", Player: PlayerAI, Policy: "balanced"},
		{ID: "prc", Team: "adversary", Player: PlayerDoctrine},
	}}
	pols, _, err := h.Policies(c)
	if err != nil {
		t.Fatalf("an old journal's policies: %v", err)
	}
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	g := sim.NewGame(c, 1)
	g.Brief()
	a, b := c.NewOrders(), c.NewOrders()
	pols[rok].Plan(g, rok, a)
	pols[us].Plan(g, rok, b) // the built-in balanced, for the same side
	if slices.Equal(a.Side(rok), b.Side(rok)) {
		t.Errorf("the recorded file plays as the built-in balanced: %v", a.Side(rok))
	}
}
