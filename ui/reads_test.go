package ui

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
)

// countingStore counts the reads the app makes of the file: a load of
// the snapshot (AppData), of the invoices (Billing), and a look at its
// revision (Rev), each of which opens it with bbolt.
type countingStore struct {
	*store.Store
	mu    sync.Mutex
	reads map[string]int
}

func (s *countingStore) count(what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads[what]++
}

// took returns the reads counted since the last call, and starts again.
func (s *countingStore) took() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	reads := s.reads
	s.reads = map[string]int{}
	return reads
}

func (s *countingStore) AppData(days []store.Days, recent int, loc *time.Location) (store.AppData, error) {
	s.count("AppData")
	return s.Store.AppData(days, recent, loc)
}

func (s *countingStore) Billing(rules store.InvoiceRules, uninvoiced bool) (store.Billing, error) {
	s.count("Billing")
	return s.Store.Billing(rules, uninvoiced)
}

func (s *countingStore) Rev() (uint64, error) {
	s.count("Rev")
	return s.Store.Rev()
}

// fileSyncer does to the file what a sync with a hub that holds nothing
// new does: it offers a secret when there is something to push, pushes
// the outbox (each batch acknowledged) and notes when it synced. Only the
// hub is left out.
type fileSyncer struct {
	st    *store.Store
	now   func() time.Time
	mu    sync.Mutex
	syncs int
}

func (f *fileSyncer) Sync(context.Context) (uint64, []string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.syncs++
	status, err := f.st.SyncStatus()
	if err != nil {
		return 0, nil, err
	}
	if _, err := f.st.Secrets(status.Waiting > 0); err != nil {
		return 0, nil, err
	}
	for {
		batch, err := f.st.Outbox(2000)
		if err != nil {
			return 0, nil, err
		}
		if len(batch) == 0 {
			return 0, nil, f.st.Synced(f.now())
		}
		if err := f.st.Acknowledge(batch[len(batch)-1].Seq); err != nil {
			return 0, nil, err
		}
	}
}

// Wait fails at once, as a listener the hub drops: the tests' commands
// run one after another, and none may wait.
func (f *fileSyncer) Wait(context.Context) error { return errors.New("no hub to listen to") }

func (f *fileSyncer) Issue(context.Context, int64, model.Date, model.Party, model.NumberFormat, store.InvoiceRules) (model.Invoice, store.Warnings, error) {
	panic("no issue in these tests")
}

// syncedFileApp opens the app on a year of demo data linked to a hub,
// which fileSyncer stands for, and counts its reads from there on.
func syncedFileApp(t *testing.T) (*App, *clock, *countingStore) {
	t.Helper()
	clk := &clock{now: testNow}
	s := demoStore(t, 1, clk)
	if _, _, err := s.Link(store.SyncLink{Hub: "postgres://hub.example/tally", HubID: "hub", Person: "ana", Name: "laptop"}); err != nil {
		t.Fatal(err)
	}
	counted := &countingStore{Store: s, reads: map[string]int{}}
	deps := testDeps(counted, clk)
	deps.Sync = &fileSyncer{st: s, now: clk.Now}
	a := New(deps)
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
	settle(t, a, a.Init())
	tick(t, a, clk) // the start's own sync has landed: the app sees it
	counted.took()
	return a, clk, counted
}

// TestAKeyPressOnASyncedFileReloadsOnce: a key press that writes reloads
// the snapshot and the invoices once, whatever its sync writes to the
// file afterwards (what was pushed, when it synced), and the seconds
// after read them no more.
func TestAKeyPressOnASyncedFileReloadsOnce(t *testing.T) {
	a, clk, s := syncedFileApp(t)
	press(t, a, "2")
	for range 3 {
		tick(t, a, clk)
	}
	if got := s.took(); got["AppData"] != 1 || got["Billing"] != 1 || got["Rev"] > 1 {
		t.Errorf("a key press and three seconds read %v; want one snapshot and one invoices' load, and the revision at most once", got)
	}
}

// TestAnIdleSyncLoadsNothing: a sync every thirty seconds that moves
// nothing loads nothing, and the seconds open the file only to read its
// revision once a commit landed (the sync's), not each second.
func TestAnIdleSyncLoadsNothing(t *testing.T) {
	a, clk, s := syncedFileApp(t)
	for range syncEvery + 3 {
		tick(t, a, clk)
	}
	if got := s.took(); got["AppData"] != 0 || got["Billing"] != 0 || got["Rev"] > 1 {
		t.Errorf("%d idle seconds and a sync read %v; want no load, and the revision once, after the sync's commit", syncEvery+3, got)
	}
	if n := a.Deps.Sync.(*fileSyncer).syncs; n < 2 {
		t.Fatalf("%d syncs; want the start's and the periodic one", n)
	}
}

var _ common.Store = (*countingStore)(nil)
