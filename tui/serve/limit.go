package serve

import (
	"slices"
	"sync"
	"time"
)

// Limiter counts wrong join codes per remote address: after Max failures
// the address is locked out for Lockout. A right code clears the count.
// Its zero value is not usable; use NewLimiter.
type Limiter struct {
	Max     int
	Lockout time.Duration
	now     func() time.Time

	mu    sync.Mutex
	addrs map[string]*strikes
}

type strikes struct {
	fails int
	until time.Time // locked out until then
}

// NewLimiter returns a limiter allowing max wrong codes before a lockout
// of d; now is its clock (time.Now if nil).
func NewLimiter(max int, d time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{Max: max, Lockout: d, now: now, addrs: map[string]*strikes{}}
}

// Locked reports whether addr is locked out and for how much longer.
func (l *Limiter) Locked(addr string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.addrs[addr]
	if s == nil {
		return 0, false
	}
	left := s.until.Sub(l.now())
	if left <= 0 {
		if s.fails == 0 {
			delete(l.addrs, addr)
		}
		return 0, false
	}
	return left, true
}

// Fail records a wrong code from addr and reports whether addr is now
// locked out (and for how long).
func (l *Limiter) Fail(addr string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.addrs[addr]
	if s == nil {
		s = &strikes{}
		l.addrs[addr] = s
	}
	now := l.now()
	if now.Before(s.until) {
		return s.until.Sub(now), true
	}
	s.fails++
	if s.fails >= l.Max {
		s.fails = 0
		s.until = now.Add(l.Lockout)
		return l.Lockout, true
	}
	return 0, false
}

// Succeed clears addr's count of wrong codes.
func (l *Limiter) Succeed(addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s := l.addrs[addr]; s != nil && !l.now().Before(s.until) {
		delete(l.addrs, addr)
	}
}

// Lift ends every lockout now and clears every count of wrong codes; it
// returns the addresses that were locked out, sorted.
func (l *Limiter) Lift() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	now := l.now()
	for addr, s := range l.addrs {
		if now.Before(s.until) {
			out = append(out, addr)
		}
		delete(l.addrs, addr)
	}
	slices.Sort(out)
	return out
}
