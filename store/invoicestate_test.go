package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// A void invoice holding a payment is a state no command makes (void
// refuses a paid invoice): before, a merge of a payment and a void made
// apart left one, its paid work free to bill again, and check passed it.
func TestCheckFindsAVoidInvoiceHoldingAPayment(t *testing.T) {
	s := New(filepath.Join(t.TempDir(), "tally.db"), WithClock(func() time.Time { return t0 }))
	client, a, _ := seed(t, s)
	if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	day := model.DateOf(t0, time.UTC)
	inv := mustIssue(t, s, mustDraft(t, s, client.Name, day).ID, day)
	if _, _, err := s.Void(inv.Number, "sent twice", day); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(s.Path(), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		rec, err := record.Invoices.Get(tx, inv.ID)
		if err != nil {
			return err
		}
		rec.Payments = []model.Payment{{Date: day, Amount: 4000}}
		return tx.Bucket(record.BucketInvoices).Put(record.IDKey(inv.ID), record.Invoices.Encode(rec))
	})
	db.Close()
	problems, err := s.Check()
	if want := "invoice " + inv.Number + " is void but holds payments of 40.00 USD"; err != nil || !strings.Contains(strings.Join(problems, "\n"), want) {
		t.Errorf("check: %q, %v; want a problem saying %q", problems, err, want)
	}
}
