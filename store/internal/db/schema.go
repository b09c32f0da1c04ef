package db

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/billing"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// SchemaVersion is the layout this tally writes. Files of an older layout
// are read as they are and migrated, in one transaction, by the first
// change; newer ones are refused untouched.
const SchemaVersion = 6

// migrations[v] moves a file from schema v to v+1. Version 0 is a new file.
var migrations = []func(tx *bolt.Tx) error{
	0: record.CreateBuckets,
	1: markAsTally,             // schema 1 files carry no marker, no redo journal and no indexes
	2: record.CreateBuckets,    // schema 2 files have no invoices
	3: record.CreateBuckets,    // schema 3 files cannot sync
	4: billing.MarkBilledTasks, // schema 4 files do not mark the tasks invoices billed work of
	5: billing.FileBilledTimes, // schema 5 files keep how invoices priced each entry only per invoice
}

func markAsTally(tx *bolt.Tx) error {
	if err := record.CreateBuckets(tx); err != nil {
		return err
	}
	if err := index.Build(tx); err != nil {
		return err
	}
	return tx.Bucket(record.BucketMeta).Put(record.KeyApp, record.AppMarker)
}

// schemaOf returns the layout of a file that is tally's own. A file with a
// bucket of another name, or with a meta bucket that neither carries the
// marker nor is a schema 1 file of tally's, belongs to another program; so
// does one with no buckets at all, unless tally has just made it (fresh),
// since tally never leaves a file empty.
func schemaOf(tx *bolt.Tx, fresh bool) (uint64, error) {
	foreign := notTally("%s holds another program's data", tx.DB().Path())
	known := map[string]bool{string(record.BucketMeta): true}
	for _, b := range record.Buckets {
		known[string(b)] = true
	}
	buckets := 0
	err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		buckets++
		if !known[string(name)] {
			return foreign
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	meta := tx.Bucket(record.BucketMeta)
	switch {
	case buckets == 0 && fresh:
		return 0, nil
	case meta == nil:
		return 0, foreign
	}
	v := record.GetUint(meta, record.KeySchema)
	switch {
	case v == 1 && onlyKeys(meta, record.KeySchema, record.KeyRev, record.KeyRunning, record.KeyLongest):
		return v, nil
	case !bytes.Equal(meta.Get(record.KeyApp), record.AppMarker):
		return 0, foreign
	case v == SchemaVersion:
		return v, missingBucket(tx)
	}
	return v, nil
}

// missingBucket names a bucket that a file of the current layout lacks:
// every change creates them all, so a missing one is damage.
func missingBucket(tx *bolt.Tx) error {
	for _, name := range record.Buckets {
		if tx.Bucket(name) == nil {
			return layoutDamage("the " + string(name) + " bucket is missing")
		}
	}
	return nil
}

// layoutDamage is damage to the file's buckets or pages that a change or
// a read came upon; like a record that does not decode, it makes the file
// damaged.
type layoutDamage string

func (e layoutDamage) Error() string        { return string(e) }
func (e layoutDamage) Is(target error) bool { return target == record.ErrBad }

func onlyKeys(b *bolt.Bucket, keys ...[]byte) bool {
	allowed := map[string]bool{}
	for _, k := range keys {
		allowed[string(k)] = true
	}
	ok := true
	b.ForEach(func(k, _ []byte) error {
		ok = ok && allowed[string(k)]
		return nil
	})
	return ok
}

// readable accepts a tally file that this tally can read: the current
// layout or an older one.
func readable(tx *bolt.Tx) error {
	_, err := knownSchema(tx, false)
	return err
}

func knownSchema(tx *bolt.Tx, fresh bool) (uint64, error) {
	v, err := schemaOf(tx, fresh)
	if err == nil && v > SchemaVersion {
		err = notTally("%s was written by a newer tally (schema %d, this one knows %d)", tx.DB().Path(), v, SchemaVersion)
	}
	return v, err
}

// Prepare brings a writable file to the current layout; fresh says tally
// has just made it.
func Prepare(tx *bolt.Tx, fresh bool) error {
	v, err := knownSchema(tx, fresh)
	if err != nil {
		return err
	}
	for ; v < SchemaVersion; v++ {
		if err := migrations[v](tx); err != nil {
			return fmt.Errorf("store: migrate schema %d to %d: %w", v, v+1, err)
		}
	}
	return tx.Bucket(record.BucketMeta).Put(record.KeySchema, record.UintBytes(SchemaVersion))
}
