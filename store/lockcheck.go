package store

import (
	"bytes"
	"encoding/binary"
	"errors"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// The one check that holds every change to what issued invoices billed
// (docs/design.md#invoices). It runs at the end of every change, whatever path made it
// (a command, the app, an import, undo or redo, a sync), over the records
// the change put or deleted, each with its value before and after:
//
//   - an entry an invoice billed, and every entry of a task whose fixed
//     price it billed (its time cost nothing, but it is what the price
//     covered), never changes or goes; no time joins such a task;
//   - a task with billed work keeps its client and its terms (rate, price,
//     billable), and a fixed price once billed stays done as billed;
//   - a billed sale never changes or goes;
//   - a client keeps its currency, and its plan on every day up to the last
//     an issued invoice of it covers.
//
// Each refusal names the invoice and the way out: void it first.

// lockedBuckets hold the records the check is about.
var lockedBuckets = [][]byte{record.BucketEntries, record.BucketTasks, record.BucketClients, record.BucketSales}

// invoiceLock is the observer of the invoices' locks: it keeps what each
// record the change touched held before, then holds the change to the
// markers of what issued invoices billed (check), and moves back the open
// day of each client whose priced work the change touched, from which
// its drafts price (lowerOpenFrom).
type invoiceLock struct {
	tx      *write.Tx
	seen    write.Keys
	touched []write.Event // each record's first write: Before is its value before the change
	checked bool          // a pull listed what the check found, and applied the rest
	// repriced is, per client, the first day whose pricing the change may
	// have moved, beyond its records: a void's.
	repriced map[int64]model.Date
	clients  record.TaskClients
}

// Observe keeps the first write of each record the check is about. A bulk
// change only adds: its keys are all new.
func (l *invoiceLock) Observe(e write.Event) error {
	if record.IsBucket(e.Bucket, lockedBuckets...) && (l.tx.Bulk || l.seen.Add(e)) {
		l.touched = append(l.touched, write.Event{Bucket: e.Bucket, Key: bytes.Clone(e.Key), Before: e.Before})
	}
	return nil
}

func (l *invoiceLock) Settle() error {
	if !l.checked {
		if err := l.check(); err != nil {
			return err
		}
	}
	return l.lowerOpenFrom()
}

// checkNow runs the check before the change settles: a pull lists what it
// refuses, and applies the rest.
func (l *invoiceLock) checkNow() error {
	err := l.check()
	l.checked = true
	return err
}

// lockedChange is a record the change touched, with its value before and
// after.
type lockedChange struct {
	bucket        string
	before, after []byte
}

// changes are the records the change touched and altered, in the order
// it first touched them.
func (l *invoiceLock) changes() []lockedChange {
	tx := l.tx.Bolt()
	var out []lockedChange
	for _, e := range l.touched {
		if after := tx.Bucket(e.Bucket).Get(e.Key); !bytes.Equal(e.Before, after) {
			out = append(out, lockedChange{string(e.Bucket), e.Before, after})
		}
	}
	return out
}

// check refuses a change to what an issued invoice billed: each record
// the change touched is held to the markers of what issued invoices
// billed.
func (l *invoiceLock) check() error {
	tx := l.tx.Bolt()
	entries := map[int64]*[2][]byte{} // an entry's value before and after: its key moves with its start
	var order []int64
	for _, c := range l.changes() {
		var err error
		switch c.bucket {
		case string(record.BucketEntries):
			order, err = pairEntry(entries, order, c.before, c.after)
		case string(record.BucketTasks):
			err = checkTaskChange(tx, c.before, c.after)
		case string(record.BucketClients):
			err = checkClientChange(tx, c.before, c.after)
		case string(record.BucketSales):
			err = checkSaleChange(tx, c.before)
		}
		if err != nil {
			return err
		}
	}
	for _, id := range order {
		if err := checkEntryChange(tx, entries[id][0], entries[id][1]); err != nil {
			return err
		}
	}
	return nil
}

// pairEntry files an entry record's value before and after under the
// entry's id, keeping the order the ids first came in.
func pairEntry(entries map[int64]*[2][]byte, order []int64, before, after []byte) ([]int64, error) {
	for i, v := range [][]byte{before, after} {
		if v == nil {
			continue
		}
		e, err := record.DecodePriced(v)
		if err != nil {
			return order, err
		}
		pair := entries[e.ID]
		if pair == nil {
			pair = &[2][]byte{}
			entries[e.ID] = pair
			order = append(order, e.ID)
		}
		pair[i] = v
	}
	return order, nil
}

// checkEntryChange refuses a change to billed time, and time that joins a
// task whose fixed price was billed.
func checkEntryChange(tx *bolt.Tx, before, after []byte) error {
	if bytes.Equal(before, after) {
		return nil
	}
	var was, is model.Entry
	var err error
	if before != nil {
		if was, err = record.DecodePriced(before); err != nil {
			return err
		}
		if number, locked, err := entryLockedBy(tx, was); err != nil || locked {
			if err == nil {
				err = model.Invalidf("entry %d is on invoice %s; %s", was.ID, number, voidFirst(number))
			}
			return err
		}
	}
	if after == nil {
		return nil
	}
	if is, err = record.DecodePriced(after); err != nil || before != nil && was.TaskID == is.TaskID {
		return err
	}
	number, locked, err := lockedBy(tx, priceMarker(is.TaskID))
	if err != nil || !locked {
		return err
	}
	t, err := record.Tasks.Get(tx, is.TaskID)
	if err != nil {
		return err
	}
	return model.Invalidf("%s's fixed price is on invoice %s, and the time it covered with it; %s", taskLabel(t), number, voidFirst(number))
}

// entryLockedBy returns the invoice that billed e, or billed the fixed
// price of its task.
func entryLockedBy(tx *bolt.Tx, e model.Entry) (string, bool, error) {
	return lockedBy(tx, entryLock(tx, e))
}

// entryLock is the marker that locks e, if any does: its own, or that of
// its task's fixed price.
func entryLock(tx *bolt.Tx, e model.Entry) []byte {
	if marked := tx.Bucket(record.BucketInvoiced); marked.Get(entryMarker(e.ID)) == nil && marked.Get(priceMarker(e.TaskID)) != nil {
		return priceMarker(e.TaskID)
	}
	return entryMarker(e.ID)
}

// checkTaskChange refuses a new client or new terms for a task with billed
// work, and any change to a billed fixed price.
func checkTaskChange(tx *bolt.Tx, before, after []byte) error {
	if before == nil {
		return nil
	}
	was, is, err := decodeBoth(before, after, record.Tasks.Decode)
	if err != nil {
		return err
	}
	if number, locked, err := lockedBy(tx, priceMarker(was.ID)); err != nil || locked {
		if err == nil && (after == nil || !sameTerms(was, is) || was.Done != is.Done || was.DoneOn != is.DoneOn) {
			err = model.Invalidf("the fixed price of %s is on invoice %s; %s", taskLabel(was), number, voidFirst(number))
		}
		return err
	}
	number, locked, err := taskWorkLockedBy(tx, was.ID)
	if err != nil || !locked || after != nil && sameTerms(was, is) {
		return err
	}
	return model.Invalidf("%s has work on invoice %s, so it keeps its client, rate and billing; %s, or give the new terms to a new task", taskLabel(was), number, voidFirst(number))
}

// sameTerms says whether two versions of a task bill alike: the same
// client, rate, price and billing.
func sameTerms(a, b model.Task) bool {
	return a.ClientID == b.ClientID && a.HasRate == b.HasRate && a.Rate == b.Rate &&
		a.HasPrice == b.HasPrice && a.Price == b.Price && a.Unbilled == b.Unbilled
}

// decodeBoth decodes a record's value before a change and after it (the
// zero value when it went).
func decodeBoth[T any](before, after []byte, decode func([]byte) (T, error)) (was, is T, err error) {
	if was, err = decode(before); err != nil || after == nil {
		return was, is, err
	}
	is, err = decode(after)
	return was, is, err
}

// checkSaleChange refuses any change to a billed sale.
func checkSaleChange(tx *bolt.Tx, before []byte) error {
	if before == nil {
		return nil
	}
	was, err := record.Sales.Decode(before)
	if err != nil {
		return err
	}
	return checkUnlocked(tx, saleMarker(was.ID), "sale "+itoa(was.ID))
}

// checkClientChange refuses a new currency for a client with issued
// invoices, and a plan change on a day one of them covers.
func checkClientChange(tx *bolt.Tx, before, after []byte) error {
	if before == nil {
		return nil
	}
	was, is, err := decodeBoth(before, after, record.Clients.Decode)
	if err != nil {
		return err
	}
	day, changed := firstPlanChange(was.Plans, is.Plans)
	if after != nil && was.Currency != is.Currency {
		day, changed = 0, true
	}
	if !changed {
		return nil
	}
	rec, covered, err := invoiceCovering(tx, was.ID, day)
	if err == nil && !covered {
		rec, covered, err = feeCovering(tx, was, day)
	}
	if err != nil || !covered {
		return err
	}
	return model.Invalidf("that change would reprice invoice %s (%s to %s) of %s; %s", rec.Number, rec.From, rec.To, was.Name, voidFirst(rec.Number))
}

// feeCovering returns the issued invoice that billed, in advance, the fee
// of a retainer cycle of c's that runs on day, if any: a change from day
// would split that cycle and its fee.
func feeCovering(tx *bolt.Tx, c model.Client, day model.Date) (record.Invoice, bool, error) {
	prefix := append([]byte{'f'}, record.IDKey(c.ID)...)
	cur := tx.Bucket(record.BucketInvoiced).Cursor()
	k, v := cur.Seek(feeMarker(c.ID, day+1)) // the first after day: the one before it is the last billed fee up to day
	if k == nil {
		k, v = cur.Last()
	} else {
		k, v = cur.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, prefix) {
		return record.Invoice{}, false, nil
	}
	if cycle, ok := c.CycleOn(model.Date(int32(binary.BigEndian.Uint32(k[len(prefix):])))); !ok || cycle.End < day {
		return record.Invoice{}, false, nil
	}
	rec, err := record.Invoices.Get(tx, int64(binary.BigEndian.Uint64(v)))
	return rec, err == nil, err
}

// invoiceCovering returns the issued invoice of a client whose period
// ends first on or after day, if any.
func invoiceCovering(tx *bolt.Tx, clientID int64, day model.Date) (record.Invoice, bool, error) {
	for k := range record.Between(tx.Bucket(record.BucketInvoiceSpans).Cursor(), spanKey(clientID, max(day, 0), 0), record.IDKey(clientID+1)) {
		rec, err := record.Invoices.Get(tx, record.IDOfDayKey(k[len(record.IDKey(clientID)):]))
		return rec, err == nil, err
	}
	return record.Invoice{}, false, nil
}

// billedHere keeps, for a sync, a client or task as issued invoices here
// billed it: a change from another device to the record in bucket under
// id, after, that check refuses is listed as a conflict, not applied, as
// lockedHere does for entries and sales.
func (w *writer) billedHere(kind record.Kind, gid string, check func(tx *bolt.Tx, before, after []byte) error, bucket []byte, id int64, after []byte) (bool, error) {
	err := check(w.tx, w.tx.Bucket(bucket).Get(record.IDKey(id)), after)
	if !errors.Is(err, model.ErrInvalid) {
		return false, err
	}
	return true, w.conflict(kind, gid, "a change from another device was not applied: "+err.Error())
}
