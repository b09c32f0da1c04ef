// Package filetest makes the files the tests of store's rooms work on:
// real bbolt files in a test's temporary folder.
package filetest

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/record"
)

// New is a new file of every bucket a file of the current layout has,
// closed when the test ends.
func New(t testing.TB) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "tally.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Update(record.CreateBuckets); err != nil {
		t.Fatal(err)
	}
	return db
}
