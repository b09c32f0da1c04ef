package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// TestCommitsReadsTheHeaderAlone: Commits moves with every commit and
// answers while another process holds the file, where Rev, which opens
// the database, waits for it.
func TestCommitsReadsTheHeaderAlone(t *testing.T) {
	s := newStore(t)
	if n, err := s.Commits(); n != 0 || err != nil {
		t.Fatalf("no file yet: %d, %v", n, err)
	}
	mustAdd := func(name string) {
		if _, _, err := s.AddClient(model.Client{Name: name, Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}}); err != nil {
			t.Fatal(err)
		}
	}
	mustAdd("Acme")
	first, err := s.Commits()
	if err != nil || first == 0 {
		t.Fatalf("after a change: %d, %v", first, err)
	}
	mustAdd("Bakery")
	second, _ := s.Commits()
	if second <= first {
		t.Fatalf("commits %d then %d", first, second)
	}
	holder, err := bolt.Open(s.Path(), 0o600, nil) // a writer's lock, as another tally holds it
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	waiting := New(s.Path(), WithTimeout(50*time.Millisecond), WithDailyBackups(0))
	if n, err := waiting.Commits(); n != second || err != nil {
		t.Errorf("while another holds the file: %d, %v; want %d", n, err, second)
	}
	if _, err := waiting.Rev(); !errors.Is(err, ErrLocked) {
		t.Errorf("Rev while another holds the file: %v; want it locked out", err)
	}
}

// TestSyncBookkeepingLeavesTheRevision: what a sync notes of itself (the
// secret it offers, the changes the hub took, when it synced) commits to
// the file but changes no record, so the revision stays; the commit hook
// hears it all the same, with the revision kept (the prompt's state is
// written again, or prompts would take it for stale). A change of a
// record bumps the revision as ever.
func TestSyncBookkeepingLeavesTheRevision(t *testing.T) {
	s := device(t, "laptop", &clock{t0})
	var heard []uint64 // the revisions the hook heard, once each change landed
	s.hook = func(v View) func() Warnings {
		rev := v.Rev()
		return func() Warnings { heard = append(heard, rev); return nil }
	}
	addClient := func(name string) {
		t.Helper()
		if _, _, err := s.AddClient(model.Client{Name: name, Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}}); err != nil {
			t.Fatal(err)
		}
	}
	addClient("Acme")
	link(t, s, "ana") // Acme waits in the outbox
	rev, _ := s.Rev()
	commits, _ := s.Commits()
	heard = nil
	if _, err := s.Secrets(true); err != nil {
		t.Fatal(err)
	}
	out, err := s.Outbox(100)
	if err != nil || len(out) == 0 {
		t.Fatalf("outbox %d, %v", len(out), err)
	}
	if err := s.Acknowledge(out[len(out)-1].Seq); err != nil {
		t.Fatal(err)
	}
	if err := s.Synced(t0); err != nil {
		t.Fatal(err)
	}
	if now, _ := s.Rev(); now != rev {
		t.Errorf("revision %d → %d after the sync's bookkeeping; want it kept", rev, now)
	}
	if now, _ := s.Commits(); now != commits+3 {
		t.Errorf("commits %d → %d; want the three bookkeeping commits", commits, now)
	}
	if want := []uint64{rev, rev, rev}; !slices.Equal(heard, want) {
		t.Errorf("the hook heard revisions %v after the bookkeeping; want %v, each commit heard with the revision kept", heard, want)
	}
	addClient("Bakery")
	if now, _ := s.Rev(); now != rev+1 {
		t.Errorf("revision %d → %d after adding a client; want one more", rev, now)
	}
}

// BenchmarkRevisionCheck is what the app pays each second to learn
// whether the file changed: Commits reads the header alone; Rev opens the
// database (a lock, a mapping, a read transaction).
func BenchmarkRevisionCheck(b *testing.B) {
	s := New(filepath.Join(b.TempDir(), "tally.db"), WithDailyBackups(0))
	for i := range 50 {
		if _, _, err := s.AddClient(model.Client{Name: fmt.Sprintf("Client %d", i), Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}}); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		read func() (uint64, error)
	}{{"Commits", s.Commits}, {"Rev", s.Rev}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := c.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
