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

// Check names an issued invoice in a state no command makes. Before, a
// merge of a payment and a void made apart left a void invoice holding
// the payment (void refuses a paid invoice), its paid work free to bill
// again; and lines without bound left a subtotal wrapped negative. Check
// passed both.
func TestCheckFindsAnInvoiceNoCommandMakes(t *testing.T) {
	cases := []struct {
		name, want string
		void       bool
		damage     func(rec *record.Invoice)
	}{
		{"a void invoice holding a payment", "invoice 2026-0001 is void but holds payments of 40.00 USD", true, func(rec *record.Invoice) {
			rec.Payments = []model.Payment{{Date: rec.Issued, Amount: 4000}}
		}},
		{"a line past the largest amount", "line Big comes to 92233720368547758.07 USD, more than an amount may be", false, func(rec *record.Invoice) {
			rec.Lines = append(rec.Lines, model.InvoiceLine{Kind: model.LineManual, Description: "Big", Quantity: 1000, Amount: 1<<63 - 1})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := New(filepath.Join(t.TempDir(), "tally.db"), WithClock(func() time.Time { return t0 }))
			client, a, _ := seed(t, s)
			if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			day := model.DateOf(t0, time.UTC)
			inv := mustIssue(t, s, mustDraft(t, s, client.Name, day).ID, day)
			if c.void {
				if _, _, err := s.Void(inv.Number, "sent twice", day); err != nil {
					t.Fatal(err)
				}
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
				c.damage(&rec)
				return tx.Bucket(record.BucketInvoices).Put(record.IDKey(inv.ID), record.Invoices.Encode(rec))
			})
			db.Close()
			problems, err := s.Check()
			if err != nil || !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Errorf("check: %q, %v; want a problem saying %q", problems, err, c.want)
			}
		})
	}
}
