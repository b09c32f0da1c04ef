package store

import (
	"bytes"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
)

// Ledger returns what model.BuildReport needs for the days from to to
// (inclusive) in loc: every client, task and sale, and the entries from the
// history start of from (the first day of a retainer cycle it falls in) to
// the end of to.
func (s *Store) Ledger(from, to model.Date, loc *time.Location) (model.Ledger, error) {
	var l model.Ledger
	err := s.read(func(tx *bolt.Tx) (err error) {
		l, err = readLedger(tx, from, to, loc)
		return err
	})
	return l, err
}

// Running returns the running entry; ok is false when no timer runs.
func (s *Store) Running() (e model.Entry, ok bool, err error) {
	err = s.read(func(tx *bolt.Tx) error {
		e, ok, err = readRunning(tx)
		return err
	})
	return e, ok, err
}

// RunningLedger returns the running entry and the part of the ledger its
// amount so far depends on: its client and the client's entries (with
// their tasks) on the day it started, from the first day of the retainer
// cycle if the day falls in one. ok is false, and nothing else is read,
// when no timer runs. It reads as little as it can because shell prompts
// call it all the time.
func (s *Store) RunningLedger(loc *time.Location) (l model.Ledger, running model.Entry, ok bool, err error) {
	err = s.read(func(tx *bolt.Tx) error {
		running, ok, err = readRunning(tx)
		if err != nil || !ok {
			return err
		}
		l, err = readRunningLedger(tx, running, loc)
		return err
	})
	return l, running, ok, err
}

func readRunningLedger(tx *bolt.Tx, running model.Entry, loc *time.Location) (model.Ledger, error) {
	tasks := map[int64]model.Task{}
	task, err := getTask(tx, running.TaskID)
	if err != nil {
		return model.Ledger{}, err
	}
	tasks[task.ID] = task
	client, err := getClient(tx, task.ClientID)
	if err != nil {
		return model.Ledger{}, err
	}
	l := model.Ledger{Clients: []model.Client{client}, Tasks: []model.Task{task}}
	day := model.DateOf(running.Start, loc)
	if task.HasPrice || task.Unbilled || running.Unbilled {
		l.Entries = []model.Entry{running}
		return l, nil // it earns nothing by itself, whatever else happened
	}
	// Its share of a line depends on the day's other entries at its rate,
	// and a retainer's overage on the cycle's.
	entries, err := readEntries(tx, model.HistoryStart(l.Clients, day).Start(loc), day.AddDays(1).Start(loc))
	if err != nil {
		return l, err
	}
	for _, e := range entries {
		t, seen := tasks[e.TaskID]
		if !seen {
			if t, err = getTask(tx, e.TaskID); err != nil {
				return l, err
			}
			tasks[t.ID] = t
			l.Tasks = append(l.Tasks, t)
		}
		if t.ClientID == client.ID {
			l.Entries = append(l.Entries, e)
		}
	}
	return l, nil
}

// TrackedByTask sums every entry's tracked seconds per task, a running one
// up to now. It reads only the entries' times, so it stays fast on years of
// history.
func (s *Store) TrackedByTask(now time.Time) (map[int64]int64, error) {
	sums := map[int64]int64{}
	err := s.read(func(tx *bolt.Tx) error {
		running, ok, err := readRunning(tx)
		if err != nil {
			return err
		}
		if ok {
			sums[running.TaskID] += running.Tracked(now)
		}
		return sumTracked(tx, sums)
	})
	return sums, err
}

// Clients returns every client, archived ones included, in name order.
func (s *Store) Clients() ([]model.Client, error) {
	var clients []model.Client
	err := s.read(func(tx *bolt.Tx) (err error) {
		clients, err = readClients(tx)
		return err
	})
	return clients, err
}

// Tasks returns every task and every client.
func (s *Store) Tasks() ([]model.Task, []model.Client, error) {
	var (
		tasks   []model.Task
		clients []model.Client
	)
	err := s.read(func(tx *bolt.Tx) (err error) {
		if clients, err = readClients(tx); err != nil {
			return err
		}
		tasks, err = readTasks(tx)
		return err
	})
	return tasks, clients, err
}

func readLedger(tx *bolt.Tx, from, to model.Date, loc *time.Location) (model.Ledger, error) {
	var l model.Ledger
	var err error
	if l.Clients, err = readClients(tx); err != nil {
		return l, err
	}
	if l.Tasks, err = readTasks(tx); err != nil {
		return l, err
	}
	first := model.HistoryStart(l.Clients, from).Start(loc)
	if l.Entries, err = readEntries(tx, first, to.AddDays(1).Start(loc)); err != nil {
		return l, err
	}
	l.Sales, err = readSales(tx)
	return l, err
}

func readClients(tx *bolt.Tx) ([]model.Client, error) {
	var clients []model.Client
	err := tx.Bucket(bucketClients).ForEach(func(_, v []byte) error {
		c, err := decodeClient(v)
		clients = append(clients, c)
		return err
	})
	model.SortClients(clients)
	return clients, err
}

func readTasks(tx *bolt.Tx) ([]model.Task, error) {
	var tasks []model.Task
	err := tx.Bucket(bucketTasks).ForEach(func(_, v []byte) error {
		t, err := decodeTask(v)
		tasks = append(tasks, t)
		return err
	})
	return tasks, err
}

func readSales(tx *bolt.Tx) ([]model.Sale, error) {
	var sales []model.Sale
	err := tx.Bucket(bucketSales).ForEach(func(_, v []byte) error {
		sale, err := decodeSale(v)
		sales = append(sales, sale)
		return err
	})
	return sales, err
}

// readEntries returns the entries that start in [from, to), in start order.
func readEntries(tx *bolt.Tx, from, to time.Time) ([]model.Entry, error) {
	var entries []model.Entry
	c := tx.Bucket(bucketEntries).Cursor()
	last := entryKey(to, 0)
	for k, v := c.Seek(entryKey(from, 0)); k != nil && bytes.Compare(k, last) < 0; k, v = c.Next() {
		e, err := decodeEntry(v)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, nil
}

func readRunning(tx *bolt.Tx) (model.Entry, bool, error) {
	key := tx.Bucket(bucketMeta).Get(keyRunning)
	if key == nil {
		return model.Entry{}, false, nil
	}
	v := tx.Bucket(bucketEntries).Get(key)
	if v == nil {
		return model.Entry{}, false, errCorrupt
	}
	e, err := decodeEntry(v)
	return e, err == nil, err
}

// Days is a range of days, the first and the last included.
type Days struct{ From, To model.Date }

// Snapshot is everything the full-screen app draws, read in one
// transaction, so that no frame mixes two states of the file.
type Snapshot struct {
	Rev         uint64
	Ledger      model.Ledger // every client, task and sale; the entries the days asked for need
	Running     *model.Entry
	LastStopped *model.Entry    // the finished entry that started last: what space resumes
	Tracked     map[int64]int64 // finished seconds per task, all time
}

// Snapshot reads what the app needs to show the given days in loc. An
// empty (missing) file gives an empty snapshot.
func (s *Store) Snapshot(days []Days, loc *time.Location) (Snapshot, error) {
	snap := Snapshot{Tracked: map[int64]int64{}}
	err := s.read(func(tx *bolt.Tx) (err error) {
		snap.Rev = getUint(tx.Bucket(bucketMeta), keyRev)
		l := &snap.Ledger
		if l.Clients, err = readClients(tx); err != nil {
			return err
		}
		if l.Tasks, err = readTasks(tx); err != nil {
			return err
		}
		if l.Sales, err = readSales(tx); err != nil {
			return err
		}
		for _, span := range instantSpans(days, l.Clients, loc) {
			entries, err := readEntries(tx, span[0], span[1])
			if err != nil {
				return err
			}
			l.Entries = append(l.Entries, entries...)
		}
		if running, ok, err := readRunning(tx); err != nil {
			return err
		} else if ok {
			snap.Running = &running
		}
		if last, ok, err := lastStopped(tx); err != nil {
			return err
		} else if ok {
			snap.LastStopped = &last
		}
		return sumTracked(tx, snap.Tracked)
	})
	return snap, err
}

// instantSpans turns days into the instants whose entries they need, from
// each range's history start, merged so that no entry is read twice.
func instantSpans(days []Days, clients []model.Client, loc *time.Location) [][2]time.Time {
	spans := make([][2]time.Time, 0, len(days))
	for _, d := range days {
		spans = append(spans, [2]time.Time{model.HistoryStart(clients, d.From).Start(loc), d.To.AddDays(1).Start(loc)})
	}
	slices.SortFunc(spans, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	var merged [][2]time.Time
	for _, span := range spans {
		if n := len(merged); n > 0 && !span[0].After(merged[n-1][1]) {
			if span[1].After(merged[n-1][1]) {
				merged[n-1][1] = span[1]
			}
			continue
		}
		merged = append(merged, span)
	}
	return merged
}

// sumTracked adds up every finished entry's seconds per task.
func sumTracked(tx *bolt.Tx, sums map[int64]int64) error {
	return tx.Bucket(bucketEntries).ForEach(func(_, v []byte) error {
		taskID, start, end, err := decodeSpan(v)
		if end != 0 {
			sums[taskID] += max(end-start, 0) / int64(time.Second)
		}
		return err
	})
}
