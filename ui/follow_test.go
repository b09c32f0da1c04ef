package ui

import (
	"context"
	"errors"
	"testing"

	tea "charm.land/bubbletea/v2"
	"tally/store"
)

// onceWatcher passes on the store's watcher's first word, then says it
// broke: the tests run commands one after another (settle), so none may
// wait for a change that never comes.
type onceWatcher struct {
	w    *store.Watcher
	used bool
}

func (o *onceWatcher) Wait(ctx context.Context) error {
	if o.used {
		return errors.New("watched once")
	}
	o.used = true
	return o.w.Wait(ctx)
}

// followingApp opens the app on a year of demo data, whose timer runs,
// watching the file; other is another process's store of the same file.
func followingApp(t *testing.T) (a *App, other *store.Store) {
	t.Helper()
	clk := &clock{now: testNow}
	s := demoStore(t, 1, clk)
	w := s.Watch()
	t.Cleanup(func() { w.Close() })
	a = openApp(t, s, clk, 200, 50)
	a.Deps.Watch = &onceWatcher{w: w}
	if a.Snap.Running == nil {
		t.Fatal("the demo's timer does not run")
	}
	return a, store.New(s.Path(), store.WithDailyBackups(0), store.WithClock(clk.Now))
}

func stopElsewhere(t *testing.T, other *store.Store) {
	t.Helper()
	if _, ok, _, err := other.Stop(store.Timing{}, nil); !ok || err != nil {
		t.Fatalf("tally stop elsewhere: %v, %v", ok, err)
	}
}

// TestAnotherProcesssStopShowsOnTheWatchersWord: tally stop in another
// shell shows as soon as the watcher says the file changed; no second
// ticks (the test's ticker never does), so no interval decides it.
func TestAnotherProcesssStopShowsOnTheWatchersWord(t *testing.T) {
	a, other := followingApp(t)
	stopElsewhere(t, other)
	settle(t, a, a.watch())
	if a.Snap.Running != nil {
		t.Errorf("the app still shows %q running after the watcher's word", runningTitle(a))
	}
}

// TestAChangeDuringTheAppsOwnLoadIsFollowed: a change that lands while
// the app's own load is in flight, read before it, is looked at again
// once the load lands, rather than on the next second.
func TestAChangeDuringTheAppsOwnLoadIsFollowed(t *testing.T) {
	a, other := followingApp(t)
	batch := a.refresh()().(tea.BatchMsg)
	var read []tea.Msg // the load's results, read before the change
	for _, cmd := range batch {
		read = append(read, cmd())
	}
	stopElsewhere(t, other)
	settle(t, a, a.watch()) // the look waits for the load
	for _, msg := range read {
		_, cmd := a.Update(msg)
		settle(t, a, cmd)
	}
	if a.Snap.Running != nil {
		t.Errorf("the app still shows %q running: the change during its load was lost", runningTitle(a))
	}
}
