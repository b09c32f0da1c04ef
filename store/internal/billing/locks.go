// Package billing keeps what issued invoices billed locked: as an
// observer of every change (write.Observer), it holds each record the
// change touched to the markers of what issued invoices billed, and moves
// back the day each client's drafts price from; it files those markers
// and how each invoice priced its entries, and reads them for drafts,
// reports and the app.
package billing

import (
	"bytes"

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

// Locks is the observer of the invoices' locks: it keeps what each
// record the change touched held before, then holds the change to the
// markers of what issued invoices billed (check), and moves back the open
// day of each client whose priced work the change touched, from which
// its drafts price (lowerOpenFrom).
type Locks struct {
	tx      *write.Tx
	seen    write.Keys
	touched []write.Event // each record's first write: Before is its value before the change
	checked bool          // a pull listed what the check found, and applied the rest
	// repriced is, per client, the first day whose pricing the change may
	// have moved, beyond its records: a void's.
	repriced map[int64]model.Date
	clients  record.TaskClients
}

// New is the invoice locks' observer of the change tx.
func New(tx *write.Tx) *Locks { return &Locks{tx: tx} }

// Observe keeps the first write of each record the check is about. A bulk
// change only adds: its keys are all new.
func (l *Locks) Observe(e write.Event) error {
	if record.IsBucket(e.Bucket, lockedBuckets...) && (l.tx.Bulk || l.seen.Add(e)) {
		l.touched = append(l.touched, write.Event{Bucket: e.Bucket, Key: bytes.Clone(e.Key), Before: e.Before})
	}
	return nil
}

// Settle refuses the change if it touched what an issued invoice billed,
// and moves back the open days of the clients whose work it touched.
func (l *Locks) Settle() error {
	if !l.checked {
		if err := l.check(); err != nil {
			return err
		}
	}
	return l.lowerOpenFrom()
}

// CheckNow runs the check before the change settles: a pull lists what it
// refuses, and applies the rest.
func (l *Locks) CheckNow() error {
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
func (l *Locks) changes() []lockedChange {
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
func (l *Locks) check() error {
	tx := l.tx.Bolt()
	entries := map[int64]*[2][]byte{} // an entry's value before and after: its key moves with its start
	var order []int64
	for _, c := range l.changes() {
		var err error
		switch c.bucket {
		case string(record.BucketEntries):
			order, err = pairEntry(entries, order, c.before, c.after)
		case string(record.BucketTasks):
			err = CheckTaskChange(tx, c.before, c.after)
		case string(record.BucketClients):
			err = CheckClientChange(tx, c.before, c.after)
		case string(record.BucketSales):
			err = checkSaleChange(tx, c.before)
		}
		if err != nil {
			return err
		}
	}
	for _, id := range order {
		back, err := l.putBack(entries[id][0], entries[id][1])
		if err == nil && !back {
			err = checkEntryChange(tx, entries[id][0], entries[id][1])
		}
		if err != nil {
			return err
		}
	}
	return nil
}
