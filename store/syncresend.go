package store

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
// how many changes it queued.
func (s *Store) Resend(hubID string) (int, error) {
	n := 0
	_, err := s.syncUpdate(func(w *writer) (err error) {
		n, err = w.resend(hubID)
		return err
	})
	return n, err
}

// resend is Resend inside a change.
func (w *writer) resend(hubID string) (n int, err error) {
	clock, err := w.clock()
	if err != nil {
		return 0, err
	}
	queue := func(rec outboxRecord) error {
		n++
		return w.queue(rec)
	}
	for _, kind := range record.Kinds {
		c := w.tx.Bucket(kind.Bucket()).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			f, err := kind.Fields(w.tx, v, w)
			if err != nil {
				return n, err
			}
			if f == nil {
				continue // a draft stays here
			}
			ref := record.Ref{Kind: kind, ID: record.IDOfTail(k)}
			gid, err := w.Global(kind, ref.ID)
			if err != nil {
				return n, err
			}
			clocks, err := w.clocksOf(gid)
			if err != nil {
				return n, err
			}
			if unstamped := fieldsStamped(clocks, f)[""]; len(unstamped) > 0 {
				// A field no change stamped (it cannot be, but it must go): it
				// takes a stamp of this device's now.
				clock = clock.tick(w.sync.now)
				for _, name := range unstamped {
					clocks.set(name, clock.stamp(w.sync.device))
				}
				if err := w.putClocks(gid, clocks, f); err != nil {
					return n, err
				}
			}
			byStamp := fieldsStamped(clocks, f)
			for _, stamp := range slices.Sorted(maps.Keys(byStamp)) {
				if err := queue(outboxRecord{Kind: kind.Code(), ID: ref.ID, GID: gid, HLC: stamp, Changed: byStamp[stamp]}); err != nil {
					return n, err
				}
			}
		}
	}
	c := w.tx.Bucket(record.BucketSyncClocks).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var clocks fieldClocks
		if err := json.Unmarshal(v, &clocks); err != nil {
			return n, fmt.Errorf("%w: damaged sync clock of %s: %v", record.ErrBad, k, err)
		}
		ref, known := w.refOf(string(k))
		if clocks.Deleted == "" || !known || ref.Kind.Stored(w.tx, ref.ID) != nil {
			continue
		}
		if err := queue(outboxRecord{Kind: ref.Kind.Code(), ID: ref.ID, GID: string(k), HLC: clocks.Deleted, Deleted: true}); err != nil {
			return n, err
		}
	}
	meta := w.tx.Bucket(record.BucketSync)
	if err := meta.Delete(keyAtCursor); err != nil {
		return n, err
	}
	for key, value := range map[string][]byte{string(keyCursor): record.UintBytes(0), string(keyHubID): []byte(hubID)} {
		if err := meta.Put([]byte(key), value); err != nil {
			return n, err
		}
	}
	return n, w.setClock(clock)
}

// fieldsStamped groups the names of a record's fields by the stamp of
// their last change; "" holds those no change stamped.
func fieldsStamped(clocks fieldClocks, f fields) map[string][]string {
	byStamp := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(f)) {
		stamp := clocks.of(name)
		byStamp[stamp] = append(byStamp[stamp], name)
	}
	return byStamp
}

// SomeIDs returns the global ids of up to n of the file's clients, the
// records every other names: a hub that holds any of them holds the
// file's records.
func (s *Store) SomeIDs(n int) ([]string, error) {
	var ids []string
	err := s.read(func(tx *bolt.Tx) error {
		for _, gid := range record.Between(tx.Bucket(record.BucketSyncIDs).Cursor(), []byte{record.Clients.Code()}, []byte{record.Clients.Code() + 1}) {
			if len(ids) == n {
				break
			}
			ids = append(ids, string(gid))
		}
		return nil
	})
	return ids, err
}
