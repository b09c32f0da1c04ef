// Package index keeps the indexes of tally's file, as an observer of
// every change (write.Observer), and reads them: the open tasks, the
// tasks done on each day, the sales of each day, the tracked seconds of
// each task, and each client's entries in start order.
package index

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// The indexes keep the cost of a question to the data it asks about, not
// to the years stored; each client's entries in start order are what a
// retainer cycle's history needs, without reading every other client's
// entries of the months before. The observer hears every task, sale and
// entry put or deleted, so no command keeps them by hand; undo puts them
// back as its journal kept them; and the migration to schema 2 builds
// them for older files (Build).

// Indexes is the index observer of one change.
type Indexes struct {
	tx      *write.Tx
	clients record.TaskClients
}

// New is the index observer of the change tx.
func New(tx *write.Tx) *Indexes { return &Indexes{tx: tx} }

// Observe files the task, sale or entry e writes in the indexes in place
// of what it was. What undo puts back it leaves: the journal puts the
// index keys back too.
func (ix *Indexes) Observe(e write.Event) error {
	if e.Restored {
		return nil
	}
	switch {
	case bytes.Equal(e.Bucket, record.BucketTasks):
		return ix.task(e.Before, e.After)
	case bytes.Equal(e.Bucket, record.BucketSales):
		return ix.sale(e.Before, e.After)
	case bytes.Equal(e.Bucket, record.BucketEntries):
		if e.Before != nil {
			if err := ix.entry(e.Key, e.Before, -1); err != nil {
				return err
			}
		}
		if e.After != nil {
			return ix.entry(e.Key, e.After, 1)
		}
	}
	return nil
}

// Settle does nothing: the indexes are kept as the records are written.
func (ix *Indexes) Settle() error { return nil }

// task files a task in the open and done indexes in place of what it was
// (before nil: a new task).
func (ix *Indexes) task(before, after []byte) error {
	t, err := record.Tasks.Decode(after)
	if err != nil {
		return err
	}
	var old *model.Task
	if before != nil {
		prior, err := record.Tasks.Decode(before)
		if err != nil {
			return err
		}
		old = &prior
	}
	if old != nil && old.Done {
		if err := ix.tx.Delete(record.BucketDoneTasks, record.DayKey(old.DoneOn, old.ID)); err != nil {
			return err
		}
	}
	if t.Done {
		if err := ix.tx.Delete(record.BucketOpenTasks, record.IDKey(t.ID)); err != nil {
			return err
		}
		return ix.tx.Put(record.BucketDoneTasks, record.DayKey(t.DoneOn, t.ID), record.Present)
	}
	if old != nil && !old.Done {
		return nil // open before and after
	}
	return ix.tx.Put(record.BucketOpenTasks, record.IDKey(t.ID), record.Present)
}

// sale files a sale by its day in place of what it was; either may be nil.
func (ix *Indexes) sale(before, after []byte) error {
	for i, v := range [][]byte{before, after} {
		if v == nil {
			continue
		}
		s, err := record.Sales.Decode(v)
		if err != nil {
			return err
		}
		if i == 0 {
			err = ix.tx.Delete(record.BucketSaleDates, record.DayKey(s.Date, s.ID))
		} else {
			err = ix.tx.Put(record.BucketSaleDates, record.DayKey(s.Date, s.ID), record.Present)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// entry files a stored entry, filed under key, under its client (a copy
// of the record, so that a client's months read as one run of the
// cursor) and adds its finished seconds to its task's total; sign -1
// takes both back out.
func (ix *Indexes) entry(key, value []byte, sign int64) error {
	e, err := record.DecodePriced(value)
	if err != nil {
		return err
	}
	clientID, err := ix.clients.Of(ix.tx.Bolt(), e.TaskID)
	if err != nil {
		return err
	}
	byClient := record.ClientEntryKey(clientID, key)
	if sign < 0 {
		err = ix.tx.Delete(record.BucketClientEntries, byClient)
	} else {
		err = ix.tx.Hold(record.BucketClientEntries, byClient, value)
	}
	if err != nil || e.Running() {
		return err
	}
	totalKey := record.IDKey(e.TaskID)
	total := int64(record.GetUint(ix.tx.Bolt().Bucket(record.BucketTaskTotals), totalKey)) + sign*e.Tracked(e.End)
	return ix.tx.Put(record.BucketTaskTotals, totalKey, record.UintBytes(uint64(max(total, 0))))
}

// Build fills the indexes from the records, for a file written before
// they existed: each record is heard as if it were new.
func Build(tx *bolt.Tx) error {
	w := write.New(tx)
	w.Bulk = true
	ix := New(w)
	for _, bucket := range [][]byte{record.BucketTasks, record.BucketSales, record.BucketEntries} {
		err := tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			return ix.Observe(write.Event{Bucket: bucket, Key: k, After: v})
		})
		if err != nil {
			return err
		}
	}
	return w.Settle()
}
