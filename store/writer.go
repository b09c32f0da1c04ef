package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// undoDepth is how many changes Undo can step back through.
const undoDepth = 100

// writer wraps a read-write transaction and remembers the value every key
// had before the change touched it, which is all Undo needs to put it back.
type writer struct {
	tx       *bolt.Tx
	label    string // what the change did, for Undo's message
	undo     []priorValue
	seen     map[string]bool
	dropUndo bool // the change is an undo: pop the journal instead of pushing
}

type priorValue struct {
	Bucket string `json:"b"`
	Key    []byte `json:"k"`
	Value  []byte `json:"v,omitempty"` // nil: the key did not exist
}

type undoRecord struct {
	Label  string       `json:"label"`
	Values []priorValue `json:"values"`
}

func (w *writer) remember(bucket, key []byte) {
	id := string(bucket) + "\x00" + string(key)
	if w.seen[id] {
		return
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[id] = true
	w.undo = append(w.undo, priorValue{Bucket: string(bucket), Key: bytes.Clone(key), Value: bytes.Clone(w.tx.Bucket(bucket).Get(key))})
}

func (w *writer) put(bucket, key, value []byte) error {
	w.remember(bucket, key)
	return w.tx.Bucket(bucket).Put(key, value)
}

func (w *writer) del(bucket, key []byte) error {
	w.remember(bucket, key)
	return w.tx.Bucket(bucket).Delete(key)
}

// commit bumps the revision and pushes the undo record.
func (w *writer) commit() error {
	meta := w.tx.Bucket(bucketMeta)
	if err := meta.Put(keyRev, uintBytes(getUint(meta, keyRev)+1)); err != nil {
		return err
	}
	if w.dropUndo {
		return nil
	}
	journal := w.tx.Bucket(bucketUndo)
	seq, err := journal.NextSequence()
	if err != nil {
		return err
	}
	rec, err := json.Marshal(undoRecord{Label: w.label, Values: w.undo})
	if err != nil {
		return err
	}
	if err := journal.Put(uintBytes(seq), rec); err != nil {
		return err
	}
	if seq > undoDepth {
		return journal.Delete(uintBytes(seq - undoDepth))
	}
	return nil
}

// Undo reverts the last change made to the file, by any process, and
// returns what that change did. Calling it again steps further back.
func (s *Store) Undo() (string, error) {
	var label string
	err := s.update(func(w *writer) error {
		journal := w.tx.Bucket(bucketUndo)
		key, value := journal.Cursor().Last()
		if key == nil {
			return model.Invalidf("nothing to undo")
		}
		var rec undoRecord
		if err := json.Unmarshal(value, &rec); err != nil {
			return fmt.Errorf("store: undo record: %w", err)
		}
		for i := len(rec.Values) - 1; i >= 0; i-- {
			if err := restore(w.tx, rec.Values[i]); err != nil {
				return err
			}
		}
		label, w.dropUndo = rec.Label, true
		return journal.Delete(key)
	})
	return label, err
}

func restore(tx *bolt.Tx, p priorValue) error {
	b := tx.Bucket([]byte(p.Bucket))
	if b == nil {
		return fmt.Errorf("store: undo names unknown bucket %q", p.Bucket)
	}
	if p.Value == nil {
		return b.Delete(p.Key)
	}
	return b.Put(p.Key, p.Value)
}
