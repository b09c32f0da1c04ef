package replica

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// A hub restored from a backup, or emptied and set up again, has lost
// changes the devices hold: each device, noticing, sends again all that
// it holds and fetches again all the hub holds. Each field goes with the
// stamp it holds, so a device that has it already changes nothing, and
// nothing wins that did not win before.

// Resend puts every record of the file in the outbox as it stands, each
// field with its stamp, and every removal with its own; moves the cursor
// back to the hub's start; and takes hubID as the hub's id. It returns
// how many changes it queued. What waited goes with them, each field as
// the record holds it and with its stamp, in the order records name each
// other (record.Kinds): sent before them, as it was queued, a change
// reached a new device before the records it names.
func (o *Outbox) Resend(hubID string) (n int, err error) {
	clock, err := Clock(o.tx)
	if err != nil {
		return 0, err
	}
	if err := dropWaiting(o.tx); err != nil {
		return 0, err
	}
	queued := func(rec outboxRecord) error {
		n++
		return queue(o.tx, rec)
	}
	for _, kind := range record.Kinds {
		c := o.tx.Bucket(kind.Bucket()).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			f, err := kind.Fields(o.tx, v, o)
			if err != nil {
				return n, err
			}
			if f == nil {
				continue // a draft stays here
			}
			ref := record.Ref{Kind: kind, ID: record.IDOfTail(k)}
			gid, err := o.Global(kind, ref.ID)
			if err != nil {
				return n, err
			}
			clocks, err := ClocksOf(o.tx, gid)
			if err != nil {
				return n, err
			}
			if unstamped := fieldsStamped(clocks, f)[""]; len(unstamped) > 0 {
				// A field no change stamped (it cannot be, but it must go): it
				// takes a stamp of this device's now.
				clock = clock.Tick(o.now)
				for _, name := range unstamped {
					clocks.Set(name, clock.Stamp(o.device))
				}
				if err := PutClocks(o.tx, gid, clocks, f); err != nil {
					return n, err
				}
			}
			byStamp := fieldsStamped(clocks, f)
			for _, stamp := range slices.Sorted(maps.Keys(byStamp)) {
				if err := queued(outboxRecord{Kind: kind.Code(), ID: ref.ID, GID: gid, HLC: stamp, Changed: byStamp[stamp]}); err != nil {
					return n, err
				}
			}
		}
	}
	c := o.tx.Bucket(record.BucketSyncClocks).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var clocks Clocks
		if err := json.Unmarshal(v, &clocks); err != nil {
			return n, fmt.Errorf("%w: damaged sync clock of %s: %v", record.ErrBad, k, err)
		}
		ref, known := o.RefOf(string(k))
		if clocks.Deleted == "" || !known || ref.Kind.Stored(o.tx, ref.ID) != nil {
			continue
		}
		if err := queued(outboxRecord{Kind: ref.Kind.Code(), ID: ref.ID, GID: string(k), HLC: clocks.Deleted, Deleted: true}); err != nil {
			return n, err
		}
	}
	meta := o.tx.Bucket(record.BucketSync)
	if err := meta.Delete(keyAtCursor); err != nil {
		return n, err
	}
	for key, value := range map[string][]byte{string(keyCursor): record.UintBytes(0), string(keyHubID): []byte(hubID)} {
		if err := meta.Put([]byte(key), value); err != nil {
			return n, err
		}
	}
	return n, SetClock(o.tx, clock)
}

// dropWaiting empties the outbox, keeping its sequence: the hub holds
// this device's changes by their numbers, which no later one may take.
func dropWaiting(tx *bolt.Tx) error {
	outbox := tx.Bucket(record.BucketSyncOutbox)
	c := outbox.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.First() {
		if err := outbox.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
