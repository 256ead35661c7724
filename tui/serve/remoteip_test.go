package serve

import (
	"net"
	"testing"
)

// The limits per address count an IPv6 client's /64 once (privacy
// addresses gave it a fresh set of limits per address), and an IPv4
// address mapped into IPv6 as the IPv4 address.
func TestRemoteIPKeysIPv6ByItsSlash64(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"192.0.2.7:51000", "192.0.2.7"},
		{"[::ffff:192.0.2.7]:51000", "192.0.2.7"},
		{"[2001:db8:1:2:aaaa::1]:51000", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:bbbb:cccc:dddd:eeee]:22", "2001:db8:1:2::/64"},
		{"[2001:db8:1:3::1]:22", "2001:db8:1:3::/64"},
	} {
		a, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := remoteIP(a); got != tc.want {
			t.Errorf("remoteIP(%s) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}
