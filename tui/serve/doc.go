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
// else must type a game's join code, with wrong codes rate-limited per
// remote address.
package serve
