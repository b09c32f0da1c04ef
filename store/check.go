package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/boltfile"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// Check, and what it checks: bbolt's pages (boltfile), then tally's own
// promises, the indexes agreeing with the records and no two running
// entries. The day's first change runs it before the day's backup.

func summary(problems []string) string {
	if len(problems) == 1 {
		return problems[0]
	}
	return fmt.Sprintf("%s, and %d more problems", problems[0], len(problems)-1)
}

// Check runs bbolt's page-level consistency check and tally's own
// invariants: records decode, indexes match, at most one entry runs and it
// is the one the file names, no entry ends before it starts, and entries
// overlap only where allowed. It returns every problem found; a file that
// cannot even be opened is an error.
func (s *Store) Check() ([]string, error) {
	var problems []string
	err := s.withDB(true, func(db *bolt.DB) (err error) {
		problems, err = checkDB(db)
		return err
	})
	if errors.Is(err, errMissing) {
		return nil, fmt.Errorf("store: there is no database at %s", s.path)
	}
	if err == nil && len(problems) == 0 {
		s.clearDamage() // the day's backup may have marked it: it is sound now
	}
	return problems, err
}

// checkDB checks an open file; the caller guards against faults. The
// pages are checked first, over the file's bytes, and bbolt reads the
// records only once they hold together. A file that is not tally's is an
// error rather than a list of problems.
func checkDB(db *bolt.DB) ([]string, error) {
	data, unmap, err := boltfile.Map(db.Path())
	if err != nil {
		return nil, fmt.Errorf("store: check %s: %w", db.Path(), err)
	}
	problems := boltfile.CheckPages(data)
	unmap()
	if len(problems) > 0 {
		return problems, nil
	}
	err = db.View(func(tx *bolt.Tx) error {
		switch err := readable(tx); {
		case errors.Is(err, record.ErrBad):
			problems = []string{err.Error()}
		case err != nil:
			return err
		default:
			problems = checkInvariants(tx)
		}
		return nil
	})
	return problems, err
}

// checkIDIndex compares the index of entries by id with the entries, in
// id order: one walk of its cursor rather than a search per entry.
func checkIDIndex(ids *bolt.Bucket, entries []model.Entry) []string {
	var problems []string
	type filed struct {
		ID    int64
		Start time.Time
	}
	byID := make([]filed, len(entries))
	for i, e := range entries {
		byID[i] = filed{e.ID, e.Start}
	}
	slices.SortFunc(byID, func(a, b filed) int { return cmp.Compare(a.ID, b.ID) })
	c := ids.Cursor()
	k, v := c.First()
	for _, e := range byID {
		for k != nil && int64(binary.BigEndian.Uint64(k)) < e.ID {
			k, v = c.Next()
		}
		if k == nil || int64(binary.BigEndian.Uint64(k)) != e.ID || !bytes.Equal(v, record.EntryKey(e.Start, e.ID)) {
			problems = append(problems, fmt.Sprintf("entry %d: the id index does not point at it", e.ID))
			continue
		}
		k, v = c.Next()
	}
	return problems
}

func checkInvariants(tx *bolt.Tx) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	tasks := map[int64]bool{}
	list, tasksErr := record.Tasks.All(tx)
	if tasksErr != nil {
		report("%v", tasksErr)
	}
	for _, t := range list {
		tasks[t.ID] = true
	}
	if _, err := record.ReadClients(tx); err != nil {
		report("%v", err)
	}
	if _, err := record.Sales.All(tx); err != nil {
		report("%v", err)
	}
	// Older files have no indexes yet; tasks that do not read are reported
	// already.
	if record.GetUint(tx.Bucket(record.BucketMeta), record.KeySchema) >= SchemaVersion && tasksErr == nil {
		problems = append(problems, index.Check(tx, list)...)
		problems = append(problems, checkInvoiceMarkers(tx)...)
		problems = append(problems, checkSyncIDs(tx)...)
	}
	entries, err := readEntries(tx, time.Unix(0, 0), endOfTime)
	if err != nil {
		return append(problems, err.Error())
	}
	runningKey := tx.Bucket(record.BucketMeta).Get(record.KeyRunning)
	listed := mergedOverlaps(tx)
	ids := tx.Bucket(record.BucketEntryIDs)
	problems = append(problems, checkIDIndex(ids, entries)...)
	var running []int64
	for i, e := range entries {
		key := record.EntryKey(e.Start, e.ID)
		if !tasks[e.TaskID] {
			report("entry %d: task #%d does not exist", e.ID, e.TaskID)
		}
		if e.Running() {
			running = append(running, e.ID)
			if string(runningKey) != string(key) {
				report("entry %d runs but the file does not name it as the running entry", e.ID)
			}
		} else if e.End.Before(e.Start) {
			report("entry %d ends before it starts", e.ID)
		}
		for _, later := range entries[i+1:] {
			if !later.Start.Before(e.EndAt(endOfTime)) {
				break // sorted by start: nothing later can overlap e
			}
			if clash(e, later) && !e.AllowOverlap && !listed[e.ID] && !listed[later.ID] {
				report("entries %d and %d overlap", e.ID, later.ID)
			}
		}
	}
	if n := ids.Stats().KeyN; n != len(entries) {
		report("the id index has %d keys for %d entries", n, len(entries))
	}
	if len(running) > 1 {
		report("%d entries are running: %v", len(running), running)
	}
	if runningKey != nil && len(running) == 0 {
		report("the file names a running entry that does not exist")
	}
	return problems
}

// checkInvoiceMarkers holds the invoices to their markers: every record reads,
// every number names its invoice, and what an issued invoice billed is
// marked as its own, and nothing else is.
func checkInvoiceMarkers(tx *bolt.Tx) []string {
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
		if rec.State == model.InvoiceVoid && rec.Paid() != 0 {
			report("invoice %s is void but holds payments of %s %s: a paid invoice is not voided", rec.Number, model.FormatAmount(rec.Paid(), rec.Currency), rec.Currency)
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
		for _, k := range append(markerKeys(billed.Invoice), tasks...) {
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
