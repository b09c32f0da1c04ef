package write

import (
	"errors"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/filetest"
	"tally/store/internal/record"
)

var bucket = record.BucketTasks

// log is an observer that notes what it hears and when it settles, and
// what the bucket held as it heard each write.
type log struct {
	name   string
	notes  *[]string
	refuse string // a key whose write it refuses
}

func (l log) Observe(e Event) error {
	if string(e.Key) == l.refuse {
		return errors.New("refused")
	}
	*l.notes = append(*l.notes, l.name+" hears "+string(e.Key)+" "+string(e.Before)+"→"+string(e.After))
	return nil
}

func (l log) Settle() error {
	*l.notes = append(*l.notes, l.name+" settles")
	return nil
}

func inTx(t *testing.T, fn func(w *Tx, notes *[]string) error) (*bolt.DB, []string, error) {
	t.Helper()
	db := filetest.New(t)
	var notes []string
	err := db.Update(func(tx *bolt.Tx) error { return fn(New(tx), &notes) })
	return db, notes, err
}

// TestObserversHearEachWriteBeforeItInTheirOrder: each write is heard by
// every observer, in the list's order, with the value it replaces, before
// it is made; then each settles in the same order.
func TestObserversHearEachWriteBeforeItInTheirOrder(t *testing.T) {
	_, notes, err := inTx(t, func(w *Tx, notes *[]string) error {
		w.Observe(log{"index", notes, ""}, log{"journal", notes, ""})
		if w.Changed() {
			t.Error("a change that wrote nothing has something to commit")
		}
		for _, step := range []func() error{
			func() error { return w.Put(bucket, []byte("a"), []byte("1")) },
			func() error { return w.Put(bucket, []byte("a"), []byte("2")) },
			func() error { return w.Delete(bucket, []byte("a")) },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		if !w.Changed() {
			t.Error("a change that wrote has nothing to commit")
		}
		return w.Settle()
	})
	want := []string{
		"index hears a →1", "journal hears a →1",
		"index hears a 1→2", "journal hears a 1→2",
		"index hears a 2→", "journal hears a 2→",
		"index settles", "journal settles",
	}
	if err != nil || !slices.Equal(notes, want) {
		t.Errorf("heard %q, %v; want %q", notes, err, want)
	}
}

// TestARefusalWritesNothing: a write an observer refuses is not made,
// and the error is the change's.
func TestARefusalWritesNothing(t *testing.T) {
	_, _, err := inTx(t, func(w *Tx, notes *[]string) error {
		w.Observe(log{"locks", notes, "billed"})
		if err := w.Put(bucket, []byte("billed"), []byte("1")); err == nil || err.Error() != "refused" {
			t.Errorf("a refused put said %v", err)
		}
		if v := w.Bolt().Bucket(bucket).Get([]byte("billed")); v != nil {
			t.Errorf("a refused put was made: %q", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestABulkChangeHoldsItsKeysUntilItSettles: held keys are put in key
// order as the change settles, unheard; a bulk change reads no values
// before, and commits though it may hold only.
func TestABulkChangeHoldsItsKeysUntilItSettles(t *testing.T) {
	db, notes, err := inTx(t, func(w *Tx, notes *[]string) error {
		w.Bulk = true
		w.Observe(log{"index", notes, ""})
		if err := w.Put(bucket, []byte("a"), []byte("1")); err != nil {
			return err
		}
		if err := w.Put(bucket, []byte("a"), []byte("2")); err != nil { // no Before read
			return err
		}
		for _, k := range []string{"c", "b"} {
			if err := w.Hold(bucket, []byte(k), []byte("held")); err != nil {
				return err
			}
		}
		if v := w.Bolt().Bucket(bucket).Get([]byte("b")); v != nil {
			t.Error("a held key was put before the change settled")
		}
		return w.Settle()
	})
	want := []string{"index hears a →1", "index hears a →2", "index settles"}
	if err != nil || !slices.Equal(notes, want) {
		t.Errorf("heard %q, %v; want %q", notes, err, want)
	}
	db.View(func(tx *bolt.Tx) error {
		if string(tx.Bucket(bucket).Get([]byte("b"))) != "held" || string(tx.Bucket(bucket).Get([]byte("c"))) != "held" {
			t.Error("the held keys were not put as the change settled")
		}
		return nil
	})
}
