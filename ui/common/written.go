package common

import (
	"strings"

	"tally/model"
	"tally/store"
)

// Written is every write's result: what to tell the user, the error that
// stopped it, and what the change met without stopping, such as the
// day's backup failing.
type Written struct {
	Text     string
	Err      error
	Warnings store.Warnings
}

// SavedText says a record was added or updated.
func SavedText(added bool, what string) string {
	if added {
		return "added " + what
	}
	return "updated " + what
}

// InvoiceChanged says what issuing, voiding, paying or changing a draft
// did to inv.
func InvoiceChanged(what string, inv model.Invoice, warned store.Warnings, err error) Written {
	cur := inv.Currency
	text := what + " " + inv.Label()
	switch {
	case what == "issued" && inv.IsCredit():
		text = "issued credit note " + inv.Number + ": credit " + model.FormatAmount(-inv.Total(), cur) + " " + cur
	case what == "issued":
		text = "issued invoice " + inv.Number + ", due " + inv.Due.String()
	case what == "paid" && inv.IsCredit():
		text = "credit note " + inv.Number + ": " + model.FormatAmount(-inv.Balance(), cur) + " " + cur + " left to credit"
	case what == "paid" && inv.Balance() == 0:
		text = "invoice " + inv.Number + " is paid in full"
	case what == "paid":
		text = "invoice " + inv.Number + ": " + model.FormatAmount(inv.Balance(), cur) + " " + cur + " still owed"
	}
	return Written{Text: text, Err: err, Warnings: warned}
}

// InvoiceTitle names an invoice at the head of a line: "Draft d3", "Invoice
// 2026-0001", "Credit note 2026-0002".
func InvoiceTitle(inv model.Invoice) string {
	if inv.State == model.InvoiceDraft {
		return "Draft " + inv.Label()
	}
	return strings.ToUpper(inv.Kind()[:1]) + inv.Kind()[1:] + " " + inv.Number
}
