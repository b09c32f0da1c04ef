package billing

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// Check holds the invoices to their markers: every record reads,
// every number names its invoice, and what an issued invoice billed is
// marked as its own, and nothing else is.
func Check(tx *bolt.Tx) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	recs, err := record.ReadInvoices(tx)
	if err != nil {
		return []string{err.Error()}
	}
	numbers := tx.Bucket(record.BucketInvoiceNumbers)
	marked, timed := 0, 0
	for _, rec := range recs {
		if rec.State == model.InvoiceDraft {
			continue
		}
		if v := numbers.Get([]byte(rec.Number)); v == nil || int64(record.GetUint(numbers, []byte(rec.Number))) != rec.ID {
			report("invoice %s: its number is not filed under it", rec.Number)
		}
		if err := rec.CheckAmounts("invoice " + rec.Number); err != nil {
			report("%v", err)
		}
		if rec.State == model.InvoiceVoid && rec.Paid() != 0 {
			report("%s %s is void but holds %s: a paid %s is not voided", rec.Kind(), rec.Number, rec.PaidText(), rec.Kind())
		}
		if rec.State != model.InvoiceIssued {
			continue
		}
		billed, err := record.WithBilled(tx, rec)
		if err != nil {
			report("%v", err)
			continue
		}
		tasks, err := taskMarkers(tx, billed.Invoice)
		if err != nil {
			report("invoice %s: %v", rec.Number, err)
			continue
		}
		for _, k := range append(MarkerKeys(billed.Invoice), tasks...) {
			marked++
			if v := tx.Bucket(record.BucketInvoiced).Get(k); v == nil || int64(record.GetUint(tx.Bucket(record.BucketInvoiced), k)) != rec.ID {
				report("invoice %s: something it billed is not marked as its own", rec.Number)
				break
			}
		}
		timed += len(billed.Billed.Entries)
		if problem := checkBilledTime(tx, billed); problem != "" {
			report("invoice %s: %s", rec.Number, problem)
		}
	}
	if n := tx.Bucket(record.BucketInvoiced).Stats().KeyN; n != marked {
		report("%d things are marked as invoiced, but issued invoices billed %d", n, marked)
	}
	if n := tx.Bucket(record.BucketBilledTime).Stats().KeyN; n != timed {
		report("%d entries are filed as priced by invoices, but issued invoices billed %d", n, timed)
	}
	return problems
}

// checkBilledTime holds what an issued invoice billed to how it is filed
// as priced: each entry under its client and start, as billed.
func checkBilledTime(tx *bolt.Tx, rec record.Invoice) string {
	d := &record.BilledTimeReader{}
	for _, b := range rec.Billed.Entries {
		e, err := record.Entries.Get(tx, b.ID)
		if err != nil {
			return err.Error()
		}
		key := record.ClientEntryKey(rec.ClientID, record.EntryKey(e.Start, e.ID))
		v := tx.Bucket(record.BucketBilledTime).Get(key)
		if v == nil {
			return fmt.Sprintf("entry %d is not filed as it was billed", b.ID)
		}
		it, err := d.Decode(rec.ClientID, key, v)
		if b.Day == 0 {
			b.Day = it.Day // billed before days were kept: filed in the invoice's zone
		}
		if err != nil || it.Number != rec.Number || it.BilledEntry != b {
			return fmt.Sprintf("entry %d is filed otherwise than it was billed", b.ID)
		}
	}
	return ""
}
