package replica

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// A device whose clock runs fast stamps its changes ahead of everyone's,
// and the hybrid logical clock carries that lead into every later stamp:
// its edits would win over later ones for as long as it was fast. The hub
// refuses such stamps; once the clock is right, Restamp takes the lead out
// of the file.

// Restamp gives the changes waiting for the hub that were stamped after
// limit (the clock was fast when they were made) fresh stamps from the
// clock as it reads now, and sets the file's clock back: nothing stamped
// while the clock was fast wins over later edits. It returns how many
// changes it re-stamped; false when the clock was not past limit, and
// nothing changed.
func (o *Outbox) Restamp(limit time.Time) (int, bool, error) {
	clock, err := Clock(o.tx)
	if err != nil || clock.wall <= limit.UnixMilli() {
		return 0, false, err
	}
	clock = HLC{wall: min(o.now.UnixMilli(), limit.UnixMilli())}
	clock, n, err := o.restampWaiting(clock, func(stamp HLC) bool { return stamp.wall > limit.UnixMilli() })
	if err != nil {
		return n, true, err
	}
	return n, true, SetClock(o.tx, clock)
}

// restampWaiting gives the changes waiting for the hub, refused ones
// too, whose stamps are due fresh stamps of this device's from clock, in
// order. It returns the clock after, and how many it re-stamped.
func (o *Outbox) restampWaiting(clock HLC, due func(HLC) bool) (HLC, int, error) {
	n := 0
	for _, b := range []*bolt.Bucket{o.tx.Bucket(record.BucketSyncOutbox), o.tx.Bucket(record.BucketSync).Bucket(bucketRefused)} {
		if b == nil {
			continue
		}
		// Read first, then put: a cursor does not survive the bucket's change.
		var keys [][]byte
		var recs []refusedRecord
		for k, v := range record.Between(b.Cursor(), nil, []byte{0xff}) {
			var rec refusedRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return clock, n, fmt.Errorf("%w: damaged outbox record", record.ErrBad)
			}
			if stamp, err := ParseStamp(rec.HLC); err == nil && due(stamp) {
				keys, recs = append(keys, bytes.Clone(k)), append(recs, rec)
			}
		}
		for i, rec := range recs {
			clock = clock.Tick(o.now)
			fresh := clock.Stamp(o.device)
			if err := restampClocks(o.tx, rec.GID, rec.HLC, fresh); err != nil {
				return clock, n, err
			}
			rec.HLC = fresh
			v, err := json.Marshal(rec)
			if err == nil {
				err = b.Put(keys[i], v)
			}
			if err != nil {
				return clock, n, err
			}
			n++
		}
	}
	return clock, n, nil
}

// restampClocks moves a record's fields that old stamped to fresh.
func restampClocks(tx *bolt.Tx, gid, old, fresh string) error {
	clocks, err := ClocksOf(tx, gid)
	if err != nil {
		return err
	}
	for _, stamp := range []*string{&clocks.All, &clocks.Deleted} {
		if *stamp == old {
			*stamp = fresh
		}
	}
	for name, stamp := range clocks.Fields {
		if stamp == old {
			clocks.Fields[name] = fresh
		}
	}
	return PutClocks(tx, gid, clocks, nil)
}
