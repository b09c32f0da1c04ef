package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// writer is what a change's code holds: the transaction (write.Tx), whose
// puts and deletes every observer hears, and the observers a command
// speaks to itself.
type writer struct {
	*write.Tx
	tx    *bolt.Tx     // the same transaction, for reads
	locks *invoiceLock // Void reopens its work; a pull lists what the locks refuse
	sync  *syncCapture // the records the change touched, when the file syncs
	// overlapsChecked says the change found its entries' overlaps as a
	// whole (an import does, in one sort; a pull lists them), so no entry
	// is checked alone.
	overlapsChecked bool
}

// undoDepth is how many changes Undo can step back through.
const undoDepth = 100

// journal is the undo observer: it remembers the value every key had
// before the change first touched it, which is all Undo needs to put it
// back, and pushes them as the change's undo record.
type journal struct {
	tx     *write.Tx
	seen   write.Keys
	values []priorValue
}

func (j *journal) Observe(e write.Event) error {
	if j.tx.Bulk || !j.seen.Add(e) {
		return nil
	}
	j.values = append(j.values, priorValue{Bucket: string(e.Bucket), Key: bytes.Clone(e.Key), Value: e.Before})
	return nil
}

// Settle pushes the change's undo record, for a change of the user's, and
// forgets what could have been redone.
func (j *journal) Settle() error {
	if j.tx.Journal {
		return nil
	}
	tx := j.tx.Bolt()
	if err := tx.DeleteBucket(record.BucketRedo); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(record.BucketRedo); err != nil {
		return err
	}
	values := j.values
	if j.tx.Final != "" {
		values = nil // undo stops at this change: what it replaced is never put back
	}
	return push(tx.Bucket(record.BucketUndo), undoRecord{Label: j.tx.Label, Origin: j.tx.Origin, Values: values, Bulk: j.tx.Bulk, Final: j.tx.Final})
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
		w.Journal = true
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
			if err := w.Restore([]byte(p.Bucket), p.Key, p.Value); err != nil {
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
