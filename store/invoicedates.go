package store

import (
	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

// Issue dates and sequences (docs/design.md#invoices): the dates follow the numbers,
// and a number without its year never comes round again.

// checkIssueDate refuses to issue inv on a day in the future, before the
// work it bills, or before the last invoice issued, which would run the
// dates backwards along the numbers.
func checkIssueDate(tx *bolt.Tx, inv model.Invoice, on, today model.Date) error {
	if on > today {
		return model.Invalidf("an invoice is issued on a day that has come, not on %s", on)
	}
	var worked model.Date
	for _, l := range inv.Lines {
		worked = max(worked, l.Date)
	}
	if on < worked {
		return model.Invalidf("draft %s bills work of %s; it cannot be issued on %s, before it", inv.Label(), worked, on)
	}
	recs, err := record.ReadInvoices(tx)
	if err != nil {
		return err
	}
	var last model.Invoice
	for _, rec := range recs {
		if rec.State != model.InvoiceDraft && rec.Issued > last.Issued {
			last = rec.Invoice
		}
	}
	if on < last.Issued {
		return model.Invalidf("invoice %s was issued on %s: an issue date never comes before the last, so %s would run the dates backwards along the numbers", last.Number, last.Issued, on)
	}
	return nil
}

// lastSeq is the last sequence number issued under key, a year's; under
// year 0, the sequence of every year, the last of any year, so that a
// file that once numbered by year goes on past all it issued.
func lastSeq(seqs *bolt.Bucket, key []byte) int64 {
	if string(key) != string(yearKey(0)) {
		return int64(record.GetUint(seqs, key))
	}
	var last uint64
	seqs.ForEach(func(k, _ []byte) error {
		last = max(last, record.GetUint(seqs, k))
		return nil
	})
	return int64(last)
}
