package store

import (
	"testing"
	"time"

	"tally/model"
)

// TestBillingPricesEachClientOnce: a client's draft up to today bills
// what the client has not been invoiced for, so Billing takes that
// amount from the draft's lines from the data rather than pricing the
// client's work again; a draft to an earlier day does not say it.
//
// Acme (40.00/h): 1 h on the 25th and 1 h 30 on the 27th, today: 2 h 30
// = 100.00 to invoice, all on its draft to the 27th, which has a line of
// 12.50 made by hand too: 112.50. Bakery (40.00/h): 1 h on the 25th and 1
// h on the 27th: 80.00 to invoice, of which its draft to the 26th bills
// 40.00.
func TestBillingPricesEachClientOnce(t *testing.T) {
	s := newStore(t)
	acme, mail, _ := seed(t, s)
	bakery, _, err := s.AddClient(model.Client{Name: "Bakery", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}})
	if err != nil {
		t.Fatal(err)
	}
	bread, _, err := s.AddTask(model.Task{ClientID: bakery.ID, Title: "Bread"})
	if err != nil {
		t.Fatal(err)
	}
	mustEntry(t, s, mail.ID, hour(25, 9), time.Hour)
	mustEntry(t, s, mail.ID, hour(27, 7), 90*time.Minute)
	mustEntry(t, s, bread.ID, hour(25, 11), time.Hour)
	mustEntry(t, s, bread.ID, hour(27, 5), time.Hour)
	today := model.DateOf(rules.Now, time.UTC)
	acmeDraft := mustDraft(t, s, "Acme", today)
	if _, err := s.AddInvoiceLine(acmeDraft.ID, model.InvoiceLine{Description: "Rail tickets", Quantity: model.QuantityScale, UnitPrice: 1250, Amount: 1250}); err != nil {
		t.Fatal(err)
	}
	mustDraft(t, s, "Bakery", today.AddDays(-1))
	b, err := s.Billing(rules, true)
	if err != nil {
		t.Fatal(err)
	}
	if b.Uninvoiced[acme.ID] != 10000 || b.Uninvoiced[bakery.ID] != 8000 {
		t.Errorf("to invoice %v; want Acme 100.00 (its draft less the line made by hand) and Bakery 80.00", b.Uninvoiced)
	}
	totals := map[int64]int64{}
	for _, inv := range b.Invoices {
		totals[inv.ClientID] = inv.Subtotal()
	}
	if totals[acme.ID] != 11250 || totals[bakery.ID] != 4000 {
		t.Errorf("drafts %v; want Acme's 112.50 and Bakery's 40.00", totals)
	}
}

// TestBillingPricesADraftOnce: a client with a draft up to today costs
// Billing what the same client costs without one, not twice as much.
// Allocations stand for the pricing: on a few hundred entries they are
// almost all of it.
func TestBillingPricesADraftOnce(t *testing.T) {
	allocs := func(drafted bool) float64 {
		s := newStore(t)
		_, mail, _ := seed(t, s)
		start := hour(27, 0).AddDate(0, -6, 0)
		for i := range 300 {
			mustEntry(t, s, mail.ID, start.Add(time.Duration(i)*13*time.Hour), time.Hour)
		}
		if drafted {
			mustDraft(t, s, "Acme", model.DateOf(rules.Now, time.UTC))
		}
		return testing.AllocsPerRun(3, func() {
			if _, err := s.Billing(rules, true); err != nil {
				t.Fatal(err)
			}
		})
	}
	without, with := allocs(false), allocs(true)
	if with > without*1.2 {
		t.Errorf("Billing allocates %.0f times with a draft, %.0f without: the draft's work is priced again", with, without)
	}
}
