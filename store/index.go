package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// Indexes that keep the cost of a question to the data it asks about, not
// to the years stored: the open tasks, the tasks done on each day, the
// sales of each day, the tracked seconds of each task, and each client's
// entries in start order (what a retainer cycle's history needs, without
// reading every other client's entries of the months before). Every write
// keeps them through the writer, so undo keeps them too, and the migration
// to schema 2 builds them for older files.

// indexTask files t in the task indexes in place of old (nil for a new
// task).
func indexTask(w *writer, old *model.Task, t model.Task) error {
	if old != nil && repricesTask(*old, t) {
		w.reprice(t.ClientID, 0)
	}
	if old != nil && old.Done {
		if err := w.del(record.BucketDoneTasks, record.DayKey(old.DoneOn, old.ID)); err != nil {
			return err
		}
	}
	if t.Done {
		if err := w.del(record.BucketOpenTasks, record.IDKey(t.ID)); err != nil {
			return err
		}
		return w.put(record.BucketDoneTasks, record.DayKey(t.DoneOn, t.ID), record.Present)
	}
	if old != nil && !old.Done {
		return nil // open before and after
	}
	return w.put(record.BucketOpenTasks, record.IDKey(t.ID), record.Present)
}

// repricesTask says whether a task's change moves what its time earns.
func repricesTask(old, t model.Task) bool {
	return old.HasPrice != t.HasPrice || old.Price != t.Price || old.HasRate != t.HasRate || old.Rate != t.Rate ||
		old.Unbilled != t.Unbilled || old.Done != t.Done || old.DoneOn != t.DoneOn
}

// indexSale files s by its day in place of old (nil for none); a nil s
// takes old out.
func indexSale(w *writer, old, s *model.Sale) error {
	if old != nil {
		w.reprice(old.ClientID, old.Date)
		if err := w.del(record.BucketSaleDates, record.DayKey(old.Date, old.ID)); err != nil {
			return err
		}
	}
	if s == nil {
		return nil
	}
	w.reprice(s.ClientID, s.Date)
	return w.put(record.BucketSaleDates, record.DayKey(s.Date, s.ID), record.Present)
}

// indexEntry files a stored entry under its client (a copy of the record,
// so that a client's months read as one run of the cursor) and adds its
// finished seconds to its task's total; sign -1 takes both back out.
func indexEntry(w *writer, e model.Entry, sign int64) error {
	clientID, err := w.clientOf(e.TaskID)
	if err != nil {
		return err
	}
	key := record.ClientEntryKey(clientID, record.EntryKey(e.Start, e.ID))
	// The entry's local day is at most a day from its UTC one.
	w.reprice(clientID, model.DateOf(e.Start, time.UTC).AddDays(-1))
	if sign < 0 {
		err = w.del(record.BucketClientEntries, key)
	} else {
		err = w.hold(record.BucketClientEntries, key, record.Entries.Encode(e))
	}
	if err != nil || e.Running() {
		return err
	}
	totalKey := record.IDKey(e.TaskID)
	total := int64(record.GetUint(w.tx.Bucket(record.BucketTaskTotals), totalKey)) + sign*e.Tracked(e.End)
	return w.put(record.BucketTaskTotals, totalKey, record.UintBytes(uint64(max(total, 0))))
}

// clientOf returns a task's client, remembered for the rest of the change
// (a task never moves to another client): an import files thousands of
// entries on a few tasks.
func (w *writer) clientOf(taskID int64) (int64, error) {
	if id, ok := w.clients[taskID]; ok {
		return id, nil
	}
	t, err := record.Tasks.Get(w.tx, taskID)
	if err != nil {
		return 0, err
	}
	if w.clients == nil {
		w.clients = map[int64]int64{}
	}
	w.clients[taskID] = t.ClientID
	return t.ClientID, nil
}

// buildIndexes fills the indexes from the records, for a file written
// before they existed.
func buildIndexes(tx *bolt.Tx) error {
	w := &writer{tx: tx, bulk: true}
	tasks, err := record.Tasks.All(tx)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if err := indexTask(w, nil, t); err != nil {
			return err
		}
	}
	sales, err := record.Sales.All(tx)
	for _, s := range sales {
		if err := indexSale(w, nil, &s); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	err = tx.Bucket(record.BucketEntries).ForEach(func(_, v []byte) error {
		e, err := record.Entries.Decode(v)
		if err != nil {
			return err
		}
		return indexEntry(w, e, 1)
	})
	if err != nil {
		return err
	}
	return w.putHeld()
}
