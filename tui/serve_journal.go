package tui

// StartJournal opens a new journal for s in the default place
// ($XDG_STATE_HOME/lattice/games) and sets s.Journal and s.JournalPath, as
// the interface does for a game it starts; the classroom server (tui/serve)
// uses it for each of its games. scenario is the id or path the game was
// started with, version the lattice release.
func StartJournal(s *Session, scenario, version string) error {
	w, err := startJournal(s, scenario, version)
	if err != nil {
		return err
	}
	s.Journal, s.JournalPath = w, w.Path()
	return nil
}
