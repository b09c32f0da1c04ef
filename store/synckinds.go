package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/record"
)

// kindSync is what the sync does with records of one kind beyond what
// the kind's descriptor says (record.Kind): how a merged record from
// another device is filed here, how a removal goes (nil: the kind is
// never removed), and how people know a record (nil: by its kind and id).
type kindSync struct {
	merge  func(w *merge, ref record.Ref, ch Change, merged fields, existed bool) error
	remove func(w *merge, ref record.Ref, gid string) error
	name   func(tx *bolt.Tx, stored []byte) (string, error)
}

// syncKinds are each kind's: the one place where kinds part ways in the
// sync.
var syncKinds = map[record.Kind]kindSync{
	record.Clients:  {merge: mergeClient, name: clientName},
	record.Tasks:    {merge: mergeTask, name: taskName},
	record.Sales:    {merge: mergeSale, remove: removeSale},
	record.Entries:  {merge: mergeEntry, remove: removeEntry, name: entryName},
	record.Invoices: {merge: mergeInvoice, name: invoiceName},
}

func mergeClient(w *merge, ref record.Ref, ch Change, merged fields, _ bool) error {
	c, err := record.Clients.FromFields(w.tx, merged, ref.ID, w.sync)
	if err != nil {
		return err
	}
	if kept, err := w.billedHere(record.Clients, ch.ID, billing.CheckClientChange, record.BucketClients, ref.ID, record.Clients.Encode(c)); kept || err != nil {
		return err
	}
	if err := putClient(w.writer, c); err != nil {
		return err
	}
	return w.keepNamesApart(c, ch.ID)
}

func mergeTask(w *merge, ref record.Ref, ch Change, merged fields, _ bool) error {
	t, err := record.Tasks.FromFields(w.tx, merged, ref.ID, w.sync)
	if err != nil {
		return err
	}
	if kept, err := w.billedHere(record.Tasks, ch.ID, billing.CheckTaskChange, record.BucketTasks, ref.ID, record.Tasks.Encode(t)); kept || err != nil {
		return err
	}
	return putTask(w.writer, t)
}

func mergeInvoice(w *merge, ref record.Ref, ch Change, merged fields, existed bool) error {
	rec, err := record.Invoices.FromFields(w.tx, merged, ref.ID, w.sync)
	if err != nil {
		return err
	}
	var old *record.Invoice
	if existed {
		prior, err := record.Invoices.Get(w.tx, ref.ID)
		if err == nil {
			prior, err = record.WithBilled(w.tx, prior)
		}
		if err != nil {
			return err
		}
		old = &prior
	}
	if err := w.applyInvoice(ch.ID, old, rec); err != nil || rec.State != model.InvoiceVoid || rec.Paid() == 0 {
		return err
	}
	return w.keepPaid(ch.ID, rec)
}

func mergeSale(w *merge, ref record.Ref, ch Change, merged fields, _ bool) error {
	sale, err := record.Sales.FromFields(w.tx, merged, ref.ID, w.sync)
	if err != nil {
		return err
	}
	if locked, err := w.lockedHere(record.Sales, ch.ID, billing.SaleMarker(sale.ID), "an edit of the sale"); locked || err != nil {
		return err
	}
	return putSale(w.writer, sale)
}

func removeSale(w *merge, ref record.Ref, gid string) error {
	sale, err := record.Sales.Get(w.tx, ref.ID)
	if err != nil {
		return err
	}
	if locked, err := w.lockedHere(record.Sales, gid, billing.SaleMarker(sale.ID), "the sale's removal"); locked || err != nil {
		return err
	}
	return deleteSale(w.writer, sale)
}

func mergeEntry(w *merge, ref record.Ref, ch Change, merged fields, existed bool) error {
	e, err := record.Entries.FromFields(w.tx, merged, ref.ID, w.sync)
	if err != nil {
		return err
	}
	var old *model.Entry
	if existed {
		prior, err := record.Entries.Get(w.tx, ref.ID)
		if err != nil {
			return err
		}
		if kept, err := w.billedEntryKept(ref, ch.ID, prior, e); kept || err != nil {
			return err
		}
		old = &prior
	}
	return w.applyEntry(ch, old, e)
}

func removeEntry(w *merge, ref record.Ref, gid string) error {
	e, err := record.Entries.Get(w.tx, ref.ID)
	if err != nil {
		return err
	}
	if locked, err := w.lockedHere(record.Entries, gid, billing.EntryLock(w.tx, e), "the entry's removal"); locked || err != nil {
		return err
	}
	return deleteEntry(w.writer, e)
}

func clientName(_ *bolt.Tx, stored []byte) (string, error) {
	c, err := record.Clients.Decode(stored)
	return "client " + c.Name, err
}

func taskName(_ *bolt.Tx, stored []byte) (string, error) {
	t, err := record.Tasks.Decode(stored)
	return record.TaskLabel(t), err
}

func entryName(tx *bolt.Tx, stored []byte) (string, error) {
	e, err := record.Entries.Decode(stored)
	return entryText(tx, e), err
}

func invoiceName(_ *bolt.Tx, stored []byte) (string, error) {
	rec, err := record.Invoices.Decode(stored)
	return "invoice " + rec.Number, err
}

// describe names a synced record as people know it.
func describe(tx *bolt.Tx, ref record.Ref) string {
	stored := ref.Kind.Stored(tx, ref.ID)
	if stored == nil {
		return fmt.Sprintf("%s %d (removed)", ref.Kind, ref.ID)
	}
	if name := syncKinds[ref.Kind].name; name != nil {
		if text, err := name(tx, stored); err == nil {
			return text
		}
	}
	return fmt.Sprintf("%s %d", ref.Kind, ref.ID)
}

// billedHere keeps, for a sync, a client or task as issued invoices here
// billed it: a change from another device to the record in bucket under
// id, after, that check refuses is listed as a conflict, not applied, as
// lockedHere does for entries and sales.
func (w *merge) billedHere(kind record.Kind, gid string, check func(tx *bolt.Tx, before, after []byte) error, bucket []byte, id int64, after []byte) (bool, error) {
	err := check(w.tx, w.tx.Bucket(bucket).Get(record.IDKey(id)), after)
	if !errors.Is(err, model.ErrInvalid) {
		return false, err
	}
	return true, w.sync.Conflict(kind, gid, "a change from another device was not applied: "+err.Error())
}
