package sim

import (
	"strings"
	"testing"
)

// TestLongIDQuotedShort: an invalid id is quoted in its error cut to 100
// characters (a 100,000-character id was printed whole, for every entry).
func TestLongIDQuotedShort(t *testing.T) {
	long := strings.Repeat("X", 100000)
	src := "format = 1\nid = \"" + long + "\"\ntitle = \"t\"\nturns = 3\n[[lever]]\nid = \"" + long + "\"\n"
	sc, err := Parse("long.toml", []byte(src))
	if err == nil {
		_, err = Compile(sc)
	}
	if err == nil {
		t.Fatal("an id of 100,000 capital letters was accepted")
	}
	msg := err.Error()
	if !strings.Contains(msg, `"`+strings.Repeat("X", 100)+`"…`) {
		t.Errorf("the id is not quoted cut to 100 characters: %.300s", msg)
	}
	if strings.Contains(msg, strings.Repeat("X", 101)) {
		t.Errorf("the error holds more than 100 characters of the id (%d bytes in all)", len(msg))
	}
}
