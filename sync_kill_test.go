package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/demo"
	"tally/hub"
	"tally/hub/hubtest"
	"tally/store"
)

// TestKilledSyncsConverge kills `tally sync` 100 times at random instants,
// on two devices of one person, while one of them keeps working: during
// pushes of a year of work, pulls of it, and the bookkeeping between.
// Afterwards a sync of each converges, both files check clean, the
// devices agree, and the hub holds each change once.
func TestKilledSyncsConverge(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	h := hubtest.New(t)
	alice := h.Person(t, "alice")
	now := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	env := []string{"TALLY_NOW=" + now.Format(time.RFC3339)}
	dir := t.TempDir()
	laptop, desktop := filepath.Join(dir, "laptop.db"), filepath.Join(dir, "desktop.db")
	if _, err := store.New(laptop, store.WithDailyBackups(0)).AddAll(demo.Generate(1, 1, now, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	for _, db := range []string{laptop, desktop} {
		// Linked, but nothing pushed yet: the kills fall on the first push.
		linkOnly(t, db, h.URL(), alice)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	killed := 0
	for round := range 100 {
		if round%10 == 0 {
			day := now.AddDate(0, 0, -round/10-1).Format(time.DateOnly)
			if _, stderr, code := tallyWith(t, env, laptop, "log", "add", "1", "--date", day, "--from", "21:00", "--to", "21:30", "--note", fmt.Sprint("late ", round)); code != 0 {
				t.Fatalf("log add: %s", stderr)
			}
		}
		db := []string{laptop, desktop}[rng.IntN(2)]
		if killSyncAfter(t, env, db, time.Duration(rng.IntN(150))*time.Millisecond) {
			killed++
		}
	}
	// How many kills land first depends on the machine's speed; what
	// follows must hold however many did.
	t.Logf("%d of 100 syncs were killed before they finished", killed)
	for _, db := range []string{laptop, desktop, laptop} {
		if _, stderr, code := tallyWith(t, env, db, "sync"); code != 0 {
			t.Fatalf("sync after the kills: %s", stderr)
		}
	}
	var views []string
	for _, db := range []string{laptop, desktop} {
		if stdout, stderr, code := tallyWith(t, env, db, "check"); code != 0 {
			t.Fatalf("check %s: %s %s", db, stdout, stderr)
		}
		report, _, _ := tallyWith(t, env, db, "report", "--from", "2025-11-01", "--to", "2026-11-30", "--json")
		sheet, _, _ := tallyWith(t, env, db, "export", "--from", "2025-11-01", "--to", "2026-11-30", "--format", "csv")
		views = append(views, report+sheet)
	}
	if views[0] != views[1] || !strings.Contains(views[0], "late 90") {
		t.Fatalf("the devices disagree after the kills, or lost the last entry")
	}
	st, err := store.New(laptop).SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	var rows, distinct int
	conn := h.Conn(t, alice)
	if err := conn.QueryRow(t.Context(), "SELECT count(*), count(DISTINCT gid || hlc) FROM tally.changes").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != distinct || st.Waiting != 0 {
		t.Fatalf("the hub holds %d changes, %d distinct; %d wait on the laptop", rows, distinct, st.Waiting)
	}
}

// linkOnly links db to the hub as sync init does, without its first sync.
func linkOnly(t *testing.T, db, url, person string) {
	t.Helper()
	addr, err := hub.Address(url, person)
	if err != nil {
		t.Fatal(err)
	}
	h, err := hub.Connect(t.Context(), addr)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(t.Context())
	id, err := h.ID(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.New(db).Link(store.SyncLink{Hub: addr, HubID: id, Person: h.Person, Name: filepath.Base(db)}); err != nil {
		t.Fatal(err)
	}
}

// killSyncAfter starts `tally sync` on db and kills it after d, unless it
// finished first; it says whether the kill came first.
func killSyncAfter(t *testing.T, env []string, db string, d time.Duration) bool {
	t.Helper()
	cmd := exec.Command(os.Args[0], "--db", db, "sync")
	cmd.Args[0] = "tally"
	cmd.Env = append(append(os.Environ(), "TZ=UTC", "TALLY_CONFIG=/nonexistent/config.toml"), env...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("sync failed on its own: %v: %s", err, errOut.String())
		}
		return false
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		return true
	}
}
