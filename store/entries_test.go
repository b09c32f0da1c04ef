package store

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"tally/model"
)

func TestSwitchStopsAtTheSameInstant(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	if _, stopped, _, err := s.Start(a.ID, "", nil, Timing{At: t0}); err != nil || stopped != nil {
		t.Fatalf("start: %v %v", stopped, err)
	}
	switchAt := t0.Add(25 * time.Minute)
	started, stopped, _, err := s.Start(b.ID, "call", []string{"phone"}, Timing{At: switchAt})
	if err != nil {
		t.Fatal(err)
	}
	if stopped == nil || !stopped.End.Equal(switchAt) || !started.Start.Equal(switchAt) {
		t.Fatalf("switch: stopped %+v started %+v", stopped, started)
	}
	entries := allEntries(t, s)
	if len(entries) != 2 || entries[0].Running() || !entries[1].Running() {
		t.Fatalf("entries %+v", entries)
	}
	if _, _, _, err := s.Start(b.ID, "", nil, Timing{At: switchAt.Add(time.Minute)}); err == nil {
		t.Error("starting the running task again should be refused")
	}
	if _, _, _, err := s.Stop(Timing{At: switchAt.Add(-time.Minute)}, nil); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("stop before start: %v", err)
	}
	done, ok, _, err := s.Stop(Timing{At: switchAt.Add(time.Hour)}, nil)
	if err != nil || !ok || done.Tracked(time.Time{}) != 3600 {
		t.Fatalf("stop: %+v %v", done, err)
	}
	if _, _, _, err := s.Stop(Timing{At: switchAt.Add(2 * time.Hour)}, nil); err == nil || err.Error() != "no timer is running" {
		t.Errorf("second stop: %v", err)
	}
}

func TestOverlapRules(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	first, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// Touching is fine.
	if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour)}); err != nil {
		t.Fatalf("touching entry refused: %v", err)
	}
	_, _, err = s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(30 * time.Minute), End: t0.Add(90 * time.Minute)})
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "overlap entry 1") {
		t.Fatalf("overlap: %v", err)
	}
	// A long entry far back is still found.
	if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(-48 * time.Hour), End: t0.Add(-20 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(-21 * time.Hour), End: t0.Add(-21*time.Hour + time.Minute)}); err == nil {
		t.Error("an entry inside a long earlier entry was accepted")
	}
	if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(30 * time.Minute), End: t0.Add(40 * time.Minute), AllowOverlap: true}); err != nil {
		t.Errorf("allowed overlap refused: %v", err)
	}
	// Starting a timer inside a finished entry is refused too.
	if _, _, _, err := s.Start(a.ID, "", nil, Timing{At: t0.Add(10 * time.Minute)}); err == nil {
		t.Error("start inside an entry accepted")
	}
	// Editing into an overlap is refused; moving the entry re-keys it.
	if _, _, err := s.EditEntry(first.ID, func(e *model.Entry) error { e.End = t0.Add(3 * time.Hour); return nil }); err == nil {
		t.Error("edit into overlap accepted")
	}
	moved, _, err := s.EditEntry(first.ID, func(e *model.Entry) error {
		e.Start, e.End = t0.Add(5*time.Hour), t0.Add(6*time.Hour)
		return nil
	})
	if err != nil || !moved.Start.Equal(t0.Add(5*time.Hour)) {
		t.Fatalf("move: %+v %v", moved, err)
	}
	if got, err := s.Entry(first.ID); err != nil || !got.Start.Equal(moved.Start) {
		t.Errorf("entry after move: %+v %v", got, err)
	}
}

func TestRemoveRunningEntry(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	e, _, _, _ := s.Start(a.ID, "", nil, Timing{At: t0})
	if _, _, err := s.RemoveEntry(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := s.RunningLedger(time.UTC); ok || err != nil {
		t.Errorf("still running after removal: %v", err)
	}
	if _, _, err := s.RemoveEntry(e.ID); err == nil || err.Error() != "no entry 1" {
		t.Errorf("second removal: %v", err)
	}
}

func TestSwitchInTheSameSecondReplacesTheEntry(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	s.Start(a.ID, "", nil, Timing{At: t0.Add(500 * time.Millisecond)})
	started, stopped, _, err := s.Start(b.ID, "", nil, Timing{At: t0.Add(900 * time.Millisecond)})
	if err != nil || stopped != nil || started.TaskID != b.ID {
		t.Fatalf("switch in the same second: stopped %+v, %v", stopped, err)
	}
	if entries := allEntries(t, s); len(entries) != 1 || entries[0].TaskID != b.ID || !entries[0].Running() {
		t.Errorf("entries %+v, want only the new running one", entries)
	}
	if _, ok, _, err := s.Stop(Timing{At: t0}, nil); err != nil || ok {
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
	first, _, _, _ := s.Start(a.ID, "", nil, Timing{})
	second, stopped, _, err := s.Start(b.ID, "", nil, Timing{})
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
	_, _, _, err := s.Start(b.ID, "", nil, Timing{At: late, MaxLength: limit})
	var long model.LongEntryError
	if !errors.As(err, &long) || !errors.Is(err, model.ErrInvalid) || long.End.Sub(long.Start) != 14*time.Hour {
		t.Fatalf("switch after 14 h: %v", err)
	}
	if _, _, _, err := s.Stop(Timing{At: late, MaxLength: limit}, nil); !errors.As(err, &long) {
		t.Fatalf("stop after 14 h: %v", err)
	}
	if _, _, _, err := s.Finish(a.ID, model.DateOf(late, time.UTC), Timing{At: late, MaxLength: limit}); !errors.As(err, &long) {
		t.Fatalf("finishing the task after 14 h: %v", err)
	}
	if after := allEntries(t, s); len(after) != len(before) || !after[0].Running() {
		t.Fatalf("a refused stop changed the entries: %+v", after)
	}
	// Kept, the timer stops at any length; and --long (no limit) always.
	if _, _, err := s.KeepRunning(); err != nil {
		t.Fatal(err)
	}
	if done, ok, _, err := s.Stop(Timing{At: late, MaxLength: limit}, nil); err != nil || !ok || !done.Kept {
		t.Fatalf("stopping a kept timer: %+v %v", done, err)
	}
}

func TestContinueRestartsTheLastStoppedTask(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	s.Start(a.ID, "draft", []string{"writing"}, Timing{At: t0})
	s.Start(b.ID, "", nil, Timing{At: t0.Add(time.Hour)})
	s.Stop(Timing{At: t0.Add(2 * time.Hour)}, nil)
	started, stopped, _, err := s.Continue(Timing{At: t0.Add(3 * time.Hour)}, nil)
	if err != nil || stopped != nil || started.TaskID != b.ID {
		t.Fatalf("continue: %+v %v", started, err)
	}
	// While b runs, continue restarts a (the last stopped), note and tags too.
	started, stopped, _, err = s.Continue(Timing{At: t0.Add(4 * time.Hour)}, nil)
	if err == nil {
		t.Fatalf("continuing the running task again: %+v", started)
	}
	s.Start(a.ID, "", nil, Timing{At: t0.Add(5 * time.Hour)})
	started, stopped, _, err = s.Continue(Timing{At: t0.Add(6 * time.Hour)}, nil)
	if err != nil || stopped == nil || started.TaskID != b.ID {
		t.Fatalf("continue as a switch: %+v %+v %v", started, stopped, err)
	}
	empty := newStore(t)
	if _, _, _, err := empty.Continue(Timing{At: t0}, nil); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("continue with nothing stopped: %v", err)
	}
}

func TestContinueKeepsNoteAndTags(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	s.Start(a.ID, "draft", []string{"writing"}, Timing{At: t0})
	s.Stop(Timing{At: t0.Add(time.Hour)}, nil)
	started, _, _, err := s.Continue(Timing{At: t0.Add(2 * time.Hour)}, nil)
	if err != nil || started.Note != "draft" || len(started.Tags) != 1 || started.Tags[0] != "writing" {
		t.Fatalf("continued %+v, %v", started, err)
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
	acme, _, _ := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	other, _, _ := s.AddClient(model.Client{Name: "Other", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	mail, _, _ := s.AddTask(model.Task{ClientID: acme.ID, Title: "Mail"})
	s.AddTask(model.Task{ClientID: other.ID, Title: "Mail"})
	reports, _, _ := s.AddTask(model.Task{ClientID: acme.ID, Title: "Reports"})

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

// A stop may leave a note on the entry it closes, and a continue may start
// with a note of its own (issue 28 item 1); nil leaves the note as it was.
func TestStopAndContinueTakeANote(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	s.Start(a.ID, "draft", nil, Timing{At: t0})
	note := "sent to Bob"
	stopped, ok, _, err := s.Stop(Timing{At: t0.Add(time.Hour)}, &note)
	if err != nil || !ok || stopped.Note != note || allEntries(t, s)[0].Note != note {
		t.Fatalf("stop with a note: %+v %v", stopped, err)
	}
	again := "second round"
	started, _, _, err := s.Continue(Timing{At: t0.Add(2 * time.Hour)}, &again)
	if err != nil || started.Note != again {
		t.Fatalf("continue with a note: %+v %v", started, err)
	}
	stopped, _, _, err = s.Stop(Timing{At: t0.Add(3 * time.Hour)}, nil)
	if err != nil || stopped.Note != again {
		t.Fatalf("a stop without a note keeps the entry's: %+v %v", stopped, err)
	}
	bad := "a\x00b"
	s.Start(a.ID, "", nil, Timing{At: t0.Add(4 * time.Hour)})
	if _, _, _, err := s.Stop(Timing{At: t0.Add(5 * time.Hour)}, &bad); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("a NUL in the note: %v", err)
	}
	if _, ok, _ := s.Running(); !ok {
		t.Error("a refused stop stopped the timer")
	}
}

// StartNew makes a task up on the fly and starts it in one change, the
// running timer stopping at the same instant (issue 28 item 2); one undo
// takes both back.
func TestStartNewAddsAndStartsInOneChange(t *testing.T) {
	s := newStore(t)
	c, a, _ := seed(t, s)
	s.Start(a.ID, "", nil, Timing{At: t0})
	st, err := s.StartNew(model.Task{ClientID: c.ID, Title: "Call with dentist"}, "about March", Timing{At: t0.Add(time.Hour)})
	if err != nil || st.Task.ID != 3 || st.Task.Rank != 2 || st.Entry.TaskID != 3 || st.Entry.Note != "about March" || st.Stopped == nil {
		t.Fatalf("start new: %+v %v", st, err)
	}
	undone, err := s.Undo()
	if err != nil || undone.Label != "start new task #3 Call with dentist" {
		t.Fatalf("undo: %+v %v", undone, err)
	}
	if running, _, _ := s.Running(); running.TaskID != a.ID {
		t.Errorf("after undo %+v runs", running)
	}
	if _, err := s.StartNew(model.Task{ClientID: c.ID, Title: "bad\ttitle"}, "", Timing{At: t0.Add(time.Hour)}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("a bad title: %v", err)
	}
}

// Once a client has an issued invoice, undoing a StartNew takes back its
// entry and its task in one change: the entry's client is known from the
// task the change removed (it said "no task #4", and no undo went past it).
func TestStartNewUndoesOnAnInvoicedFile(t *testing.T) {
	s := newStore(t)
	bid, _, _ := billedBid(t, s)
	if _, err := s.StartNew(model.Task{ClientID: bid.ClientID, Title: "Quick call"}, "", Timing{At: hour(20, 9)}); err != nil {
		t.Fatal(err)
	}
	if undone, err := s.Undo(); err != nil || undone.Label != "start new task #4 Quick call" {
		t.Fatalf("undo: %+v %v", undone, err)
	}
	if _, ok, _ := s.Running(); ok {
		t.Error("the new task's timer still runs after undo")
	}
}
