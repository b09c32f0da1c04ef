package hub_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tally/hub"
	"tally/hub/hubtest"
)

// The app's background sync notes the time by the clock it was given,
// as everything else in tally does, not the machine's.
func TestTheBackgroundSyncReadsItsOwnClock(t *testing.T) {
	h := hubtest.New(t)
	d := newDevice(t, h, h.Person(t, "alice"))
	d.sync(t)
	at := time.Now().Add(-time.Hour).Truncate(time.Second) // behind the hub's clock, which a sync allows
	b := hub.NewBackground(d.st, d.addr(t), func() time.Time { return at })
	defer b.Close()
	if _, _, err := b.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.st.SyncStatus(); !st.LastSync.Equal(at) {
		t.Fatalf("the last sync is noted at %v; want %v, the clock given", st.LastSync, at)
	}
}

// Close ends the listener too: a Wait under way returns, and the hub
// holds no connection of the app's after.
func TestClosingTheBackgroundEndsItsListener(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.sync(t)
	b := hub.NewBackground(d.st, d.addr(t), time.Now)
	if _, _, err := b.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- b.Wait(context.Background()) }()
	watcher := h.Conn(t, h.Setter)
	connections := func() (n int) {
		t.Helper()
		if err := watcher.QueryRow(context.Background(), "SELECT count(*) FROM pg_stat_activity WHERE usename = $1", alice).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for connections() < 2 { // the sync's and the listener's
		time.Sleep(5 * time.Millisecond) // how often to look, not an outcome
	}
	b.Close()
	select {
	case <-waited:
	case <-time.After(time.Minute): // a guard: the Wait never ending is the failure
		t.Fatal("Wait goes on after Close")
	}
	for deadline := time.Now().Add(time.Minute); connections() > 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) { // a guard: a connection left open is the failure
			t.Fatalf("%d connections of the app's remain after Close", connections())
		}
	}
}

// stallProxy stands between tally and the hub's socket and, once told,
// passes nothing more either way while keeping every connection open:
// a network that went away without a word (a laptop carried off its
// Wi-Fi), where a read waits for ever.
type stallProxy struct {
	dir     string
	stalled atomic.Bool
	done    chan struct{}
	release func() // lets every stalled connection go, closed
}

func newStallProxy(t *testing.T, h *hubtest.Hub) *stallProxy {
	t.Helper()
	p := &stallProxy{done: make(chan struct{})}
	p.release = sync.OnceFunc(func() { close(p.done) })
	p.dir = proxy(t, h, func(client, server net.Conn) {
		var wg sync.WaitGroup
		wg.Go(func() { p.pipe(server, client) })
		p.pipe(client, server)
		wg.Wait()
	})
	t.Cleanup(p.release) // before the proxy waits for its connections
	return p
}

func (p *stallProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if p.stalled.Load() {
			<-p.done
			return
		}
		if n > 0 {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Before, the app's sync over a connection whose network went silent
// waited for ever, the footer saying nothing new and no later sync
// starting; it gives up as tally sync does, and the next connects anew.
func TestTheAppsSyncGivesUpOnASilentNetwork(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	d := newDevice(t, h, alice)
	d.sync(t)
	proxy := newStallProxy(t, h)
	addr, _ := hub.Address(h.URLVia(proxy.dir), alice)
	b := hub.NewBackground(d.st, addr, time.Now)
	defer b.Close()
	if _, _, err := b.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Only the stalled sync runs under the short bound: the one above,
	// on a busy machine, may well take longer than half a second.
	defer hub.SetSyncWait(500 * time.Millisecond)()
	proxy.stalled.Store(true)
	d.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40")
	synced := make(chan error, 1)
	go func() {
		_, _, err := b.Sync(context.Background())
		synced <- err
	}()
	select {
	case err := <-synced:
		if !errors.Is(err, hub.ErrUnreachable) {
			t.Fatalf("the app's sync on a silent network: %v; want the hub unreachable", err)
		}
	case <-time.After(2 * time.Minute): // a guard: the sync never ending is the failure
		proxy.release()
		t.Fatalf("the app's sync on a silent network went on until the network was cut (%v)", <-synced)
	}
}
