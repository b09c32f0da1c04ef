package store

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// invoicedEntries names, of the entries that start from since, those an
// issued invoice billed, with its number: the app marks them before
// anyone tries to change them. The history read before since only counts.
func invoicedEntries(tx *bolt.Tx, entries []model.Entry, since time.Time) (map[int64]string, error) {
	marks, numbers := tx.Bucket(record.BucketInvoiced), map[uint64]string{}
	out := map[int64]string{}
	key := entryMarker(0) // reused: a week holds hundreds of entries
	for _, e := range entries {
		if e.Start.Before(since) {
			continue
		}
		binary.BigEndian.PutUint64(key[1:], uint64(e.ID))
		v := marks.Get(key)
		if len(v) != 8 {
			continue
		}
		id := binary.BigEndian.Uint64(v)
		number, ok := numbers[id]
		if !ok {
			inv, err := record.Invoices.Get(tx, int64(id))
			if err != nil {
				return nil, err
			}
			number, numbers[id] = inv.Number, inv.Number
		}
		out[e.ID] = number
	}
	return out, nil
}
