package serve

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// A session's keys reach its program through a reader of the server's own,
// not bubbletea's. Bubbletea's (ultraviolet's TerminalReader.StreamEvents
// on the program's message channel) sends each event it decodes without
// looking at whether the program still runs: a session that ended while
// input was arriving (a paste, a flood) left that goroutine blocked on
// the send for good, one more each time. Here the reader sends to a
// channel that is always drained, and the events go on with
// tea.Program.Send, which gives up once the program has ended; the
// program's own reader is given input that never comes, and returns when
// the session ends (it still sends the terminal queries, whose answers
// arrive through this reader).
//
// The input is also limited: InputBurst bytes at once, InputRate a second
// after that. A paste without bracketed paste is one key press a byte,
// and cost the server about 45 µs of CPU each in the game's screens (half
// a megabyte of "A": 24 CPU-seconds, the class's screens frozen
// meanwhile). A session that sends more is closed, with a word.

// DefaultInputRate and DefaultInputBurst bound a session's input: far
// above typing, or a key held down (about 30 keys a second of at most a
// dozen bytes each), and below what a flood costs.
const (
	DefaultInputRate  = 1024      // bytes a second
	DefaultInputBurst = 16 * 1024 // bytes at once
)

// errFlood is the input's error once it has come faster than its limit.
var errFlood = errors.New("input faster than its limit")

// limitedReader reads r, failing with errFlood once more than burst bytes
// have come ahead of a rate of rate bytes a second (a token bucket).
type limitedReader struct {
	r           io.Reader
	rate, burst float64
	tokens      float64
	last        time.Time
	now         func() time.Time
}

func newLimitedReader(r io.Reader, rate, burst int, now func() time.Time) *limitedReader {
	return &limitedReader{r: r, rate: float64(rate), burst: float64(burst), tokens: float64(burst), last: now(), now: now}
}

func (l *limitedReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		t := l.now()
		l.tokens = min(l.burst, l.tokens+t.Sub(l.last).Seconds()*l.rate)
		l.last = t
		if l.tokens -= float64(n); l.tokens < 0 {
			return 0, errFlood // the bytes are dropped with the session
		}
	}
	return n, err
}

// sessionInput is a session's input: what the program's own reader reads
// (nothing, until the session ends), and the pump that gives the program
// the session's keys.
type sessionInput struct {
	ctx    context.Context
	cancel context.CancelFunc
	ended  chan struct{} // closed by stop: the program's reader returns
	once   sync.Once
	done   chan struct{} // closed when the pump has returned (never, if it never started)
}

func newSessionInput() *sessionInput {
	ctx, cancel := context.WithCancel(context.Background())
	return &sessionInput{ctx: ctx, cancel: cancel, ended: make(chan struct{}), done: make(chan struct{})}
}

// Read is the program's own reader's: no input, and EOF once the session
// has ended.
func (in *sessionInput) Read([]byte) (int, error) {
	<-in.ended
	return 0, io.EOF
}

// stop ends the input once the session's program has ended: the
// program's reader returns, and the pump returns as soon as the session's
// channel is closed (which follows the handler's return).
func (in *sessionInput) stop() {
	in.once.Do(func() {
		in.cancel()
		close(in.ended)
	})
}

// pump reads the session's input from r (the session, limited) and gives
// it to p as bubbletea's reader would; term is the client's $TERM. A flood
// calls flooded. It returns when r does (the session's channel closed) or
// fails.
func (in *sessionInput) pump(r io.Reader, term string, p *tea.Program, flooded func()) {
	defer close(in.done)
	events := make(chan uv.Event)
	forwarded := make(chan struct{})
	go func() {
		defer close(forwarded)
		// Drained to the end: Send returns at once when the program has
		// ended, so the reader below never waits on it for good.
		for ev := range events {
			p.Send(ev)
		}
	}()
	err := uv.NewTerminalReader(r, term).StreamEvents(in.ctx, events)
	close(events)
	<-forwarded
	if errors.Is(err, errFlood) {
		flooded()
	}
}
