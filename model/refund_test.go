package model

import (
	"errors"
	"strings"
	"testing"
)

// Sale 2 of 1234.55, refunded 234.55 (refund 3): 1000.00 is left of it.
// Before, each refund was held to the sale's amount alone, so 1000.01,
// then 1000.00, then all 1234.55 again were each taken.
func TestRefundsTakeBackNoMoreThanTheirSale(t *testing.T) {
	sale := Sale{ID: 2, ClientID: 1, Date: day(2026, 11, 6), Amount: 123455}
	sales := []Sale{sale, {ID: 3, ClientID: 1, Date: day(2026, 11, 8), Amount: -23455, Of: 2}, {ID: 4, ClientID: 1, Date: day(2026, 11, 8), Amount: -999}}
	if got := TakenBack(sales, 2, 0); got != 23455 {
		t.Errorf("taken back of sale 2: %d, want 23455 (refund 4 names none)", got)
	}
	if got := TakenBack(sales, 2, 3); got != 0 {
		t.Errorf("taken back of sale 2 but refund 3: %d, want 0", got)
	}
	refund := func(amount int64, d Date) Sale { return Sale{ClientID: 1, Date: d, Amount: -amount, Of: 2} }
	for _, c := range []struct {
		what   string
		refund Sale
		want   string
	}{
		{"what is left", refund(100000, day(2026, 11, 9)), ""},
		{"a cent more", refund(100001, day(2026, 11, 9)), "a refund of 1000.01 is more than is left of sale 2: it is 1234.55 EUR, and its refunds took back 234.55 of it already (1000.00 is left)"},
		{"all of it again", refund(123455, day(2026, 11, 9)), "a refund of 1234.55 is more than is left of sale 2"},
		{"before the sale", refund(100, day(2026, 11, 5)), "a refund on 2026-11-05 comes before sale 2 (2026-11-06), which it takes back"},
		{"on its day", refund(100, day(2026, 11, 6)), ""},
	} {
		err := CheckRefund(sale, c.refund, 23455, "EUR")
		if c.want == "" && err != nil || c.want != "" && (!errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.what, err, c.want)
		}
	}
}

// A sale that refunds name is never edited below what they took back nor
// moved after them.
func TestARefundedSaleKeepsItsRefunds(t *testing.T) {
	refunds := []Sale{{ID: 3, Date: day(2026, 11, 8), Amount: -23455, Of: 2}, {ID: 4, Date: day(2026, 11, 10), Amount: -100000, Of: 2}, {ID: 5, Date: day(2026, 11, 1), Amount: -7, Of: 9}}
	for _, c := range []struct {
		what string
		sale Sale
		want string
	}{
		{"as it was", Sale{ID: 2, Date: day(2026, 11, 6), Amount: 123455}, ""},
		{"a refund that none names", Sale{ID: 6, Date: day(2026, 11, 6), Amount: -500}, ""},
		{"down to its refunds", Sale{ID: 2, Date: day(2026, 11, 8), Amount: 123455}, ""},
		{"below its refunds", Sale{ID: 2, Date: day(2026, 11, 6), Amount: 123454}, "sale 2 cannot be 1234.54 EUR: its refunds took back 1234.55 of it"},
		{"after a refund", Sale{ID: 2, Date: day(2026, 11, 9), Amount: 123455}, "sale 2 cannot move to 2026-11-09: refund 3 took it back on 2026-11-08"},
	} {
		err := CheckRefundedSale(c.sale, refunds, "EUR")
		if c.want == "" && err != nil || c.want != "" && (!errors.Is(err, ErrInvalid) || err.Error() != c.want) {
			t.Errorf("%s: %v, want %q", c.what, err, c.want)
		}
	}
}
