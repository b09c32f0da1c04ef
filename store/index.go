package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// Indexes that keep the cost of a question to the data it asks about, not
// to the years stored: the open tasks, the tasks done on each day, the
// sales of each day, the tracked seconds of each task, and each client's
// entries in start order (what a retainer cycle's history needs, without
// reading every other client's entries of the months before). The
// indexer is the observer that keeps them: it hears every task, sale and
// entry put or deleted, so no command keeps them by hand; undo puts them
// back as its journal kept them; and the migration to schema 2 builds
// them for older files (buildIndexes).

// indexer is the index observer of one change.
type indexer struct {
	tx      *write.Tx
	clients taskClients
}

func (ix *indexer) Observe(e write.Event) error {
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

func (ix *indexer) Settle() error { return nil }

// task files a task in the open and done indexes in place of what it was
// (before nil: a new task).
func (ix *indexer) task(before, after []byte) error {
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
func (ix *indexer) sale(before, after []byte) error {
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
func (ix *indexer) entry(key, value []byte, sign int64) error {
	e, err := record.DecodePriced(value)
	if err != nil {
		return err
	}
	clientID, err := ix.clients.of(ix.tx.Bolt(), e.TaskID)
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

// taskClients remembers each task's client for the rest of a change (a
// task never moves to another client): an import files thousands of
// entries on a few tasks.
type taskClients map[int64]int64

func (c *taskClients) of(tx *bolt.Tx, taskID int64) (int64, error) {
	if id, ok := (*c)[taskID]; ok {
		return id, nil
	}
	t, err := record.Tasks.Get(tx, taskID)
	if err != nil {
		return 0, err
	}
	if *c == nil {
		*c = taskClients{}
	}
	(*c)[taskID] = t.ClientID
	return t.ClientID, nil
}

// buildIndexes fills the indexes from the records, for a file written
// before they existed: each record is heard as if it were new.
func buildIndexes(tx *bolt.Tx) error {
	w := write.New(tx)
	w.Bulk = true
	ix := &indexer{tx: w}
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
