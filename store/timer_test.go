package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

func TestSwitchInTheSameSecondReplacesTheEntry(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	s.Start(a.ID, "", nil, Timing{At: t0.Add(500 * time.Millisecond)})
	started, stopped, err := s.Start(b.ID, "", nil, Timing{At: t0.Add(900 * time.Millisecond)})
	if err != nil || stopped != nil || started.TaskID != b.ID {
		t.Fatalf("switch in the same second: stopped %+v, %v", stopped, err)
	}
	if entries := allEntries(t, s); len(entries) != 1 || entries[0].TaskID != b.ID || !entries[0].Running() {
		t.Errorf("entries %+v, want only the new running one", entries)
	}
	if _, ok, err := s.Stop(Timing{At: t0}); err != nil || ok {
		t.Errorf("stop in the start's second: ok %v, %v", ok, err)
	}
	if entries := allEntries(t, s); len(entries) != 0 {
		t.Errorf("a zero-length entry was kept: %+v", entries)
	}
}

func TestSwitchReadsTheClockOnceLocked(t *testing.T) {
	now := t0
	s := New(newStore(t).Path(), WithDailyBackups(0), WithClock(func() time.Time { now = now.Add(time.Second); return now }))
	_, a, b := seed(t, s)
	first, _, _ := s.Start(a.ID, "", nil, Timing{})
	second, stopped, err := s.Start(b.ID, "", nil, Timing{})
	if err != nil || stopped == nil || !second.Start.After(first.Start) || !stopped.End.Equal(second.Start) {
		t.Fatalf("first %v, second %v, stopped %+v, %v", first.Start, second.Start, stopped, err)
	}
}

func TestLongEntryNeedsTheUsersSayso(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	s.Start(a.ID, "", nil, Timing{At: t0})
	limit := 10 * time.Hour
	late := t0.Add(14 * time.Hour)
	before := allEntries(t, s)
	_, _, err := s.Start(b.ID, "", nil, Timing{At: late, MaxLength: limit})
	var long model.LongEntryError
	if !errors.As(err, &long) || !errors.Is(err, model.ErrInvalid) || long.End.Sub(long.Start) != 14*time.Hour {
		t.Fatalf("switch after 14 h: %v", err)
	}
	if _, _, err := s.Stop(Timing{At: late, MaxLength: limit}); !errors.As(err, &long) {
		t.Fatalf("stop after 14 h: %v", err)
	}
	if _, _, err := s.Finish(a.ID, model.DateOf(late, time.UTC), Timing{At: late, MaxLength: limit}); !errors.As(err, &long) {
		t.Fatalf("finishing the task after 14 h: %v", err)
	}
	if after := allEntries(t, s); len(after) != len(before) || !after[0].Running() {
		t.Fatalf("a refused stop changed the entries: %+v", after)
	}
	// Kept, the timer stops at any length; and --long (no limit) always.
	if _, err := s.KeepRunning(); err != nil {
		t.Fatal(err)
	}
	if done, ok, err := s.Stop(Timing{At: late, MaxLength: limit}); err != nil || !ok || !done.Kept {
		t.Fatalf("stopping a kept timer: %+v %v", done, err)
	}
}

func TestContinueRestartsTheLastStoppedTask(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	s.Start(a.ID, "draft", []string{"writing"}, Timing{At: t0})
	s.Start(b.ID, "", nil, Timing{At: t0.Add(time.Hour)})
	s.Stop(Timing{At: t0.Add(2 * time.Hour)})
	started, stopped, err := s.Continue(Timing{At: t0.Add(3 * time.Hour)})
	if err != nil || stopped != nil || started.TaskID != b.ID {
		t.Fatalf("continue: %+v %v", started, err)
	}
	// While b runs, continue restarts a (the last stopped), note and tags too.
	started, stopped, err = s.Continue(Timing{At: t0.Add(4 * time.Hour)})
	if err == nil {
		t.Fatalf("continuing the running task again: %+v", started)
	}
	s.Start(a.ID, "", nil, Timing{At: t0.Add(5 * time.Hour)})
	started, stopped, err = s.Continue(Timing{At: t0.Add(6 * time.Hour)})
	if err != nil || stopped == nil || started.TaskID != b.ID {
		t.Fatalf("continue as a switch: %+v %+v %v", started, stopped, err)
	}
	empty := newStore(t)
	if _, _, err := empty.Continue(Timing{At: t0}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("continue with nothing stopped: %v", err)
	}
}

func TestContinueKeepsNoteAndTags(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	s.Start(a.ID, "draft", []string{"writing"}, Timing{At: t0})
	s.Stop(Timing{At: t0.Add(time.Hour)})
	started, _, err := s.Continue(Timing{At: t0.Add(2 * time.Hour)})
	if err != nil || started.Note != "draft" || len(started.Tags) != 1 || started.Tags[0] != "writing" {
		t.Fatalf("continued %+v, %v", started, err)
	}
}

func TestArchivedClientTakesNoTime(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	s.EditClient(c.Name, func(c *model.Client) error { c.Archived = true; return nil })
	if _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("log add on an archived client's task: %v", err)
	}
	if _, _, err := s.Start(a.ID, "", nil, Timing{At: t0}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("start on an archived client's task: %v", err)
	}
}

func TestCurrencyChangesOnlyWhileNothingIsRecorded(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	toEUR := func(c *model.Client) error { c.Currency = "EUR"; return nil }
	if _, err := s.EditClient(c.Name, toEUR); err != nil {
		t.Fatalf("no entries yet: %v", err)
	}
	s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
	toUSD := func(c *model.Client) error { c.Currency = "USD"; return nil }
	if _, err := s.EditClient(c.Name, toUSD); !errors.Is(err, model.ErrInvalid) || err.Error() != "Acme has 1 entries and 0 sales priced in its currency; changing it would reprice them (add a new client instead)" {
		t.Errorf("with an entry: %v", err)
	}
}

func TestSales(t *testing.T) {
	s := newStore(t)
	shop, err := s.AddClient(model.Client{Name: "Shop", Currency: "EUR", Plans: []model.Plan{
		{From: model.MakeDate(2025, 1, 1), Kind: model.Hourly, Rate: 2000},
		{From: model.MakeDate(2026, 1, 1), Kind: model.Commission, PercentBP: 1000},
	}})
	if err != nil {
		t.Fatal(err)
	}
	day := model.MakeDate(2026, 11, 5)
	sale, _ := s.AddSale(model.Sale{ClientID: shop.ID, Date: day, Amount: 10000})
	refund, _ := s.AddSale(model.Sale{ClientID: shop.ID, Date: day.AddDays(1), Amount: -2500, Note: "returned"})
	if got, err := s.Sales(day, day.AddDays(1)); err != nil || len(got) != 2 || got[1].ID != refund.ID {
		t.Fatalf("sales %+v %v", got, err)
	}
	edited, err := s.EditSale(sale.ID, func(sl *model.Sale) error { sl.Amount = 20000; return nil })
	if err != nil || edited.Amount != 20000 {
		t.Fatalf("edit %+v %v", edited, err)
	}
	if _, err := s.EditSale(sale.ID, func(sl *model.Sale) error { sl.Date = model.MakeDate(2025, 1, 1); return nil }); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("moving a sale before the commission plan: %v", err)
	}
	if _, err := s.RemoveSale(sale.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Sales(day, day.AddDays(1)); len(got) != 1 {
		t.Errorf("after rm: %+v", got)
	}
	if _, err := s.RemoveSale(sale.ID); err == nil || err.Error() != "no sale 1" {
		t.Errorf("second rm: %v", err)
	}
}

// TestUndoKeepsTheIndexes steps back and forth over changes that move a
// task between open and done and a sale between days; the check on
// cleanup compares every index with its records.
func TestUndoKeepsTheIndexes(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	shop, _ := s.AddClient(model.Client{Name: "Shop", Currency: "EUR", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}})
	sale, _ := s.AddSale(model.Sale{ClientID: shop.ID, Date: model.MakeDate(2026, 11, 5), Amount: 100})
	e, _ := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
	s.EditEntry(e.ID, func(e *model.Entry) error { e.Start, e.End = t0.Add(-time.Hour), t0; return nil })
	s.Finish(a.ID, model.MakeDate(2026, 11, 27), Timing{At: t0.Add(2 * time.Hour)})
	s.EditSale(sale.ID, func(sl *model.Sale) error { sl.Date = model.MakeDate(2026, 11, 6); return nil })
	s.RemoveSale(sale.ID)
	for range 5 {
		if _, err := s.Undo(); err != nil {
			t.Fatal(err)
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("after undo: %v %v", err, problems)
		}
	}
	s.Redo()
	s.Redo()
	s.Redo()
	if open, _, _ := s.OpenTasks(); len(open) != 1 {
		t.Errorf("open tasks after redoing the finish: %+v", open)
	}
	if tracked, _ := s.TrackedByTask([]model.Task{a}, t0); tracked[a.ID] != 3600 {
		t.Errorf("tracked %v", tracked)
	}
}

// TestCheckFindsIndexesThatDisagree damages each index in a way a bug or
// a bad copy could, and check names it.
func TestCheckFindsIndexesThatDisagree(t *testing.T) {
	cases := []struct {
		name, want string
		damage     func(tx *bolt.Tx, entry []byte, clientID, taskID int64) error
	}{
		{"an entry left out of its client's index", "missing from its client's index", func(tx *bolt.Tx, entry []byte, clientID, _ int64) error {
			return tx.Bucket(bucketClientEntries).Delete(clientEntryKey(clientID, entry))
		}},
		{"a stale copy in the client index", "holds another version of it", func(tx *bolt.Tx, entry []byte, clientID, _ int64) error {
			return tx.Bucket(bucketClientEntries).Put(clientEntryKey(clientID, entry), []byte{1})
		}},
		{"a copy of an entry no longer stored", "not stored", func(tx *bolt.Tx, entry []byte, clientID, _ int64) error {
			return tx.Bucket(bucketClientEntries).Put(clientEntryKey(clientID+1, entry), []byte{1})
		}},
		{"an id that points elsewhere", "the id index does not point at it", func(tx *bolt.Tx, entry []byte, _, _ int64) error {
			return tx.Bucket(bucketEntryIDs).Put(entry[8:], entryKey(t0.Add(time.Minute), 99))
		}},
		{"a wrong tracked total", "tracked total says", func(tx *bolt.Tx, _ []byte, _, taskID int64) error {
			return tx.Bucket(bucketTaskTotals).Put(idKey(taskID), uintBytes(1))
		}},
		{"an open task out of the index", "open and done", func(tx *bolt.Tx, _ []byte, _, taskID int64) error {
			return tx.Bucket(bucketOpenTasks).Delete(idKey(taskID))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := New(filepath.Join(t.TempDir(), "tally.db"), WithClock(func() time.Time { return t0 }))
			client, a, _ := seed(t, s)
			e, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			db, err := bolt.Open(s.Path(), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Update(func(tx *bolt.Tx) error { return c.damage(tx, entryKey(e.Start, e.ID), client.ID, a.ID) })
			db.Close()
			problems, err := s.Check()
			if err != nil || !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Errorf("check: %q, %v; want a problem saying %q", problems, err, c.want)
			}
		})
	}
}

// StartRef names the task as the user typed it and starts it in one
// change; a name that fits nothing writes nothing, not even a new file.
func TestStartRefResolvesAndSwitchesInOneChange(t *testing.T) {
	s := newStore(t)
	if _, err := s.StartRef("mail", "", "", nil, Timing{}); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("a task on an empty file: %v, want bad input", err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused start made the file")
	}
	acme, _ := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	other, _ := s.AddClient(model.Client{Name: "Other", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	mail, _ := s.AddTask(model.Task{ClientID: acme.ID, Title: "Mail"})
	s.AddTask(model.Task{ClientID: other.ID, Title: "Mail"})
	reports, _ := s.AddTask(model.Task{ClientID: acme.ID, Title: "Reports"})

	if _, err := s.StartRef("mail", "", "", nil, Timing{At: t0}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("a name two clients' tasks fit: %v, want bad input", err)
	}
	st, err := s.StartRef("mail", "acme", "", nil, Timing{At: t0})
	if err != nil || st.Task.ID != mail.ID || st.Entry.TaskID != mail.ID || st.Stopped != nil || len(st.Clients) != 2 {
		t.Fatalf("start mail for Acme: %+v, %v", st, err)
	}
	st, err = s.StartRef(fmt.Sprintf("#%d", reports.ID), "", "", nil, Timing{At: t0.Add(time.Hour)})
	if err != nil || st.Entry.TaskID != reports.ID || st.Stopped == nil || st.Stopped.TaskID != mail.ID || !st.Stopped.End.Equal(t0.Add(time.Hour)) {
		t.Fatalf("switch to reports: %+v, %v", st, err)
	}
}
