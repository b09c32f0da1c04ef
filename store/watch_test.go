package store

import (
	"context"
	"testing"

	"tally/model"
)

// TestWatchWakesOnAnotherStoresChange: a watcher made before another
// store (another process, as far as the file knows) changes the file
// returns from Wait, and the header then shows the commit. Nothing here
// waits on a clock: the kernel queued the event as the change landed.
func TestWatchWakesOnAnotherStoresChange(t *testing.T) {
	s := newStore(t)
	add := func(st *Store, name string) {
		t.Helper()
		if _, _, err := st.AddClient(model.Client{Name: name, Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}}); err != nil {
			t.Fatal(err)
		}
	}
	add(s, "Acme")
	seen, _ := s.Commits()
	w := s.Watch()
	defer w.Close()
	add(New(s.Path(), WithDailyBackups(0)), "Bakery")
	if err := w.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if now, _ := s.Commits(); now == seen {
		t.Errorf("the watcher woke, but the header still shows commit %d", seen)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Wait(ctx); err == nil {
		t.Error("a Wait whose context is done returned no error")
	}
}
