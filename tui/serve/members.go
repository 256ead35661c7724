package serve

import (
	"encoding/json"
	"os"

	"lattice/sim/safefile"
	"lattice/tui"
)

// Room membership is not in the journal (it is not part of the game), so
// the server keeps it beside the journal: after the server is killed and
// restarted with --resume, a returning key (or name, for keyless clients)
// gets its side back.

// MembersPath is where the members of the game journalled at journalPath
// are kept.
func MembersPath(journalPath string) string { return journalPath + ".members" }

type savedMember struct {
	Name string `json:"name"`
	Key  string `json:"key,omitempty"`
	Side string `json:"side"` // side id, "" for the observer seat
}

// saveMembers writes the room's members who have chosen a side beside its
// journal (nothing without a journal). Members are listed in joining
// order, so captains come back first.
func saveMembers(r *tui.Room) error {
	path := ""
	var c = r.Sess.C
	r.Locked(func() { path = r.Sess.JournalPath })
	if path == "" {
		return nil
	}
	var out []savedMember
	for _, m := range r.Members() {
		if m.Facilitator {
			continue
		}
		switch {
		case m.Side >= 0:
			out = append(out, savedMember{Name: m.Name, Key: m.Key, Side: c.Sides[m.Side].ID})
		case m.Side == -1:
			out = append(out, savedMember{Name: m.Name, Key: m.Key})
		}
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return safefile.WriteFile(MembersPath(path), append(data, '\n'), 0o600)
}

// RestoreMembers puts back the members saved beside the room's journal,
// offline, on their sides. A missing file is no error.
func RestoreMembers(r *tui.Room) error {
	path := ""
	r.Locked(func() { path = r.Sess.JournalPath })
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(MembersPath(path))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	var saved []savedMember
	if err := json.Unmarshal(data, &saved); err != nil {
		return err
	}
	c := r.Sess.C
	for _, s := range saved {
		side := -1
		if s.Side != "" {
			if side = c.SideIndex(s.Side); side < 0 {
				continue
			}
		}
		m := r.Join(s.Name, s.Key, false)
		if err := r.Choose(m, side); err != nil {
			r.Leave(m)
			continue
		}
		r.Leave(m)
	}
	return nil
}
