package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/uitest"
)

// hubStub answers the app's syncs as a hub would, as told. The hub
// itself is tested against a real PostgreSQL in hub/; here what matters
// is when the app asks and what it shows.
type hubStub struct {
	mu        sync.Mutex
	syncs     int
	waiting   uint64
	conflicts []string
	err       error
	notify    int               // Wait returns nil this many times, then fails
	contexts  []context.Context // what each call was given
}

func (h *hubStub) Sync(ctx context.Context) (uint64, []string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.syncs++
	h.contexts = append(h.contexts, ctx)
	return h.waiting, h.conflicts, h.err
}

func (h *hubStub) Wait(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.contexts = append(h.contexts, ctx)
	if h.notify > 0 {
		h.notify--
		return nil
	}
	return errors.New("listening connection closed")
}

func (h *hubStub) Issue(context.Context, int64, model.Date, model.Party, model.NumberFormat, store.InvoiceRules) (model.Invoice, store.Warnings, error) {
	return model.Invoice{}, nil, errors.New("the stub issues nothing")
}

func (h *hubStub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.syncs
}

func syncedApp(t *testing.T, hub *hubStub) (*App, *clock) {
	t.Helper()
	clk := &clock{now: testNow}
	deps := testDeps(demoStore(t, 1, clk), clk)
	deps.Sync = hub
	a := New(deps)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
	settle(t, a, a.Init())
	return a, clk
}

func footerText(a *App) string {
	lines := strings.Split(screen(a), "\n")
	return lines[len(lines)-1]
}

func TestTheAppSyncsAtStartAfterChangesEveryThirtySecondsAndWhenCalled(t *testing.T) {
	hub := &hubStub{}
	a, clk := syncedApp(t, hub)
	if n := hub.count(); n != 1 {
		t.Fatalf("%d syncs at start; want 1", n)
	}
	if f := footerText(a); !strings.HasSuffix(strings.TrimSpace(f), "synced") {
		t.Fatalf("footer %q; want it to end with synced", f)
	}
	press(t, a, "2") // a switch: a change to send
	if n := hub.count(); n != 2 {
		t.Fatalf("%d syncs after a change; want 2", n)
	}
	for range syncEvery - 1 {
		tick(t, a, clk)
	}
	if n := hub.count(); n != 2 {
		t.Fatalf("%d syncs before thirty seconds; want 2", n)
	}
	tick(t, a, clk)
	if n := hub.count(); n != 3 {
		t.Fatalf("%d syncs after thirty seconds; want 3", n)
	}
	hub.notify = 1
	settle(t, a, a.listen())
	if n := hub.count(); n != 4 {
		t.Fatalf("%d syncs after the hub called; want 4", n)
	}
}

func TestTheFooterSaysWhatWaitsAndWhenTheHubIsAway(t *testing.T) {
	hub := &hubStub{waiting: 3}
	a, clk := syncedApp(t, hub)
	if f := footerText(a); !strings.HasSuffix(strings.TrimSpace(f), "3 waiting") {
		t.Fatalf("footer %q; want 3 waiting", f)
	}
	hub.err = errors.New("hub unreachable: no route")
	for range syncEvery {
		tick(t, a, clk)
	}
	if f := footerText(a); !strings.HasSuffix(strings.TrimSpace(f), "hub unreachable · 3 waiting") {
		t.Fatalf("footer %q; want hub unreachable, and what waits", f)
	}
	if !strings.Contains(screen(a), "no route") {
		t.Fatalf("the status line does not say why the sync failed:\n%s", screen(a))
	}
	if w := len([]rune(footerText(a))); w > 120 {
		t.Fatalf("footer is %d cells wide in 120", w)
	}
}

func TestWhatAMergeDecidedIsSaid(t *testing.T) {
	hub := &hubStub{conflicts: []string{"two timers ran at once: entry 4 stopped at 09:30"}}
	a, _ := syncedApp(t, hub)
	if !strings.Contains(screen(a), "two timers ran at once") {
		t.Fatalf("the status line does not say what the merge decided:\n%s", screen(a))
	}
}

func TestASyncAskedForWhileOneRunsFollowsIt(t *testing.T) {
	hub := &hubStub{}
	a, _ := syncedApp(t, hub)
	first := a.startSync() // running, not yet answered
	if again := a.startSync(); again != nil {
		t.Fatal("a second sync started while one ran")
	}
	settle(t, a, first)
	if n := hub.count(); n != 3 {
		t.Fatalf("%d syncs; want the one at start, the one running and the one asked for meanwhile", n)
	}
}

func TestTheAppListensAgainOnceTheHubAnswers(t *testing.T) {
	hub := &hubStub{}
	a, clk := syncedApp(t, hub) // its listener failed at once: the stub had nothing to say
	hub.err = errors.New("hub unreachable")
	for range syncEvery {
		tick(t, a, clk)
	}
	hub.mu.Lock()
	hub.err, hub.notify = nil, 1
	hub.mu.Unlock()
	before := hub.count()
	for range syncEvery {
		tick(t, a, clk)
	}
	// The sync that reached the hub listens again, and the hub's call
	// brings one more sync.
	if n := hub.count() - before; n != 2 {
		t.Fatalf("%d syncs after the hub came back; want the periodic one and the one the hub called for", n)
	}
}

// Quitting ends the syncs and the listening under way: the app does not
// wait on a hub that is slow to answer.
func TestQuittingEndsTheSyncsAndTheListener(t *testing.T) {
	hub := &hubStub{notify: 1}
	a, _ := syncedApp(t, hub)
	hub.mu.Lock()
	given := slices.Clone(hub.contexts)
	hub.mu.Unlock()
	if len(given) < 2 {
		t.Fatalf("the app made %d calls at start; want a sync and a wait", len(given))
	}
	for _, ctx := range given {
		if ctx.Err() != nil {
			t.Fatal("a call's context ended before the app quit")
		}
	}
	if _, cmd := a.Update(uitest.Key("q")); cmd == nil {
		t.Fatal("q did not quit")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q did not quit")
	}
	for i, ctx := range given {
		if ctx.Err() == nil {
			t.Errorf("call %d's context goes on after quitting", i)
		}
	}
}
