package tui

import (
	"errors"
	"strings"
	"testing"
)

// A keyless team that plays a side and has left is not handed back its
// seat by its name (public: every header shows it): it gives its side's
// code. A keyless team that has no side yet, or observes, has nothing to
// guard and comes back by name; a keyed team, by its key, as before.
func TestKeylessTeamProvesItIsBack(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	prc := sess.C.SideIndex("prc")
	red := mustJoin(t, r, "Red Dragons", "", false)
	if err := r.Choose(red, prc); err != nil {
		t.Fatal(err)
	}
	r.Leave(red)
	for _, code := range []string{"", "ZZZZ", r.SideCode(sess.C.SideIndex("rok"))} {
		if code == r.SideCode(prc) {
			continue
		}
		m, err := r.JoinWithCode("red dragons", "", false, code)
		if !errors.Is(err, ErrTeamCode) || m != nil {
			t.Fatalf("the name with code %q took the Red seat: %v", code, err)
		}
		if !strings.Contains(err.Error(), "Adversary's side code") {
			t.Errorf("the refusal does not say what proves the team: %v", err)
		}
	}
	if red.Online {
		t.Fatal("a refused name put the team online")
	}
	back, err := r.JoinWithCode("red dragons", "", false, " "+strings.ToLower(r.SideCode(prc))+" ")
	if err != nil {
		t.Fatal(err)
	}
	if back != red || back.Side != prc || back.Name != "Red Dragons" {
		t.Fatalf("back as %+v, want Red Dragons on the Red side under its own name", *back)
	}

	// No side to guard: back by name alone.
	obs := mustJoin(t, r, "Projector", "", false)
	if err := r.Choose(obs, -1); err != nil {
		t.Fatal(err)
	}
	r.Leave(obs)
	if again := mustJoin(t, r, "projector", "", false); again != obs {
		t.Fatal("an observer did not come back by its name")
	}
	// A keyed team: its key, no code.
	keyed := mustJoin(t, r, "Keyed", "SHA256:k", false)
	if err := r.Choose(keyed, sess.C.SideIndex("rok")); err != nil {
		t.Fatal(err)
	}
	r.Leave(keyed)
	if again := mustJoin(t, r, "Keyed", "SHA256:k", false); again != keyed {
		t.Fatal("a keyed team did not come back by its key")
	}
}

// Names that read the same are one name: spaces, case and width do not
// tell two teams apart on a screen ("A B漢字XL" beside "AB漢字XL").
func TestLookAlikeNamesRefused(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	mustJoin(t, r, "AB漢字XL", "SHA256:a", false)
	for _, name := range []string{"A B漢字XL", "ab漢字xl", "ＡＢ漢字ＸＬ", "A  B 漢 字 X L"} {
		want := "reads as team AB漢字XL"
		if strings.EqualFold(name, "AB漢字XL") {
			want = "a team called AB漢字XL is in the game already" // (as before)
		}
		if _, err := r.Join(name, "SHA256:b", false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q beside AB漢字XL: %v", name, err)
		}
		if _, err := r.Join(name, "", false); err == nil {
			t.Errorf("%q (no key) beside AB漢字XL was let in", name)
		}
	}
	if _, err := r.Join("white  CELL", "", false); err == nil || !strings.Contains(err.Error(), "instructor's name") {
		t.Errorf("a look-alike of the White cell's name: %v", err)
	}
	if _, err := r.Join("AB漢字XL 2", "SHA256:c", false); err != nil {
		t.Errorf("a name that differs by more than spaces and case: %v", err)
	}
	if !SameName("Ａ Ｂ", "ab") || SameName("AB", "A-B") {
		t.Error("SameName folds spaces, width and case, nothing else")
	}
}
