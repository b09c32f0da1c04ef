package store

import (
	"testing"

	"tally/model"
)

// refunded is sale 1 of 1234.55 on 11-06 at 10 %, and refund 2 of it:
// 234.55 on 11-08.
func refunded(t *testing.T, s *Store) (model.Sale, model.Sale) {
	t.Helper()
	shop := must[model.Client](t)(s.AddClient(model.Client{Name: "Shop", Currency: "EUR", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}}))
	sale := must[model.Sale](t)(s.AddSale(model.Sale{ClientID: shop.ID, Date: model.MakeDate(2026, 11, 6), Amount: 123455}))
	refund := must[model.Sale](t)(s.AddRefund(sale.ID, model.Sale{Date: model.MakeDate(2026, 11, 8), Amount: -23455}))
	if refund.Of != sale.ID {
		t.Fatalf("refund %+v names no sale %d", refund, sale.ID)
	}
	return sale, refund
}

// Before, each refund was held to its sale's amount alone: 1000.01, then
// 1000.00, then all 1234.55 again were each taken of a 1234.55 sale of
// which 234.55 was refunded, and an edit took a refund to 5000.00.
func TestASalesRefundsTakeBackNoMoreThanIt(t *testing.T) {
	s := newStore(t)
	sale, first := refunded(t, s)
	refund := func(amount int64) model.Sale { return model.Sale{Date: model.MakeDate(2026, 11, 9), Amount: -amount} }
	_, _, err := s.AddRefund(sale.ID, refund(100001))
	wantRefused(t, "1000.01 more", err, "a refund of 1000.01 is more than is left of sale 1: it is 1234.55 EUR, and its refunds took back 234.55 of it already (1000.00 is left)")
	last := must[model.Sale](t)(s.AddRefund(sale.ID, refund(100000)))
	_, _, err = s.AddRefund(sale.ID, refund(123455))
	wantRefused(t, "all of it again", err, "its refunds took back 1234.55 of it already (0.00 is left)")
	_, _, err = s.EditSale(first.ID, func(r *model.Sale) error { r.Amount = -500000; return nil })
	wantRefused(t, "a refund edited to 5000.00", err, "a refund of 5000.00 is more than is left of sale 1: it is 1234.55 EUR, and its refunds took back 1000.00 of it already (234.55 is left)")
	_, _, err = s.EditSale(first.ID, func(r *model.Sale) error { r.Date = model.MakeDate(2026, 11, 5); return nil })
	wantRefused(t, "a refund moved before its sale", err, "a refund on 2026-11-05 comes before sale 1 (2026-11-06)")
	_, _, err = s.EditSale(sale.ID, func(r *model.Sale) error { r.Amount = 123454; return nil })
	wantRefused(t, "the sale edited below its refunds", err, "sale 1 cannot be 1234.54 EUR: its refunds took back 1234.55 of it")
	_, _, err = s.EditSale(sale.ID, func(r *model.Sale) error { r.Date = model.MakeDate(2026, 11, 9); return nil })
	wantRefused(t, "the sale moved after a refund", err, "sale 1 cannot move to 2026-11-09: refund 2 took it back on 2026-11-08")
	_, _, err = s.RemoveSale(sale.ID)
	wantRefused(t, "the sale removed", err, "refund 2 takes back sale 1: remove it first")
	// A refund edited down frees what it took back; one made a sale
	// names none.
	must[model.Sale](t)(s.EditSale(last.ID, func(r *model.Sale) error { r.Amount = -99999; return nil }))
	must[model.Sale](t)(s.AddRefund(sale.ID, refund(1)))
	if made := must[model.Sale](t)(s.EditSale(first.ID, func(r *model.Sale) error { r.Amount = 23455; return nil })); made.Of != 0 || made.PercentBP != 0 {
		t.Errorf("a refund made a sale: %+v", made)
	}
}

// A refund that names no sale is held to nothing, as before.
func TestARefundOfNoSaleIsHeldToNothing(t *testing.T) {
	s := newStore(t)
	sale, _ := refunded(t, s)
	r := must[model.Sale](t)(s.AddSale(model.Sale{ClientID: sale.ClientID, Date: model.MakeDate(2026, 11, 1), Amount: -500000}))
	must[model.Sale](t)(s.EditSale(r.ID, func(r *model.Sale) error { r.Amount = -900000; return nil }))
}
