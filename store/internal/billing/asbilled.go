package billing

import (
	"bytes"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// An entry an invoice billed never changes (check.go), but in one way: an
// entry changed on another device before the invoice reached it is not
// there as the invoice billed it, and may be put back as billed (by the
// pull of the issuing device's version, or by hand), so that the devices
// come back to one entry and the invoice's figures are its own again.

// AsBilled says whether entry e is as the invoice that billed it priced
// it: finished, billable, on a task the invoice billed, on the day and for
// the billed time it priced, in its zone and by its rounding. billed is
// false when no invoice billed e itself (a fixed price's time has no
// figures of its own).
func AsBilled(tx *bolt.Tx, e model.Entry) (as, billed bool, err error) {
	v := tx.Bucket(record.BucketInvoiced).Get(EntryMarker(e.ID))
	if v == nil {
		return false, false, nil
	}
	rec, err := record.Invoices.Get(tx, int64(binary.BigEndian.Uint64(v)))
	if err == nil {
		rec, err = record.WithBilled(tx, rec)
	}
	if err != nil {
		return false, true, err
	}
	loc, err := time.LoadLocation(rec.Zone)
	if err != nil {
		loc = time.UTC
	}
	for _, b := range rec.Billed.Entries {
		if b.ID == e.ID {
			return !e.Running() && !e.Unbilled && tx.Bucket(record.BucketInvoiced).Get(taskMarker(e.TaskID, rec.ID)) != nil &&
				(b.Day == 0 || b.Day == model.DateOf(e.Start, loc)) && b.Billed == rec.Rounding.Apply(e.Tracked(e.End)), true, nil
		}
	}
	return false, true, nil
}

// putBack lets a billed entry that was not as billed change to be so (nil
// before or after: no such change), and files how its invoice priced it
// under its start again, which may have moved.
func (l *Locks) putBack(before, after []byte) (bool, error) {
	if before == nil || after == nil {
		return false, nil
	}
	tx := l.tx.Bolt()
	was, err := record.DecodePriced(before)
	if err != nil {
		return false, err
	}
	is, err := record.DecodePriced(after)
	if err != nil {
		return false, err
	}
	if wasAs, billed, err := AsBilled(tx, was); err != nil || !billed || wasAs {
		return false, err
	}
	if isAs, _, err := AsBilled(tx, is); err != nil || !isAs {
		return false, err
	}
	clientID, err := l.clients.Of(tx, is.TaskID)
	if err != nil {
		return false, err
	}
	from, to := record.ClientEntryKey(clientID, record.EntryKey(was.Start, was.ID)), record.ClientEntryKey(clientID, record.EntryKey(is.Start, is.ID))
	if bytes.Equal(from, to) {
		return true, nil
	}
	filed := bytes.Clone(tx.Bucket(record.BucketBilledTime).Get(from))
	if err := l.tx.Delete(record.BucketBilledTime, from); err != nil {
		return false, err
	}
	return true, l.tx.Put(record.BucketBilledTime, to, filed)
}
