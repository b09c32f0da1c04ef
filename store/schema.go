package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this tally writes. Files of an older layout
// are migrated in one transaction; newer ones are refused untouched.
const SchemaVersion = 1

var (
	bucketMeta     = []byte("meta")
	bucketClients  = []byte("clients")   // id → client record (JSON)
	bucketTasks    = []byte("tasks")     // id → task record (JSON)
	bucketEntries  = []byte("entries")   // start ns | id → entry (binary)
	bucketEntryIDs = []byte("entry_ids") // id → key in entries
	bucketSales    = []byte("sales")     // id → sale record (JSON)
	bucketUndo     = []byte("undo")      // seq → the records a change replaced

	keySchema  = []byte("schema")
	keyRev     = []byte("rev")
	keyRunning = []byte("running") // key in entries of the running entry, or absent
	keyLongest = []byte("longest") // longest finished entry in seconds: bounds overlap scans
)

var dataBuckets = [][]byte{bucketClients, bucketTasks, bucketEntries, bucketEntryIDs, bucketSales, bucketUndo}

// migrations[v] moves a file from schema v to v+1. Version 0 is a file that
// has no tally buckets yet.
var migrations = []func(tx *bolt.Tx) error{
	0: createBuckets,
}

var errNeedsMigration = errors.New("store: schema needs migration")

func createBuckets(tx *bolt.Tx) error {
	for _, name := range append([][]byte{bucketMeta}, dataBuckets...) {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

func schemaOf(tx *bolt.Tx) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return 0, fmt.Errorf("%w: %s holds another program's data", ErrNotTally, tx.DB().Path())
		}
		return 0, nil
	}
	return getUint(meta, keySchema), nil
}

// checkSchema accepts only a file of the current layout.
func checkSchema(tx *bolt.Tx) error {
	v, err := schemaOf(tx)
	switch {
	case err != nil:
		return err
	case v > SchemaVersion:
		return fmt.Errorf("%w: %s was written by a newer tally (schema %d, this one knows %d)", ErrNotTally, tx.DB().Path(), v, SchemaVersion)
	case v < SchemaVersion:
		return errNeedsMigration
	}
	return nil
}

// prepare brings a writable file to the current layout.
func prepare(tx *bolt.Tx) error {
	err := checkSchema(tx)
	if !errors.Is(err, errNeedsMigration) {
		return err
	}
	v, _ := schemaOf(tx)
	for ; v < SchemaVersion; v++ {
		if err := migrations[v](tx); err != nil {
			return fmt.Errorf("store: migrate schema %d to %d: %w", v, v+1, err)
		}
	}
	return tx.Bucket(bucketMeta).Put(keySchema, uintBytes(SchemaVersion))
}
