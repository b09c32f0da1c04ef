// Package undo keeps the journals of undo and redo: as an observer of
// every change (write.Observer), the value each key had before the change
// first touched it, pushed as the change's undo record; and the step that
// puts a record's values back and pushes those it replaced onto the other
// journal.
package undo

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// Depth is how many changes Undo can step back through.
const Depth = 100

// Journal is the undo observer of one change.
type Journal struct {
	tx     *write.Tx
	seen   write.Keys
	values []priorValue
}

// New is the undo observer of the change tx.
func New(tx *write.Tx) *Journal { return &Journal{tx: tx} }

// Observe remembers what a key held before the change first touched it.
// A bulk change is too big to remember value by value: it has no undo.
func (j *Journal) Observe(e write.Event) error {
	if j.tx.Bulk || !j.seen.Add(e) {
		return nil
	}
	j.values = append(j.values, priorValue{Bucket: string(e.Bucket), Key: bytes.Clone(e.Key), Value: e.Before})
	return nil
}

// Settle pushes the change's undo record, for a change of the user's, and
// forgets what could have been redone.
func (j *Journal) Settle() error {
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
	return push(tx.Bucket(record.BucketUndo), journalRecord{Label: j.tx.Label, Origin: j.tx.Origin, Values: values, Bulk: j.tx.Bulk, Final: j.tx.Final})
}

type priorValue struct {
	Bucket string `json:"b"`
	Key    []byte `json:"k"`
	Value  []byte `json:"v,omitempty"` // nil: the key did not exist
}

// journalRecord is a change as a journal keeps it.
type journalRecord struct {
	Label  string       `json:"label"`
	Origin string       `json:"origin,omitempty"`
	Values []priorValue `json:"values"`
	Bulk   bool         `json:"bulk,omitempty"`  // undo stops here: a restore takes it back
	Final  string       `json:"final,omitempty"` // undo stops here, and this says why
}

// push puts rec on top of a journal, keeping the newest Depth.
func push(journal *bolt.Bucket, rec journalRecord) error {
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
	if seq > Depth {
		return journal.Delete(record.UintBytes(seq - Depth))
	}
	return nil
}

// Step pops the newest record of the journal from, puts its values back
// through tx (whose observers hear each as restored), and pushes the
// values they replaced onto the journal to; empty says there was none.
// It returns what the change it stepped over did, and who made it.
func Step(tx *write.Tx, from, to []byte, empty string) (label, origin string, err error) {
	tx.Journal = true
	journal := tx.Bolt().Bucket(from)
	key, value := journal.Cursor().Last()
	if key == nil {
		return "", "", model.Invalidf("%s", empty)
	}
	var rec journalRecord
	if err := json.Unmarshal(value, &rec); err != nil {
		return "", "", fmt.Errorf("%w: undo record: %v", record.ErrBad, err)
	}
	if rec.Final != "" {
		return "", "", model.Invalidf("%s", rec.Final)
	}
	if rec.Bulk {
		return "", "", model.Invalidf("the last change, %s, filed too much at once to undo; tally restore puts back a backup from before it", rec.Label)
	}
	back := journalRecord{Label: rec.Label, Origin: rec.Origin}
	for i := len(rec.Values) - 1; i >= 0; i-- {
		p := rec.Values[i]
		b := tx.Bolt().Bucket([]byte(p.Bucket))
		if b == nil {
			return "", "", fmt.Errorf("%w: undo names unknown bucket %q", record.ErrBad, p.Bucket)
		}
		back.Values = append(back.Values, priorValue{Bucket: p.Bucket, Key: p.Key, Value: bytes.Clone(b.Get(p.Key))})
		if err := tx.Restore([]byte(p.Bucket), p.Key, p.Value); err != nil {
			return "", "", err
		}
	}
	if err := journal.Delete(key); err != nil {
		return "", "", err
	}
	return rec.Label, rec.Origin, push(tx.Bolt().Bucket(to), back)
}
