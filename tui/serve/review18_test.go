package serve

import (
	"testing"
	"time"
)

// TestKeylessTeamBackIsAdmitted: a keyless team back by its name and its
// side's code stops on "Welcome back" (Enter takes it to its screen); it
// was not admitted there, so the admit timeout cut it off if it read the
// screen for two minutes. It is admitted with its side's code.
func TestKeylessTeamBackIsAdmitted(t *testing.T) {
	s, clk, _ := lobbyServer(t)
	alpha := open(s, "10.0.0.1", "")
	seat(t, alpha, "Alpha")
	closeLobby(s, alpha) // offline: its name and side code bring it back

	l := open(s, "10.0.0.2", "")
	typeIn(l, "ABC234")
	typeIn(l, "Alpha")
	clk.add(1100 * time.Millisecond)
	typeIn(l, r0SideCode(s, 0))
	if l.stage != stBack {
		t.Fatalf("the team back is not told where it is back: stage %d, %q", l.stage, l.message)
	}
	if !l.admitted.Load() {
		t.Error("the team back by its side's code is not admitted: the admit timeout would cut it off")
	}
	typeIn(l, "")
	if l.stage != stInner {
		t.Errorf("Enter does not take the team back to its screen: stage %d", l.stage)
	}
}
