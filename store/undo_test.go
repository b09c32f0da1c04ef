package store

import (
	"reflect"
	"testing"
	"time"

	"tally/model"
)

func TestRedoAndWhoseChange(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	cli := New(s.Path(), WithOrigin("tally start"), WithClock(func() time.Time { return t0 }))
	cli.Start(a.ID, "", nil, Timing{At: t0})
	app := New(s.Path(), WithOrigin("the app"), WithClock(func() time.Time { return t0 }))
	done, err := app.Undo()
	if err != nil || !reflect.DeepEqual(done, Undone{Label: "start task #1 Write article", Origin: "tally start"}) {
		t.Fatalf("undo: %+v %v", done, err)
	}
	if done, err = app.Redo(); err != nil || done.Label != "start task #1 Write article" {
		t.Fatalf("redo: %+v %v", done, err)
	}
	if entries := allEntries(t, s); len(entries) != 1 || !entries[0].Running() {
		t.Fatalf("after redo: %+v", entries)
	}
	if _, err := app.Redo(); err == nil || err.Error() != "nothing to redo" {
		t.Errorf("second redo: %v", err)
	}
	app.Undo()
	app.Start(b.ID, "", nil, Timing{At: t0}) // a new change: the undone start cannot come back
	if _, err := app.Redo(); err == nil {
		t.Error("redo after a new change")
	}
}

func TestUndoStepsBack(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	s.Start(a.ID, "", nil, Timing{At: t0})
	s.Start(b.ID, "", nil, Timing{At: t0.Add(time.Hour)})
	done, err := s.Undo()
	if err != nil || done.Label != "switch to task #2 Answer mail" {
		t.Fatalf("undo: %q %v", done, err)
	}
	entries := allEntries(t, s)
	if len(entries) != 1 || !entries[0].Running() || entries[0].TaskID != a.ID {
		t.Fatalf("after undoing the switch: %+v", entries)
	}
	if done, err = s.Undo(); err != nil || done.Label != "start task #1 Write article" {
		t.Fatalf("second undo: %q %v", done, err)
	}
	if len(allEntries(t, s)) != 0 {
		t.Fatal("entries left after undoing the start")
	}
	s.Undo() // add task 2
	s.Undo() // add task 1
	s.Undo() // add client
	if _, err := s.Undo(); err == nil || err.Error() != "nothing to undo" {
		t.Errorf("undo on empty journal: %v", err)
	}
	if clients, _ := s.Clients(); len(clients) != 0 {
		t.Errorf("clients after undoing everything: %v", clients)
	}
}

// TestUndoKeepsTheIndexes steps back and forth over changes that move a
// task between open and done and a sale between days; the check on
// cleanup compares every index with its records.
func TestUndoKeepsTheIndexes(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	shop, _, _ := s.AddClient(model.Client{Name: "Shop", Currency: "EUR", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}})
	sale, _, _ := s.AddSale(model.Sale{ClientID: shop.ID, Date: model.MakeDate(2026, 11, 5), Amount: 100})
	e, _, _ := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
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
