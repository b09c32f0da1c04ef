package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
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
		meta := w.tx.Bucket(bucketSync)
		refused, err := meta.CreateBucketIfNotExists(bucketSyncRefused)
		if err != nil {
			return err
		}
		key := uintBytes(ch.Seq)
		v := w.tx.Bucket(bucketSyncOutbox).Get(key)
		if v == nil {
			v = refused.Get(key)
		}
		var rec refusedRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%w: change %d is neither waiting nor refused", errBadRecord, ch.Seq)
		}
		rec.Reason = reason
		if v, err = json.Marshal(rec); err != nil {
			return err
		}
		if err := refused.Put(key, v); err != nil {
			return err
		}
		if err := w.tx.Bucket(bucketSyncOutbox).Delete(key); err != nil {
			return err
		}
		r = Refusal{Change: ch, Record: w.describe(syncRef{rec.Kind, rec.ID}), Reason: reason}
		// Every change before it has gone or been refused already.
		return meta.Put(keyAcked, uintBytes(max(ch.Seq, getUint(meta, keyAcked))))
	})
	return r, err
}

// Refusals returns the changes the hub would not take, oldest first, each
// as it would go now.
func (s *Store) Refusals() ([]Refusal, error) {
	var out []Refusal
	err := s.read(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketSync)
		refused := meta.Bucket(bucketSyncRefused)
		if refused == nil {
			return nil
		}
		w := &writer{tx: tx}
		device := string(meta.Get(keyDevice))
		return refused.ForEach(func(k, v []byte) error {
			var rec refusedRecord
			if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
				return fmt.Errorf("%w: damaged refused change", errBadRecord)
			}
			ch, err := w.outgoing(device, binary.BigEndian.Uint64(k), rec.outboxRecord)
			out = append(out, Refusal{Change: ch, Record: w.describe(syncRef{rec.Kind, rec.ID}), Reason: rec.Reason})
			return err
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

// describe names a synced record as people know it.
func (w *writer) describe(ref syncRef) string {
	stored := w.stored(ref)
	if stored == nil {
		return fmt.Sprintf("%s %d (removed)", ref.kind, ref.id)
	}
	switch ref.kind {
	case kindEntry:
		if e, err := decodeEntry(stored); err == nil {
			return w.entryText(e)
		}
	case kindClient:
		if c, err := decodeClient(stored); err == nil {
			return "client " + c.Name
		}
	case kindTask:
		if t, err := decodeTask(stored); err == nil {
			return taskLabel(t)
		}
	case kindInvoice:
		if rec, err := decodeInvoice(stored); err == nil {
			return "invoice " + rec.Number
		}
	}
	return fmt.Sprintf("%s %d", ref.kind, ref.id)
}
