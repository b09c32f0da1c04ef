package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// A change the hub will not take (text it cannot hold, a row its checks
// refuse) leaves the outbox for a list of its own, so that the changes
// after it still go. Each sync offers it again as its record stands then:
// once the record is mended, the hub takes it.

// bucketSyncRefused sits in the sync bucket, made by the first refusal:
// seq → a refused change (JSON).
var bucketSyncRefused = []byte("refused")

// Refusal is a change the hub would not take.
type Refusal struct {
	Change        // as it would go now
	Record string // the record as people know it: "entry 3 (Mail, 2026-11-20 09:00 to 10:00)"
	Reason string // the hub's words
}

func (r Refusal) String() string { return r.Record + ": " + r.Reason }

type refusedRecord struct {
	outboxRecord
	Reason string `json:"r,omitempty"`
}

// Refuse notes that the hub would not take ch, for reason: a change of
// the outbox leaves it, one refused before keeps its place.
func (s *Store) Refuse(ch Change, reason string) (Refusal, error) {
	var r Refusal
	_, err := s.syncUpdate(func(w *writer) error {
		meta := w.tx.Bucket(record.BucketSync)
		refused, err := meta.CreateBucketIfNotExists(bucketSyncRefused)
		if err != nil {
			return err
		}
		key := record.UintBytes(ch.Seq)
		v := w.tx.Bucket(record.BucketSyncOutbox).Get(key)
		if v == nil {
			v = refused.Get(key)
		}
		var rec refusedRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%w: change %d is neither waiting nor refused", record.ErrBad, ch.Seq)
		}
		rec.Reason = reason
		if v, err = json.Marshal(rec); err != nil {
			return err
		}
		if err := refused.Put(key, v); err != nil {
			return err
		}
		if err := w.tx.Bucket(record.BucketSyncOutbox).Delete(key); err != nil {
			return err
		}
		ref, err := rec.ref()
		if err != nil {
			return err
		}
		r = Refusal{Change: ch, Record: w.describe(ref), Reason: reason}
		// Every change before it has gone or been refused already.
		return meta.Put(keyAcked, record.UintBytes(max(ch.Seq, record.GetUint(meta, keyAcked))))
	})
	return r, err
}

// Refusals returns the changes the hub would not take, oldest first, each
// as it would go now.
func (s *Store) Refusals() ([]Refusal, error) {
	var out []Refusal
	err := s.read(func(tx *bolt.Tx) error {
		meta := tx.Bucket(record.BucketSync)
		refused := meta.Bucket(bucketSyncRefused)
		if refused == nil {
			return nil
		}
		w := &writer{tx: tx}
		device := string(meta.Get(keyDevice))
		return refused.ForEach(func(k, v []byte) error {
			var rec refusedRecord
			if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
				return fmt.Errorf("%w: damaged refused change", record.ErrBad)
			}
			ch, err := w.outgoing(device, binary.BigEndian.Uint64(k), rec.outboxRecord)
			if err != nil {
				return err
			}
			ref, _ := rec.ref() // outgoing read it
			out = append(out, Refusal{Change: ch, Record: w.describe(ref), Reason: rec.Reason})
			return nil
		})
	})
	return out, err
}

func countRefused(meta *bolt.Bucket) int {
	if refused := meta.Bucket(bucketSyncRefused); refused != nil {
		return refused.Stats().KeyN
	}
	return 0
}
