package tui

import (
	"errors"
	"strings"
	"testing"
)

// A side the White cell gave to the computer and then back is its teams'
// again: another team needs its side code, as before it was given (it was
// "nobody yet", open to any allied team without the code, its team
// forgotten).
func TestSideGivenBackIsItsTeamsAgain(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	us := s.C.SideIndex("us")
	wash := mustJoin(t, r, "Washington", "", false)
	if err := r.ChooseWithCode(wash, us, r.SideCode(us)); err != nil {
		t.Fatal(err)
	}
	r.Leave(wash)
	r.Locked(func() {
		if err := r.GiveSide(us, "balanced", "the team left", "console"); err != nil {
			t.Fatal(err)
		}
		if err := r.GiveSide(us, "", "the team is back", "console"); err != nil {
			t.Fatal(err)
		}
	})
	var teams []string
	for _, ch := range r.Choices() {
		if ch.Side == us {
			teams = ch.Teams
		}
	}
	if len(teams) != 1 || !strings.HasPrefix(teams[0], "Washington") {
		t.Errorf("the United States given back lists teams %q, want Washington", teams)
	}
	other := mustJoin(t, r, "Intruder", "", false)
	if err := r.Choose(other, us); !errors.Is(err, ErrSideCode) {
		t.Errorf("another team takes the side given back without its code: %v", err)
	}
}

// TeamNamed gives a team's name as the team wrote it, for a name that
// reads as it (the lobby repeated the name as typed: "Team washington").
func TestTeamNamedAsWritten(t *testing.T) {
	r := NewRoom(alliesSession(t), RoomOptions{Name: "Game 1"})
	mustJoin(t, r, "Washington", "", false)
	for in, want := range map[string]string{"washington": "Washington", "WASH INGTON": "Washington", "Seoul": "Seoul"} {
		if got := r.TeamNamed(in); got != want {
			t.Errorf("TeamNamed(%q) = %q, want %q", in, got, want)
		}
	}
}
