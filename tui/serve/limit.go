package serve

import (
	"slices"
	"sync"
	"time"
)

// Limiter counts wrong codes by a name (a remote address, a key's
// fingerprint, a side): after Max failures the name is locked out for
// Lockout. A right code clears the count (Succeed). Counts are forgotten
// once a name has had no failure and no lockout for IdleAfter lockouts
// (DefaultIdleLockouts), and the limiter keeps at most MaxEntries names,
// forgetting the longest idle first: a script with many addresses or keys
// cannot grow it without bound. Its zero value is not usable; use
// NewLimiter.
type Limiter struct {
	Max        int
	Lockout    time.Duration
	IdleAfter  int // lockouts without a failure after which a count is forgotten
	MaxEntries int
	now        func() time.Time

	mu    sync.Mutex
	addrs map[string]*strikes
}

// DefaultIdleLockouts is how many lockout periods a count of wrong codes
// is kept without a new failure; DefaultLimiterEntries, how many names a
// limiter keeps at most.
const (
	DefaultIdleLockouts   = 10
	DefaultLimiterEntries = 10000
)

type strikes struct {
	fails int
	until time.Time // locked out until then
	last  time.Time // last failure
}

// idle reports whether s can be forgotten at now.
func (l *Limiter) idle(s *strikes, now time.Time) bool {
	end := s.last
	if s.until.After(end) {
		end = s.until
	}
	return now.Sub(end) >= time.Duration(l.IdleAfter)*l.Lockout
}

// NewLimiter returns a limiter allowing max wrong codes before a lockout
// of d; now is its clock (time.Now if nil).
func NewLimiter(max int, d time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{Max: max, Lockout: d, IdleAfter: DefaultIdleLockouts, MaxEntries: DefaultLimiterEntries,
		now: now, addrs: map[string]*strikes{}}
}

// get returns addr's entry, nil for none (or one forgotten now).
func (l *Limiter) get(addr string, now time.Time) *strikes {
	s := l.addrs[addr]
	if s != nil && l.idle(s, now) {
		delete(l.addrs, addr)
		return nil
	}
	return s
}

// Locked reports whether addr is locked out and for how much longer.
func (l *Limiter) Locked(addr string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	s := l.get(addr, now)
	if s == nil {
		return 0, false
	}
	left := s.until.Sub(now)
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
	return l.FailAt(addr, l.Max, l.Lockout)
}

// FailAt is Fail with a limit of max failures and a lockout of d for
// this name (a side's code is guessed by every session of a class).
func (l *Limiter) FailAt(addr string, max int, d time.Duration) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	s := l.get(addr, now)
	if s == nil {
		l.makeRoom(now)
		s = &strikes{}
		l.addrs[addr] = s
	}
	if now.Before(s.until) {
		return s.until.Sub(now), true
	}
	s.last = now
	s.fails++
	if s.fails >= max {
		s.fails = 0
		s.until = now.Add(d)
		return d, true
	}
	return 0, false
}

// makeRoom keeps the limiter under MaxEntries names for one more: it
// forgets idle names, then the longest idle ones.
func (l *Limiter) makeRoom(now time.Time) {
	if l.MaxEntries <= 0 || len(l.addrs) < l.MaxEntries {
		return
	}
	l.sweep(now)
	for len(l.addrs) >= l.MaxEntries {
		var oldest string
		var at time.Time
		for a, s := range l.addrs {
			end := s.last
			if s.until.After(end) {
				end = s.until
			}
			if oldest == "" || end.Before(at) || (end.Equal(at) && a < oldest) {
				oldest, at = a, end
			}
		}
		delete(l.addrs, oldest)
	}
}

func (l *Limiter) sweep(now time.Time) {
	for a, s := range l.addrs {
		if l.idle(s, now) {
			delete(l.addrs, a)
		}
	}
}

// Sweep forgets the counts of names idle for IdleAfter lockouts.
func (l *Limiter) Sweep() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(l.now())
}

// Len returns the number of names the limiter keeps now.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.addrs)
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
// returns the names that were locked out, sorted.
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
