package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/boltfile"
	"tally/store/internal/record"
)

// undoDepth is how many changes Undo can step back through.
const undoDepth = 100

// writer wraps a read-write transaction and remembers the value every key
// had before the change touched it, which is all Undo needs to put it back.
type writer struct {
	tx      *bolt.Tx
	label   string // what the change did, for Undo's message
	origin  string // who made it
	undo    []priorValue
	seen    map[string]bool
	journal bool // an undo or redo keeps its own journals; a change pushes onto undo
	bulk    bool // a whole import: too big to remember value by value, so no undo
	// overlapsChecked says the change found its entries' overlaps as a
	// whole (an import does, in one sort), so no entry is checked alone.
	overlapsChecked bool
	// held are the puts a bulk change makes at its end, bucket by bucket
	// in key order: bbolt keeps a node's keys in one slice until commit, so
	// thousands put at random places in one transaction are quadratic.
	held    []heldPut
	clients map[int64]int64 // task id → client id, as clientOf has read them
	// repriced is, per client, the first day whose pricing the change may
	// have moved: issued invoices from that day on are checked.
	repriced map[int64]model.Date
	// fresh are the records a bulk change adds (it keeps no undo values),
	// for checkBilled; billedChecked says a sync has listed what it found.
	fresh         []priorValue
	billedChecked bool
	final         string          // why Undo stops at this change; "" when it does not
	touched       []boltfile.Path // every key the change put or deleted, for checkTouched
	sync          *syncCapture    // the records the change touched, when the file syncs
}

type heldPut struct{ bucket, key, value []byte }

// hold puts a key at the end of a bulk change, and at once otherwise.
func (w *writer) hold(bucket, key, value []byte) error {
	if !w.bulk {
		return w.put(bucket, key, value)
	}
	w.held = append(w.held, heldPut{bucket, key, value})
	return nil
}

// putHeld makes the puts hold kept back, in key order.
func (w *writer) putHeld() error {
	slices.SortFunc(w.held, func(a, b heldPut) int {
		return cmp.Or(bytes.Compare(a.bucket, b.bucket), bytes.Compare(a.key, b.key))
	})
	for _, p := range w.held {
		if err := w.bucket(p.bucket).Put(p.key, p.value); err != nil {
			return err
		}
	}
	w.held = nil
	return nil
}

type priorValue struct {
	Bucket string `json:"b"`
	Key    []byte `json:"k"`
	Value  []byte `json:"v,omitempty"` // nil: the key did not exist
}

type undoRecord struct {
	Label  string       `json:"label"`
	Origin string       `json:"origin,omitempty"`
	Values []priorValue `json:"values"`
	Bulk   bool         `json:"bulk,omitempty"`  // undo stops here: a restore takes it back
	Final  string       `json:"final,omitempty"` // undo stops here, and this says why
}

// Undone says which change Undo or Redo stepped over, and who made it.
type Undone struct {
	Label    string // what the change did: "switch to #2 Mail"
	Origin   string // who made it, as WithOrigin named them
	Warnings Warnings
}

func (w *writer) remember(bucket, key []byte) {
	if w.bulk {
		w.noteFresh(bucket, key)
		return
	}
	id := string(bucket) + "\x00" + string(key)
	if w.seen[id] {
		return
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[id] = true
	w.undo = append(w.undo, priorValue{Bucket: string(bucket), Key: bytes.Clone(key), Value: bytes.Clone(w.tx.Bucket(bucket).Get(key))})
	w.touched = append(w.touched, boltfile.Path{Bucket: bucket, Key: bytes.Clone(key)})
}

// checkTouched refuses a change whose commit would rewrite a damaged
// page: those on the way to every key it touched, to the revision, and to
// both ends of the undo journal, which commit pushes onto and trims.
func (w *writer) checkTouched() error {
	file, err := os.Open(w.tx.DB().Path())
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer file.Close()
	keys := append(w.touched, boltfile.Path{Bucket: record.BucketMeta, Key: record.KeyRev}, boltfile.Path{Bucket: record.BucketUndo, Key: nil}, boltfile.Path{Bucket: record.BucketUndo, Key: []byte{0xff}})
	if problems := boltfile.CheckPaths(file, keys); len(problems) > 0 {
		return layoutDamage(problems[0])
	}
	return nil
}

func (w *writer) put(bucket, key, value []byte) error {
	w.remember(bucket, key)
	w.noteSync(bucket, key)
	return w.bucket(bucket).Put(key, value)
}

// bucket returns a bucket to write in. The entry buckets take new keys
// mostly after the old ones (by start, by id, by client then start), so
// their pages are filled before they split rather than left half empty:
// the years of entries a report reads span fewer pages.
func (w *writer) bucket(name []byte) *bolt.Bucket {
	b := w.tx.Bucket(name)
	if bytes.Equal(name, record.BucketEntries) || bytes.Equal(name, record.BucketEntryIDs) || bytes.Equal(name, record.BucketClientEntries) {
		b.FillPercent = 0.9
	}
	return b
}

func (w *writer) del(bucket, key []byte) error {
	w.remember(bucket, key)
	w.noteSync(bucket, key)
	return w.tx.Bucket(bucket).Delete(key)
}

func (w *writer) changed() bool { return len(w.undo) > 0 || w.journal || w.bulk }

// commit bumps the revision and, for a change of the user's, pushes its
// undo record and forgets what could have been redone.
func (w *writer) commit() error {
	if err := w.putHeld(); err != nil {
		return err
	}
	meta := w.tx.Bucket(record.BucketMeta)
	if err := meta.Put(record.KeyRev, record.UintBytes(record.GetUint(meta, record.KeyRev)+1)); err != nil {
		return err
	}
	if w.journal {
		return nil
	}
	if err := w.tx.DeleteBucket(record.BucketRedo); err != nil {
		return err
	}
	if _, err := w.tx.CreateBucket(record.BucketRedo); err != nil {
		return err
	}
	values := w.undo
	if w.final != "" {
		values = nil // undo stops at this change: what it replaced is never put back
	}
	return push(w.tx.Bucket(record.BucketUndo), undoRecord{Label: w.label, Origin: w.origin, Values: values, Bulk: w.bulk, Final: w.final})
}

// push puts rec on top of a journal, keeping the newest undoDepth.
func push(journal *bolt.Bucket, rec undoRecord) error {
	seq, err := journal.NextSequence()
	if err != nil {
		return err
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := journal.Put(record.UintBytes(seq), data); err != nil {
		return err
	}
	if seq > undoDepth {
		return journal.Delete(record.UintBytes(seq - undoDepth))
	}
	return nil
}

// Undo reverts the last change made to the file, by any process, and
// says which it was and who made it. Calling it again steps further back;
// Redo makes the change again.
func (s *Store) Undo() (Undone, error) {
	return s.step(record.BucketUndo, record.BucketRedo, "nothing to undo")
}

// Redo makes again the last change Undo reverted, unless a new change has
// been made since.
func (s *Store) Redo() (Undone, error) {
	return s.step(record.BucketRedo, record.BucketUndo, "nothing to redo")
}

// step pops the newest record of from, puts its values back, and pushes
// the values they replaced onto to.
func (s *Store) step(from, to []byte, empty string) (Undone, error) {
	var done Undone
	warnings, err := s.update(func(w *writer) error {
		w.journal = true
		journal := w.tx.Bucket(from)
		key, value := journal.Cursor().Last()
		if key == nil {
			return model.Invalidf("%s", empty)
		}
		var rec undoRecord
		if err := json.Unmarshal(value, &rec); err != nil {
			return fmt.Errorf("%w: undo record: %v", record.ErrBad, err)
		}
		if rec.Final != "" {
			return model.Invalidf("%s", rec.Final)
		}
		if rec.Bulk {
			return model.Invalidf("the last change, %s, filed too much at once to undo; tally restore puts back a backup from before it", rec.Label)
		}
		back := undoRecord{Label: rec.Label, Origin: rec.Origin}
		for i := len(rec.Values) - 1; i >= 0; i-- {
			p := rec.Values[i]
			b := w.tx.Bucket([]byte(p.Bucket))
			if b == nil {
				return fmt.Errorf("%w: undo names unknown bucket %q", record.ErrBad, p.Bucket)
			}
			back.Values = append(back.Values, priorValue{Bucket: p.Bucket, Key: p.Key, Value: bytes.Clone(b.Get(p.Key))})
			w.remember([]byte(p.Bucket), p.Key) // for checkTouched and checkBilled; a journal's own undo is not pushed
			w.noteSync([]byte(p.Bucket), p.Key)
			if err := restore(b, p); err != nil {
				return err
			}
		}
		done = Undone{Label: rec.Label, Origin: rec.Origin}
		if err := journal.Delete(key); err != nil {
			return err
		}
		return push(w.tx.Bucket(to), back)
	})
	done.Warnings = warnings
	return done, err
}

func restore(b *bolt.Bucket, p priorValue) error {
	if p.Value == nil {
		return b.Delete(p.Key)
	}
	return b.Put(p.Key, p.Value)
}
