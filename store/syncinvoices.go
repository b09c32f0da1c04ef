package store

import (
	"cmp"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/record"
	"tally/store/internal/replica"
)

// Issued invoices travel too (record.Invoices), so that their numbers
// show on every device and what they billed is locked on every device.

// applyInvoice files an issued invoice from another device under its
// number, with the locks on what it billed, in place of old (nil: new
// here). An invoice whose number or billed work another invoice holds
// here is not applied, and listed.
func (w *merge) applyInvoice(gid string, old *record.Invoice, rec record.Invoice) error {
	if v := w.tx.Bucket(record.BucketInvoiceNumbers).Get([]byte(rec.Number)); v != nil && int64(record.GetUint(w.tx.Bucket(record.BucketInvoiceNumbers), []byte(rec.Number))) != rec.ID {
		return w.sync.Conflict(record.Invoices, gid, fmt.Sprintf("invoice %s from another device was not applied: this file issued %s to another invoice", rec.Number, rec.Number))
	}
	if old != nil && old.State == model.InvoiceIssued {
		if err := billing.Mark(w.Tx, old.Invoice, nil); err != nil {
			return err
		}
		if err := w.Delete(record.BucketInvoiceSpans, billing.SpanKey(old.ClientID, old.To, old.ID)); err != nil {
			return err
		}
		w.locks.Reprice(old.ClientID, old.From) // its work is open again, as after a void here
	}
	if rec.State == model.InvoiceIssued {
		for _, k := range billing.MarkerKeys(rec.Invoice) {
			if number, locked, err := billing.LockedBy(w.tx, k); err != nil || locked {
				if err == nil {
					err = w.sync.Conflict(record.Invoices, gid, fmt.Sprintf("invoice %s from another device was not applied: invoice %s billed some of its work here", rec.Number, number))
				}
				return err
			}
		}
		if err := billing.Mark(w.Tx, rec.Invoice, record.IDKey(rec.ID)); err != nil {
			return err
		}
		if err := w.Put(record.BucketInvoiceSpans, billing.SpanKey(rec.ClientID, rec.To, rec.ID), record.Present); err != nil {
			return err
		}
	}
	if err := w.Put(record.BucketInvoiceNumbers, []byte(rec.Number), record.IDKey(rec.ID)); err != nil {
		return err
	}
	if err := putInvoice(w.writer, rec); err != nil || rec.State != model.InvoiceIssued || old != nil && old.State == model.InvoiceIssued {
		return err
	}
	return w.listChangedHere(gid, rec.Invoice)
}

// billedEntryKept keeps prior, an entry an invoice billed here, against
// the hub's version e (lockedHere), unless prior is not as the invoice
// billed it (changed here before the invoice came) and e is: e puts it
// back. A device that holds the entry as billed sends it again when it
// keeps it from a change to what was billed, so that every device comes
// back to it.
func (w *merge) billedEntryKept(ref record.Ref, gid string, prior, e model.Entry) (bool, error) {
	priorAs, billed, err := billing.AsBilled(w.tx, prior)
	if err != nil {
		return false, err
	}
	eAs, _, err := billing.AsBilled(w.tx, e)
	if err != nil || billed && !priorAs && eAs {
		return false, err
	}
	kept, err := w.lockedHere(record.Entries, gid, billing.EntryLock(w.tx, prior), "an edit of the entry")
	if kept && priorAs && !eAs {
		w.sync.SendAgain(ref)
	}
	return kept, err
}

// listChangedHere lists each entry inv billed that this device holds
// otherwise: changed here before the invoice came from the device that
// issued it, whose version comes back with it.
func (w *merge) listChangedHere(gid string, inv model.Invoice) error {
	for _, b := range inv.Billed.Entries {
		e, err := record.Entries.Get(w.tx, b.ID)
		if err != nil {
			return err
		}
		if as, _, err := billing.AsBilled(w.tx, e); err != nil || as {
			if err != nil {
				return err
			}
			continue
		}
		if err := w.sync.Conflict(record.Invoices, gid, fmt.Sprintf("%s was changed here after invoice %s, issued on another device, billed it as %s: it comes back as billed from there; log what the change added as new work",
			entryText(w.tx, e), inv.Number, model.FormatSpan(b.Billed))); err != nil {
			return err
		}
	}
	return nil
}

// keepPaid settles a void and a payment made apart, which merge field by
// field into a void invoice holding a payment: a state no command makes,
// whose paid work the next draft would bill again. A paid invoice is not
// voided, so the payment wins: the invoice is issued again, on every
// device, and the void is listed.
func (w *merge) keepPaid(gid string, void record.Invoice) error {
	kept := void
	kept.State, kept.Voided, kept.Reason = model.InvoiceIssued, 0, ""
	list, err := w.decide(gid, "state", func() error { return w.applyInvoice(gid, &void, kept) }, gid)
	if err != nil || !list {
		return err
	}
	return w.sync.Conflict(record.Invoices, gid, fmt.Sprintf("%s %s was voided on another device (%s), but it holds %s: a paid %s is not voided, so it stays issued",
		void.Kind(), void.Number, void.Reason, void.PaidText(), void.Kind()))
}

// Work is billed once across devices: issuing claims on the hub, in the
// transaction that takes the number, what the invoice bills, named by
// global ids as the file's markers name it by local ones; a claim another
// invoice holds refuses the issue.

// claimKeys names what inv bills, by global ids, in order.
func claimKeys(ids record.IDs, inv model.Invoice) ([]string, error) {
	keys := make([]string, 0, len(inv.Billed.Entries)+len(inv.Billed.Items))
	for _, e := range inv.Billed.Entries {
		gid, err := ids.Global(record.Entries, e.ID)
		if err != nil {
			return nil, err
		}
		keys = append(keys, "entry "+gid)
	}
	for _, it := range inv.Billed.Items {
		kind, hasRef := record.RefKind(it.Kind)
		if !hasRef { // a retainer's fee: the client's, for the cycle from its date
			client, err := ids.Global(record.Clients, inv.ClientID)
			if err != nil {
				return nil, err
			}
			keys = append(keys, "fee "+client+" "+it.Date.String())
			continue
		}
		gid, err := ids.Global(kind, it.Ref)
		if err != nil {
			return nil, err
		}
		keys = append(keys, kind.String()+" "+gid)
	}
	slices.Sort(keys)
	return keys, nil
}

// billsClaimed refuses an issue of draft label that bills other work than
// claims, which the hub holds for it.
func billsClaimed(ids record.IDs, label string, inv model.Invoice, claims []string) error {
	keys, err := claimKeys(ids, inv)
	if err != nil || slices.Equal(keys, claims) {
		return err
	}
	return model.Invalidf("draft %s bills other work than when the hub was asked (it changed meanwhile); issue it again", label)
}

// Claims names what issuing draft id now would bill, by global ids: the
// hub holds them for the invoice, so that no other device bills them.
func (s *Store) Claims(id int64, rules InvoiceRules) ([]string, error) {
	var keys []string
	err := s.read(func(tx *bolt.Tx) error {
		rec, err := getDraft(tx, id)
		if err != nil {
			return err
		}
		c, err := record.Clients.Get(tx, rec.ClientID)
		if err != nil {
			return err
		}
		inv, billed, err := draft(tx, rec, c, rules)
		if err != nil {
			return err
		}
		inv.Billed = billed
		keys, err = claimKeys(replica.Reader(tx), inv)
		return err
	})
	return keys, err
}

// Voided returns those of numbers that name invoices this file holds as
// void: their claims on the hub are free for another invoice to take.
func (s *Store) Voided(numbers []string) ([]string, error) {
	var void []string
	err := s.read(func(tx *bolt.Tx) error {
		for _, number := range numbers {
			v := tx.Bucket(record.BucketInvoiceNumbers).Get([]byte(number))
			if v == nil {
				continue
			}
			rec, err := record.Invoices.Get(tx, int64(record.GetUint(tx.Bucket(record.BucketInvoiceNumbers), []byte(number))))
			if err != nil {
				return err
			}
			if rec.State == model.InvoiceVoid {
				void = append(void, number)
			}
		}
		return nil
	})
	return void, err
}

// IssuedClaims names, by invoice number, what each invoice issued and
// not void bills, as Claims does: a hub that lost them (put back from a
// backup) takes them again.
func (s *Store) IssuedClaims() (map[string][]string, error) {
	claims := map[string][]string{}
	err := s.eachIssuedClaims(false, func(number string, keys []string) bool {
		claims[number] = keys
		return true
	})
	return claims, err
}

// LastClaims names the invoice issued (or pulled) here last that bills
// anything, and what it bills; "" when there is none. A hub that lacks
// its claims lacks those before it too.
func (s *Store) LastClaims() (number string, keys []string, err error) {
	err = s.eachIssuedClaims(true, func(n string, k []string) bool {
		number, keys = n, k
		return false
	})
	return number, keys, err
}

// eachIssuedClaims calls fn with each invoice issued and not void that
// bills anything, and what it bills, in the order they were filed here
// (backwards: from the last), until fn returns false.
func (s *Store) eachIssuedClaims(backwards bool, fn func(number string, keys []string) bool) error {
	return s.read(func(tx *bolt.Tx) error {
		ids := replica.Reader(tx)
		c := tx.Bucket(record.BucketInvoices).Cursor()
		first, next := c.First, c.Next
		if backwards {
			first, next = c.Last, c.Prev
		}
		for k, v := first(); k != nil; k, v = next() {
			rec, err := record.Invoices.Decode(v)
			if err != nil {
				return err
			}
			if rec.State != model.InvoiceIssued {
				continue
			}
			if rec, err = record.WithBilled(tx, rec); err != nil {
				return err
			}
			keys, err := claimKeys(ids, rec.Invoice)
			if err != nil {
				return err
			}
			if len(keys) > 0 && !fn(rec.Number, keys) {
				return nil
			}
		}
		return nil
	})
}

// InvoiceNumbers returns the number of every invoice the file holds,
// issued here or pulled, void or not, in the order the file filed them
// (the last is the newest): a hub put back from a backup takes them
// again, so that it never gives one of them twice.
func (s *Store) InvoiceNumbers() ([]string, error) {
	var numbers []string
	err := s.read(func(tx *bolt.Tx) error {
		byNumber := tx.Bucket(record.BucketInvoiceNumbers)
		ids := map[string]uint64{}
		err := byNumber.ForEach(func(k, _ []byte) error {
			numbers = append(numbers, string(k))
			ids[string(k)] = record.GetUint(byNumber, k)
			return nil
		})
		slices.SortStableFunc(numbers, func(a, b string) int { return cmp.Compare(ids[a], ids[b]) })
		return err
	})
	return numbers, err
}
