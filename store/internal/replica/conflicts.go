package replica

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// Conflict is what a merge had to decide, for people to look at.
type Conflict struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	ID   string    `json:"id"`
	Text string    `json:"text"`
}

// Conflict lists what a merge decided about the record of kind with
// global id gid ("" for none).
func (o *Outbox) Conflict(kind record.Kind, gid, text string) error {
	b := o.tx.Bucket(record.BucketSyncConflicts)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(Conflict{At: o.now.UTC(), Kind: kind.String(), ID: gid, Text: text})
	if err != nil {
		return err
	}
	return b.Put(record.UintBytes(seq), v)
}

// Conflicts reads what merges decided after the seq-th, oldest first.
func Conflicts(tx *bolt.Tx, seq uint64) ([]Conflict, error) {
	var out []Conflict
	for _, v := range record.Between(tx.Bucket(record.BucketSyncConflicts).Cursor(), record.UintBytes(seq+1), record.UintBytes(1<<63)) {
		c, err := decodeConflict(v)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// LastConflict is the seq of the last conflict listed.
func LastConflict(tx *bolt.Tx) uint64 { return tx.Bucket(record.BucketSyncConflicts).Sequence() }

// MergedOverlaps returns the local ids of the entries that a sync kept
// although they overlap others, and listed as conflicts.
func MergedOverlaps(tx *bolt.Tx) map[int64]bool {
	conflicts, gids := tx.Bucket(record.BucketSyncConflicts), tx.Bucket(record.BucketSyncGIDs)
	listed := map[int64]bool{}
	if conflicts == nil || gids == nil {
		return listed // a file of an older layout, which never synced
	}
	conflicts.ForEach(func(_, v []byte) error {
		if c, err := decodeConflict(v); err == nil && c.Kind == record.Entries.String() {
			if ref := gids.Get([]byte(c.ID)); len(ref) == 9 {
				listed[record.IDOfTail(ref)] = true
			}
		}
		return nil
	})
	return listed
}

func decodeConflict(v []byte) (Conflict, error) {
	var c Conflict
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("%w: damaged conflict record: %v", record.ErrBad, err)
	}
	return c, nil
}
