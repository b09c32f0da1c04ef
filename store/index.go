package store

import (
	"encoding/binary"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Indexes that keep the cost of a question to the data it asks about, not
// to the years stored: the open tasks, the tasks done on each day, the
// sales of each day, the tracked seconds of each task, and each client's
// entries in start order (what a retainer cycle's history needs, without
// reading every other client's entries of the months before). Every write
// keeps them through the writer, so undo keeps them too, and the migration
// to schema 2 builds them for older files.

var (
	bucketOpenTasks  = []byte("open_tasks")  // task id → present
	bucketDoneTasks  = []byte("done_tasks")  // done day | task id → present
	bucketSaleDates  = []byte("sale_dates")  // sale day | sale id → present
	bucketTaskTotals = []byte("task_totals") // task id → finished seconds
	// client id | entry key → the entry, as in the entries bucket
	bucketClientEntries = []byte("client_entries")
)

var indexBuckets = [][]byte{bucketOpenTasks, bucketDoneTasks, bucketSaleDates, bucketTaskTotals, bucketClientEntries}

// present is an index entry's value: not empty, since the undo journal
// tells a key that did not exist by an empty value.
var present = []byte{1}

// dayKey sorts by day, then id.
func dayKey(d model.Date, id int64) []byte {
	k := binary.BigEndian.AppendUint32(make([]byte, 0, 12), uint32(d))
	return binary.BigEndian.AppendUint64(k, uint64(id))
}

func idOfDayKey(k []byte) int64 { return int64(binary.BigEndian.Uint64(k[4:])) }

// indexTask files t in the task indexes in place of old (nil for a new
// task).
func indexTask(w *writer, old *model.Task, t model.Task) error {
	if old != nil && old.Done {
		if err := w.del(bucketDoneTasks, dayKey(old.DoneOn, old.ID)); err != nil {
			return err
		}
	}
	if t.Done {
		if err := w.del(bucketOpenTasks, idKey(t.ID)); err != nil {
			return err
		}
		return w.put(bucketDoneTasks, dayKey(t.DoneOn, t.ID), present)
	}
	if old != nil && !old.Done {
		return nil // open before and after
	}
	return w.put(bucketOpenTasks, idKey(t.ID), present)
}

// indexSale files s by its day in place of old (nil for none); a nil s
// takes old out.
func indexSale(w *writer, old, s *model.Sale) error {
	if old != nil {
		if err := w.del(bucketSaleDates, dayKey(old.Date, old.ID)); err != nil {
			return err
		}
	}
	if s == nil {
		return nil
	}
	return w.put(bucketSaleDates, dayKey(s.Date, s.ID), present)
}

// indexEntry files a stored entry under its client (a copy of the record,
// so that a client's months read as one run of the cursor) and adds its
// finished seconds to its task's total; sign -1 takes both back out.
func indexEntry(w *writer, e model.Entry, sign int64) error {
	clientID, err := w.clientOf(e.TaskID)
	if err != nil {
		return err
	}
	key := clientEntryKey(clientID, entryKey(e.Start, e.ID))
	if sign < 0 {
		err = w.del(bucketClientEntries, key)
	} else {
		err = w.hold(bucketClientEntries, key, encodeEntry(e))
	}
	if err != nil || e.Running() {
		return err
	}
	totalKey := idKey(e.TaskID)
	total := int64(getUint(w.tx.Bucket(bucketTaskTotals), totalKey)) + sign*e.Tracked(e.End)
	return w.put(bucketTaskTotals, totalKey, uintBytes(uint64(max(total, 0))))
}

// clientOf returns a task's client, remembered for the rest of the change
// (a task never moves to another client): an import files thousands of
// entries on a few tasks.
func (w *writer) clientOf(taskID int64) (int64, error) {
	if id, ok := w.clients[taskID]; ok {
		return id, nil
	}
	t, err := getTask(w.tx, taskID)
	if err != nil {
		return 0, err
	}
	if w.clients == nil {
		w.clients = map[int64]int64{}
	}
	w.clients[taskID] = t.ClientID
	return t.ClientID, nil
}

// clientEntryKey sorts by client, then as the entries bucket does.
func clientEntryKey(clientID int64, entry []byte) []byte {
	return append(idKey(clientID), entry...)
}

// readClientEntries returns a client's entries starting from from until
// to, in start order.
func readClientEntries(tx *bolt.Tx, clientID int64, from, to time.Time) ([]model.Entry, error) {
	return appendClientEntries(nil, tx, clientID, from, to, decodeEntry)
}

// appendClientEntries appends to into a client's entries starting from
// from until to, in start order, each read with decode.
func appendClientEntries(into []model.Entry, tx *bolt.Tx, clientID int64, from, to time.Time, decode func([]byte) (model.Entry, error)) ([]model.Entry, error) {
	return decodeEntries(into, tx.Bucket(bucketClientEntries).Cursor(), clientEntryKey(clientID, entryKey(from, 0)), clientEntryKey(clientID, entryKey(to, 0)), decode)
}

// buildIndexes fills the indexes from the records, for a file written
// before they existed.
func buildIndexes(tx *bolt.Tx) error {
	w := &writer{tx: tx, bulk: true}
	tasks, err := readAllTasks(tx)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if err := indexTask(w, nil, t); err != nil {
			return err
		}
	}
	sales, err := readAllSales(tx)
	for _, s := range sales {
		if err := indexSale(w, nil, &s); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	err = tx.Bucket(bucketEntries).ForEach(func(_, v []byte) error {
		e, err := decodeEntry(v)
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

// readOpenTasks returns the tasks not done.
func readOpenTasks(tx *bolt.Tx) ([]model.Task, error) {
	var tasks []model.Task
	var r taskReader
	err := tx.Bucket(bucketOpenTasks).ForEach(func(k, _ []byte) error {
		t, err := r.get(tx, int64(binary.BigEndian.Uint64(k)))
		tasks = append(tasks, t)
		return err
	})
	return tasks, err
}

// addDone adds the tasks done from from to to, with any others wanted,
// reading only those the set does not hold yet.
func (s *taskSet) addDone(tx *bolt.Tx, from, to model.Date) error {
	for k := range between(tx.Bucket(bucketDoneTasks).Cursor(), dayKey(from, 0), dayKey(to+1, 0)) {
		s.want(idOfDayKey(k))
	}
	return s.readWanted(tx)
}

// readSales returns the sales dated from from to to, in date order.
func readSales(tx *bolt.Tx, from, to model.Date) ([]model.Sale, error) {
	var sales []model.Sale
	for k := range between(tx.Bucket(bucketSaleDates).Cursor(), dayKey(from, 0), dayKey(to+1, 0)) {
		s, err := getSale(tx, idOfDayKey(k))
		if err != nil {
			return nil, err
		}
		sales = append(sales, s)
	}
	return sales, nil
}

// tracked returns each task's finished seconds.
func tracked(tx *bolt.Tx, tasks []model.Task, sums map[int64]int64) {
	totals := tx.Bucket(bucketTaskTotals)
	for _, t := range tasks {
		sums[t.ID] = int64(getUint(totals, idKey(t.ID)))
	}
}

// taskSet gathers tasks by id, each once.
type taskSet struct {
	byID   map[int64]bool
	tasks  []model.Task
	wanted []int64 // ids to read, in the set already
	read   taskReader
}

func (s *taskSet) add(tasks ...model.Task) {
	if s.byID == nil {
		s.byID = map[int64]bool{}
	}
	for _, t := range tasks {
		if !s.byID[t.ID] {
			s.byID[t.ID] = true
			s.tasks = append(s.tasks, t)
		}
	}
}

// addOf adds the tasks of entries.
func (s *taskSet) addOf(tx *bolt.Tx, entries []model.Entry) error {
	for _, e := range entries {
		s.want(e.TaskID)
	}
	return s.readWanted(tx)
}

// want notes a task to read with readWanted, unless the set holds it.
func (s *taskSet) want(id int64) {
	if s.byID == nil {
		s.byID = map[int64]bool{}
	}
	if !s.byID[id] {
		s.byID[id] = true
		s.wanted = append(s.wanted, id)
	}
}

// readWanted adds the tasks wanted, read in id order: the set is sized
// once and the cursor only moves forward.
func (s *taskSet) readWanted(tx *bolt.Tx) error {
	slices.Sort(s.wanted)
	s.tasks = slices.Grow(s.tasks, len(s.wanted))
	for _, id := range s.wanted {
		t, err := s.read.get(tx, id)
		if err != nil {
			return err
		}
		s.tasks = append(s.tasks, t)
	}
	s.wanted = s.wanted[:0]
	return nil
}
