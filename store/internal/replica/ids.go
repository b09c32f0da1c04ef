package replica

import (
	"bytes"
	"fmt"

	"github.com/oklog/ulid/v2"
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// Global returns the global id of a local record, minting it on first use
// in a change of a linked file.
func (o *Outbox) Global(kind record.Kind, id int64) (string, error) {
	ref := record.Ref{Kind: kind, ID: id}
	if gid := o.tx.Bucket(record.BucketSyncIDs).Get(ref.Key()); gid != nil {
		return string(gid), nil
	}
	if o.entropy == nil {
		return "", fmt.Errorf("store: %s %d has no global id outside a sync", kind, id)
	}
	gid, err := ulid.New(ulid.Timestamp(o.now), o.entropy)
	if err != nil {
		return "", err
	}
	return gid.String(), o.MapID(ref, gid.String())
}

// MapID files gid as the global id of the local record ref.
func (o *Outbox) MapID(ref record.Ref, gid string) error {
	if err := appendable(o.tx, record.BucketSyncIDs).Put(ref.Key(), []byte(gid)); err != nil {
		return err
	}
	return appendable(o.tx, record.BucketSyncGIDs).Put([]byte(gid), ref.Key())
}

// Local returns the local id of the record with global id gid, which a
// change names.
func (o *Outbox) Local(kind record.Kind, gid string) (int64, error) {
	ref, ok := o.RefOf(gid)
	if !ok || ref.Kind != kind {
		return 0, fmt.Errorf("it names %s %s, which this file does not hold", kind, gid)
	}
	return ref.ID, nil
}

// RefOf is the local record a global id names; false when the file holds
// none.
func (o *Outbox) RefOf(gid string) (record.Ref, bool) {
	return record.RefOfKey(o.tx.Bucket(record.BucketSyncGIDs).Get([]byte(gid)))
}

// SomeIDs returns the global ids of up to n of the file's clients.
func SomeIDs(tx *bolt.Tx, n int) []string {
	var ids []string
	for _, gid := range record.Between(tx.Bucket(record.BucketSyncIDs).Cursor(), []byte{record.Clients.Code()}, []byte{record.Clients.Code() + 1}) {
		if len(ids) == n {
			break
		}
		ids = append(ids, string(gid))
	}
	return ids
}

// CheckIDs holds a linked file's global ids to its records: every record
// that travels has one, and each id names it back.
func CheckIDs(tx *bolt.Tx) []string {
	if tx.Bucket(record.BucketSync).Get(keyDevice) == nil {
		return nil
	}
	var problems []string
	ids, gids := tx.Bucket(record.BucketSyncIDs), tx.Bucket(record.BucketSyncGIDs)
	for _, kind := range record.Kinds {
		c := tx.Bucket(kind.Bucket()).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			ref := record.Ref{Kind: kind, ID: record.IDOfTail(k)}
			if kind == record.Kind(record.Invoices) {
				if rec, err := record.Invoices.Decode(v); err != nil || rec.State == model.InvoiceDraft {
					continue // a draft has no global id; a damaged record is reported with the records
				}
			}
			gid := ids.Get(ref.Key())
			if gid == nil || !bytes.Equal(gids.Get(gid), ref.Key()) {
				problems = append(problems, fmt.Sprintf("%s %d: its global id is missing or names another record", kind, ref.ID))
			}
		}
	}
	return problems
}
