// Package serve is the classroom server: it serves one or more shared
// games (tui.Room) over SSH, each SSH session running its own bubbletea
// program. A session starts in the lobby (join code, team name, side) and
// is then handed to the room's seat (tui.NewSeat) or, for a facilitator's
// key, to the White-cell console.
//
// Security model. The SSH layer accepts any public key, and clients
// without one through keyboard-interactive, only to reach the lobby.
// Identity is decided in the session handler from the key the session
// actually authenticated with (ssh.Session.PublicKey), never in the public
// key callback, which also sees keys that are offered and then not used
// (the CVE-2024-45337 class of bug). A key in the facilitator list opens
// the console; a key in the authorized list skips the join code; anyone
// else must type a game's join code, with wrong codes limited per session,
// per key and per remote address. A team without a key comes back to its
// side by its name and its side's code, never by its name alone.
//
// Limits on what anyone who reaches the port may hold: sessions at once
// (some kept for facilitators' keys), sessions per address that have not
// joined a game, connections without a session (per address and in all),
// the time to join one, and each session's input (read by
// a pump of the server's own, input.go, whose goroutines end with the
// session). Refusals are logged, and said in the rooms' logs (the
// serving terminal's console) when the server has no log of its own.
package serve
