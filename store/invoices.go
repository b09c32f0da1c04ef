package store

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// Invoices (docs/design.md#invoices). A draft is stored as its client, its period, its
// note and the lines added by hand; its other lines are worked out from the
// data each time it is read. Issue stores every line, both parties and the
// rules it was priced by, and files a marker for each entry, fee, fixed
// price and sale it billed: drafts leave those out, and a change to one is
// refused. A later change that would price a billed line differently (a
// plan edit, an entry slipped into a billed retainer cycle) is refused too:
// every change that touches a client with issued invoices checks them
// (internal/billing).

// InvoiceRules are the rules a draft is priced by: the report's.
type InvoiceRules struct {
	Location *time.Location
	Now      time.Time
	Rounding model.Rounding
}

func (r InvoiceRules) options(clientID int64, from, to model.Date) model.ReportOptions {
	return model.ReportOptions{From: from, To: to, Location: r.Location, Now: r.Now, Rounding: r.Rounding, ClientID: clientID}
}

// putInvoice files an invoice; what an issued one billed goes in a bucket
// of its own, which only the lock check and void read: a list of years of
// invoices does not decode every entry they billed.
func putInvoice(w *writer, rec record.Invoice) error {
	if billed := rec.Billed; len(billed.Entries)+len(billed.Items) > 0 {
		if err := w.Put(record.BucketInvoiceBilled, record.IDKey(rec.ID), record.EncodeBilled(billed)); err != nil {
			return err
		}
	}
	return w.Put(record.BucketInvoices, record.IDKey(rec.ID), record.Invoices.Encode(rec))
}

// findInvoice resolves what people type: an invoice number, or a draft's
// name (d3). A bare number is only ever an invoice's.
func findInvoice(tx *bolt.Tx, ref string) (record.Invoice, error) {
	if v := tx.Bucket(record.BucketInvoiceNumbers).Get([]byte(ref)); v != nil {
		return record.Invoices.Get(tx, int64(binary.BigEndian.Uint64(v)))
	}
	id, ok := model.ParseDraftRef(ref)
	if !ok {
		return record.Invoice{}, model.Invalidf("no invoice %q (give an invoice number, or a draft's name such as d%s)", model.Printable(ref), cmp.Or(digitsOf(ref), "3"))
	}
	return getDraft(tx, id)
}

// digitsOf is the number s holds, as a draft's name would hold it; ""
// for none.
func digitsOf(s string) string {
	n, err := strconv.ParseUint(s, 10, 63)
	if err != nil || n == 0 { // no draft is d0
		return ""
	}
	return strconv.FormatUint(n, 10) // d7, not d007
}

// getDraft reads draft id, refusing an invoice issued from it.
func getDraft(tx *bolt.Tx, id int64) (record.Invoice, error) {
	rec, err := record.Invoices.Get(tx, id)
	switch {
	case err != nil:
		return rec, model.Invalidf("no draft %s", model.DraftRef(id))
	case rec.State != model.InvoiceDraft:
		return rec, model.Invalidf("%s was issued as %s", model.DraftRef(id), rec.Number)
	}
	return rec, nil
}

// clientLedger reads what one client's report of [from, to] needs: its
// entries from the history start (through the client index), how issued
// invoices priced them, the tasks they name and those done in the range,
// and its sales.
func clientLedger(tx *bolt.Tx, c model.Client, from, to model.Date, loc *time.Location) (model.Ledger, error) {
	l := model.Ledger{Clients: []model.Client{c}}
	var err error
	if l.Entries, err = clientHistory(tx, c, from, to, loc); err != nil {
		return l, err
	}
	if err := fillLedgerOfEntries(tx, &l, from, to, loc); err != nil {
		return l, err
	}
	l.Sales = slices.DeleteFunc(l.Sales, func(s model.Sale) bool { return s.ClientID != c.ID })
	return l, nil
}

// openFrom is the first day a client's draft prices from: the day after
// its last issued invoice, once it has one, so that the cost of a draft
// grows with the work not yet invoiced, not with the years. That day is
// the issuing zone's: in another its first instant may fall up to two
// days earlier (UTC+14 against UTC-12), so a draft prices from two days
// before it, where what the invoice billed stays billed and work it left
// is found in any zone.
func openFrom(tx *bolt.Tx, c model.Client, loc *time.Location) (model.Date, error) {
	if day, ok := billing.OpenDay(tx, c.ID); ok {
		return day.AddDays(-2), nil
	}
	return firstDay(tx, c, loc)
}

// firstDay is the first day a client's invoices could bill: its first
// entry, plan version or sale.
func firstDay(tx *bolt.Tx, c model.Client, loc *time.Location) (model.Date, error) {
	first := c.Plans[0].From
	if start, ok := index.FirstStart(tx, c.ID); ok {
		first = min(first, model.DateOf(start, loc))
	}
	// Sales earn only under a plan with a percent: others need not read them.
	if !slices.ContainsFunc(c.Plans, func(p model.Plan) bool { return p.PercentBP > 0 }) {
		return first, nil
	}
	sales, err := index.Sales(tx, 0, lastDay)
	for _, s := range sales {
		if s.ClientID == c.ID {
			first = min(first, s.Date)
		}
	}
	return first, err
}

// lastDay is past every day tally stores (they end in 2115).
var lastDay = model.MakeDate(2200, 1, 1)

// draft works out a draft's lines from the data, before its own.
func draft(tx *bolt.Tx, rec record.Invoice, c model.Client, rules InvoiceRules) (model.Invoice, model.Billed, error) {
	inv := rec.Invoice
	from, err := openFrom(tx, c, rules.Location)
	if err != nil || from > inv.To {
		return inv, model.Billed{}, err
	}
	l, err := clientLedger(tx, c, from, inv.To, rules.Location)
	if err != nil {
		return inv, model.Billed{}, err
	}
	report := model.BuildReport(l, rules.options(c.ID, from, inv.To))
	if len(report.Clients) == 0 {
		return inv, model.Billed{}, nil
	}
	lines, billed, first := model.DraftLines(report.Clients[0], billing.Billed(tx, c.ID))
	inv.From = min(inv.From, first)
	inv.Lines = append(lines, inv.Lines...)
	inv.TaxBP = c.Billing.VATBP
	inv.Currency = c.Currency
	return inv, billed, nil
}

// DraftRequest asks for a new draft.
type DraftRequest struct {
	Client    string
	From, To  model.Date // the period it is for; earlier uninvoiced lines join it
	Terms     int        // days to pay; 0 takes the client's
	Note      string     // printed on the invoice; may hold line breaks
	Reference string     // the client's reference or purchase order
}

// NewDraft makes a draft of every uninvoiced line of a client up to the
// request's last day and returns it with its lines. A client with nothing
// to invoice, or with a draft already, is refused.
func (s *Store) NewDraft(req DraftRequest, rules InvoiceRules) (model.Invoice, Warnings, error) {
	var inv model.Invoice
	warnings, err := s.update(func(w *writer) error {
		clients, err := record.ReadClients(w.tx)
		if err != nil {
			return err
		}
		c, err := model.FindClient(clients, req.Client)
		if err != nil {
			return err
		}
		if err := cmp.Or(model.CheckText("the note", req.Note), model.CheckNote(req.Note), model.CheckReference(req.Reference)); err != nil {
			return err
		}
		invoices, err := record.ReadInvoices(w.tx)
		if err != nil {
			return err
		}
		for _, other := range invoices {
			if other.ClientID == c.ID && other.State == model.InvoiceDraft {
				ref := other.Label()
				return model.Invalidf("%s has draft %s already: issue it (tally invoice issue %s) or remove it (tally invoice rm %s)", c.Name, ref, ref, ref)
			}
		}
		rec := record.Invoice{Invoice: model.Invoice{State: model.InvoiceDraft, ClientID: c.ID, Currency: c.Currency, From: req.From, To: req.To, Terms: req.Terms, Note: req.Note, Reference: req.Reference}}
		if inv, _, err = draft(w.tx, rec, c, rules); err != nil {
			return err
		}
		if len(inv.Lines) == 0 {
			return model.Invalidf("%s has nothing uninvoiced up to %s", c.Name, req.To)
		}
		if rec.ID, err = nextID(w, record.BucketInvoices); err != nil {
			return err
		}
		inv.ID = rec.ID
		w.Label = "make draft " + model.DraftRef(rec.ID) + " for " + c.Name
		return putInvoice(w, rec)
	})
	return inv, warnings, err
}

// Invoice returns an invoice by number or draft id, a draft with its lines
// worked out from the data as they stand, and its client.
func (s *Store) Invoice(ref string, rules InvoiceRules) (model.Invoice, model.Client, error) {
	var (
		inv model.Invoice
		c   model.Client
	)
	err := s.read(func(tx *bolt.Tx) error {
		rec, err := findInvoice(tx, ref)
		if err != nil {
			return err
		}
		inv, c, err = worked(tx, rec, rules)
		return err
	})
	if err == nil && inv.ID == 0 { // no file yet: it reads as empty
		err = model.Invalidf("no invoice %q", model.Printable(ref))
	}
	return inv, c, err
}

// worked returns an invoice as people see it: a draft with its lines.
func worked(tx *bolt.Tx, rec record.Invoice, rules InvoiceRules) (model.Invoice, model.Client, error) {
	c, err := record.Clients.Get(tx, rec.ClientID)
	if err != nil || rec.State != model.InvoiceDraft {
		return rec.Invoice, c, err
	}
	inv, _, err := draft(tx, rec, c, rules)
	return inv, c, err
}

// Billing is every invoice, drafts worked out from the data, with the
// clients and, when asked, what each client has not been invoiced for.
type Billing struct {
	Invoices   []model.Invoice
	Clients    []model.Client
	Uninvoiced map[int64]int64 // client id → amount up to today; absent when 0
}

// Billing reads the invoices, and with uninvoiced each active client's
// amount not on an issued invoice up to rules.Now's day, in one
// transaction. Each client's work is priced once: a draft up to that day
// bills what the client has not been invoiced for, so its lines from the
// data are that amount.
func (s *Store) Billing(rules InvoiceRules, uninvoiced bool) (Billing, error) {
	b := Billing{Uninvoiced: map[int64]int64{}}
	today := model.DateOf(rules.Now, rules.Location)
	err := s.read(func(tx *bolt.Tx) error {
		recs, err := record.ReadInvoices(tx)
		if err != nil {
			return err
		}
		priced := map[int64]model.Invoice{} // a client's work up to today, as its draft priced it
		for _, rec := range recs {
			inv, _, err := worked(tx, rec, rules)
			if err != nil {
				return err
			}
			b.Invoices = append(b.Invoices, inv)
			if rec.State == model.InvoiceDraft && rec.To == today {
				fromData := inv
				fromData.Lines = inv.Lines[:len(inv.Lines)-len(rec.Lines)] // not the lines made by hand
				priced[rec.ClientID] = fromData
			}
		}
		if b.Clients, err = record.ReadClients(tx); err != nil || !uninvoiced {
			return err
		}
		for _, c := range b.Clients {
			if c.Archived {
				continue
			}
			inv, ok := priced[c.ID]
			if !ok {
				if inv, _, err = draft(tx, record.Invoice{Invoice: model.Invoice{ClientID: c.ID, From: today, To: today}}, c, rules); err != nil {
					return err
				}
			}
			if sum := inv.Subtotal(); sum != 0 {
				b.Uninvoiced[c.ID] = sum
			}
		}
		return nil
	})
	return b, err
}

// Owed sums, per currency, what issued invoices are still owed, less what
// credit notes still credit (model.Owed): all a status line needs, without
// working out drafts.
func (s *Store) Owed() (map[string]int64, error) {
	var owed map[string]int64
	err := s.read(func(tx *bolt.Tx) error {
		recs, err := record.ReadInvoices(tx)
		invoices := make([]model.Invoice, len(recs))
		for i, rec := range recs {
			invoices[i] = rec.Invoice
		}
		owed = model.Owed(invoices)
		return err
	})
	return owed, err
}

// changeDraft applies change to draft id, in one transaction.
func (s *Store) changeDraft(id int64, label string, change func(*record.Invoice) error) (Warnings, error) {
	return s.update(func(w *writer) error {
		rec, err := getDraft(w.tx, id)
		if err != nil {
			return err
		}
		if err := change(&rec); err != nil {
			return err
		}
		w.Label = label + " " + rec.Label()
		return putInvoice(w, rec)
	})
}

// AddInvoiceLine adds a line made by hand (an expense, a discount) to a
// draft.
func (s *Store) AddInvoiceLine(id int64, line model.InvoiceLine) (Warnings, error) {
	return s.changeDraft(id, "add a line to draft", func(rec *record.Invoice) error {
		rec.Lines = append(rec.Lines, line)
		return rec.CheckAmounts("draft " + rec.Label())
	})
}

// RemoveInvoiceLine removes line n (from 1, as invoice show numbers them)
// of a draft; only lines made by hand can go.
func (s *Store) RemoveInvoiceLine(id int64, n int, rules InvoiceRules) (Warnings, error) {
	return s.update(func(w *writer) error {
		rec, err := getDraft(w.tx, id)
		if err != nil {
			return err
		}
		inv, c, err := worked(w.tx, rec, rules)
		if err != nil {
			return err
		}
		fromData := len(inv.Lines) - len(rec.Lines)
		switch {
		case n < 1 || n > len(inv.Lines):
			return model.Invalidf("draft %s has lines 1 to %d, not %d", rec.Label(), len(inv.Lines), n)
		case n <= fromData:
			return model.Invalidf("line %d is %s's work, not a line added by hand; mark its entries unbilled or invoice it", n, c.Name)
		}
		rec.Lines = slices.Delete(rec.Lines, n-fromData-1, n-fromData)
		w.Label = "remove a line from draft " + rec.Label()
		return putInvoice(w, rec)
	})
}

// RemoveDraft deletes a draft; an issued invoice is voided, never removed.
func (s *Store) RemoveDraft(id int64) (Warnings, error) {
	return s.update(func(w *writer) error {
		rec, err := getDraft(w.tx, id)
		if err != nil {
			return err
		}
		w.Label = "remove draft " + rec.Label()
		return w.Delete(record.BucketInvoices, record.IDKey(id))
	})
}
