package record

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Invoice is an invoice as stored: with the rules its lines were priced
// by, so that the lock check prices them the same way.
type Invoice struct {
	model.Invoice
	Zone     string
	Rounding model.Rounding
}

// Invoices are filed by id, in JSON; what an issued one billed is filed
// apart (BucketInvoiceBilled), read only by the lock check and void, so
// that a list of years of invoices does not decode every entry they
// billed. Only issued and void invoices travel: a draft is one machine's
// work in progress.
var Invoices = &Shape[Invoice, invoiceWire]{
	code: 'i', name: "invoice", bucket: BucketInvoices, missing: "no invoice %d", damaged: fmt.Errorf("%w: damaged invoice record", ErrBad),
	encode:   func(inv Invoice) []byte { return jsonBytes(invoiceJSONOf(inv)) },
	decode:   decodeInvoice,
	toWire:   invoiceToWire,
	fromWire: invoiceFromWire,
}

func decodeInvoice(v []byte) (Invoice, error) {
	rec, err := decodeJSON[invoiceJSON](v, "invoice")
	return rec.invoice(), err
}

// ReadInvoices reads every invoice, in id order, without what they
// billed.
func ReadInvoices(tx *bolt.Tx) ([]Invoice, error) { return Invoices.All(tx) }

// WithBilled reads what an issued invoice billed into rec.
func WithBilled(tx *bolt.Tx, rec Invoice) (Invoice, error) {
	v := tx.Bucket(BucketInvoiceBilled).Get(IDKey(rec.ID))
	if v == nil {
		return rec, nil
	}
	var err error
	rec.Billed, err = DecodeBilled(v)
	return rec, err
}

// invoiceJSON is an invoice as the invoices bucket keeps it, and as the
// "issued" field of a change carries it. It was once model.Invoice
// itself, which has no tags: the tags keep Go's names of then, so that a
// field renamed in the model changes no file and no wire. What it billed
// is filed apart, so Billed is written empty; an invoice stored before
// that held it here, and it still reads.
type invoiceJSON struct {
	ID        int64         `json:"ID"`
	Number    string        `json:"Number"`
	State     string        `json:"State"`
	ClientID  int64         `json:"ClientID"`
	Currency  string        `json:"Currency"`
	From      int32         `json:"From"`
	To        int32         `json:"To"`
	Issued    int32         `json:"Issued"`
	Due       int32         `json:"Due"`
	Terms     int           `json:"Terms"`
	Note      string        `json:"Note"`
	Reference string        `json:"Reference"`
	Lines     []lineJSON    `json:"Lines"`
	TaxBP     int64         `json:"TaxBP"`
	Business  partyJSON     `json:"Business"`
	Client    partyJSON     `json:"Client"`
	Plans     []planJSON    `json:"Plans"`
	Billed    billedJSON    `json:"Billed"`
	Payments  []paymentJSON `json:"Payments"`
	Voided    int32         `json:"Voided"`
	Reason    string        `json:"Reason"`
	Zone      string        `json:"zone"`
	Rounding  roundingJSON  `json:"rounding"`
}

type lineJSON struct {
	Kind        string `json:"Kind"`
	Description string `json:"Description"`
	Date        int32  `json:"Date"`
	First       int32  `json:"First"`
	Included    int64  `json:"Included"`
	Used        int64  `json:"Used"`
	Seconds     int64  `json:"Seconds"`
	Quantity    int64  `json:"Quantity"`
	UnitPrice   int64  `json:"UnitPrice"`
	Amount      int64  `json:"Amount"`
}

type partyJSON struct {
	Name    string   `json:"Name"`
	Address []string `json:"Address"`
	Email   string   `json:"Email"`
	TaxID   string   `json:"TaxID"`
	Payment []string `json:"Payment"`
}

// planJSON is a plan version an invoice froze; a client's own plans are
// stored as planRecord.
type planJSON struct {
	From        int32  `json:"From"`
	Kind        string `json:"Kind"`
	Rate        int64  `json:"Rate"`
	Fee         int64  `json:"Fee"`
	Period      string `json:"Period"`
	Included    int64  `json:"Included"`
	Unlimited   bool   `json:"Unlimited"`
	OverageRate int64  `json:"OverageRate"`
	PercentBP   int64  `json:"PercentBP"`
	Prorate     bool   `json:"Prorate"`
}

type billedJSON struct {
	Entries []billedEntryJSON `json:"Entries"`
	Items   []billedItemJSON  `json:"Items"`
}

type billedEntryJSON struct {
	ID      int64 `json:"ID"`
	Day     int32 `json:"Day"`
	Billed  int64 `json:"Billed"`
	Charged int64 `json:"Charged"`
	Rate    int64 `json:"Rate"`
}

type billedItemJSON struct {
	Kind   string `json:"Kind"`
	Date   int32  `json:"Date"`
	Ref    int64  `json:"Ref"`
	Amount int64  `json:"Amount"`
}

type paymentJSON struct {
	Date   int32 `json:"Date"`
	Amount int64 `json:"Amount"`
}

type roundingJSON struct {
	Step int64  `json:"Step"`
	Mode string `json:"Mode"`
}

func invoiceJSONOf(rec Invoice) invoiceJSON {
	inv := rec.Invoice
	return invoiceJSON{
		ID: inv.ID, Number: inv.Number, State: string(inv.State), ClientID: inv.ClientID, Currency: inv.Currency,
		From: int32(inv.From), To: int32(inv.To), Issued: int32(inv.Issued), Due: int32(inv.Due),
		Terms: inv.Terms, Note: inv.Note, Reference: inv.Reference,
		Lines: mapSlice(inv.Lines, func(l model.InvoiceLine) lineJSON {
			return lineJSON{string(l.Kind), l.Description, int32(l.Date), int32(l.First), l.Included, l.Used, l.Seconds, l.Quantity, l.UnitPrice, l.Amount}
		}),
		TaxBP: inv.TaxBP, Business: partyJSON(inv.Business), Client: partyJSON(inv.Client),
		Plans: mapSlice(inv.Plans, func(p model.Plan) planJSON {
			return planJSON{int32(p.From), string(p.Kind), p.Rate, p.Fee, string(p.Period), p.Included, p.Unlimited, p.OverageRate, p.PercentBP, p.Prorate}
		}),
		Payments: mapSlice(inv.Payments, func(p model.Payment) paymentJSON { return paymentJSON{int32(p.Date), p.Amount} }),
		Voided:   int32(inv.Voided), Reason: inv.Reason,
		Zone: rec.Zone, Rounding: roundingJSON{rec.Rounding.Step, string(rec.Rounding.Mode)},
	}
}

func (j invoiceJSON) invoice() Invoice {
	return Invoice{Zone: j.Zone, Rounding: model.Rounding{Step: j.Rounding.Step, Mode: model.RoundMode(j.Rounding.Mode)}, Invoice: model.Invoice{
		ID: j.ID, Number: j.Number, State: model.InvoiceState(j.State), ClientID: j.ClientID, Currency: j.Currency,
		From: model.Date(j.From), To: model.Date(j.To), Issued: model.Date(j.Issued), Due: model.Date(j.Due),
		Terms: j.Terms, Note: j.Note, Reference: j.Reference,
		Lines: mapSlice(j.Lines, func(l lineJSON) model.InvoiceLine {
			return model.InvoiceLine{Kind: model.InvoiceLineKind(l.Kind), Description: l.Description, Date: model.Date(l.Date), First: model.Date(l.First),
				Included: l.Included, Used: l.Used, Seconds: l.Seconds, Quantity: l.Quantity, UnitPrice: l.UnitPrice, Amount: l.Amount}
		}),
		TaxBP: j.TaxBP, Business: model.Party(j.Business), Client: model.Party(j.Client),
		Plans: mapSlice(j.Plans, func(p planJSON) model.Plan {
			return model.Plan{From: model.Date(p.From), Kind: model.PlanKind(p.Kind), Rate: p.Rate, Fee: p.Fee, Period: model.Period(p.Period),
				Included: p.Included, Unlimited: p.Unlimited, OverageRate: p.OverageRate, PercentBP: p.PercentBP, Prorate: p.Prorate}
		}),
		Billed: model.Billed{
			Entries: mapSlice(j.Billed.Entries, func(e billedEntryJSON) model.BilledEntry {
				return model.BilledEntry{ID: e.ID, Day: model.Date(e.Day), Billed: e.Billed, Charged: e.Charged, Rate: e.Rate}
			}),
			Items: mapSlice(j.Billed.Items, func(it billedItemJSON) model.BilledItem {
				return model.BilledItem{Kind: model.ItemKind(it.Kind), Date: model.Date(it.Date), Ref: it.Ref, Amount: it.Amount}
			}),
		},
		Payments: mapSlice(j.Payments, func(p paymentJSON) model.Payment { return model.Payment{Date: model.Date(p.Date), Amount: p.Amount} }),
		Voided:   model.Date(j.Voided), Reason: j.Reason,
	}}
}

// invoiceWire is an issued invoice's fields: what was frozen at issue,
// and what may change after (payments, void) as fields of their own.
type invoiceWire struct {
	Client   string        `json:"client"`
	Issued   issuedWire    `json:"issued"`
	Payments []paymentJSON `json:"payments"`
	State    string        `json:"state"`
	Voided   int32         `json:"voided"`
	Reason   string        `json:"reason"`
}

// issuedWire is the invoice as issued, what it billed named by global
// ids.
type issuedWire struct {
	invoiceJSON
	BilledEntries []billedEntryWire `json:"billed_entries"`
	BilledItems   []billedItemWire  `json:"billed_items"`
}

type billedEntryWire struct {
	Entry   string `json:"entry"`
	Day     int32  `json:"day,omitempty"` // 0 from a tally that did not send it
	Billed  int64  `json:"billed"`
	Charged int64  `json:"charged"`
	Rate    int64  `json:"rate"`
	Share   int64  `json:"share,omitempty"` // 0 with Line 0 from a tally that did not send them
	Line    int64  `json:"line,omitempty"`
}

type billedItemWire struct {
	Kind   string `json:"kind"`
	Date   int32  `json:"date"`
	Ref    string `json:"ref"` // the fixed-price task or the sale; "" for a fee
	Amount int64  `json:"amount"`
}

// RefKind is the kind of record a billed item refers to; false for a
// retainer's fee, known by its date.
func RefKind(kind model.ItemKind) (Kind, bool) {
	switch kind {
	case model.ItemFixedPrice:
		return Tasks, true
	case model.ItemCommission:
		return Sales, true
	}
	return nil, false
}

func invoiceToWire(tx *bolt.Tx, stored []byte, ids IDs) (invoiceWire, bool, error) {
	rec, err := decodeInvoice(stored)
	if err != nil || rec.State == model.InvoiceDraft {
		return invoiceWire{}, false, err
	}
	if rec, err = WithBilled(tx, rec); err != nil {
		return invoiceWire{}, false, err
	}
	client, err := ids.Global(Clients, rec.ClientID)
	if err != nil {
		return invoiceWire{}, false, err
	}
	w := invoiceWire{Client: client, State: string(rec.State), Voided: int32(rec.Voided), Reason: rec.Reason,
		Payments: mapSlice(rec.Payments, func(p model.Payment) paymentJSON { return paymentJSON{int32(p.Date), p.Amount} })}
	for _, e := range rec.Billed.Entries {
		gid, err := ids.Global(Entries, e.ID)
		if err != nil {
			return w, false, err
		}
		w.Issued.BilledEntries = append(w.Issued.BilledEntries, billedEntryWire{gid, int32(e.Day), e.Billed, e.Charged, e.Rate, e.Share, e.LineCharged})
	}
	for _, it := range rec.Billed.Items {
		item := billedItemWire{Kind: string(it.Kind), Date: int32(it.Date), Amount: it.Amount}
		if kind, ok := RefKind(it.Kind); ok {
			if item.Ref, err = ids.Global(kind, it.Ref); err != nil {
				return w, false, err
			}
		}
		w.Issued.BilledItems = append(w.Issued.BilledItems, item)
	}
	issued := rec
	issued.ID, issued.ClientID, issued.Billed = 0, 0, model.Billed{}
	issued.Payments, issued.State, issued.Voided, issued.Reason = nil, "", 0, ""
	w.Issued.invoiceJSON = invoiceJSONOf(issued)
	return w, true, nil
}

func invoiceFromWire(tx *bolt.Tx, w invoiceWire, id int64, ids IDs) (Invoice, error) {
	rec := w.Issued.invoice()
	rec.ID, rec.State, rec.Voided, rec.Reason = id, model.InvoiceState(w.State), model.Date(w.Voided), w.Reason
	rec.Payments = mapSlice(w.Payments, func(p paymentJSON) model.Payment { return model.Payment{Date: model.Date(p.Date), Amount: p.Amount} })
	if rec.State != model.InvoiceIssued && rec.State != model.InvoiceVoid {
		return rec, fmt.Errorf("an invoice is issued or void, not %q", w.State)
	}
	var err error
	if rec.ClientID, err = ids.Local(Clients, w.Client); err != nil {
		return rec, err
	}
	for _, e := range w.Issued.BilledEntries {
		local, err := ids.Local(Entries, e.Entry)
		if err != nil {
			return rec, err
		}
		rec.Billed.Entries = append(rec.Billed.Entries, model.BilledEntry{ID: local, Day: model.Date(e.Day), Billed: e.Billed, Charged: e.Charged, Rate: e.Rate, Share: e.Share, LineCharged: e.Line})
	}
	for _, it := range w.Issued.BilledItems {
		item := model.BilledItem{Kind: model.ItemKind(it.Kind), Date: model.Date(it.Date), Amount: it.Amount}
		if kind, ok := RefKind(item.Kind); ok {
			if item.Ref, err = ids.Local(kind, it.Ref); err != nil {
				return rec, err
			}
		}
		rec.Billed.Items = append(rec.Billed.Items, item)
	}
	return BilledDays(tx, rec)
}

// BilledDays fills in the days of entries an invoice billed before days
// were kept (0): each entry's day in the zone the invoice was issued in.
func BilledDays(tx *bolt.Tx, rec Invoice) (Invoice, error) {
	loc, err := time.LoadLocation(rec.Zone)
	if err != nil {
		loc = time.UTC
	}
	for i, b := range rec.Billed.Entries {
		if b.Day != 0 {
			continue
		}
		e, err := Entries.Get(tx, b.ID)
		if err != nil {
			return rec, err
		}
		rec.Billed.Entries[i].Day = model.DateOf(e.Start, loc)
	}
	return rec, nil
}
