package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// Check compares the indexes with the records they index, tasks being
// every task: what a file's check finds wrong with them.
func Check(tx *bolt.Tx, tasks []model.Task) []string {
	var problems []string
	open, done := tx.Bucket(record.BucketOpenTasks), tx.Bucket(record.BucketDoneTasks)
	for _, t := range tasks {
		if (open.Get(record.IDKey(t.ID)) != nil) == t.Done || t.Done && done.Get(record.DayKey(t.DoneOn, t.ID)) == nil {
			problems = append(problems, fmt.Sprintf("task #%d: the index of open and done tasks disagrees with it", t.ID))
		}
	}
	clientOf := map[int64]int64{}
	for _, t := range tasks {
		clientOf[t.ID] = t.ClientID
	}
	sums, filed := map[int64]int64{}, 0
	byClient := tx.Bucket(record.BucketClientEntries)
	// Each client's run of the index lists its entries in the order the
	// entries bucket does, so one cursor per client walks along with it.
	walks := map[int64]*indexWalk{}
	tx.Bucket(record.BucketEntries).ForEach(func(k, v []byte) error {
		taskID, start, end, err := record.DecodeSpan(v)
		if err != nil {
			return nil // reported with the records
		}
		if end != 0 {
			sums[taskID] += (end - start) / int64(time.Second)
		}
		clientID := clientOf[taskID]
		w := walks[clientID]
		if w == nil {
			w = &indexWalk{c: byClient.Cursor()}
			w.key, w.value = w.c.Seek(record.IDKey(clientID))
			walks[clientID] = w
		}
		want := record.ClientEntryKey(clientID, k)
		for w.key != nil && bytes.Compare(w.key, want) < 0 {
			w.key, w.value = w.c.Next() // a stale key: counted below
		}
		switch {
		case !bytes.Equal(w.key, want):
			problems = append(problems, fmt.Sprintf("entry %d: missing from its client's index", binary.BigEndian.Uint64(k[8:])))
			return nil
		case !bytes.Equal(w.value, v):
			problems = append(problems, fmt.Sprintf("entry %d: its client's index holds another version of it", binary.BigEndian.Uint64(k[8:])))
		}
		filed++
		w.key, w.value = w.c.Next()
		return nil
	})
	if n := byClient.Stats().KeyN; n != filed {
		problems = append(problems, fmt.Sprintf("the index of entries by client holds %d entries that are not stored", n-filed))
	}
	for _, t := range tasks {
		if got := int64(record.GetUint(tx.Bucket(record.BucketTaskTotals), record.IDKey(t.ID))); got != sums[t.ID] {
			problems = append(problems, fmt.Sprintf("task #%d: its tracked total says %d s, its entries %d s", t.ID, got, sums[t.ID]))
		}
	}
	return problems
}

// indexWalk is a cursor and where it stands.
type indexWalk struct {
	c          *bolt.Cursor
	key, value []byte
}
