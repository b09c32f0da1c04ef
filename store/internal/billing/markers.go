package billing

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
// each task it billed work of (drafts leave those out; the check refuses
// a change to one), how it priced each entry (billedtime.go), each issued
// invoice filed under its client and last day (a plan change on a day an
// invoice covers is refused), and each client's open day (drafts price
// from there).

// Marker keys in record.BucketInvoiced (EntryMarker, SaleMarker, ...): what an issued invoice billed, and each
// task it billed work of (under the invoice's id too, since several
// invoices bill one task's work).
func EntryMarker(id int64) []byte { return append([]byte{'e'}, record.IDKey(id)...) }

func taskMarker(taskID, invoiceID int64) []byte {
	return append(append([]byte{'t'}, record.IDKey(taskID)...), record.IDKey(invoiceID)...)
}
func SaleMarker(id int64) []byte  { return append([]byte{'s'}, record.IDKey(id)...) }
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
	return SaleMarker(ref)
}

// SpanKey files an issued invoice under its client and last day, so that a
// change on a day finds the invoices it could reprice with one seek.
func SpanKey(clientID int64, to model.Date, id int64) []byte {
	return append(record.IDKey(clientID), record.DayKey(to, id)...)
}

// Billed says which of a client's items issued invoices hold, for
// model.DraftLines.
func Billed(tx *bolt.Tx, clientID int64) model.InvoicedSet {
	return markers{tx.Bucket(record.BucketInvoiced), clientID}
}

// markers reads which items issued invoices hold.
type markers struct {
	b        *bolt.Bucket
	clientID int64
}

func (m markers) Item(it model.Item) bool {
	return m.b.Get(itemMarker(m.clientID, it.Kind, it.Date, it.Ref)) != nil
}

// LockedBy returns the number of the invoice a marker names, if any.
func LockedBy(tx *bolt.Tx, marker []byte) (string, bool, error) {
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
		return LockedBy(tx, k)
	}
	return "", false, nil
}

// checkUnlocked refuses a change to something an issued invoice billed.
func checkUnlocked(tx *bolt.Tx, marker []byte, what string) error {
	number, locked, err := LockedBy(tx, marker)
	if err != nil || !locked {
		return err
	}
	return model.Invalidf("%s is on invoice %s; %s", what, number, voidFirst(number))
}

// voidFirst is the way past a lock: what every refusal of billed work says.
func voidFirst(number string) string {
	return "void it first (tally invoice void " + number + " --reason TEXT)"
}

// MarkerKeys are the markers of what inv billed.
func MarkerKeys(inv model.Invoice) [][]byte {
	keys := make([][]byte, 0, len(inv.Billed.Entries)+len(inv.Billed.Items))
	for _, e := range inv.Billed.Entries {
		keys = append(keys, EntryMarker(e.ID))
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

// MarkBilledTasks files the task markers of every issued invoice, for a
// file from before they were kept.
func MarkBilledTasks(tx *bolt.Tx) error {
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

// Mark files (value) or takes back (nil) the markers of what inv billed.
func Mark(w *write.Tx, inv model.Invoice, value []byte) error {
	tasks, err := taskMarkers(w.Bolt(), inv)
	if err != nil {
		return err
	}
	for _, k := range append(MarkerKeys(inv), tasks...) {
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
	return FileBilledTime(w, inv, value != nil)
}

// InvoicedEntries names, of the entries that start from since, those an
// issued invoice billed, with its number: the app marks them before
// anyone tries to change them. The history read before since only counts.
func InvoicedEntries(tx *bolt.Tx, entries []model.Entry, since time.Time) (map[int64]string, error) {
	marks, numbers := tx.Bucket(record.BucketInvoiced), map[uint64]string{}
	out := map[int64]string{}
	key := EntryMarker(0) // reused: a week holds hundreds of entries
	for _, e := range entries {
		if e.Start.Before(since) {
			continue
		}
		binary.BigEndian.PutUint64(key[1:], uint64(e.ID))
		v := marks.Get(key)
		if len(v) != 8 {
			continue
		}
		id := binary.BigEndian.Uint64(v)
		number, ok := numbers[id]
		if !ok {
			inv, err := record.Invoices.Get(tx, int64(id))
			if err != nil {
				return nil, err
			}
			number, numbers[id] = inv.Number, inv.Number
		}
		out[e.ID] = number
	}
	return out, nil
}
