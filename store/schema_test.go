package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

func TestForeignAndNewerFilesAreRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("not a database\n", 500)), 0o600)
	if _, err := New(text).Clients(); !errors.Is(err, ErrNotTally) {
		t.Errorf("text file: %v", err)
	}

	foreign := filepath.Join(dir, "foreign.db")
	db, _ := bolt.Open(foreign, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("theirs")); return err })
	db.Close()
	before, _ := os.ReadFile(foreign)
	_, _, err := New(foreign).AddClient(model.Client{Name: "X", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}})
	if !errors.Is(err, ErrNotTally) {
		t.Errorf("foreign file: %v", err)
	}
	if after, _ := os.ReadFile(foreign); string(after) != string(before) {
		t.Error("foreign file was changed")
	}

	newer := filepath.Join(dir, "newer.db")
	s := New(newer)
	seed(t, s)
	db, _ = bolt.Open(newer, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(record.BucketMeta).Put(record.KeySchema, record.UintBytes(SchemaVersion+1))
	})
	db.Close()
	if _, err := s.Clients(); !errors.Is(err, ErrNotTally) || !strings.Contains(err.Error(), "newer tally") {
		t.Errorf("newer file: %v", err)
	}
}

// TestSchemaOneIsReadAndMigratedByTheFirstChange makes a file as the first
// tally wrote it (schema 1, no marker): reads take it as it is and write
// nothing; the first change adds the marker and moves it to schema 2.
func TestSchemaOneIsReadAndMigratedByTheFirstChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, _ := bolt.Open(path, 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		record.CreateBuckets(tx)
		return tx.Bucket(record.BucketMeta).Put(record.KeySchema, record.UintBytes(1))
	})
	db.Close()
	before, _ := os.ReadFile(path)
	s := New(path, WithDailyBackups(0))
	if _, err := s.Clients(); err != nil {
		t.Fatalf("read of a schema 1 file: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("a read changed the file")
	}
	seed(t, s)
	db, _ = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(record.BucketMeta)
		if v := record.GetUint(meta, record.KeySchema); v != SchemaVersion || string(meta.Get(record.KeyApp)) != "tally" {
			t.Errorf("after the first change: schema %d, marker %q", v, meta.Get(record.KeyApp))
		}
		return nil
	})
}

// TestAnOlderTallysFileReadsAndMoves opens a file the released tally wrote
// (schema 1: no marker and no indexes; testdata/schema1.db, made with its
// CLI on 2026-11-20 with a timer running since 09:00). Every read answers
// as for a current file and leaves the bytes alone; the first change moves
// it to the current layout, and it checks clean after.
func TestAnOlderTallysFileReadsAndMoves(t *testing.T) {
	data, err := os.ReadFile("testdata/schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tally.db")
	os.WriteFile(path, data, 0o600)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	s := New(path, WithDailyBackups(0), WithClock(func() time.Time { return now }))
	month := func() map[string]int64 {
		t.Helper()
		l, err := s.Ledger(model.MakeDate(2026, 11, 1), model.MakeDate(2026, 11, 30), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		amounts := map[string]int64{}
		for _, c := range model.BuildReport(l, model.ReportOptions{From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 30), Location: time.UTC, Now: now}).Clients {
			amounts[c.Client.Name] = c.Amount
		}
		return amounts
	}
	// Acme: four 1:20 entries and the running hour, 6:20 = 6.33 h at 40/h
	// = 253.20. North: its cycle from 15 November (anchored on 15 October)
	// bills the fee, and 4:40 less 2h included, 2:40 = 2.67 h at 50/h =
	// 133.50. Shop: 10% of 500.00 and the 150.00 fixed price done on the
	// 19th.
	want := map[string]int64{"Acme": 25320, "North": 100000 + 13350, "Shop": 5000 + 15000}
	if got := month(); !reflect.DeepEqual(got, want) {
		t.Errorf("before the first change: %v, want %v", got, want)
	}
	tasks, _, err := s.Tasks()
	if err != nil || len(tasks) != 3 {
		t.Fatalf("tasks: %v, %v", tasks, err)
	}
	if snap, err := s.AppData([]Days{{model.MakeDate(2026, 11, 20), model.MakeDate(2026, 11, 20)}}, 90, time.UTC); err != nil || snap.Running == nil || snap.Tracked[1] != 4*80*60 {
		t.Fatalf("snapshot: running %v, tracked %v, %v", snap.Running, snap.Tracked, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check before: %v %v", problems, err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Fatal("a read changed the file")
	}
	if _, _, err := s.AddTask(model.Task{ClientID: 1, Title: "Invoices"}); err != nil {
		t.Fatal(err)
	}
	if got := month(); !reflect.DeepEqual(got, want) {
		t.Errorf("after the first change: %v, want %v", got, want)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check after: %v %v", problems, err)
	}
}

// TestSchemaTwoGainsInvoices: a file the tally before invoices wrote
// (schema 2) reads as it is, can be drafted from without a write, and its
// first change adds the invoice buckets.
func TestSchemaTwoGainsInvoices(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	mustEntry(t, s, a.ID, hour(2, 9), time.Hour)
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		invoiceBuckets := [][]byte{record.BucketInvoices, record.BucketInvoiced, record.BucketInvoiceSeq, record.BucketInvoiceNumbers,
			record.BucketInvoiceSpans, record.BucketInvoiceBilled, record.BucketOpenFrom, record.BucketBilledTime}
		for _, b := range invoiceBuckets {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(record.BucketMeta).Put(record.KeySchema, record.UintBytes(2))
	})
	db.Close()
	before, _ := os.ReadFile(s.Path())
	b, err := s.Billing(rules, true)
	if err != nil || len(b.Invoices) != 0 || b.Uninvoiced[a.ClientID] != 4000 {
		t.Fatalf("billing of a schema 2 file: %+v, %v", b, err)
	}
	if after, _ := os.ReadFile(s.Path()); !bytes.Equal(after, before) {
		t.Fatal("a read changed the file")
	}
	inv := mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))
	if inv.Number != "2026-0001" || inv.Total() != 4000 {
		t.Errorf("the first invoice of a migrated file: %s %d", inv.Number, inv.Total())
	}
}

// TestSchemaFiveLearnsHowItsInvoicesPricedTheirTime: a file whose
// invoices were issued before each entry's billed figures were filed
// (schema 5, what they billed kept per invoice without days) shows its
// billed work as billed, on the day it had in the invoice's zone, as it
// reads, and files it with its first change; it checks clean both ways.
func TestSchemaFiveLearnsHowItsInvoicesPricedTheirTime(t *testing.T) {
	s := newStore(t)
	_, a, _ := seed(t, s)
	mustEntry(t, s, a.ID, time.Date(2026, 11, 2, 23, 30, 0, 0, time.UTC), time.Hour+10*time.Second) // 1.00 h × 40 = 40.00
	mustIssue(t, s, mustDraft(t, s, "Acme", model.MakeDate(2026, 11, 8)).ID, model.MakeDate(2026, 11, 9))
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		rec, err := record.Invoices.Get(tx, 1)
		if err == nil {
			rec, err = record.WithBilled(tx, rec)
		}
		if err != nil {
			return err
		}
		b := rec.Billed.Entries[0]
		old := binary.AppendUvarint([]byte{1}, 1) // format 1 (no days), one entry
		old = binary.AppendUvarint(old, uint64(b.ID))
		for _, v := range []int64{b.Billed, b.Charged, b.Rate} {
			old = binary.AppendVarint(old, v)
		}
		old = binary.AppendUvarint(old, 0) // no items
		if err := tx.Bucket(record.BucketInvoiceBilled).Put(record.IDKey(1), old); err != nil {
			return err
		}
		if err := tx.DeleteBucket(record.BucketBilledTime); err != nil {
			return err
		}
		return tx.Bucket(record.BucketMeta).Put(record.KeySchema, record.UintBytes(5))
	})
	db.Close()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	november := func() model.ClientReport {
		t.Helper()
		// Rounding up to the hour now would bill 2:00; in Berlin the entry
		// starts on the 3rd. It shows as billed: 40.00 on the 2nd.
		l, err := s.Ledger(model.MakeDate(2026, 11, 1), model.MakeDate(2026, 11, 30), berlin)
		if err != nil {
			t.Fatal(err)
		}
		o := model.ReportOptions{From: model.MakeDate(2026, 11, 1), To: model.MakeDate(2026, 11, 30), Location: berlin, Now: t0, Rounding: model.Rounding{Step: 3600, Mode: model.RoundUp}}
		return model.BuildReport(l, o).Clients[0]
	}
	for _, when := range []string{"before the first change", "after it"} {
		if cr := november(); cr.Amount != 4000 || cr.Entries[0].Day != model.MakeDate(2026, 11, 2) {
			t.Errorf("%s: November %d, entry on %s; want 40.00 on 2026-11-02", when, cr.Amount, cr.Entries[0].Day)
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Errorf("%s: check %v %v", when, problems, err)
		}
		if _, _, err := s.AddTask(model.Task{ClientID: a.ClientID, Title: "Invoices"}); err != nil {
			t.Fatal(err)
		}
	}
}
