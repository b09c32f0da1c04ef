package model

// What an issued invoice still asks: its balance, whether it is a credit
// note, its status for people, and what a client owes across invoices
// (docs/design.md#invoices: "owed" is one figure everywhere).

// Balance is what is still owed; for a credit note, what it still
// credits, as a negative amount.
func (inv Invoice) Balance() int64 { return inv.Total() - inv.Paid() }

// IsCredit says whether the invoice is a credit note: its total is
// negative (a refund of commission already invoiced, say), so it reduces
// what the client owes.
func (inv Invoice) IsCredit() bool { return inv.Total() < 0 }

// Kind is what the invoice is called on its page: "invoice" or "credit
// note".
func (inv Invoice) Kind() string {
	if inv.IsCredit() {
		return "credit note"
	}
	return "invoice"
}

// The statuses of an invoice for people, besides its states draft and
// void.
const (
	StatusUnpaid   = "unpaid"
	StatusPartly   = "partially paid"
	StatusOverdue  = "overdue"
	StatusPaid     = "paid"
	StatusCredit   = "credit"   // a credit note with credit left
	StatusRefunded = "refunded" // a credit note whose credit is used up
)

// Status is the invoice's state for people on day today: draft or void,
// unpaid, partially paid, overdue or paid, and for a credit note credit
// or refunded.
func (inv Invoice) Status(today Date) string {
	switch {
	case inv.State != InvoiceIssued:
		return string(inv.State)
	case inv.IsCredit() && inv.Balance() < 0:
		return StatusCredit
	case inv.IsCredit():
		return StatusRefunded
	case inv.Balance() <= 0:
		return StatusPaid
	case today > inv.Due:
		return StatusOverdue
	case inv.Paid() > 0:
		return StatusPartly
	}
	return StatusUnpaid
}

// Open says whether an issued invoice still moves what is owed: money
// still to come in, or credit still to give.
func (inv Invoice) Open() bool { return inv.State == InvoiceIssued && inv.Balance() != 0 }

// Owed is what the client owes across invoices, per currency: every open
// invoice's balance, less what open credit notes credit. It is the one
// figure of "owed" in the status line, the invoice list and the app;
// currencies that come to 0 are left out.
func Owed(invoices []Invoice) map[string]int64 {
	owed := map[string]int64{}
	for _, inv := range invoices {
		if inv.Open() {
			owed[inv.Currency] += inv.Balance()
		}
	}
	for cur, v := range owed {
		if v == 0 {
			delete(owed, cur)
		}
	}
	return owed
}

// AddPayment records a payment, refusing one that is not positive or that
// would pay more than is owed. On a credit note it records the credit
// given back (refunded, or set against another invoice's payment), as a
// negative payment, refusing more than is left to credit.
func (inv *Invoice) AddPayment(p Payment) error {
	left := inv.Balance()
	if inv.IsCredit() {
		left = -left
	}
	switch {
	case inv.State != InvoiceIssued:
		return Invalidf("%s is %s; only an issued invoice is paid", inv.Label(), inv.State)
	case p.Amount <= 0:
		return Invalidf("a payment must be more than 0")
	case p.Amount > left && inv.IsCredit():
		return Invalidf("%s would refund more than credit note %s credits: %s is left", FormatAmount(p.Amount, inv.Currency), inv.Number, FormatAmount(left, inv.Currency))
	case p.Amount > left:
		return Invalidf("%s would overpay invoice %s: %s is owed", FormatAmount(p.Amount, inv.Currency), inv.Number, FormatAmount(left, inv.Currency))
	case p.Date < inv.Issued:
		return Invalidf("a payment on %s comes before %s %s was issued on %s", p.Date, inv.Kind(), inv.Number, inv.Issued)
	}
	if inv.IsCredit() {
		p.Amount = -p.Amount
	}
	inv.Payments = append(inv.Payments, p)
	return nil
}

// PaidText says what was paid against the invoice: "payments of 40.00
// USD", or a credit note's "refunds of 100.00 EUR" (kept negative).
func (inv Invoice) PaidText() string {
	what, paid := "payments", inv.Paid()
	if inv.IsCredit() {
		what, paid = "refunds", -paid
	}
	return what + " of " + FormatAmount(paid, inv.Currency) + " " + inv.Currency
}
