package db

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// damagedTasks is a file of every bucket whose tasks bucket holds a key
// on a page of its own, whose flags are then made nonsense.
func damagedTasks(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tally.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	err = db.Update(func(tx *bolt.Tx) error {
		if err := record.CreateBuckets(tx); err != nil {
			return err
		}
		// A value of a page's size does not fit inline: the bucket gets a
		// root page of its own.
		return tx.Bucket(record.BucketTasks).Put([]byte("a"), make([]byte, 4096))
	})
	if err == nil {
		err = db.View(func(tx *bolt.Tx) error {
			root = uint64(tx.Bucket(record.BucketTasks).Root())
			return nil
		})
	}
	pageSize := db.Info().PageSize
	db.Close()
	if err != nil || root == 0 {
		t.Fatalf("tasks bucket root %d: %v", root, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	binary.LittleEndian.PutUint16(data[int(root)*pageSize+8:], 0xff) // the page's flags
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// settle opens the file at path, has the page check (of a file just made,
// when fresh) hear e, and settles it.
func settle(t *testing.T, path string, fresh, bulk bool, heard ...write.Event) error {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin(true)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	w := write.New(tx)
	w.Bulk = bulk
	check := PageCheck(w, fresh)
	for _, e := range heard {
		if err := check.Observe(e); err != nil {
			return err
		}
	}
	return check.Settle()
}

// TestAChangeOverADamagedPageIsRefused: the page check reads the pages on
// the way to each key the change touched, and refuses the change when one
// does not read; keys elsewhere, a bulk change's (checked whole by the
// day's backup) and a file the change has just made pass.
func TestAChangeOverADamagedPageIsRefused(t *testing.T) {
	path := damagedTasks(t)
	onTasks := write.Event{Bucket: record.BucketTasks, Key: []byte("a")}
	elsewhere := write.Event{Bucket: record.BucketClients, Key: []byte("a")}
	tests := []struct {
		name        string
		fresh, bulk bool
		heard       []write.Event
		refused     bool
	}{
		{"a key on the damaged page", false, false, []write.Event{elsewhere, onTasks}, true},
		{"keys elsewhere", false, false, []write.Event{elsewhere}, false},
		{"a bulk change", false, true, []write.Event{onTasks}, false},
		{"a file just made", true, false, []write.Event{onTasks}, false},
	}
	for _, tc := range tests {
		err := settle(t, path, tc.fresh, tc.bulk, tc.heard...)
		if got := errors.Is(err, record.ErrBad); got != tc.refused {
			t.Errorf("%s: %v, want refused %v", tc.name, err, tc.refused)
		}
	}
}
