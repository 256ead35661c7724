package tui

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim/journal"
	"lattice/sim/report"
)

// restartRoom stops r as the server does (Closing, then every session
// leaves) and opens the game again from its journal, as --resume does.
func restartRoom(t *testing.T, r *Room, left ...*Member) *Room {
	t.Helper()
	r.Closing()
	for _, m := range left {
		r.Leave(m)
	}
	r.Sess.Journal.Close()
	back, _, err := Resume(r.Sess.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	t.Cleanup(func() { back.Journal.Close() })
	return NewRoom(back, RoomOptions{Name: r.Name()})
}

func captainOf(r *Room, side int) (name string) {
	r.Locked(func() { name = r.captainName(side) })
	return name
}

// twoTeamsOnROK is a room where Seoul Hawks (captain) and Busan Late
// share South Korea, restarted with both offline.
func twoTeamsOnROK(t *testing.T) (r2 *Room, rok int) {
	t.Helper()
	s := journalledAllies(t, "tutorial", 7)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	rok = s.C.SideIndex("rok")
	hawks := mustJoin(t, r, "Seoul Hawks", "SHA256:hawks", false)
	busan := mustJoin(t, r, "Busan Late", "SHA256:busan", false)
	for _, m := range []*Member{hawks, busan} {
		if err := r.ChooseWithCode(m, rok, r.SideCode(rok)); err != nil {
			t.Fatal(err)
		}
	}
	if got := captainOf(r, rok); got != "Seoul Hawks" {
		t.Fatalf("South Korea's captain before the restart is %q", got)
	}
	return restartRoom(t, r, busan, hawks), rok
}

// A restart keeps a side's captain: the teammate that reconnects first
// does not take it (the console read "waiting for South Korea (Busan
// Late)" after Seoul Hawks' game was resumed). A captain seen in this run
// who leaves still passes it on; and while a captain kept across the
// restart stays away, a teammate may commit, and so becomes captain.
func TestRestartKeepsTheCaptain(t *testing.T) {
	r, rok := twoTeamsOnROK(t)
	busan := mustJoin(t, r, "Busan Late", "SHA256:busan", false)
	if busan.Side != rok {
		t.Fatalf("Busan Late is back on side %d, want South Korea", busan.Side)
	}
	if got := captainOf(r, rok); got != "Seoul Hawks" {
		t.Errorf("after the restart, Busan Late back first: South Korea's captain is %q, want Seoul Hawks", got)
	}
	var waiting []string
	r.Locked(func() { waiting = r.Waiting() })
	if !slices.Contains(waiting, "South Korea (Seoul Hawks)") {
		t.Errorf("the turn waits for %q, want South Korea (Seoul Hawks)", waiting)
	}
	// Another team joining the side with its code does not take it either.
	daegu := mustJoin(t, r, "Daegu", "SHA256:daegu", false)
	if err := r.ChooseWithCode(daegu, rok, r.SideCode(rok)); err != nil {
		t.Fatal(err)
	}
	if got := captainOf(r, rok); got != "Seoul Hawks" {
		t.Errorf("a team joining after the restart took the captaincy: %q", got)
	}
	// The captain back: still captain.
	hawks := mustJoin(t, r, "Seoul Hawks", "SHA256:hawks", false)
	r.Locked(func() {
		if !r.isCaptain(hawks) {
			t.Errorf("Seoul Hawks back is not South Korea's captain (%q is)", r.captainName(rok))
		}
	})

	// Once seen in this run, a captain who leaves passes the captaincy as
	// before: to a teammate online (Daegu, the one left), or with none
	// online, to the first teammate back.
	r.Leave(busan)
	r.Leave(hawks)
	if got := captainOf(r, rok); got != "Daegu" {
		t.Errorf("Seoul Hawks left with Daegu online: the captain is %q, want Daegu", got)
	}
	r.Leave(daegu) // nobody online: it stays Daegu's for now
	busan = mustJoin(t, r, "Busan Late", "SHA256:busan", false)
	if got := captainOf(r, rok); got != "Busan Late" {
		t.Errorf("the captain left in this run; the teammate back has not taken the captaincy (%q has it)", got)
	}

	// The side is not stuck while a captain kept across a restart stays
	// away: a teammate commits, and is its captain from then on.
	r, rok = twoTeamsOnROK(t)
	busan = mustJoin(t, r, "Busan Late", "SHA256:busan", false)
	r.Locked(func() {
		if err := r.commit(busan); err != nil {
			t.Fatalf("Busan Late, the captain away, cannot commit: %v", err)
		}
		if !r.isCaptain(busan) {
			t.Errorf("Busan Late committed for South Korea but the captain is %q", r.captainName(rok))
		}
	})
}

// sidesRow is the report's Sides row of side id.
func sidesRow(t *testing.T, s *Session, id string) string {
	t.Helper()
	j, warns, err := journal.Read(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Build(j, warns, report.Options{Teams: SavedTeams(s.JournalPath)})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rep.Sides {
		if row.ID == id {
			return row.Player
		}
	}
	t.Fatalf("no row for %s in %+v", id, rep.Sides)
	return ""
}

// A team that joined during a turn the game never adjudicated (the White
// cell ended it first) played no part in it: the report does not list it
// as the side's team ("North Korea | adversary | teams: Lab PC; its
// doctrine: no Red team's plan recorded").
func TestReportListsOnlyTeamsThatPlayed(t *testing.T) {
	s, r, _, _, prc := redRoomWithTigers(t) // every side people's: the adversary open to a Red team
	r.Locked(func() {
		r.Force("console") // the Red team's planning: nobody came
		r.Force("console") // the allies' drafts as they stand
	})
	if n := len(s.Results); n != 1 {
		t.Fatalf("%d turns adjudicated, want 1", n)
	}
	lab := mustJoin(t, r, "Lab PC", "SHA256:lab", false)
	if err := r.Choose(lab, prc); err != nil {
		t.Fatal(err)
	}
	r.Locked(func() {
		if err := r.End("out of time", "console"); err != nil {
			t.Fatal(err)
		}
	})
	teams := SavedTeams(s.JournalPath)
	if got := teams["prc"]; len(got) != 0 {
		t.Errorf("the report's teams for the adversary: %q, want none (Lab PC joined in a turn never adjudicated)", got)
	}
	if got := teams["rok"]; !slices.Equal(got, []string{"Tigers"}) {
		t.Errorf("the report's teams for South Korea: %q, want Tigers", got)
	}
	if row := sidesRow(t, s, "prc"); strings.Contains(row, "Lab PC") {
		t.Errorf("the report credits Lab PC with the adversary: %q", row)
	}
	if row := sidesRow(t, s, "rok"); !strings.Contains(row, "Tigers") {
		t.Errorf("the report's South Korea row lacks Tigers: %q", row)
	}
	// A restart keeps who played (the seats file), and still the
	// adversary's team is the one on it now for the --ai rule.
	restartRoom(t, r)
	if got := SavedTeams(s.JournalPath)["prc"]; len(got) != 0 {
		t.Errorf("after a restart the report's adversary teams are %q", got)
	}
	if got := JoinedTeams(s.JournalPath)["prc"]; !slices.Equal(got, []string{"Lab PC"}) {
		t.Errorf("JoinedTeams for the adversary: %q, want Lab PC", got)
	}
}

// A turn rolled back takes back the sides first played in it.
func TestRollbackUndoesPlayed(t *testing.T) {
	s := journalledAllies(t, "tutorial", 7)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	rok, us := s.C.SideIndex("rok"), s.C.SideIndex("us")
	a := mustJoin(t, r, "Alpha", "SHA256:a", false)
	if err := r.Choose(a, rok); err != nil {
		t.Fatal(err)
	}
	r.Locked(func() { r.Force("console") })
	b := mustJoin(t, r, "Bravo", "SHA256:b", false)
	if err := r.Choose(b, us); err != nil {
		t.Fatal(err)
	}
	r.Locked(func() { r.Force("console") })
	if got := SavedTeams(s.JournalPath)["us"]; !slices.Equal(got, []string{"Bravo"}) {
		t.Fatalf("Bravo played week 2 of the United States; the teams are %q", got)
	}
	r.Locked(func() {
		if err := r.Rollback("misclick", "console"); err != nil {
			t.Fatal(err)
		}
	})
	if got := SavedTeams(s.JournalPath)["us"]; len(got) != 0 {
		t.Errorf("week 2 rolled back, the United States' teams are still %q", got)
	}
	if got := SavedTeams(s.JournalPath)["rok"]; !slices.Equal(got, []string{"Alpha"}) {
		t.Errorf("South Korea's teams after the rollback: %q, want Alpha", got)
	}
}

// A team that joins a finished game is offered the observer seat only:
// a side of it would show "you won" to a team that never played, and the
// report would list it.
func TestFinishedGameOffersOnlyTheObserverSeat(t *testing.T) {
	s, r, tigers, rok, prc := redRoomWithTigers(t)
	r.Locked(func() {
		if err := r.End("class is over", "console"); err != nil {
			t.Fatal(err)
		}
	})
	late := mustJoin(t, r, "Latecomers", "SHA256:late", false)
	for _, ch := range r.ChoicesFor(late) {
		if ch.Side >= 0 && (ch.Open || !strings.Contains(ch.Closed, "over")) {
			t.Errorf("the finished game offers %s: open %v, closed %q", ch.Name, ch.Open, ch.Closed)
		}
		if ch.Side == -1 && !ch.Open {
			t.Error("the finished game's observer seat is closed")
		}
	}
	if err := r.Choose(late, prc); err == nil {
		t.Error("a team joined the adversary after the game had ended")
	}
	if err := r.ChooseWithCode(late, rok, r.SideCode(rok)); err == nil {
		t.Error("a team joined South Korea, with its code, after the game had ended")
	}
	if err := r.Choose(late, -1); err != nil {
		t.Errorf("the observer seat of a finished game: %v", err)
	}
	if got := SavedTeams(s.JournalPath)["prc"]; len(got) != 0 {
		t.Errorf("the report lists %q as the adversary's teams", got)
	}
	// The team that played comes back to its side (its end screen).
	tigers.Online = false
	r.Leave(tigers)
	back := mustJoin(t, r, "Tigers", "SHA256:tigers", false)
	if back.Side != rok {
		t.Errorf("Tigers back to a finished game: side %d, want South Korea", back.Side)
	}
}

// A team whose side went to the computer and that chose the observer
// seat, as the lobby offered, gets the side back when the White cell gives
// it back: seated on it, told so, and the turn waits for it (it read
// "United States: commits nothing · no team yet", and had to reconnect).
func TestGiveBackSeatsTheObservingTeam(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	us := s.C.SideIndex("us")
	wash := mustJoin(t, r, "Washington", "SHA256:wash", false)
	if err := r.Choose(wash, us); err != nil {
		t.Fatal(err)
	}
	NewSeat(r, wash).Close() // it played the side, then left
	r.Locked(func() {
		if err := r.GiveSide(us, "balanced", "the team left", "console"); err != nil {
			t.Fatal(err)
		}
	})
	wash = mustJoin(t, r, "Washington", "SHA256:wash", false)
	if wash.Side != NoSide || wash.Given == "" {
		t.Fatalf("Washington back: side %d given %q", wash.Side, wash.Given)
	}
	if err := r.Choose(wash, -1); err != nil {
		t.Fatal(err)
	}
	seat := NewSeat(r, wash)
	defer seat.Close()
	seat.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	r.Locked(func() {
		if err := r.GiveSide(us, "", "the team is back", "console"); err != nil {
			t.Fatal(err)
		}
	})
	if wash.Side != us {
		t.Fatalf("given back, the observing Washington is on side %d, want the United States", wash.Side)
	}
	seat.Update(roomMsg{})
	if got := screenOf(seat); got != scrTurn {
		t.Errorf("Washington's seat is on screen %d, not the United States' turn", got)
	}
	if scr := ansi.Strip(seat.Render()); !strings.Contains(scr, "back to your team") {
		t.Errorf("Washington's seat does not say the side is theirs again:\n%s", scr)
	}
	var waiting []string
	r.Locked(func() { waiting = r.Waiting() })
	if !slices.Contains(waiting, "United States (Washington)") {
		t.Errorf("the turn waits for %q, want the United States (Washington)", waiting)
	}
}

// An observing team offline when its side is given back finds it when it
// comes back; one that took another side since is not moved.
func TestGiveBackOfflineObserverAndOtherSide(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	rok, us := s.C.SideIndex("rok"), s.C.SideIndex("us")
	wash := mustJoin(t, r, "Washington", "SHA256:wash", false)
	ny := mustJoin(t, r, "New York", "SHA256:ny", false)
	for _, m := range []*Member{wash, ny} {
		if err := r.ChooseWithCode(m, us, r.SideCode(us)); err != nil {
			t.Fatal(err)
		}
		r.Leave(m)
	}
	r.Locked(func() {
		if err := r.GiveSide(us, "balanced", "the teams left", "console"); err != nil {
			t.Fatal(err)
		}
	})
	wash = mustJoin(t, r, "Washington", "SHA256:wash", false)
	ny = mustJoin(t, r, "New York", "SHA256:ny", false)
	if err := r.Choose(wash, -1); err != nil {
		t.Fatal(err)
	}
	if err := r.Choose(ny, rok); err != nil {
		t.Fatal(err)
	}
	r.Leave(wash)
	r.Locked(func() {
		if err := r.GiveSide(us, "", "back", "console"); err != nil {
			t.Fatal(err)
		}
	})
	if ny.Side != rok {
		t.Errorf("New York, on South Korea since, was moved to side %d", ny.Side)
	}
	back := mustJoin(t, r, "Washington", "SHA256:wash", false)
	if back.Side != us {
		t.Errorf("Washington, observing when it left, is back on side %d, want the United States", back.Side)
	}
	if err := r.Choose(mustJoin(t, r, "Intruder", "", false), us); !errors.Is(err, ErrSideCode) {
		t.Errorf("another team takes the side given back without its code: %v", err)
	}
}

// A seats file written before the room kept who played lists every team
// on a side, as the report read it then, and goes on doing so once a
// resumed room writes it again.
func TestOldSeatsFileTeamsStillListed(t *testing.T) {
	s := journalledAllies(t, "tutorial", 7)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	rok := s.C.SideIndex("rok")
	a := mustJoin(t, r, "Alpha", "SHA256:a", false)
	if err := r.Choose(a, rok); err != nil {
		t.Fatal(err)
	}
	r.Locked(func() { r.Force("console") })
	old := `{"code": "K7K7K7", "members": [{"name": "Alpha", "side": "rok", "key": "SHA256:a", "captain": true}]}` + "\n"
	if err := os.WriteFile(SeatsPath(s.JournalPath), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := SavedTeams(s.JournalPath)["rok"]; !slices.Equal(got, []string{"Alpha"}) {
		t.Errorf("an old seats file: South Korea's teams %q, want Alpha", got)
	}
	r2 := restartRoom(t, r)
	r2.Locked(r2.saveSeats)
	if got := SavedTeams(s.JournalPath)["rok"]; !slices.Equal(got, []string{"Alpha"}) {
		t.Errorf("an old seats file written again: South Korea's teams %q, want Alpha", got)
	}
}

// redRoomWithTigers is a room of the tutorial with every side people's
// (the adversary open to a Red team) and team Tigers, with a key, on South
// Korea; rok and prc are the sides' indices.
func redRoomWithTigers(t *testing.T) (s *Session, r *Room, tigers *Member, rok, prc int) {
	t.Helper()
	s = newRoomSession(t)
	r = NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true})
	rok, prc = s.C.SideIndex("rok"), s.C.SideIndex("prc")
	tigers = mustJoin(t, r, "Tigers", "SHA256:tigers", false)
	if err := r.Choose(tigers, rok); err != nil {
		t.Fatal(err)
	}
	return s, r, tigers, rok, prc
}
