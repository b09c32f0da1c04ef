package undo

import (
	"errors"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/filetest"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

var bucket = record.BucketTasks

// change runs fn as a change heard by the journal (and by heard, if
// given), and settles it.
func change(t *testing.T, db *bolt.DB, fn func(w *write.Tx) error, heard ...write.Observer) error {
	t.Helper()
	return db.Update(func(tx *bolt.Tx) error {
		w := write.New(tx)
		w.Observe(append([]write.Observer{New(w)}, heard...)...)
		if err := fn(w); err != nil {
			return err
		}
		return w.Settle()
	})
}

// values reads the bucket's keys and values as "k=v" lines.
func values(t *testing.T, db *bolt.DB) string {
	t.Helper()
	var b strings.Builder
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			b.WriteString(string(k) + "=" + string(v) + " ")
			return nil
		})
	})
	return b.String()
}

func put(pairs ...string) func(w *write.Tx) error {
	return func(w *write.Tx) error {
		w.Label = "put " + strings.Join(pairs, ",")
		for i := 0; i < len(pairs); i += 2 {
			var err error
			if pairs[i+1] == "" {
				err = w.Delete(bucket, []byte(pairs[i]))
			} else {
				err = w.Put(bucket, []byte(pairs[i]), []byte(pairs[i+1]))
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}

func step(from, to []byte, empty string) func(w *write.Tx) error {
	return func(w *write.Tx) error {
		_, _, err := Step(w, from, to, empty)
		return err
	}
}

func undo(w *write.Tx) error { return step(record.BucketUndo, record.BucketRedo, "nothing to undo")(w) }
func redo(w *write.Tx) error { return step(record.BucketRedo, record.BucketUndo, "nothing to redo")(w) }

// TestStepPutsBackWhatTheChangeFirstReplaced: a change that writes a key
// twice and deletes another is undone to the values before it, and redone
// to the values after it.
func TestStepPutsBackWhatTheChangeFirstReplaced(t *testing.T) {
	db := filetest.New(t)
	for _, fn := range []func(*write.Tx) error{put("a", "1", "b", "1"), put("a", "2", "a", "3", "b", "", "c", "1")} {
		if err := change(t, db, fn); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		fn   func(*write.Tx) error
		want string
	}{
		{undo, "a=1 b=1 "},
		{redo, "a=3 c=1 "},
		{undo, "a=1 b=1 "},
		{undo, ""},
	}
	for i, s := range steps {
		if err := change(t, db, s.fn); err != nil {
			t.Fatal(i, err)
		}
		if got := values(t, db); got != s.want {
			t.Errorf("step %d: %q, want %q", i, got, s.want)
		}
	}
	if err := change(t, db, undo); err == nil || err.Error() != "nothing to undo" {
		t.Errorf("undo past the first change: %v", err)
	}
	// A new change forgets what could have been redone.
	if err := change(t, db, put("d", "1")); err != nil {
		t.Fatal(err)
	}
	if err := change(t, db, redo); err == nil || err.Error() != "nothing to redo" {
		t.Errorf("redo after a new change: %v", err)
	}
}

// recorder is an observer that lists what it hears.
type recorder struct{ heard []write.Event }

func (r *recorder) Observe(e write.Event) error { r.heard = append(r.heard, e); return nil }
func (r *recorder) Settle() error               { return nil }

// TestStepIsHeardAsRestored: the observers hear what a step puts back, as
// restored, newest first.
func TestStepIsHeardAsRestored(t *testing.T) {
	db := filetest.New(t)
	if err := change(t, db, put("a", "1", "b", "1")); err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	if err := change(t, db, undo, r); err != nil {
		t.Fatal(err)
	}
	if len(r.heard) != 2 || !r.heard[0].Restored || string(r.heard[0].Key) != "b" || r.heard[0].After != nil || string(r.heard[0].Before) != "1" {
		t.Errorf("heard %+v, want b then a taken out, as restored", r.heard)
	}
}

// TestUndoStopsAtAFinalOrABulkChange: undo says why, and changes nothing.
func TestUndoStopsAtAFinalOrABulkChange(t *testing.T) {
	for _, tc := range []struct {
		name string
		mark func(w *write.Tx)
		want string
	}{
		{"final", func(w *write.Tx) { w.Final = "the last change issued invoice 1" }, "the last change issued invoice 1"},
		{"bulk", func(w *write.Tx) { w.Bulk = true }, "the last change, put a,2, filed too much at once to undo; tally restore puts back a backup from before it"},
	} {
		db := filetest.New(t)
		if err := change(t, db, put("a", "1")); err != nil {
			t.Fatal(err)
		}
		err := change(t, db, func(w *write.Tx) error {
			tc.mark(w)
			return put("a", "2")(w)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = change(t, db, undo)
		if !errors.Is(err, model.ErrInvalid) || err.Error() != tc.want {
			t.Errorf("%s: undo said %v, want %q", tc.name, err, tc.want)
		}
		if got := values(t, db); got != "a=2 " {
			t.Errorf("%s: after a refused undo %q", tc.name, got)
		}
	}
}

// TestTheJournalsKeepTheNewestHundred: the 101st change drops the first.
func TestTheJournalsKeepTheNewestHundred(t *testing.T) {
	db := filetest.New(t)
	for range Depth + 1 {
		if err := change(t, db, put("a", "x")); err != nil {
			t.Fatal(err)
		}
	}
	db.View(func(tx *bolt.Tx) error {
		if n := tx.Bucket(record.BucketUndo).Stats().KeyN; n != Depth {
			t.Errorf("the undo journal holds %d changes, want %d", n, Depth)
		}
		return nil
	})
}

// TestAJournalsOwnChangeIsNotPushed: the sync's bookkeeping and undo's own
// steps keep no undo record.
func TestAJournalsOwnChangeIsNotPushed(t *testing.T) {
	db := filetest.New(t)
	err := change(t, db, func(w *write.Tx) error {
		w.Journal = true
		return put("a", "1")(w)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := change(t, db, undo); err == nil || err.Error() != "nothing to undo" {
		t.Errorf("undo of the sync's own change: %v", err)
	}
}
