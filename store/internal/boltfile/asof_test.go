package boltfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// WriteAsOf copies the state before the last commit, whole, and refuses
// once a second commit may have written over it.
func TestWriteAsOf(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put := func(value string) (txid uint64) {
		t.Helper()
		err := db.Update(func(tx *bolt.Tx) error {
			txid = uint64(tx.ID())
			b, err := tx.CreateBucketIfNotExists([]byte("b"))
			if err != nil {
				return err
			}
			// Enough keys that a change rewrites branch and leaf pages.
			for i := range 2000 {
				if err := b.Put([]byte{byte(i >> 8), byte(i)}, []byte(value)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return txid
	}
	first := put("one")
	second := put("two")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for txid, want := range map[uint64]string{first: "one", second: "two"} {
		var copied bytes.Buffer
		if err := WriteAsOf(f, txid, &copied); err != nil {
			t.Fatalf("as of %d: %v", txid, err)
		}
		if problems := CheckPages(copied.Bytes()); len(problems) > 0 {
			t.Errorf("the copy as of %d: %v", txid, problems)
		}
		copyPath := filepath.Join(dir, "copy.db")
		os.WriteFile(copyPath, copied.Bytes(), 0o600)
		c, err := bolt.Open(copyPath, 0o600, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		c.View(func(tx *bolt.Tx) error {
			if got := string(tx.Bucket([]byte("b")).Get([]byte{7, 7})); got != want || uint64(tx.ID()) != txid {
				t.Errorf("the copy as of %d holds %q at transaction %d, want %q", txid, got, tx.ID(), want)
			}
			return nil
		})
		c.Close()
	}
	put("three")
	if err := WriteAsOf(f, first, &bytes.Buffer{}); !errors.Is(err, ErrStateGone) {
		t.Errorf("two commits later: %v, want ErrStateGone", err)
	}
}
