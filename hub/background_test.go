package hub_test

import (
	"context"
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
