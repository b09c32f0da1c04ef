package index

import (
	"bytes"
	"encoding/binary"
	"iter"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// OpenTasks reads the tasks not done.
func OpenTasks(tx *bolt.Tx) ([]model.Task, error) {
	var tasks []model.Task
	var r record.TaskReader
	err := tx.Bucket(record.BucketOpenTasks).ForEach(func(k, _ []byte) error {
		t, err := r.Get(tx, int64(binary.BigEndian.Uint64(k)))
		tasks = append(tasks, t)
		return err
	})
	return tasks, err
}

// DoneOn yields the ids of the tasks done from from to to.
func DoneOn(tx *bolt.Tx, from, to model.Date) iter.Seq[int64] {
	return func(yield func(int64) bool) {
		for k := range record.Between(tx.Bucket(record.BucketDoneTasks).Cursor(), record.DayKey(from, 0), record.DayKey(to+1, 0)) {
			if !yield(record.IDOfDayKey(k)) {
				return
			}
		}
	}
}

// Sales reads the sales dated from from to to, in date order.
func Sales(tx *bolt.Tx, from, to model.Date) ([]model.Sale, error) {
	var sales []model.Sale
	for k := range record.Between(tx.Bucket(record.BucketSaleDates).Cursor(), record.DayKey(from, 0), record.DayKey(to+1, 0)) {
		s, err := record.Sales.Get(tx, record.IDOfDayKey(k))
		if err != nil {
			return nil, err
		}
		sales = append(sales, s)
	}
	return sales, nil
}

// Tracked reads the finished seconds of each of tasks which chooses into
// sums.
func Tracked(tx *bolt.Tx, tasks []model.Task, which func(model.Task) bool, sums map[int64]int64) {
	totals := tx.Bucket(record.BucketTaskTotals)
	for _, t := range tasks {
		if which(t) {
			sums[t.ID] = int64(record.GetUint(totals, record.IDKey(t.ID)))
		}
	}
}

// ClientEntries appends to into a client's entries starting from from
// until to, in start order, each read with decode.
func ClientEntries(into []model.Entry, tx *bolt.Tx, clientID int64, from, to time.Time, decode func([]byte) (model.Entry, error)) ([]model.Entry, error) {
	c := tx.Bucket(record.BucketClientEntries).Cursor()
	return record.AppendEntries(into, c, record.ClientEntryKey(clientID, record.EntryKey(from, 0)), record.ClientEntryKey(clientID, record.EntryKey(to, 0)), decode)
}

// FirstStart is when a client's first entry starts; false when it has
// none.
func FirstStart(tx *bolt.Tx, clientID int64) (time.Time, bool) {
	k, _ := tx.Bucket(record.BucketClientEntries).Cursor().Seek(record.IDKey(clientID))
	if len(k) != 24 || int64(binary.BigEndian.Uint64(k)) != clientID {
		return time.Time{}, false
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[8:16]))), true
}

// CountClientEntries counts a client's entries.
func CountClientEntries(tx *bolt.Tx, clientID int64) int {
	n, prefix := 0, record.IDKey(clientID)
	cur := tx.Bucket(record.BucketClientEntries).Cursor()
	for k, _ := cur.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		n++
	}
	return n
}
