package store

import (
	"encoding/binary"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/record"
)

// Issue gives a draft the next number of its issue year, freezes its
// lines, both parties and its tax, and locks what it billed. Undo stops
// at it: an issued number is taken back only by void. A file that syncs
// takes its numbers from the hub (IssueNumbered), so Issue refuses it.
func (s *Store) Issue(id int64, on model.Date, business model.Party, format model.NumberFormat, rules InvoiceRules) (model.Invoice, Warnings, error) {
	return s.issue(id, on, business, format, rules, nil)
}

// HubNumber is what the hub gave an issue: the sequence number of its
// year, and what it holds the invoice to bill (Claims).
type HubNumber struct {
	Seq    int64
	Claims []string
}

// IssueNumbered issues a draft as Issue does, with the number the hub
// gave; it refuses a draft that bills other work than the hub holds for
// it (it changed since the hub was asked).
func (s *Store) IssueNumbered(id int64, on model.Date, business model.Party, format model.NumberFormat, rules InvoiceRules, n HubNumber) (model.Invoice, Warnings, error) {
	if n.Seq <= 0 {
		return model.Invoice{}, nil, model.Invalidf("invoice sequence %d: want 1 or more", n.Seq)
	}
	return s.issue(id, on, business, format, rules, &n)
}

// NextInvoiceSeq is the sequence number the next invoice of year would
// take here: the hub gives no lower one. Year 0 is the sequence of every
// year (model.NumberFormat.SequenceYear).
func (s *Store) NextInvoiceSeq(year int) (int64, error) {
	var next int64
	err := s.read(func(tx *bolt.Tx) error {
		next = lastSeq(tx.Bucket(record.BucketInvoiceSeq), yearKey(year)) + 1
		return nil
	})
	return max(next, 1), err
}

// InvoiceSeqs returns the last sequence number issued here in each year:
// what a hub learns before it gives numbers, so that it never gives one
// this file issued before it synced.
func (s *Store) InvoiceSeqs() (map[int]int64, error) {
	seqs := map[int]int64{}
	err := s.read(func(tx *bolt.Tx) error {
		return tx.Bucket(record.BucketInvoiceSeq).ForEach(func(k, v []byte) error {
			if len(k) == 4 && len(v) == 8 {
				seqs[int(int32(binary.BigEndian.Uint32(k)))] = int64(binary.BigEndian.Uint64(v))
			}
			return nil
		})
	})
	return seqs, err
}

func yearKey(year int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(year)) }

// ErrHubNumbers refuses to issue an invoice of a synced file without the
// hub, which gives the numbers.
var ErrHubNumbers = model.Invalidf("this file syncs with a hub, which gives invoice numbers so that no two machines issue the same; issue it while the hub answers")

// issue issues draft id as number seq of its year, or as the next here
// when seq is 0.
func (s *Store) issue(id int64, on model.Date, business model.Party, format model.NumberFormat, rules InvoiceRules, hub *HubNumber) (model.Invoice, Warnings, error) {
	var inv model.Invoice
	warnings, err := s.update(func(w *writer) error {
		if w.sync.Linked() && hub == nil {
			return ErrHubNumbers
		}
		rec, err := getDraft(w.tx, id)
		if err != nil {
			return err
		}
		c, err := record.Clients.Get(w.tx, rec.ClientID)
		if err != nil {
			return err
		}
		var billed model.Billed
		if inv, billed, err = draft(w.tx, rec, c, rules); err != nil {
			return err
		}
		if len(inv.Lines) == 0 {
			return model.Invalidf("draft %s has no lines left: every line was invoiced since", rec.Label())
		}
		if err := inv.CheckAmounts("draft " + rec.Label()); err != nil {
			return err
		}
		if err := checkIssueDate(w.tx, inv, on, model.DateOf(rules.Now, rules.Location)); err != nil {
			return err
		}
		year, _, _ := on.Civil()
		key := yearKey(format.SequenceYear(year))
		seq := lastSeq(w.tx.Bucket(record.BucketInvoiceSeq), key) + 1
		if hub != nil {
			if hub.Seq < seq {
				return model.Invalidf("the hub gave number %d of %d, but this file has issued %d already; try again", hub.Seq, year, seq-1)
			}
			if err := billsClaimed(w.sync, rec.Label(), model.Invoice{ClientID: c.ID, Billed: billed}, hub.Claims); err != nil {
				return err
			}
			seq = hub.Seq
		}
		inv.Number = format.Number(year, seq)
		if w.tx.Bucket(record.BucketInvoiceNumbers).Get([]byte(inv.Number)) != nil {
			return model.Invalidf("invoice number %s is taken: the [invoice] number format %q gives it twice; add {year} to it", inv.Number, string(format))
		}
		inv.State, inv.Issued, inv.Due = model.InvoiceIssued, on, on.AddDays(model.TermsOf(inv.Terms, c.Billing.TermsDays))
		inv.Business, inv.Client = business, c.BillTo()
		inv.Plans = c.PlansDuring(inv.From, inv.To)
		inv.Billed = billed
		rec = record.Invoice{Invoice: inv, Zone: rules.Location.String(), Rounding: rules.Rounding}
		if err := w.Put(record.BucketInvoiceSeq, key, record.UintBytes(uint64(seq))); err != nil {
			return err
		}
		if err := w.Put(record.BucketInvoiceNumbers, []byte(inv.Number), record.IDKey(id)); err != nil {
			return err
		}
		if err := w.Put(record.BucketInvoiceSpans, billing.SpanKey(c.ID, inv.To, id), record.Present); err != nil {
			return err
		}
		if err := billing.Mark(w.Tx, inv, record.IDKey(id)); err != nil {
			return err
		}
		// Everything up to the invoice's last day is on it now, but for a
		// timer still running on the client's work.
		open := inv.To.AddDays(1)
		if running, ok, err := record.Running(w.tx); err != nil {
			return err
		} else if ok {
			if t, err := record.Tasks.Get(w.tx, running.TaskID); err == nil && t.ClientID == c.ID {
				open = min(open, model.DateOf(running.Start, time.UTC).AddDays(-1))
			}
		}
		if err := billing.PutOpenDay(w.Tx, c.ID, open); err != nil {
			return err
		}
		w.Label = "issue invoice " + inv.Number
		w.Final = "the last change issued invoice " + inv.Number + "; an issued invoice is taken back with tally invoice void " + inv.Number + " --reason TEXT"
		return putInvoice(w, rec)
	})
	return inv, warnings, err
}

// changeIssued applies change to issued invoice number.
func (s *Store) changeIssued(number string, change func(w *writer, rec *record.Invoice) error) (model.Invoice, Warnings, error) {
	var inv model.Invoice
	warnings, err := s.update(func(w *writer) error {
		rec, err := findInvoice(w.tx, number)
		if err != nil {
			return err
		}
		if rec.State == model.InvoiceDraft {
			return model.Invalidf("draft %s is not issued yet", rec.Label())
		}
		if err := change(w, &rec); err != nil {
			return err
		}
		inv = rec.Invoice
		return putInvoice(w, rec)
	})
	return inv, warnings, err
}

// Void marks an issued invoice void: its number stays, taken, and what it
// billed is free to invoice (and change) again.
func (s *Store) Void(number, reason string, on model.Date) (model.Invoice, Warnings, error) {
	return s.changeIssued(number, func(w *writer, rec *record.Invoice) error {
		switch {
		case rec.State == model.InvoiceVoid:
			return model.Invalidf("invoice %s is void already (%s)", rec.Number, rec.Reason)
		case rec.Paid() != 0:
			return model.Invalidf("%s %s has %s; a paid %s is not voided", rec.Kind(), rec.Number, rec.PaidText(), rec.Kind())
		}
		if strings.TrimSpace(reason) == "" {
			return model.Invalidf("say why invoice %s is void (--reason TEXT): the number stays, with its reason", rec.Number)
		}
		if err := model.CheckText("the reason", reason); err != nil {
			return err
		}
		rec.State, rec.Voided, rec.Reason = model.InvoiceVoid, on, reason
		billed, err := record.WithBilled(w.tx, *rec)
		if err != nil {
			return err
		}
		if err := billing.Mark(w.Tx, billed.Invoice, nil); err != nil {
			return err
		}
		w.locks.Reprice(rec.ClientID, rec.From) // its work is open again
		w.Label = "void invoice " + rec.Number
		w.Final = "the last change voided invoice " + rec.Number + "; a void invoice stays void (make a new draft for its work)"
		return w.Delete(record.BucketInvoiceSpans, billing.SpanKey(rec.ClientID, rec.To, rec.ID))
	})
}

// Pay records a payment against an issued invoice.
func (s *Store) Pay(number string, p model.Payment) (model.Invoice, Warnings, error) {
	return s.changeIssued(number, func(w *writer, rec *record.Invoice) error {
		w.Label = "record a payment of invoice " + rec.Number
		return rec.AddPayment(p)
	})
}
