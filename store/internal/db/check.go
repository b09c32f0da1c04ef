package db

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
	"tally/store/internal/billing"
	"tally/store/internal/boltfile"
	"tally/store/internal/index"
	"tally/store/internal/record"
	"tally/store/internal/replica"
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
func (f *File) Check() ([]string, error) {
	var problems []string
	err := f.withDB(true, func(db *bolt.DB) (err error) {
		problems, err = checkDB(db)
		return err
	})
	if errors.Is(err, ErrMissing) {
		return nil, fmt.Errorf("store: there is no database at %s", f.Path)
	}
	if err == nil && len(problems) == 0 {
		f.clearDamage() // the day's backup may have marked it: it is sound now
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
		problems = append(problems, billing.Check(tx)...)
		problems = append(problems, replica.CheckIDs(tx)...)
	}
	entries, err := record.ReadEntries(tx, time.Unix(0, 0), record.EndOfTime)
	if err != nil {
		return append(problems, err.Error())
	}
	runningKey := tx.Bucket(record.BucketMeta).Get(record.KeyRunning)
	listed := replica.MergedOverlaps(tx)
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
			if !later.Start.Before(e.EndAt(record.EndOfTime)) {
				break // sorted by start: nothing later can overlap e
			}
			if record.Clash(e, later) && !e.AllowOverlap && !listed[e.ID] && !listed[later.ID] {
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
