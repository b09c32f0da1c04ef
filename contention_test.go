package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tally/model"
	"tally/store"
)

// TestConcurrentSwitches has 16 processes switch between tasks at once, on
// the real clock: none is refused as bad input, at most one entry runs, no
// entry is left with no length, and the file checks clean.
func TestConcurrentSwitches(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const workers, switches = 16, 8
	db := filepath.Join(t.TempDir(), "tally.db")
	s := store.New(db, store.WithDailyBackups(0))
	c, _, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 * workers {
		if _, _, err := s.AddTask(model.Task{ClientID: c.ID, Title: fmt.Sprint("task ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for w := range workers {
		wg.Go(func() {
			for i := range switches {
				// Each worker alternates between two tasks of its own, so a
				// start never finds its own task running.
				task := fmt.Sprint("#", 2*w+i%2+1)
				_, stderr, code := tallyWith(t, []string{"TALLY_NOW="}, db, "start", task)
				mu.Lock()
				codes[code]++
				mu.Unlock()
				if code != 0 {
					t.Errorf("worker %d: start %s: exit %d: %s", w, task, code, strings.TrimSpace(stderr))
				}
			}
		})
	}
	wg.Wait()
	t.Logf("exit codes: %v", codes)
	l, err := s.Ledger(model.MakeDate(2000, 1, 1), model.DateOf(time.Now(), time.UTC).AddDays(1), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	running := 0
	for _, e := range l.Entries {
		if e.Running() {
			running++
		} else if !e.End.After(e.Start) {
			t.Errorf("entry %d has no length: %v to %v", e.ID, e.Start, e.End)
		}
	}
	if running != 1 {
		t.Errorf("%d entries running", running)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", err, problems)
	}
}
