package store

import (
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// How issued invoices priced each entry they billed: its day in the zone
// the invoice was issued in, its billed and charged seconds and its rate
// (docs/pay.md rule 10: billed work shows as it was billed). Filed by client and
// start, as the client index of entries is, so that a report reads the
// billed time of its days, and of the retainer cycles they touch, with
// one seek per client.

// encodeBilledTime is a billed-time value: the invoice's id and number,
// then the entry's day, billed and charged seconds and rate.
func encodeBilledTime(invoice int64, number string, b model.BilledEntry) []byte {
	v := binary.AppendUvarint(make([]byte, 0, 32), uint64(invoice))
	v = appendString(v, number)
	v = binary.AppendVarint(v, int64(b.Day))
	v = binary.AppendVarint(v, b.Billed)
	v = binary.AppendVarint(v, b.Charged)
	return binary.AppendVarint(v, b.Rate)
}

// billedTimeReader decodes billed-time values, each invoice's number once:
// the entries of one invoice mostly come one after another.
type billedTimeReader struct {
	numbers map[int64]string
	last    int64  // the invoice of the value before
	number  string // and its number
}

func (d *billedTimeReader) decode(clientID int64, key, v []byte) (model.InvoicedTime, error) {
	r := &entryReader{b: v}
	invoice := int64(r.uvarint())
	size := r.uvarint()
	if r.err != nil || size > uint64(len(r.b)) {
		return model.InvoicedTime{}, errDamagedBilled
	}
	if invoice != d.last || d.number == "" {
		number, ok := d.numbers[invoice]
		if !ok {
			number = string(r.b[:size])
			d.numbers[invoice] = number
		}
		d.last, d.number = invoice, number
	}
	r.b = r.b[size:]
	start := time.Unix(0, int64(binary.BigEndian.Uint64(key[8:16])))
	it := model.InvoicedTime{Client: clientID, Start: start, Number: d.number, BilledEntry: model.BilledEntry{
		ID: idOfTail(key), Day: model.Date(r.varint()), Billed: r.varint(), Charged: r.varint(), Rate: r.varint()}}
	if r.err != nil || len(r.b) != 0 {
		return it, errDamagedBilled
	}
	return it, nil
}

// fileBilledTime files how inv priced each entry it billed, or takes it
// back (void).
func fileBilledTime(w *writer, inv model.Invoice, filed bool) error {
	for _, b := range inv.Billed.Entries {
		e, _, err := getEntry(w.tx, b.ID)
		if err != nil {
			return err
		}
		key := clientEntryKey(inv.ClientID, entryKey(e.Start, e.ID))
		if filed {
			err = w.put(bucketBilledTime, key, encodeBilledTime(inv.ID, inv.Number, b))
		} else {
			err = w.del(bucketBilledTime, key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readInvoiced appends to into how issued invoices priced the client's
// entries that start from from until to.
func readInvoiced(into []model.InvoicedTime, tx *bolt.Tx, clientID int64, from, to time.Time, d *billedTimeReader) ([]model.InvoicedTime, error) {
	for k, v := range between(tx.Bucket(bucketBilledTime).Cursor(), clientEntryKey(clientID, entryKey(from, 0)), clientEntryKey(clientID, entryKey(to, 0))) {
		it, err := d.decode(clientID, k, v)
		if err != nil {
			return nil, err
		}
		into = append(into, it)
	}
	return into, nil
}

// ledgerInvoiced reads what a ledger of the days from to to in loc needs
// of how issued invoices priced the clients' entries: those the days may
// hold, and for a retainer those of every cycle the days touch, whose
// included hours they used. It counts them first, so that years of them
// are not copied as the slice grows.
func ledgerInvoiced(tx *bolt.Tx, clients []model.Client, from, to model.Date, loc *time.Location) ([]model.InvoicedTime, error) {
	spans := make([][2]time.Time, len(clients))
	n := 0
	for i, c := range clients {
		last := to
		if cycle, ok := c.CycleOn(to); ok {
			last = cycle.End
		}
		spans[i] = [2]time.Time{widened(c.HistoryStart(from), -1).Start(loc), widened(last, 1).AddDays(1).Start(loc)}
		for range between(tx.Bucket(bucketBilledTime).Cursor(), clientEntryKey(c.ID, entryKey(spans[i][0], 0)), clientEntryKey(c.ID, entryKey(spans[i][1], 0))) {
			n++
		}
	}
	out := make([]model.InvoicedTime, 0, n)
	d := &billedTimeReader{numbers: map[int64]string{}}
	for i, c := range clients {
		var err error
		if out, err = readInvoiced(out, tx, c.ID, spans[i][0], spans[i][1], d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// widened moves day by model.InvoicedMargin days, earlier (-1) or later
// (+1): an invoiced entry's day is its invoice's, within that margin of
// its local one, so what reads a range of days reads that much more. No
// day comes before 1970, where entry keys begin.
func widened(day model.Date, direction int) model.Date {
	return max(day.AddDays(direction*model.InvoicedMargin), 0)
}

// billedDays fills in the days of entries an invoice billed before days
// were kept (0): each entry's day in the zone the invoice was issued in.
func billedDays(tx *bolt.Tx, rec invoiceRecord) (invoiceRecord, error) {
	loc, err := time.LoadLocation(rec.Zone)
	if err != nil {
		loc = time.UTC
	}
	for i, b := range rec.Billed.Entries {
		if b.Day != 0 {
			continue
		}
		e, _, err := getEntry(tx, b.ID)
		if err != nil {
			return rec, err
		}
		rec.Billed.Entries[i].Day = model.DateOf(e.Start, loc)
	}
	return rec, nil
}

// fileBilledTimes files how every issued invoice priced its entries, for
// a file from before it was kept.
func fileBilledTimes(tx *bolt.Tx) error {
	if err := createBuckets(tx); err != nil {
		return err
	}
	recs, err := readInvoices(tx)
	if err != nil {
		return err
	}
	w := &writer{tx: tx, bulk: true}
	for _, rec := range recs {
		if rec.State != model.InvoiceIssued {
			continue
		}
		if rec, err = withBilled(tx, rec); err == nil {
			rec, err = billedDays(tx, rec)
		}
		if err == nil {
			err = fileBilledTime(w, rec.Invoice, true)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
