package store

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// What issued invoices lock, and how a change is held to them: a marker
// for each entry, fee, fixed price and sale an invoice billed, and for
// each task it billed work of (drafts leave those out; checkBilled refuses
// a change to one), how it priced each entry (billedtime.go), each issued
// invoice filed under its client and last day (a plan change on a day an
// invoice covers is refused), and each client's open day (drafts price
// from there).

// Marker keys in record.BucketInvoiced: what an issued invoice billed, and each
// task it billed work of (under the invoice's id too, since several
// invoices bill one task's work).
func entryMarker(id int64) []byte { return append([]byte{'e'}, record.IDKey(id)...) }

func taskMarker(taskID, invoiceID int64) []byte {
	return append(append([]byte{'t'}, record.IDKey(taskID)...), record.IDKey(invoiceID)...)
}
func saleMarker(id int64) []byte  { return append([]byte{'s'}, record.IDKey(id)...) }
func priceMarker(id int64) []byte { return append([]byte{'p'}, record.IDKey(id)...) }

func feeMarker(clientID int64, d model.Date) []byte {
	return binary.BigEndian.AppendUint32(append([]byte{'f'}, record.IDKey(clientID)...), uint32(d))
}

func itemMarker(clientID int64, kind model.ItemKind, d model.Date, ref int64) []byte {
	switch kind {
	case model.ItemRetainerFee:
		return feeMarker(clientID, d)
	case model.ItemFixedPrice:
		return priceMarker(ref)
	}
	return saleMarker(ref)
}

// spanKey files an issued invoice under its client and last day, so that a
// change on a day finds the invoices it could reprice with one seek.
func spanKey(clientID int64, to model.Date, id int64) []byte {
	return append(record.IDKey(clientID), record.DayKey(to, id)...)
}

// markers reads which items issued invoices hold, for DraftLines.
type markers struct {
	b        *bolt.Bucket
	clientID int64
}

func (m markers) Item(it model.Item) bool {
	return m.b.Get(itemMarker(m.clientID, it.Kind, it.Date, it.Ref)) != nil
}

// lockedBy returns the number of the invoice a marker names, if any.
func lockedBy(tx *bolt.Tx, marker []byte) (string, bool, error) {
	v := tx.Bucket(record.BucketInvoiced).Get(marker)
	if v == nil {
		return "", false, nil
	}
	inv, err := record.Invoices.Get(tx, int64(binary.BigEndian.Uint64(v)))
	return inv.Number, err == nil, err
}

// taskWorkLockedBy returns the number of an invoice that billed work of a
// task, if any.
func taskWorkLockedBy(tx *bolt.Tx, taskID int64) (string, bool, error) {
	prefix := append([]byte{'t'}, record.IDKey(taskID)...)
	for k := range record.Between(tx.Bucket(record.BucketInvoiced).Cursor(), prefix, append([]byte{'t'}, record.IDKey(taskID+1)...)) {
		return lockedBy(tx, k)
	}
	return "", false, nil
}

// checkUnlocked refuses a change to something an issued invoice billed.
func checkUnlocked(tx *bolt.Tx, marker []byte, what string) error {
	number, locked, err := lockedBy(tx, marker)
	if err != nil || !locked {
		return err
	}
	return model.Invalidf("%s is on invoice %s; %s", what, number, voidFirst(number))
}

// voidFirst is the way past a lock: what every refusal of billed work says.
func voidFirst(number string) string {
	return "void it first (tally invoice void " + number + " --reason TEXT)"
}

// openFrom is the first day a client's draft prices from: the day after
// its last issued invoice, once it has one, so that the cost of a draft
// grows with the work not yet invoiced, not with the years.
func openFrom(tx *bolt.Tx, c model.Client, loc *time.Location) (model.Date, error) {
	if v := tx.Bucket(record.BucketOpenFrom).Get(record.IDKey(c.ID)); len(v) == 4 {
		return model.Date(int32(binary.BigEndian.Uint32(v))), nil
	}
	return firstDay(tx, c, loc)
}

func putOpenFrom(w *write.Tx, clientID int64, d model.Date) error {
	return w.Put(record.BucketOpenFrom, record.IDKey(clientID), binary.BigEndian.AppendUint32(nil, uint32(d)))
}

// lowerOpenFrom moves back the open day of each client a change touched
// before it: that day may now hold work no invoice holds. Only clients
// with issued invoices have one.
func (l *invoiceLock) lowerOpenFrom() error {
	b := l.tx.Bolt().Bucket(record.BucketOpenFrom)
	if k, _ := b.Cursor().First(); k == nil {
		return nil
	}
	if err := l.repriceChanges(); err != nil {
		return err
	}
	for clientID, day := range l.repriced {
		if v := b.Get(record.IDKey(clientID)); len(v) == 4 && day < model.Date(int32(binary.BigEndian.Uint32(v))) {
			if err := putOpenFrom(l.tx, clientID, day); err != nil {
				return err
			}
		}
	}
	return nil
}

// repriceChanges notes the first day each record the change altered may
// price differently from: an entry's day (its local day is at most a day
// from its UTC one), a sale's, a plan's first change, or all of a task's
// time when its terms moved.
func (l *invoiceLock) repriceChanges() error {
	tx := l.tx.Bolt()
	for _, c := range l.changes() {
		switch c.bucket {
		case string(record.BucketEntries):
			for _, v := range [][]byte{c.before, c.after} {
				if v == nil {
					continue
				}
				e, err := record.DecodePriced(v)
				if err != nil {
					return err
				}
				clientID, err := l.clients.Of(tx, e.TaskID)
				if err != nil {
					return err
				}
				l.reprice(clientID, model.DateOf(e.Start, time.UTC).AddDays(-1))
			}
		case string(record.BucketSales):
			for _, v := range [][]byte{c.before, c.after} {
				if v == nil {
					continue
				}
				sale, err := record.Sales.Decode(v)
				if err != nil {
					return err
				}
				l.reprice(sale.ClientID, sale.Date)
			}
		case string(record.BucketTasks):
			if c.before == nil || c.after == nil {
				continue
			}
			was, is, err := decodeBoth(c.before, c.after, record.Tasks.Decode)
			if err != nil {
				return err
			}
			if repricesTask(was, is) {
				l.reprice(is.ClientID, 0)
			}
		case string(record.BucketClients):
			if c.before == nil || c.after == nil {
				continue
			}
			was, is, err := decodeBoth(c.before, c.after, record.Clients.Decode)
			if err != nil {
				return err
			}
			if day, changed := firstPlanChange(was.Plans, is.Plans); changed {
				l.reprice(is.ID, day)
			}
		}
	}
	return nil
}

// repricesTask says whether a task's change moves what its time earns.
func repricesTask(old, t model.Task) bool {
	return old.HasPrice != t.HasPrice || old.Price != t.Price || old.HasRate != t.HasRate || old.Rate != t.Rate ||
		old.Unbilled != t.Unbilled || old.Done != t.Done || old.DoneOn != t.DoneOn
}

// markerKeys are the markers of what inv billed.
func markerKeys(inv model.Invoice) [][]byte {
	keys := make([][]byte, 0, len(inv.Billed.Entries)+len(inv.Billed.Items))
	for _, e := range inv.Billed.Entries {
		keys = append(keys, entryMarker(e.ID))
	}
	for _, it := range inv.Billed.Items {
		keys = append(keys, itemMarker(inv.ClientID, it.Kind, it.Date, it.Ref))
	}
	return keys
}

// taskMarkers are the markers of the tasks whose work inv billed.
func taskMarkers(tx *bolt.Tx, inv model.Invoice) ([][]byte, error) {
	var keys [][]byte
	seen := map[int64]bool{}
	for _, b := range inv.Billed.Entries {
		e, err := record.Entries.Get(tx, b.ID)
		if err != nil {
			return nil, err
		}
		if !seen[e.TaskID] {
			seen[e.TaskID] = true
			keys = append(keys, taskMarker(e.TaskID, inv.ID))
		}
	}
	return keys, nil
}

// markBilledTasks files the task markers of every issued invoice, for a
// file from before they were kept.
func markBilledTasks(tx *bolt.Tx) error {
	recs, err := record.ReadInvoices(tx)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if rec.State != model.InvoiceIssued {
			continue
		}
		if rec, err = record.WithBilled(tx, rec); err != nil {
			return err
		}
		keys, err := taskMarkers(tx, rec.Invoice)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := tx.Bucket(record.BucketInvoiced).Put(k, record.IDKey(rec.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// mark files (value) or takes back (nil) the markers of what inv billed.
func mark(w *write.Tx, inv model.Invoice, value []byte) error {
	tasks, err := taskMarkers(w.Bolt(), inv)
	if err != nil {
		return err
	}
	for _, k := range append(markerKeys(inv), tasks...) {
		var err error
		if value == nil {
			err = w.Delete(record.BucketInvoiced, k)
		} else {
			err = w.Put(record.BucketInvoiced, k, value)
		}
		if err != nil {
			return err
		}
	}
	return fileBilledTime(w, inv, value != nil)
}

// reprice notes that a change touched a client's pricing from day on:
// its open day may have to move back (lowerOpenFrom).
func (l *invoiceLock) reprice(clientID int64, day model.Date) {
	if l.repriced == nil {
		l.repriced = map[int64]model.Date{}
	}
	if d, ok := l.repriced[clientID]; !ok || day < d {
		l.repriced[clientID] = day
	}
}
