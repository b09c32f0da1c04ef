package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Issued invoices travel too, so that their numbers show on every device
// and what they billed is locked on every device. A draft is one
// machine's work in progress, and stays there.

// invoiceWire is an issued invoice's fields: what was frozen at issue,
// and what may change after (payments, void) as fields of their own.
type invoiceWire struct {
	Client   string          `json:"client"`
	Issued   issuedWire      `json:"issued"`
	Payments []model.Payment `json:"payments"`
	State    string          `json:"state"`
	Voided   model.Date      `json:"voided"`
	Reason   string          `json:"reason"`
}

// issuedWire is the invoice as issued, what it billed named by global
// ids.
type issuedWire struct {
	invoiceRecord
	BilledEntries []billedEntryWire `json:"billed_entries"`
	BilledItems   []billedItemWire  `json:"billed_items"`
}

type billedEntryWire struct {
	Entry   string     `json:"entry"`
	Day     model.Date `json:"day,omitempty"` // 0 from a tally that did not send it
	Billed  int64      `json:"billed"`
	Charged int64      `json:"charged"`
	Rate    int64      `json:"rate"`
}

type billedItemWire struct {
	Kind   model.ItemKind `json:"kind"`
	Date   model.Date     `json:"date"`
	Ref    string         `json:"ref"` // the fixed-price task or the sale; "" for a fee
	Amount int64          `json:"amount"`
}

// refKind is the kind of record a billed item refers to.
func refKind(kind model.ItemKind) (syncKind, bool) {
	switch kind {
	case model.ItemFixedPrice:
		return kindTask, true
	case model.ItemCommission:
		return kindSale, true
	}
	return 0, false
}

// invoiceFields turns a stored invoice into a change's fields; a draft
// has none.
func (w *writer) invoiceFields(stored []byte) (fields, error) {
	rec, err := decodeInvoice(stored)
	if err != nil || rec.State == model.InvoiceDraft {
		return nil, err
	}
	if rec, err = withBilled(w.tx, rec); err != nil {
		return nil, err
	}
	client, err := w.globalID(kindClient, rec.ClientID)
	if err != nil {
		return nil, err
	}
	wire := invoiceWire{Client: client, Payments: rec.Payments, State: string(rec.State), Voided: rec.Voided, Reason: rec.Reason}
	for _, e := range rec.Billed.Entries {
		gid, err := w.globalID(kindEntry, e.ID)
		if err != nil {
			return nil, err
		}
		wire.Issued.BilledEntries = append(wire.Issued.BilledEntries, billedEntryWire{gid, e.Day, e.Billed, e.Charged, e.Rate})
	}
	for _, it := range rec.Billed.Items {
		item := billedItemWire{Kind: it.Kind, Date: it.Date, Amount: it.Amount}
		if kind, ok := refKind(it.Kind); ok {
			if item.Ref, err = w.globalID(kind, it.Ref); err != nil {
				return nil, err
			}
		}
		wire.Issued.BilledItems = append(wire.Issued.BilledItems, item)
	}
	issued := rec
	issued.ID, issued.ClientID, issued.Billed = 0, 0, model.Billed{}
	issued.Payments, issued.State, issued.Voided, issued.Reason = nil, "", 0, ""
	wire.Issued.invoiceRecord = issued
	return toFields(wire)
}

// invoiceFrom makes the local invoice record with local id from merged
// fields.
func (w *writer) invoiceFrom(id int64, f fields) (invoiceRecord, error) {
	wire, err := fromFields[invoiceWire](f)
	if err != nil {
		return invoiceRecord{}, err
	}
	rec := wire.Issued.invoiceRecord
	rec.ID, rec.Payments, rec.State, rec.Voided, rec.Reason = id, wire.Payments, model.InvoiceState(wire.State), wire.Voided, wire.Reason
	if rec.State != model.InvoiceIssued && rec.State != model.InvoiceVoid {
		return rec, fmt.Errorf("an invoice is issued or void, not %q", wire.State)
	}
	if rec.ClientID, err = w.localID(kindClient, wire.Client); err != nil {
		return rec, err
	}
	for _, e := range wire.Issued.BilledEntries {
		local, err := w.localID(kindEntry, e.Entry)
		if err != nil {
			return rec, err
		}
		rec.Billed.Entries = append(rec.Billed.Entries, model.BilledEntry{ID: local, Day: e.Day, Billed: e.Billed, Charged: e.Charged, Rate: e.Rate})
	}
	for _, it := range wire.Issued.BilledItems {
		item := model.BilledItem{Kind: it.Kind, Date: it.Date, Amount: it.Amount}
		if kind, ok := refKind(it.Kind); ok {
			if item.Ref, err = w.localID(kind, it.Ref); err != nil {
				return rec, err
			}
		}
		rec.Billed.Items = append(rec.Billed.Items, item)
	}
	return billedDays(w.tx, rec)
}

// applyInvoice files an issued invoice from another device under its
// number, with the locks on what it billed, in place of old (nil: new
// here). An invoice whose number or billed work another invoice holds
// here is not applied, and listed.
func (w *writer) applyInvoice(gid string, old *invoiceRecord, rec invoiceRecord) error {
	if v := w.tx.Bucket(bucketInvoiceNumbers).Get([]byte(rec.Number)); v != nil && int64(getUint(w.tx.Bucket(bucketInvoiceNumbers), []byte(rec.Number))) != rec.ID {
		return w.conflict(kindInvoice, gid, fmt.Sprintf("invoice %s from another device was not applied: this file issued %s to another invoice", rec.Number, rec.Number))
	}
	if old != nil && old.State == model.InvoiceIssued {
		if err := mark(w, old.Invoice, nil); err != nil {
			return err
		}
		if err := w.del(bucketInvoiceSpans, spanKey(old.ClientID, old.To, old.ID)); err != nil {
			return err
		}
	}
	if rec.State == model.InvoiceIssued {
		for _, k := range markerKeys(rec.Invoice) {
			if number, locked, err := lockedBy(w.tx, k); err != nil || locked {
				if err == nil {
					err = w.conflict(kindInvoice, gid, fmt.Sprintf("invoice %s from another device was not applied: invoice %s billed some of its work here", rec.Number, number))
				}
				return err
			}
		}
		if err := mark(w, rec.Invoice, idKey(rec.ID)); err != nil {
			return err
		}
		if err := w.put(bucketInvoiceSpans, spanKey(rec.ClientID, rec.To, rec.ID), present); err != nil {
			return err
		}
	}
	if err := w.put(bucketInvoiceNumbers, []byte(rec.Number), idKey(rec.ID)); err != nil {
		return err
	}
	return putInvoice(w, rec)
}

// Work is billed once across devices: issuing claims on the hub, in the
// transaction that takes the number, what the invoice bills, named by
// global ids as the file's markers name it by local ones; a claim another
// invoice holds refuses the issue.

// claimKeys names what inv bills, by global ids, in order.
func (w *writer) claimKeys(inv model.Invoice) ([]string, error) {
	keys := make([]string, 0, len(inv.Billed.Entries)+len(inv.Billed.Items))
	for _, e := range inv.Billed.Entries {
		gid, err := w.globalID(kindEntry, e.ID)
		if err != nil {
			return nil, err
		}
		keys = append(keys, "entry "+gid)
	}
	for _, it := range inv.Billed.Items {
		kind, hasRef := refKind(it.Kind)
		if !hasRef { // a retainer's fee: the client's, for the cycle from its date
			client, err := w.globalID(kindClient, inv.ClientID)
			if err != nil {
				return nil, err
			}
			keys = append(keys, "fee "+client+" "+it.Date.String())
			continue
		}
		gid, err := w.globalID(kind, it.Ref)
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
func (w *writer) billsClaimed(label string, inv model.Invoice, claims []string) error {
	keys, err := w.claimKeys(inv)
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
		c, err := getClient(tx, rec.ClientID)
		if err != nil {
			return err
		}
		inv, billed, err := draft(tx, rec, c, rules)
		if err != nil {
			return err
		}
		inv.Billed = billed
		keys, err = (&writer{tx: tx}).claimKeys(inv)
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
			v := tx.Bucket(bucketInvoiceNumbers).Get([]byte(number))
			if v == nil {
				continue
			}
			rec, err := getInvoiceRecord(tx, int64(getUint(tx.Bucket(bucketInvoiceNumbers), []byte(number))))
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
		w := &writer{tx: tx}
		c := tx.Bucket(bucketInvoices).Cursor()
		first, next := c.First, c.Next
		if backwards {
			first, next = c.Last, c.Prev
		}
		for k, v := first(); k != nil; k, v = next() {
			rec, err := decodeInvoice(v)
			if err != nil {
				return err
			}
			if rec.State != model.InvoiceIssued {
				continue
			}
			if rec, err = withBilled(tx, rec); err != nil {
				return err
			}
			keys, err := w.claimKeys(rec.Invoice)
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
