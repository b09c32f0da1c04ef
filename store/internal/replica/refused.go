package replica

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

// bucketRefused sits in the sync bucket, made by the first refusal: seq →
// a refused change (JSON).
var bucketRefused = []byte("refused")

type refusedRecord struct {
	outboxRecord
	Reason string `json:"r,omitempty"`
}

// Refused is a change the hub would not take: as it would go now, the
// record it is a change of, and the hub's words.
type Refused struct {
	Change Change
	Ref    record.Ref
	Reason string
}

// Refuse notes that the hub would not take change seq, for reason: a
// change of the outbox leaves it, one refused before keeps its place. It
// returns the record the change is of.
func Refuse(tx *bolt.Tx, seq uint64, reason string) (record.Ref, error) {
	meta := tx.Bucket(record.BucketSync)
	refused, err := meta.CreateBucketIfNotExists(bucketRefused)
	if err != nil {
		return record.Ref{}, err
	}
	key := record.UintBytes(seq)
	v := tx.Bucket(record.BucketSyncOutbox).Get(key)
	if v == nil {
		v = refused.Get(key)
	}
	var rec refusedRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return record.Ref{}, fmt.Errorf("%w: change %d is neither waiting nor refused", record.ErrBad, seq)
	}
	rec.Reason = reason
	if v, err = json.Marshal(rec); err != nil {
		return record.Ref{}, err
	}
	if err := refused.Put(key, v); err != nil {
		return record.Ref{}, err
	}
	if err := tx.Bucket(record.BucketSyncOutbox).Delete(key); err != nil {
		return record.Ref{}, err
	}
	ref, err := rec.ref()
	if err != nil {
		return ref, err
	}
	// Every change before it has gone or been refused already.
	return ref, meta.Put(keyAcked, record.UintBytes(max(seq, record.GetUint(meta, keyAcked))))
}

// Refusals reads the changes the hub would not take, oldest first, each
// as it would go now.
func Refusals(tx *bolt.Tx) ([]Refused, error) {
	var out []Refused
	meta := tx.Bucket(record.BucketSync)
	refused := meta.Bucket(bucketRefused)
	if refused == nil {
		return nil, nil
	}
	o := Reader(tx)
	device := string(meta.Get(keyDevice))
	err := refused.ForEach(func(k, v []byte) error {
		var rec refusedRecord
		if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
			return fmt.Errorf("%w: damaged refused change", record.ErrBad)
		}
		ch, err := o.outgoing(device, binary.BigEndian.Uint64(k), rec.outboxRecord)
		if err != nil {
			return err
		}
		ref, _ := rec.ref() // outgoing read it
		out = append(out, Refused{Change: ch, Ref: ref, Reason: rec.Reason})
		return nil
	})
	return out, err
}

func countRefused(meta *bolt.Bucket) int {
	if refused := meta.Bucket(bucketRefused); refused != nil {
		return refused.Stats().KeyN
	}
	return 0
}
