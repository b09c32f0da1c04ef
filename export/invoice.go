package export

import (
	"io"

	"tally/model"
)

// The JSON of `tally invoice show --json` and `invoice list --json`: money
// as decimal strings, as in reports, so each figure can be held to
// `report --json`.

type invoiceJSON struct {
	ID         int64             `json:"id"`
	Ref        string            `json:"ref"`    // what commands take: the number, or a draft's d3
	Number     *string           `json:"number"` // null for a draft
	State      string            `json:"state"`
	Status     string            `json:"status"` // draft, unpaid, partially paid, overdue, paid, credit, refunded or void
	Client     string            `json:"client"`
	Currency   string            `json:"currency"`
	From       string            `json:"from"`
	To         string            `json:"to"`
	Issued     *string           `json:"issued"`
	Due        *string           `json:"due"`
	Lines      []invoiceLineJSON `json:"lines"`
	Subtotal   string            `json:"subtotal"`
	TaxPercent string            `json:"tax_percent"`
	Tax        string            `json:"tax"`
	Total      string            `json:"total"`
	Paid       string            `json:"paid"`
	Balance    string            `json:"balance"`
	Payments   []paymentJSON     `json:"payments"`
	Note       string            `json:"note"`
	Reference  string            `json:"reference"`
	VoidReason string            `json:"void_reason,omitempty"`
}

type invoiceLineJSON struct {
	Kind          string `json:"kind"`
	Description   string `json:"description"`
	Date          string `json:"date,omitempty"`
	FirstDate     string `json:"first_date,omitempty"` // a time line's first day; date is its last
	BilledSeconds int64  `json:"billed_seconds,omitempty"`
	Quantity      string `json:"quantity"`
	UnitPrice     string `json:"unit_price"`
	Amount        string `json:"amount"`
}

type paymentJSON struct {
	Date   string `json:"date"`
	Amount string `json:"amount"`
}

// InvoiceJSON writes one invoice; today says whether it is overdue.
func InvoiceJSON(w io.Writer, inv model.Invoice, client string, today model.Date) error {
	return WriteJSON(w, invoiceShape(inv, client, today))
}

// InvoicesJSON writes a list of invoices.
func InvoicesJSON(w io.Writer, invoices []model.Invoice, clients map[int64]string, today model.Date) error {
	out := make([]invoiceJSON, 0, len(invoices))
	for _, inv := range invoices {
		out = append(out, invoiceShape(inv, clients[inv.ClientID], today))
	}
	return WriteJSON(w, out)
}

func invoiceShape(inv model.Invoice, client string, today model.Date) invoiceJSON {
	cur := inv.Currency
	money := func(v int64) string { return model.FormatAmount(v, cur) }
	out := invoiceJSON{
		ID: inv.ID, Ref: inv.Label(), State: string(inv.State), Status: inv.Status(today), Client: client, Currency: cur,
		From: inv.From.String(), To: inv.To.String(), Lines: []invoiceLineJSON{},
		Subtotal: money(inv.Subtotal()), TaxPercent: model.FormatPercent(inv.TaxBP), Tax: money(inv.Tax()), Total: money(inv.Total()),
		Paid: money(inv.Paid()), Balance: money(inv.Balance()), Payments: []paymentJSON{}, Note: inv.Note, Reference: inv.Reference, VoidReason: inv.Reason,
	}
	if inv.State != model.InvoiceDraft {
		number, issued, due := inv.Number, inv.Issued.String(), inv.Due.String()
		out.Number, out.Issued, out.Due = &number, &issued, &due
	}
	for _, l := range inv.Lines {
		lj := invoiceLineJSON{Kind: string(l.Kind), Description: l.Description, Amount: money(l.Amount), UnitPrice: money(l.Amount), Quantity: "1"}
		if l.Date != 0 {
			lj.Date = l.Date.String()
		}
		if l.First != 0 {
			lj.FirstDate = l.First.String()
		}
		switch l.Kind {
		case model.LineTime:
			lj.BilledSeconds, lj.Quantity, lj.UnitPrice = l.Seconds, model.FormatHours(l.Seconds), money(l.UnitPrice)
		case model.LineManual:
			lj.Quantity, lj.UnitPrice = model.FormatQuantity(l.Quantity), money(l.UnitPrice)
		}
		out.Lines = append(out.Lines, lj)
	}
	for _, p := range inv.Payments {
		out.Payments = append(out.Payments, paymentJSON{Date: p.Date.String(), Amount: money(p.Amount)})
	}
	return out
}
