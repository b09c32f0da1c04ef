package billing

import (
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// How issued invoices priced each entry they billed: its day in the zone
// the invoice was issued in, its billed and charged seconds and its rate
// (docs/pay.md rule 10: billed work shows as it was billed). Filed by client and
// start, as the client index of entries is, so that a report reads the
// billed time of its days, and of the retainer cycles they touch, with
// one seek per client.

// FileBilledTime files how inv priced each entry it billed, or takes it
// back (void).
func FileBilledTime(w *write.Tx, inv model.Invoice, filed bool) error {
	for _, b := range inv.Billed.Entries {
		e, err := record.Entries.Get(w.Bolt(), b.ID)
		if err != nil {
			return err
		}
		key := record.ClientEntryKey(inv.ClientID, record.EntryKey(e.Start, e.ID))
		if filed {
			err = w.Put(record.BucketBilledTime, key, record.EncodeBilledTime(inv.ID, inv.Number, b))
		} else {
			err = w.Delete(record.BucketBilledTime, key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readInvoiced appends to into how issued invoices priced the client's
// entries that start from from until to.
func readInvoiced(into []model.InvoicedTime, tx *bolt.Tx, clientID int64, from, to time.Time, d *record.BilledTimeReader) ([]model.InvoicedTime, error) {
	for k, v := range record.Between(tx.Bucket(record.BucketBilledTime).Cursor(), record.ClientEntryKey(clientID, record.EntryKey(from, 0)), record.ClientEntryKey(clientID, record.EntryKey(to, 0))) {
		it, err := d.Decode(clientID, k, v)
		if err != nil {
			return nil, err
		}
		into = append(into, it)
	}
	return into, nil
}

// Invoiced reads what a ledger of the days from to to in loc needs
// of how issued invoices priced the clients' entries: those the days may
// hold, and for a retainer those of every cycle the days touch, whose
// included hours they used. It counts them first, so that years of them
// are not copied as the slice grows.
func Invoiced(tx *bolt.Tx, clients []model.Client, from, to model.Date, loc *time.Location) ([]model.InvoicedTime, error) {
	spans := make([][2]time.Time, len(clients))
	n := 0
	for i, c := range clients {
		last := to
		if cycle, ok := c.CycleOn(to); ok {
			last = cycle.End
		}
		spans[i] = [2]time.Time{Widened(c.HistoryStart(from), -1).Start(loc), Widened(last, 1).AddDays(1).Start(loc)}
		for range record.Between(tx.Bucket(record.BucketBilledTime).Cursor(), record.ClientEntryKey(c.ID, record.EntryKey(spans[i][0], 0)), record.ClientEntryKey(c.ID, record.EntryKey(spans[i][1], 0))) {
			n++
		}
	}
	out := make([]model.InvoicedTime, 0, n)
	d := &record.BilledTimeReader{}
	for i, c := range clients {
		var err error
		if out, err = readInvoiced(out, tx, c.ID, spans[i][0], spans[i][1], d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Widened moves day by model.InvoicedMargin days, earlier (-1) or later
// (+1): an invoiced entry's day is its invoice's, within that margin of
// its local one, so what reads a range of days reads that much more. No
// day comes before 1970, where entry keys begin.
func Widened(day model.Date, direction int) model.Date {
	return max(day.AddDays(direction*model.InvoicedMargin), 0)
}

// FileBilledTimes files how every issued invoice priced its entries, for
// a file from before it was kept.
func FileBilledTimes(tx *bolt.Tx) error {
	if err := record.CreateBuckets(tx); err != nil {
		return err
	}
	recs, err := record.ReadInvoices(tx)
	if err != nil {
		return err
	}
	w := write.New(tx)
	w.Bulk = true
	for _, rec := range recs {
		if rec.State != model.InvoiceIssued {
			continue
		}
		if rec, err = record.WithBilled(tx, rec); err == nil {
			rec, err = record.BilledDays(tx, rec)
		}
		if err == nil {
			err = FileBilledTime(w, rec.Invoice, true)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
