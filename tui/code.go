package tui

import "crypto/rand"

// CodeAlphabet has capital letters and digits without the ones easily
// confused (I, O, 0, 1): the alphabet of the codes people read off a
// screen and type, a room's join code and a side's code.
const CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// RandomCode returns n characters drawn uniformly from alphabet (1 to 256
// characters) with crypto/rand. The codes that guard a room or a side must
// not be predictable from the program's other random draws, as those of
// math/rand's global generator are. tui/serve draws its join codes with
// it too.
func RandomCode(n int, alphabet string) string {
	if len(alphabet) == 0 || len(alphabet) > 256 {
		panic("tui.RandomCode: the alphabet must have 1 to 256 characters")
	}
	limit := 256 - 256%len(alphabet) // bytes at or above it are redrawn: no modulo bias
	out := make([]byte, n)
	var one [1]byte
	for i := range out {
		for {
			rand.Read(one[:]) // never fails: since Go 1.24 a failure crashes the program
			if int(one[0]) < limit {
				out[i] = alphabet[int(one[0])%len(alphabet)]
				break
			}
		}
	}
	return string(out)
}
