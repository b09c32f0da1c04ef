package billing

import (
	"bytes"
	"encoding/binary"
	"strconv"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

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
	number, locked, err := LockedBy(tx, priceMarker(is.TaskID))
	if err != nil || !locked {
		return err
	}
	t, err := record.Tasks.Get(tx, is.TaskID)
	if err != nil {
		return err
	}
	return model.Invalidf("%s's fixed price is on invoice %s, and the time it covered with it; %s", record.TaskLabel(t), number, voidFirst(number))
}

// entryLockedBy returns the invoice that billed e, or billed the fixed
// price of its task.
func entryLockedBy(tx *bolt.Tx, e model.Entry) (string, bool, error) {
	return LockedBy(tx, EntryLock(tx, e))
}

// EntryLock is the marker that locks e, if any does: its own, or that of
// its task's fixed price.
func EntryLock(tx *bolt.Tx, e model.Entry) []byte {
	if marked := tx.Bucket(record.BucketInvoiced); marked.Get(EntryMarker(e.ID)) == nil && marked.Get(priceMarker(e.TaskID)) != nil {
		return priceMarker(e.TaskID)
	}
	return EntryMarker(e.ID)
}

// CheckTaskChange refuses a new client or new terms for a task with billed
// work, and any change to a billed fixed price.
func CheckTaskChange(tx *bolt.Tx, before, after []byte) error {
	if before == nil {
		return nil
	}
	was, is, err := decodeBoth(before, after, record.Tasks.Decode)
	if err != nil {
		return err
	}
	if number, locked, err := LockedBy(tx, priceMarker(was.ID)); err != nil || locked {
		if err == nil && (after == nil || was.ClientID != is.ClientID || repricesTask(was, is)) {
			err = model.Invalidf("the fixed price of %s is on invoice %s; %s", record.TaskLabel(was), number, voidFirst(number))
		}
		return err
	}
	number, locked, err := taskWorkLockedBy(tx, was.ID)
	if err != nil || !locked || after != nil && sameTerms(was, is) {
		return err
	}
	return model.Invalidf("%s has work on invoice %s, so it keeps its client, rate and billing; %s, or give the new terms to a new task", record.TaskLabel(was), number, voidFirst(number))
}

// sameTerms says whether two versions of a task bill alike: the same
// client, rate, price and billing.
func sameTerms(a, b model.Task) bool { return a.ClientID == b.ClientID && samePricing(a, b) }

// samePricing says whether two versions of a task price its time alike:
// the same rate, price and billing.
func samePricing(a, b model.Task) bool {
	return a.HasRate == b.HasRate && a.Rate == b.Rate && a.HasPrice == b.HasPrice && a.Price == b.Price && a.Unbilled == b.Unbilled
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
	return checkUnlocked(tx, SaleMarker(was.ID), "sale "+strconv.FormatInt(was.ID, 10))
}

// CheckClientChange refuses a new currency for a client with issued
// invoices, and a plan change on a day one of them covers.
func CheckClientChange(tx *bolt.Tx, before, after []byte) error {
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
	for k := range record.Between(tx.Bucket(record.BucketInvoiceSpans).Cursor(), SpanKey(clientID, max(day, 0), 0), record.IDKey(clientID+1)) {
		rec, err := record.Invoices.Get(tx, record.IDOfDayKey(k[len(record.IDKey(clientID)):]))
		return rec, err == nil, err
	}
	return record.Invoice{}, false, nil
}
