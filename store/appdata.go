package store

import (
	"cmp"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// What the full-screen app reads: the days it shows, with the history
// their retainer cycles count, in one transaction.

// Days is a range of days, the first and the last included.
type Days struct{ From, To model.Date }

// AppData is everything the full-screen app draws, read in one
// transaction, so that no frame mixes two states of the file.
type AppData struct {
	Rev uint64
	// Ledger holds every client, task and sale, and the entries the days
	// need: their own, and those of a retainer cycle begun before them,
	// read only to count its hours and so without notes or tags.
	Ledger      model.Ledger
	Running     *model.Entry
	LastStopped *model.Entry     // the finished entry that started last: what space resumes
	Tracked     map[int64]int64  // finished seconds per task, all time
	Invoiced    map[int64]string // of the entries, those an issued invoice billed: its number
}

// AppData reads what the app needs to show the given days in loc: the
// open tasks, those the days' entries name, those done in the days or in
// the last recentDays before the last of them, and the days' sales. An
// empty (missing) file gives an empty snapshot.
func (s *Store) AppData(days []Days, recentDays int, loc *time.Location) (AppData, error) {
	snap := AppData{Tracked: map[int64]int64{}}
	err := s.read(func(tx *bolt.Tx) (err error) {
		snap.Rev = record.Rev(tx)
		l := &snap.Ledger
		if l.Clients, err = record.ReadClients(tx); err != nil {
			return err
		}
		merged := mergeDays(days)
		if l.Entries, err = readDays(tx, merged, l.Clients, loc); err != nil {
			return err
		}
		if l.Invoiced, err = billing.Invoiced(tx, l.Clients, merged[0].From, merged[len(merged)-1].To, loc); err != nil {
			return err
		}
		var tasks taskSet
		open, err := index.OpenTasks(tx)
		if err != nil {
			return err
		}
		tasks.add(open...)
		if err := tasks.addOf(tx, l.Entries); err != nil {
			return err
		}
		for _, d := range merged {
			if err := tasks.addDone(tx, d.From, d.To); err != nil {
				return err
			}
			sales, err := index.Sales(tx, d.From, d.To)
			if err != nil {
				return err
			}
			l.Sales = append(l.Sales, sales...)
		}
		last := merged[len(merged)-1].To
		if err := tasks.addDone(tx, last.AddDays(-recentDays), last); err != nil {
			return err
		}
		if running, ok, err := record.Running(tx); err != nil {
			return err
		} else if ok {
			snap.Running = &running
		}
		if lastStopped, ok, err := lastStopped(tx); err != nil {
			return err
		} else if ok {
			snap.LastStopped = &lastStopped
			if err := tasks.addOf(tx, []model.Entry{lastStopped}); err != nil {
				return err
			}
		}
		l.Tasks = tasks.tasks
		index.Tracked(tx, l.Tasks, everyTask, snap.Tracked)
		l.FixedTracked = snap.Tracked
		snap.Invoiced, err = billing.InvoicedEntries(tx, l.Entries, merged[0].From.Start(loc))
		return err
	})
	return snap, err
}

// readDays reads the entries that reports on days need: the history
// readHistory reads, and every entry of the days, widened by the margin an
// invoiced entry's day may lie from its local one. They come in start
// order, each once. days must be merged (see mergeDays).
func readDays(tx *bolt.Tx, days []Days, clients []model.Client, loc *time.Location) ([]model.Entry, error) {
	wide := make([]Days, len(days))
	for i, d := range days {
		wide[i] = Days{billing.Widened(d.From, -1), billing.Widened(d.To, 1)}
	}
	days = mergeDays(wide)
	history, err := readHistory(tx, days, clients, loc)
	if err != nil {
		return nil, err
	}
	var entries []model.Entry
	c := tx.Bucket(record.BucketEntries).Cursor()
	for _, d := range days { // merged: each range starts after the last ends
		if entries, err = record.AppendEntries(entries, c, record.EntryKey(d.From.Start(loc), 0), record.EntryKey(d.To.AddDays(1).Start(loc), 0), record.Entries.Decode); err != nil {
			return nil, err
		}
	}
	return mergeEntries(history, entries), nil
}

// readHistory reads, for each retainer client whose cycle began before
// one of days does, that client's own entries from the cycle's first day
// that fall in none of the days (through the client index, so other
// clients' months before cost nothing), in start order. They are read
// only to count the cycle's hours, so without notes or tags.
func readHistory(tx *bolt.Tx, days []Days, clients []model.Client, loc *time.Location) ([]model.Entry, error) {
	inDays := func(e model.Entry) bool {
		day := model.DateOf(e.Start, loc)
		for _, d := range days {
			if day >= d.From && day <= d.To {
				return true
			}
		}
		return false
	}
	var history []model.Entry
	for _, c := range clients {
		var spans []Days
		for _, d := range days {
			if start := c.HistoryStart(d.From); start < d.From {
				spans = append(spans, Days{billing.Widened(start, -1), d.From.AddDays(-1)})
			}
		}
		var own []model.Entry
		for _, h := range mergeDays(spans) {
			read := len(own)
			var err error
			if own, err = index.ClientEntries(own, tx, c.ID, h.From.Start(loc), h.To.AddDays(1).Start(loc), record.DecodePriced); err != nil {
				return nil, err
			}
			kept := own[:read]
			for _, e := range own[read:] {
				if !inDays(e) {
					kept = append(kept, e)
				}
			}
			own = kept
		}
		history = mergeEntries(history, own)
	}
	return history, nil
}

// mergeEntries merges two runs of entries, each in start order, into one:
// cheaper than sorting them again, for entries are large to move.
func mergeEntries(a, b []model.Entry) []model.Entry {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a
	}
	merged := make([]model.Entry, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if model.CompareEntries(b[0], a[0]) < 0 {
			merged, b = append(merged, b[0]), b[1:]
		} else {
			merged, a = append(merged, a[0]), a[1:]
		}
	}
	return append(append(merged, a...), b...)
}

// mergeDays sorts ranges of days and joins those that overlap or touch, so
// that nothing in them is read twice.
func mergeDays(days []Days) []Days {
	sorted := slices.Clone(days)
	slices.SortFunc(sorted, func(a, b Days) int { return cmp.Compare(a.From, b.From) })
	var merged []Days
	for _, d := range sorted {
		if n := len(merged); n > 0 && d.From <= merged[n-1].To+1 {
			merged[n-1].To = max(merged[n-1].To, d.To)
			continue
		}
		merged = append(merged, d)
	}
	return merged
}
