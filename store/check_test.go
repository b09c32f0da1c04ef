package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/record"
)

// TestCheckFindsIndexesThatDisagree damages each index in a way a bug or
// a bad copy could, and check names it.
func TestCheckFindsIndexesThatDisagree(t *testing.T) {
	cases := []struct {
		name, want string
		damage     func(tx *bolt.Tx, entry []byte, clientID, taskID int64) error
	}{
		{"an entry left out of its client's index", "missing from its client's index", func(tx *bolt.Tx, entry []byte, clientID, _ int64) error {
			return tx.Bucket(record.BucketClientEntries).Delete(record.ClientEntryKey(clientID, entry))
		}},
		{"a stale copy in the client index", "holds another version of it", func(tx *bolt.Tx, entry []byte, clientID, _ int64) error {
			return tx.Bucket(record.BucketClientEntries).Put(record.ClientEntryKey(clientID, entry), []byte{1})
		}},
		{"a copy of an entry no longer stored", "not stored", func(tx *bolt.Tx, entry []byte, clientID, _ int64) error {
			return tx.Bucket(record.BucketClientEntries).Put(record.ClientEntryKey(clientID+1, entry), []byte{1})
		}},
		{"an id that points elsewhere", "the id index does not point at it", func(tx *bolt.Tx, entry []byte, _, _ int64) error {
			return tx.Bucket(record.BucketEntryIDs).Put(entry[8:], record.EntryKey(t0.Add(time.Minute), 99))
		}},
		{"a wrong tracked total", "tracked total says", func(tx *bolt.Tx, _ []byte, _, taskID int64) error {
			return tx.Bucket(record.BucketTaskTotals).Put(record.IDKey(taskID), record.UintBytes(1))
		}},
		{"an open task out of the index", "open and done", func(tx *bolt.Tx, _ []byte, _, taskID int64) error {
			return tx.Bucket(record.BucketOpenTasks).Delete(record.IDKey(taskID))
		}},
		{"billed work not marked", "not marked as its own", func(tx *bolt.Tx, entry []byte, _, _ int64) error {
			return tx.Bucket(record.BucketInvoiced).Delete(billing.EntryMarker(int64(binary.BigEndian.Uint64(entry[8:]))))
		}},
		{"a marker of nothing billed", "marked as invoiced", func(tx *bolt.Tx, _ []byte, _, _ int64) error {
			return tx.Bucket(record.BucketInvoiced).Put(billing.EntryMarker(99), record.IDKey(1))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := New(filepath.Join(t.TempDir(), "tally.db"), WithClock(func() time.Time { return t0 }))
			client, a, _ := seed(t, s)
			e, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			mustIssue(t, s, mustDraft(t, s, client.Name, model.DateOf(t0, time.UTC)).ID, model.DateOf(t0, time.UTC))
			db, err := bolt.Open(s.Path(), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Update(func(tx *bolt.Tx) error { return c.damage(tx, record.EntryKey(e.Start, e.ID), client.ID, a.ID) })
			db.Close()
			problems, err := s.Check()
			if err != nil || !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Errorf("check: %q, %v; want a problem saying %q", problems, err, c.want)
			}
		})
	}
}

// A page damaged after the day's first change (and its check) must not be
// written through: a change that would rewrite it is refused, and the file
// is left as it was.
func TestAChangeDoesNotWriteThroughADamagedPage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally.db")
	s := New(path, WithDailyBackups(1), WithClock(func() time.Time { return t0 }))
	c, _, err := s.AddClient(model.Client{Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if _, _, err := s.AddTask(model.Task{ClientID: c.ID, Title: fmt.Sprintf("Task %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	// The undo journal's newest leaf, which the next change pushes onto:
	// its last value is made to run 2,000 bytes past its page, into
	// pages the file holds, so that bbolt would copy them into it.
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	var pageSize int
	db.View(func(tx *bolt.Tx) error {
		root, pageSize = uint64(tx.Bucket(record.BucketUndo).Root()), db.Info().PageSize
		return nil
	})
	db.Close()
	data, _ := os.ReadFile(path)
	const pageHeaderSize = 16 // bbolt's
	leaf := data[int(root)*pageSize:]
	for binary.LittleEndian.Uint16(leaf[8:])&0x01 != 0 { // a branch: go to its last child
		last := pageHeaderSize + (int(binary.LittleEndian.Uint16(leaf[10:]))-1)*16
		leaf = data[int(binary.LittleEndian.Uint64(leaf[last+8:]))*pageSize:]
	}
	vsize := leaf[pageHeaderSize+(int(binary.LittleEndian.Uint16(leaf[10:]))-1)*16+12:]
	binary.LittleEndian.PutUint32(vsize, binary.LittleEndian.Uint32(vsize)+2000)
	os.WriteFile(path, data, 0o600)

	// Today's backup exists, so no full check runs before this change.
	_, _, err = s.AddTask(model.Task{ClientID: c.ID, Title: "One more"})
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("a change over a damaged page: %v, want ErrDamaged", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, data) {
		t.Error("the change was written through the damaged page")
	}
}
