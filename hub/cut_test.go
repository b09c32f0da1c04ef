package hub_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tally/demo"
	"tally/hub"
	"tally/hub/hubtest"
)

// cutProxy stands between tally and the hub's socket and cuts every
// connection once the hub has sent limit bytes down it, as a hub that
// stops, or a network that drops, in the middle of a sync.
type cutProxy struct {
	dir   string
	limit atomic.Int64
}

func newCutProxy(t *testing.T, h *hubtest.Hub) *cutProxy {
	t.Helper()
	p := &cutProxy{}
	p.dir = proxy(t, h, p.relay)
	return p
}

// proxy listens on a socket of its own in place of the hub's, and hands
// each connection made to it, with one it made to the hub, to relay,
// until the test ends; it returns the socket's folder.
func proxy(t *testing.T, h *hubtest.Hub, relay func(client, server net.Conn)) string {
	t.Helper()
	dir := t.TempDir()
	socket := ".s.PGSQL." + h.Port
	ln, err := net.Listen("unix", filepath.Join(dir, socket))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("unix", filepath.Join(h.Socket, socket))
			if err != nil {
				client.Close()
				continue
			}
			wg.Go(func() { relay(client, server) })
		}
	})
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return dir
}

func (p *cutProxy) relay(client, server net.Conn) {
	defer client.Close()
	defer server.Close()
	go io.Copy(server, client)
	io.CopyN(client, server, p.limit.Load())
}

func TestTheHubStoppingMidSyncLosesAndDoublesNothing(t *testing.T) {
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	writer, reader := newDevice(t, h, alice), newDevice(t, h, alice)
	writer.run(t, "client", "add", "Acme", "--plan", "hourly", "--rate", "40", "--from", "2026-11-01")
	writer.run(t, "task", "add", "Mail", "--client", "Acme")
	writer.sync(t)
	reader.sync(t)
	for day := 1; day <= 25; day++ {
		writer.run(t, "log", "add", "Mail", "--date", fmt.Sprintf("2026-11-%02d", day), "--from", "09:00", "--to", "10:00", "--note", fmt.Sprint("day ", day))
	}
	proxy := newCutProxy(t, h)
	cut, _ := hub.Address(h.URLVia(proxy.dir), alice)
	ctx := context.Background()
	// Cut the hub off after ever more bytes, through the push and the
	// pull, until a sync gets through whole.
	failures := 0
	for limit := int64(64); ; limit += limit / 4 {
		proxy.limit.Store(limit)
		_, errW := writer.trySync(ctx, cut)
		_, errR := reader.trySync(ctx, cut)
		if errW == nil && errR == nil {
			break
		}
		failures++
		for _, err := range []error{errW, errR} {
			if err != nil && !errorsIsUnreachable(err) {
				t.Fatalf("cut after %d bytes: %v; want the hub unreachable", limit, err)
			}
		}
	}
	t.Logf("%d syncs were cut before one got through", failures)
	if failures < 10 {
		t.Fatalf("only %d syncs were cut; the test cut too coarsely", failures)
	}
	writer.sync(t)
	reader.sync(t)
	view := agree(t, writer, reader)
	var rows int
	if err := h.Conn(t, alice).QueryRow(ctx, "SELECT count(*) FROM tally.changes").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if want := 2 + 25; rows != want {
		t.Fatalf("the hub holds %d changes; want %d, each once", rows, want)
	}
	if n := countLines(view, "day "); n != 25 {
		t.Fatalf("the reader holds %d of the 25 entries", n)
	}
}

// TestTheHubStoppedMidSync stops the hub's server itself, as a crash
// would, while a device pushes and another pulls a year of work, then
// starts it again: the next syncs converge, each change once. Whenever the
// stop lands (in a push, a pull, or between), that must hold.
func TestTheHubStoppedMidSync(t *testing.T) {
	c := hubtest.NewCluster(t)
	alice := c.Person(t, "alice")
	writer, reader := newDevice(t, c.Hub, alice), newDevice(t, c.Hub, alice)
	if _, err := writer.st.AddAll(demo.Generate(1, 3, t0, time.UTC), "a year"); err != nil {
		t.Fatal(err)
	}
	reader.sync(t)
	errs := make(chan error, 2)
	for _, d := range []*device{writer, reader} {
		go func() {
			for range 3 { // pushes, then pulls what the other pushed so far
				if _, err := d.trySync(context.Background(), d.addr(t)); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	c.Halt(t)
	for range 2 {
		if err := <-errs; err != nil && !errorsIsUnreachable(err) {
			t.Fatalf("a sync the hub's stop cut short: %v; want the hub unreachable", err)
		}
	}
	for _, d := range []*device{writer, reader} {
		if _, err := d.trySync(context.Background(), d.addr(t)); !errorsIsUnreachable(err) {
			t.Fatalf("a sync while the hub is down: %v", err)
		}
		if problems, err := d.st.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("check with the hub down: %v %v", err, problems)
		}
	}
	c.Resume(t)
	writer.sync(t)
	reader.sync(t)
	agree(t, writer, reader)
	var rows, distinct int
	if err := c.Conn(t, alice).QueryRow(context.Background(), "SELECT count(*), count(DISTINCT (device, seq)) FROM tally.changes").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if st, _ := writer.st.SyncStatus(); rows != distinct || st.Waiting != 0 || uint64(rows) < 2000 {
		t.Fatalf("the hub holds %d changes (%d distinct), %d wait", rows, distinct, st.Waiting)
	}
}
