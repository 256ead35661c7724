package serve

import (
	"sync"
	"testing"
	"time"
)

// The server's refusals are logged from goroutines of their own
// (keep-alive, idle and admit watchers, the input pump) while seats come
// and go: the rooms' subscribers were woken outside the room's lock, and a
// wake-up raced a seat's Unsubscribe ("send on a closed channel", which
// took the whole server down).
func TestRoomsLogWhileSeatsComeAndGo(t *testing.T) {
	rooms := newRooms(t, gameOpts{})
	s := &Server{cfg: Config{Rooms: rooms}}
	s.cfg.Now = time.Now
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				id, ch := rooms[0].Subscribe()
				select {
				case <-ch:
				default:
				}
				rooms[0].Unsubscribe(id)
			}
		}()
	}
	for range 20000 {
		s.roomsLog("refused: the server is full")
	}
	close(stop)
	wg.Wait()
	if n := len(rooms[0].Log); n == 0 || n > 500 {
		t.Errorf("the room's log has %d lines, want 1 to 500", n)
	}
}
