package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// newStore returns a store on a fresh temp file whose consistency is checked
// when the test ends.
func newStore(t *testing.T) *Store {
	t.Helper()
	s := New(filepath.Join(t.TempDir(), "tally.db"), WithTimeout(200*time.Millisecond), WithClock(func() time.Time { return t0 }))
	t.Cleanup(func() {
		if _, err := os.Stat(s.Path()); errors.Is(err, os.ErrNotExist) {
			return // nothing was ever written
		}
		problems, err := s.Check()
		if err != nil || len(problems) > 0 {
			t.Errorf("check after test: %v %v", err, problems)
		}
	})
	return s
}

func seed(t *testing.T, s *Store) (model.Client, model.Task, model.Task) {
	t.Helper()
	c, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.AddTask(model.Task{ClientID: c.ID, Title: "Write article"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.AddTask(model.Task{ClientID: c.ID, Title: "Answer mail"})
	if err != nil {
		t.Fatal(err)
	}
	return c, a, b
}

func allEntries(t *testing.T, s *Store) []model.Entry {
	t.Helper()
	var entries []model.Entry
	err := s.view(func(tx *bolt.Tx) (err error) {
		entries, err = readEntries(tx, time.Unix(0, 0), endOfTime)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestNewFileModeAndSchema(t *testing.T) {
	s := newStore(t)
	if rev, err := s.Rev(); err != nil || rev != 0 {
		t.Fatalf("a missing file reads as empty: rev %d, %v", rev, err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a read created the file: %v", err)
	}
	if _, err := s.AddTask(model.Task{ClientID: 1, Title: "x"}); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("a task for no client: %v", err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused first change created the file: %v", err)
	}
	seed(t, s)
	info, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
}

func TestDuplicateClientRefusedAndNothingChanges(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	before, _ := s.Rev()
	_, err := s.AddClient(model.Client{Name: "ACME", Currency: "EUR", Plans: []model.Plan{{Kind: model.NoPlan}}})
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), `"Acme" already exists`) {
		t.Fatalf("err = %v", err)
	}
	if after, _ := s.Rev(); after != before {
		t.Errorf("rev moved from %d to %d on a refused change", before, after)
	}
}

func TestSwitchStopsAtTheSameInstant(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	if _, stopped, err := s.Start(a.ID, "", nil, Timing{At: t0}); err != nil || stopped != nil {
		t.Fatalf("start: %v %v", stopped, err)
	}
	switchAt := t0.Add(25 * time.Minute)
	started, stopped, err := s.Start(b.ID, "call", []string{"phone"}, Timing{At: switchAt})
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
	if _, _, err := s.Start(b.ID, "", nil, Timing{At: switchAt.Add(time.Minute)}); err == nil {
		t.Error("starting the running task again should be refused")
	}
	if _, _, err := s.Stop(Timing{At: switchAt.Add(-time.Minute)}); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("stop before start: %v", err)
	}
	done, ok, err := s.Stop(Timing{At: switchAt.Add(time.Hour)})
	if err != nil || !ok || done.Tracked(time.Time{}) != 3600 {
		t.Fatalf("stop: %+v %v", done, err)
	}
	if _, _, err := s.Stop(Timing{At: switchAt.Add(2 * time.Hour)}); err == nil || err.Error() != "no timer is running" {
		t.Errorf("second stop: %v", err)
	}
}

func TestOverlapRules(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	first, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// Touching is fine.
	if _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour)}); err != nil {
		t.Fatalf("touching entry refused: %v", err)
	}
	_, err = s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(30 * time.Minute), End: t0.Add(90 * time.Minute)})
	if !errors.Is(err, model.ErrInvalid) || !strings.Contains(err.Error(), "overlap entry 1") {
		t.Fatalf("overlap: %v", err)
	}
	// A long entry far back is still found.
	if _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(-48 * time.Hour), End: t0.Add(-20 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(-21 * time.Hour), End: t0.Add(-21*time.Hour + time.Minute)}); err == nil {
		t.Error("an entry inside a long earlier entry was accepted")
	}
	if _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(30 * time.Minute), End: t0.Add(40 * time.Minute), AllowOverlap: true}); err != nil {
		t.Errorf("allowed overlap refused: %v", err)
	}
	// Starting a timer inside a finished entry is refused too.
	if _, _, err := s.Start(a.ID, "", nil, Timing{At: t0.Add(10 * time.Minute)}); err == nil {
		t.Error("start inside an entry accepted")
	}
	// Editing into an overlap is refused; moving the entry re-keys it.
	if _, err := s.EditEntry(first.ID, func(e *model.Entry) error { e.End = t0.Add(3 * time.Hour); return nil }); err == nil {
		t.Error("edit into overlap accepted")
	}
	moved, err := s.EditEntry(first.ID, func(e *model.Entry) error {
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

func TestRedoAndWhoseChange(t *testing.T) {
	s := newStore(t)
	_, a, b := seed(t, s)
	cli := New(s.Path(), WithOrigin("tally start"), WithClock(func() time.Time { return t0 }))
	cli.Start(a.ID, "", nil, Timing{At: t0})
	app := New(s.Path(), WithOrigin("the app"), WithClock(func() time.Time { return t0 }))
	done, err := app.Undo()
	if err != nil || done != (Undone{Label: "start task #1 Write article", Origin: "tally start"}) {
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

func TestRemoveRunningEntry(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	e, _, _ := s.Start(a.ID, "", nil, Timing{At: t0})
	if _, err := s.RemoveEntry(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := s.RunningLedger(time.UTC); ok || err != nil {
		t.Errorf("still running after removal: %v", err)
	}
	if _, err := s.RemoveEntry(e.ID); err == nil || err.Error() != "no entry 1" {
		t.Errorf("second removal: %v", err)
	}
}

func TestLedgerReadsItsDays(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	for i := range 5 {
		start := t0.Add(time.Duration(i) * 24 * time.Hour)
		if _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: start, End: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	first := model.DateOf(t0, time.UTC)
	l, err := s.Ledger(first.AddDays(1), first.AddDays(2), time.UTC)
	if err != nil || len(l.Entries) != 2 || l.Entries[0].ID != 2 || l.Entries[1].ID != 3 {
		t.Errorf("range: %+v %v", l.Entries, err)
	}
}

func TestEntryCodecRoundTrip(t *testing.T) {
	e := model.Entry{ID: 42, TaskID: 7, Start: t0, End: t0.Add(time.Hour), Note: "a, \"quoted\"\nnote 🎉", Tags: []string{"x", "y"}, Unbilled: true, AllowOverlap: true}
	got, err := decodeEntry(encodeEntry(e))
	if err != nil || got.ID != e.ID || !got.Start.Equal(e.Start) || !got.End.Equal(e.End) || got.Note != e.Note ||
		len(got.Tags) != 2 || !got.Unbilled || !got.AllowOverlap {
		t.Fatalf("round trip %+v %v", got, err)
	}
	raw := encodeEntry(e)
	for i := range raw {
		if _, err := decodeEntry(raw[:i]); err == nil {
			t.Errorf("truncated record of %d bytes decoded", i)
		}
	}
}

// FuzzDecodeEntry feeds entry records damaged any way: no panic, what
// decodes encodes to the same entry, and the read for pricing agrees.
func FuzzDecodeEntry(f *testing.F) {
	f.Add(encodeEntry(model.Entry{ID: 1, TaskID: 2, Start: t0, Note: "n", Tags: []string{"t"}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		priced, pricedErr := decodePriced(b)
		e, err := decodeEntry(b)
		if err != nil {
			return
		}
		if again, err := decodeEntry(encodeEntry(e)); err != nil || !reflect.DeepEqual(again, e) {
			t.Fatalf("%+v does not read back: %+v, %v", e, again, err)
		}
		// What pricing reads of a whole record is the record less its
		// note and tags.
		e.Note, e.Tags = "", nil
		if pricedErr != nil || !reflect.DeepEqual(priced, e) {
			t.Fatalf("priced read %+v, %v; want %+v", priced, pricedErr, e)
		}
	})
}

// FuzzDecodeTask feeds task records, binary and the older JSON, damaged
// any way: no panic, and what decodes encodes to the same task.
func FuzzDecodeTask(f *testing.F) {
	f.Add(encodeTask(model.Task{ID: 7, ClientID: 2, Title: "Mail", Estimate: 3600, Price: 15000, HasPrice: true, Done: true, DoneOn: model.MakeDate(2026, 11, 27), Rank: -3}))
	f.Add(encodeTask(model.Task{ID: 1, ClientID: 1, Title: "", Rate: 4000, HasRate: true, Unbilled: true}))
	f.Add([]byte(`{"id":3,"client":1,"title":"Old","price":100,"done_on":"2026-11-01","rank":2}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		task, err := decodeTask(b)
		if err != nil {
			return
		}
		if again, err := decodeTask(encodeTask(task)); err != nil || again != task {
			t.Fatalf("%+v does not read back: %+v, %v", task, again, err)
		}
	})
}

// TestTasksWrittenAsJSONStillRead reads a task as the released tally
// wrote it, and the same task in the binary layout.
func TestTasksWrittenAsJSONStillRead(t *testing.T) {
	want := model.Task{ID: 3, ClientID: 1, Title: "Old", Estimate: 7200, Price: 10000, HasPrice: true, Done: true, DoneOn: model.MakeDate(2026, 11, 1), Rank: 2}
	for _, record := range [][]byte{
		[]byte(`{"id":3,"client":1,"title":"Old","estimate":7200,"price":10000,"done_on":"2026-11-01","rank":2}`),
		encodeTask(want),
	} {
		if got, err := decodeTask(record); err != nil || got != want {
			t.Errorf("%q: %+v, %v", record, got, err)
		}
	}
}

func TestLockTimeoutGivesClearError(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	holder, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddClient(model.Client{Name: "Other", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}})
	holder.Close()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another tally is using "+s.Path()+"; try again") {
		t.Fatalf("err = %v", err)
	}
}

func TestForeignAndNewerFilesAreRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 500)), 0o600)
	if _, err := New(text).Clients(); !errors.Is(err, ErrNotTally) {
		t.Errorf("text file: %v", err)
	}

	foreign := filepath.Join(dir, "foreign.db")
	db, _ := bolt.Open(foreign, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("theirs")); return err })
	db.Close()
	before, _ := os.ReadFile(foreign)
	_, err := New(foreign).AddClient(model.Client{Name: "X", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}})
	if !errors.Is(err, ErrNotTally) {
		t.Errorf("foreign file: %v", err)
	}
	if after, _ := os.ReadFile(foreign); string(after) != string(before) {
		t.Error("foreign file was changed")
	}

	newer := filepath.Join(dir, "newer.db")
	s := New(newer)
	seed(t, s)
	db, _ = bolt.Open(newer, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, uintBytes(SchemaVersion+1)) })
	db.Close()
	if _, err := s.Clients(); !errors.Is(err, ErrNotTally) || !strings.Contains(err.Error(), "newer tally") {
		t.Errorf("newer file: %v", err)
	}
}

// TestSchemaOneIsReadAndMigratedByTheFirstChange makes a file as the first
// tally wrote it (schema 1, no marker): reads take it as it is and write
// nothing; the first change adds the marker and moves it to schema 2.
func TestSchemaOneIsReadAndMigratedByTheFirstChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		createBuckets(tx)
		return tx.Bucket(bucketMeta).Put(keySchema, uintBytes(1))
	})
	db.Close()
	before, _ := os.ReadFile(path)
	s := New(path, WithDailyBackups(0))
	if _, err := s.Clients(); err != nil {
		t.Fatalf("read of a schema 1 file: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("a read changed the file")
	}
	seed(t, s)
	db, _ = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := getUint(meta, keySchema); v != SchemaVersion || string(meta.Get(keyApp)) != "tally" {
			t.Errorf("after the first change: schema %d, marker %q", v, meta.Get(keyApp))
		}
		return nil
	})
}

func TestDailyBackupsRotate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tally.db")
	for day := 1; day <= 9; day++ {
		os.WriteFile(path+".2026-10-0"+string(rune('0'+day))+".bak", nil, 0o600)
	}
	s := New(path, WithClock(func() time.Time { return t0 }))
	seed(t, s)
	copies, _ := filepath.Glob(path + ".*.bak")
	if len(copies) != 7 || filepath.Base(copies[6]) != "tally.db.2026-11-27.bak" || filepath.Base(copies[0]) != "tally.db.2026-10-04.bak" {
		t.Fatalf("copies: %v", copies)
	}
	if clients, err := New(copies[6]).Clients(); err != nil || len(clients) != 1 {
		t.Errorf("today's copy: %v %v", clients, err)
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(out); err != nil {
		t.Fatal(err)
	}
	tasks, _, err := New(out).Tasks()
	if err != nil || len(tasks) != 2 {
		t.Errorf("backup holds %d tasks: %v", len(tasks), err)
	}
}

func TestMoveTaskReorders(t *testing.T) {
	s := newStore(t)
	c, a, b := seed(t, s)
	if err := s.MoveTask(b.ID, -1); err != nil {
		t.Fatal(err)
	}
	tasks, _, _ := s.Tasks()
	q := model.Queue(tasks, c.ID)
	if q[0].ID != b.ID || q[1].ID != a.ID {
		t.Errorf("queue after move: %+v", q)
	}
}

// FuzzOpenFile hands the store a good file damaged by the fuzzer: cut at
// some length and overwritten with some bytes at some offset. Every call
// returns, with an error or without, and never panics or faults. (The
// damage, not the whole file, is the input, so that inputs stay small.)
func FuzzOpenFile(f *testing.F) {
	good := filepath.Join(f.TempDir(), "good.db")
	seedFuzz(f, New(good, WithDailyBackups(0)))
	data, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint32(len(data)), uint32(0), []byte{})
	f.Add(uint32(len(data)/2), uint32(0), []byte{})
	f.Add(uint32(8192), uint32(0), []byte{})
	f.Add(uint32(len(data)), uint32(16), []byte{0xff, 0xff})
	f.Add(uint32(len(data)), uint32(4096*3+20), []byte("junk junk junk"))
	f.Fuzz(func(t *testing.T, length, offset uint32, patch []byte) {
		b := bytes.Clone(data[:int(length)%(len(data)+1)])
		if len(b) > 0 {
			copy(b[int(offset)%len(b):], patch)
		}
		path := filepath.Join(t.TempDir(), "fuzz.db")
		os.WriteFile(path, b, 0o600)
		// No daily backup, so no full check before the write: what guards
		// it is the check of the pages it rewrites. Before that check, a
		// flipped value size made bbolt build a 1.6 GB page here.
		s := New(path, WithDailyBackups(0), WithTimeout(100*time.Millisecond))
		s.Clients()
		s.Ledger(model.MakeDate(2000, 1, 1), model.MakeDate(2030, 1, 1), time.UTC)
		s.Summarize(model.MakeDate(2000, 1, 1), model.MakeDate(2030, 1, 1), time.UTC, func(l model.Ledger, entries iter.Seq[model.Entry]) (model.Report, error) {
			return model.BuildSummary(l, entries, model.ReportOptions{From: model.MakeDate(2000, 1, 1), To: model.MakeDate(2030, 1, 1), Location: time.UTC, Now: t0}), nil
		})
		s.RunningLedger(time.UTC)
		s.Check()
		s.AddClient(model.Client{Name: "Fuzz", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}})
	})
}

func seedFuzz(f *testing.F, s *Store) {
	c, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		f.Fatal(err)
	}
	task, _ := s.AddTask(model.Task{ClientID: c.ID, Title: "Mail"})
	for i := range 20 {
		start := t0.Add(time.Duration(i) * time.Hour)
		s.AddEntry(model.Entry{TaskID: task.ID, Start: start, End: start.Add(30 * time.Minute), Note: "note"})
	}
}

// TestAnOlderTallysFileReadsAndMoves opens a file the released tally wrote
// (schema 1: no marker and no indexes; testdata/schema1.db, made with its
// CLI on 2026-11-20 with a timer running since 09:00). Every read answers
// as for a current file and leaves the bytes alone; the first change moves
// it to the current layout, and it checks clean after.
func TestAnOlderTallysFileReadsAndMoves(t *testing.T) {
	data, err := os.ReadFile("testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tally.db")
	os.WriteFile(path, data, 0o600)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	s := New(path, WithDailyBackups(0), WithClock(func() time.Time { return now }))
	month := func() map[string]int64 {
		t.Helper()
		l, err := s.Ledger(model.MakeDate(2026, 11, 1), model.MakeDate(2026, 11, 30), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		amounts := map[string]int64{}
		for _, c := range model.BuildReport(l, model.ReportOptions{From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 30), Location: time.UTC, Now: now}).Clients {
			amounts[c.Client.Name] = c.Amount
		}
		return amounts
	}
	// Acme: four 1:20 entries and the running hour, 6:20 at 40/h = 253.33.
	// North: its cycle from 15 November (anchored on 15 October) bills the
	// fee, and 4:40 less 2h included at 50/h = 133.33. Shop: 10% of 500.00
	// and the 150.00 fixed price done on the 19th.
	want := map[string]int64{"Acme": 25333, "North": 100000 + 13333, "Shop": 5000 + 15000}
	if got := month(); !reflect.DeepEqual(got, want) {
		t.Errorf("before the first change: %v, want %v", got, want)
	}
	tasks, _, err := s.Tasks()
	if err != nil || len(tasks) != 3 {
		t.Fatalf("tasks: %v, %v", tasks, err)
	}
	if snap, err := s.AppData([]Days{{model.MakeDate(2026, 11, 20), model.MakeDate(2026, 11, 20)}}, 90, time.UTC); err != nil || snap.Running == nil || snap.Tracked[1] != 4*80*60 {
		t.Fatalf("snapshot: running %v, tracked %v, %v", snap.Running, snap.Tracked, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check before: %v %v", problems, err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Fatal("a read changed the file")
	}
	if _, err := s.AddTask(model.Task{ClientID: 1, Title: "Invoices"}); err != nil {
		t.Fatal(err)
	}
	if got := month(); !reflect.DeepEqual(got, want) {
		t.Errorf("after the first change: %v, want %v", got, want)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check after: %v %v", problems, err)
	}
}

// A page damaged after the day's first change (and its check) must not be
// written through: a change that would rewrite it is refused, and the file
// is left as it was.
func TestAChangeDoesNotWriteThroughADamagedPage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally.db")
	s := New(path, WithDailyBackups(1), WithClock(func() time.Time { return t0 }))
	c, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if _, err := s.AddTask(model.Task{ClientID: c.ID, Title: fmt.Sprintf("Task %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	// The undo journal's newest leaf, which the next change pushes onto:
	// its last value is made to run 2,000 bytes past its page, into
	// pages the file holds, so that bbolt would copy them into it.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	var pageSize int
	db.View(func(tx *bolt.Tx) error {
		root, pageSize = uint64(tx.Bucket(bucketUndo).Root()), db.Info().PageSize
		return nil
	})
	db.Close()
	data, _ := os.ReadFile(path)
	const pageHeaderSize = 16 // bbolt's
	leaf := data[int(root)*pageSize:]
	for binary.LittleEndian.Uint16(leaf[8:])&0x01 != 0 { // a branch: go to its last child
		last := pageHeaderSize + (int(binary.LittleEndian.Uint16(leaf[10:]))-1)*16
		leaf = data[int(binary.LittleEndian.Uint64(leaf[last+8:]))*pageSize:]
	}
	vsize := leaf[pageHeaderSize+(int(binary.LittleEndian.Uint16(leaf[10:]))-1)*16+12:]
	binary.LittleEndian.PutUint32(vsize, binary.LittleEndian.Uint32(vsize)+2000)
	os.WriteFile(path, data, 0o600)

	// Today's backup exists, so no full check runs before this change.
	_, err = s.AddTask(model.Task{ClientID: c.ID, Title: "One more"})
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("a change over a damaged page: %v, want ErrDamaged", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, data) {
		t.Error("the change was written through the damaged page")
	}
}

// Undo names what a client change did: archive, restore, rename or edit.
func TestUndoNamesTheClientChange(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	for _, step := range []struct {
		change func(*model.Client)
		want   string
	}{
		{func(c *model.Client) { c.Archived = true }, "archive client Acme"},
		{func(c *model.Client) { c.Archived = false }, "restore client Acme"},
		{func(c *model.Client) { c.Name = "Acme Co" }, "rename client Acme to Acme Co"},
	} {
		clients, _ := s.Clients()
		if _, err := s.EditClient(clients[0].Name, func(c *model.Client) error { step.change(c); return nil }); err != nil {
			t.Fatal(err)
		}
		undone, err := s.Undo()
		if err != nil || undone.Label != step.want {
			t.Errorf("undo said %q, %v; want %q", undone.Label, err, step.want)
		}
		if _, err := s.Redo(); err != nil {
			t.Fatal(err)
		}
	}
}
