package index

import (
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/filetest"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

var (
	t0    = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	day   = model.MakeDate(2026, 11, 27)
	acme  = model.Client{ID: 1, Name: "Acme", Currency: "EUR", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}
	other = model.Client{ID: 2, Name: "Other", Currency: "EUR", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}
)

// inChange runs fn in a change of a new file of every bucket, heard by
// the index observer alone, and then checks the indexes against the
// records as a file's check does.
func inChange(t *testing.T, bulk bool, fn func(w *write.Tx)) *bolt.DB {
	t.Helper()
	db := filetest.New(t)
	err := db.Update(func(tx *bolt.Tx) error {
		w := write.New(tx)
		w.Bulk = bulk
		w.Observe(New(w))
		for _, c := range []model.Client{acme, other} {
			if err := w.Put(record.BucketClients, record.IDKey(c.ID), record.Clients.Encode(c)); err != nil {
				return err
			}
		}
		fn(w)
		return w.Settle()
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func putTask(t *testing.T, w *write.Tx, task model.Task) {
	t.Helper()
	if err := w.Put(record.BucketTasks, record.IDKey(task.ID), record.Tasks.Encode(task)); err != nil {
		t.Fatal(err)
	}
}

func putSale(t *testing.T, w *write.Tx, s model.Sale) {
	t.Helper()
	if err := w.Put(record.BucketSales, record.IDKey(s.ID), record.Sales.Encode(s)); err != nil {
		t.Fatal(err)
	}
}

func putEntry(t *testing.T, w *write.Tx, e model.Entry) {
	t.Helper()
	if err := w.Put(record.BucketEntries, record.EntryKey(e.Start, e.ID), record.Entries.Encode(e)); err != nil {
		t.Fatal(err)
	}
}

func deleteEntry(t *testing.T, w *write.Tx, e model.Entry) {
	t.Helper()
	if err := w.Delete(record.BucketEntries, record.EntryKey(e.Start, e.ID)); err != nil {
		t.Fatal(err)
	}
}

// read runs fn in a read of db.
func read[T any](t *testing.T, db *bolt.DB, fn func(tx *bolt.Tx) (T, error)) T {
	t.Helper()
	var out T
	err := db.View(func(tx *bolt.Tx) (err error) {
		out, err = fn(tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ids[T any](items []T, id func(T) int64) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func TestTasksAreOpenOrDoneOnTheirDay(t *testing.T) {
	mail, calls, books := model.Task{ID: 1, ClientID: 1, Title: "Mail"}, model.Task{ID: 2, ClientID: 1, Title: "Calls"}, model.Task{ID: 3, ClientID: 2, Title: "Books"}
	db := inChange(t, false, func(w *write.Tx) {
		putTask(t, w, mail)
		putTask(t, w, calls)
		putTask(t, w, books)
		// Calls is done on the 26th, then its day is moved to the 27th;
		// Books is done and opened again.
		calls.Done, calls.DoneOn = true, day.AddDays(-1)
		putTask(t, w, calls)
		calls.DoneOn = day
		putTask(t, w, calls)
		books.Done, books.DoneOn = true, day
		putTask(t, w, books)
		books.Done, books.DoneOn = false, 0
		putTask(t, w, books)
	})
	open := read(t, db, OpenTasks)
	if got := ids(open, func(t model.Task) int64 { return t.ID }); !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("open tasks %v, want 1 and 3", got)
	}
	done := read(t, db, func(tx *bolt.Tx) ([]int64, error) { return slices.Collect(DoneOn(tx, day, day)), nil })
	before := read(t, db, func(tx *bolt.Tx) ([]int64, error) { return slices.Collect(DoneOn(tx, 0, day.AddDays(-1))), nil })
	if !slices.Equal(done, []int64{2}) || len(before) != 0 {
		t.Errorf("done on the 27th %v, before it %v: want 2 on the 27th alone", done, before)
	}
}

func TestSalesAreFiledByTheirDay(t *testing.T) {
	db := inChange(t, false, func(w *write.Tx) {
		putSale(t, w, model.Sale{ID: 1, ClientID: 1, Date: day, Amount: 100})
		putSale(t, w, model.Sale{ID: 2, ClientID: 1, Date: day, Amount: 200})
		// Sale 2 moves to the day before; sale 1 goes.
		putSale(t, w, model.Sale{ID: 2, ClientID: 1, Date: day.AddDays(-1), Amount: 200})
		if err := w.Delete(record.BucketSales, record.IDKey(1)); err != nil {
			t.Fatal(err)
		}
	})
	for _, d := range []model.Date{day, day.AddDays(-1)} {
		sales := read(t, db, func(tx *bolt.Tx) ([]model.Sale, error) { return Sales(tx, d, d) })
		want := map[model.Date][]int64{day: nil, day.AddDays(-1): {2}}[d]
		if got := ids(sales, func(s model.Sale) int64 { return s.ID }); !slices.Equal(got, want) {
			t.Errorf("sales of %s: %v, want %v", d, got, want)
		}
	}
}

// TestEntriesAreFiledUnderTheirClientAndTotalled: a task's total is the
// finished seconds of its entries, whatever moves them.
func TestEntriesAreFiledUnderTheirClientAndTotalled(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		mail, books := model.Task{ID: 1, ClientID: 1, Title: "Mail"}, model.Task{ID: 2, ClientID: 2, Title: "Books"}
		a := model.Entry{ID: 1, TaskID: 1, Start: t0, End: t0.Add(time.Hour)}
		b := model.Entry{ID: 2, TaskID: 1, Start: t0.Add(2 * time.Hour), End: t0.Add(150 * time.Minute)}
		c := model.Entry{ID: 3, TaskID: 2, Start: t0.Add(3 * time.Hour)} // running: no finished seconds yet
		db := inChange(t, bulk, func(w *write.Tx) {
			putTask(t, w, mail)
			putTask(t, w, books)
			for _, e := range []model.Entry{a, b, c} {
				putEntry(t, w, e)
			}
			if bulk {
				return // a bulk change only adds
			}
			// b moves an hour later and grows by ten minutes, to 40: 3,600 s + 2,400 s.
			deleteEntry(t, w, b)
			b.Start, b.End = b.Start.Add(time.Hour), b.End.Add(70*time.Minute)
			putEntry(t, w, b)
		})
		totals := read(t, db, func(tx *bolt.Tx) (map[int64]int64, error) {
			sums := map[int64]int64{}
			Tracked(tx, []model.Task{mail, books}, func(model.Task) bool { return true }, sums)
			return sums, nil
		})
		want := map[int64]int64{1: 3600 + 2400, 2: 0}
		if bulk {
			want[1] = 3600 + 1800
		}
		if totals[1] != want[1] || totals[2] != want[2] {
			t.Errorf("bulk %v: totals %v, want %v", bulk, totals, want)
		}
		acmes := read(t, db, func(tx *bolt.Tx) ([]model.Entry, error) {
			return ClientEntries(nil, tx, 1, t0.Add(-time.Hour), t0.Add(24*time.Hour), record.Entries.Decode)
		})
		if got := ids(acmes, func(e model.Entry) int64 { return e.ID }); !slices.Equal(got, []int64{1, 2}) || !acmes[1].Start.Equal(b.Start) {
			t.Errorf("bulk %v: Acme's entries %+v, want 1 and 2 as they stand", bulk, acmes)
		}
		first := read(t, db, func(tx *bolt.Tx) (time.Time, error) {
			start, _ := FirstStart(tx, 2)
			return start, nil
		})
		if !first.Equal(c.Start) {
			t.Errorf("bulk %v: Other's first entry starts %v, want %v", bulk, first, c.Start)
		}
		if n := read(t, db, func(tx *bolt.Tx) (int, error) { return CountClientEntries(tx, 1), nil }); n != 2 {
			t.Errorf("bulk %v: Acme has %d entries, want 2", bulk, n)
		}
		checkClean(t, db)
	}
}

// TestWhatUndoPutsBackIsNotIndexedAgain: the journal holds the index keys
// too, so an entry put back by undo adds nothing to its task's total.
func TestWhatUndoPutsBackIsNotIndexedAgain(t *testing.T) {
	e := model.Entry{ID: 1, TaskID: 1, Start: t0, End: t0.Add(time.Hour)}
	db := inChange(t, false, func(w *write.Tx) {
		putTask(t, w, model.Task{ID: 1, ClientID: 1, Title: "Mail"})
		if err := w.Restore(record.BucketEntries, record.EntryKey(e.Start, e.ID), record.Entries.Encode(e)); err != nil {
			t.Fatal(err)
		}
	})
	n := read(t, db, func(tx *bolt.Tx) (int, error) { return CountClientEntries(tx, 1), nil })
	total := read(t, db, func(tx *bolt.Tx) (uint64, error) {
		return record.GetUint(tx.Bucket(record.BucketTaskTotals), record.IDKey(1)), nil
	})
	if n != 0 || total != 0 {
		t.Errorf("an entry put back was indexed again: %d filed under its client, %d s in its total", n, total)
	}
}

// TestBuildIndexesWhatTheRecordsHold: the migration's index of records
// stored without one is what the observer keeps.
func TestBuildIndexesWhatTheRecordsHold(t *testing.T) {
	db := filetest.New(t)
	err := db.Update(func(tx *bolt.Tx) error {
		w := write.New(tx) // no observer: records as an older tally left them
		puts := []struct{ bucket, key, value []byte }{
			{record.BucketClients, record.IDKey(1), record.Clients.Encode(acme)},
			{record.BucketTasks, record.IDKey(1), record.Tasks.Encode(model.Task{ID: 1, ClientID: 1, Title: "Mail"})},
			{record.BucketTasks, record.IDKey(2), record.Tasks.Encode(model.Task{ID: 2, ClientID: 1, Title: "Calls", Done: true, DoneOn: day})},
			{record.BucketSales, record.IDKey(1), record.Sales.Encode(model.Sale{ID: 1, ClientID: 1, Date: day, Amount: 5})},
			{record.BucketEntries, record.EntryKey(t0, 1), record.Entries.Encode(model.Entry{ID: 1, TaskID: 2, Start: t0, End: t0.Add(time.Minute)})},
		}
		for _, p := range puts {
			if err := w.Put(p.bucket, p.key, p.value); err != nil {
				return err
			}
		}
		return Build(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, db)
	if sales := read(t, db, func(tx *bolt.Tx) ([]model.Sale, error) { return Sales(tx, day, day) }); len(sales) != 1 {
		t.Errorf("built sales index: %+v", sales)
	}
}

// checkClean holds the indexes to the records with Check.
func checkClean(t *testing.T, db *bolt.DB) {
	t.Helper()
	problems := read(t, db, func(tx *bolt.Tx) ([]string, error) {
		tasks, err := record.Tasks.All(tx)
		return Check(tx, tasks), err
	})
	if len(problems) > 0 {
		t.Errorf("the indexes disagree with the records: %v", problems)
	}
}

// TestCheckFindsAStaleTotal: Check can fail.
func TestCheckFindsAStaleTotal(t *testing.T) {
	db := inChange(t, false, func(w *write.Tx) {
		putTask(t, w, model.Task{ID: 1, ClientID: 1, Title: "Mail"})
		putEntry(t, w, model.Entry{ID: 1, TaskID: 1, Start: t0, End: t0.Add(time.Hour)})
		if err := w.Bolt().Bucket(record.BucketTaskTotals).Put(record.IDKey(1), record.UintBytes(60)); err != nil {
			t.Fatal(err)
		}
	})
	problems := read(t, db, func(tx *bolt.Tx) ([]string, error) {
		tasks, err := record.Tasks.All(tx)
		return Check(tx, tasks), err
	})
	if want := []string{"task #1: its tracked total says 60 s, its entries 3600 s"}; !slices.Equal(problems, want) {
		t.Errorf("check of a stale total: %q, want %q", problems, want)
	}
}
