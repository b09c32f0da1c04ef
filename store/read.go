package store

import (
	"errors"
	"iter"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/billing"
	"tally/store/internal/db"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// Ledger returns what model.BuildReport needs for the days from to to
// (inclusive) in loc: every client, the range's entries and sales, their
// tasks and those done in the range, and each retainer client's entries
// from the first day of the cycle from falls in.
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
		e, ok, err = record.Running(tx)
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
		running, ok, err = record.Running(tx)
		if err != nil || !ok {
			return err
		}
		l, err = readRunningLedger(tx, running, loc)
		return err
	})
	return l, running, ok, err
}

func readRunningLedger(tx *bolt.Tx, running model.Entry, loc *time.Location) (model.Ledger, error) {
	task, err := record.Tasks.Get(tx, running.TaskID)
	if err != nil {
		return model.Ledger{}, err
	}
	client, err := record.Clients.Get(tx, task.ClientID)
	if err != nil {
		return model.Ledger{}, err
	}
	l := model.Ledger{Clients: []model.Client{client}, Tasks: []model.Task{task}}
	day := model.DateOf(running.Start, loc)
	if task.HasPrice || task.Unbilled || running.Unbilled {
		l.Entries = []model.Entry{running}
		return l, nil // it earns nothing by itself, whatever else happened
	}
	// Its share of a line depends on the client's other entries that day
	// at its rate, and a retainer's overage on the cycle's, the invoiced
	// ones as billed.
	if l.Entries, err = clientHistory(tx, client, day, day, loc); err != nil {
		return l, err
	}
	if l.Invoiced, err = billing.Invoiced(tx, l.Clients, day, day, loc); err != nil {
		return l, err
	}
	tasks := taskSet{}
	tasks.add(task)
	err = tasks.addOf(tx, l.Entries)
	l.Tasks = tasks.tasks
	return l, err
}

// TrackedByTask returns the seconds tracked on each of tasks, the running
// entry's up to now, from the totals every write keeps.
func (s *Store) TrackedByTask(tasks []model.Task, now time.Time) (map[int64]int64, error) {
	sums := map[int64]int64{}
	err := s.read(func(tx *bolt.Tx) error {
		index.Tracked(tx, tasks, everyTask, sums)
		running, ok, err := record.Running(tx)
		if ok {
			sums[running.TaskID] += running.Tracked(now)
		}
		return err
	})
	return sums, err
}

// Clients returns every client, archived ones included, in name order.
func (s *Store) Clients() ([]model.Client, error) {
	var clients []model.Client
	err := s.read(func(tx *bolt.Tx) (err error) {
		clients, err = record.ReadClients(tx)
		return err
	})
	return clients, err
}

// Tasks returns every task and every client.
func (s *Store) Tasks() ([]model.Task, []model.Client, error) {
	return s.tasks(record.Tasks.All)
}

// OpenTasks returns the tasks not done, and every client.
func (s *Store) OpenTasks() ([]model.Task, []model.Client, error) {
	return s.tasks(index.OpenTasks)
}

func (s *Store) tasks(read func(*bolt.Tx) ([]model.Task, error)) (tasks []model.Task, clients []model.Client, err error) {
	err = s.read(func(tx *bolt.Tx) (err error) {
		if clients, err = record.ReadClients(tx); err != nil {
			return err
		}
		tasks, err = read(tx)
		return err
	})
	return tasks, clients, err
}

// FindTask finds the task a REF names (see model.ResolveTask), among the
// tasks of the client named clientName when it is not "": a number is read
// by id, words are matched against the open tasks only, so the cost does
// not grow with the tasks done over the years.
func (s *Store) FindTask(ref, clientName string) (model.Task, []model.Client, error) {
	var t model.Task
	var clients []model.Client
	err := s.read(func(tx *bolt.Tx) (err error) {
		t, clients, err = findTask(tx, ref, clientName)
		return err
	})
	if err == nil && t.ID == 0 { // no file yet
		if clientName != "" {
			_, err = model.FindClient(nil, clientName)
		} else {
			_, err = model.ResolveTask(ref, nil, nil, 0)
		}
	}
	return t, clients, err
}

// findTask is FindTask in a transaction of the file.
func findTask(tx *bolt.Tx, ref, clientName string) (model.Task, []model.Client, error) {
	clients, err := record.ReadClients(tx)
	if err != nil {
		return model.Task{}, nil, err
	}
	var clientID int64
	if clientName != "" {
		c, err := model.FindClient(clients, clientName)
		if err != nil {
			return model.Task{}, nil, err
		}
		clientID = c.ID
	}
	var candidates []model.Task
	if id, isID := model.TaskID(ref); isID {
		if found, getErr := record.Tasks.Get(tx, id); getErr == nil {
			candidates = []model.Task{found}
		}
	} else if candidates, err = index.OpenTasks(tx); err != nil {
		return model.Task{}, nil, err
	}
	t, err := model.ResolveTask(ref, candidates, clients, clientID)
	return t, clients, err
}

// Summarize reads what a summary of [from, to] in loc needs and hands it
// to summarize, for model.BuildSummary: the ledger without entries, and
// the entries as a sequence, in start order, decoded one at a time inside
// the read without their notes or tags. A summary of twenty years never
// holds them all. A missing file summarizes as empty.
func (s *Store) Summarize(from, to model.Date, loc *time.Location, summarize func(model.Ledger, iter.Seq[model.Entry]) (model.Report, error)) (model.Report, error) {
	var rep model.Report
	err := s.view(func(tx *bolt.Tx) error {
		var l model.Ledger
		var err error
		if l.Clients, err = record.ReadClients(tx); err != nil {
			return err
		}
		days := []Days{{billing.Widened(from, -1), billing.Widened(to, 1)}}
		history, err := readHistory(tx, days, l.Clients, loc)
		if err != nil {
			return err
		}
		var tasks taskSet
		for _, e := range history {
			tasks.want(e.TaskID)
		}
		first, last := record.EntryKey(days[0].From.Start(loc), 0), record.EntryKey(days[0].To.AddDays(1).Start(loc), 0)
		c := tx.Bucket(record.BucketEntries).Cursor()
		for _, v := range record.Between(c, first, last) {
			taskID, _, _, err := record.DecodeSpan(v)
			if err != nil {
				return err
			}
			tasks.want(taskID)
		}
		if err := fillLedger(tx, &l, &tasks, from, to, loc); err != nil {
			return err
		}
		var decodeErr error
		entries := func(yield func(model.Entry) bool) {
			for _, e := range history { // all before from
				if !yield(e) {
					return
				}
			}
			for _, v := range record.Between(c, first, last) {
				e, err := record.DecodePriced(v)
				if err != nil {
					decodeErr = err
					return
				}
				if !yield(e) {
					return
				}
			}
		}
		if rep, err = summarize(l, entries); err != nil {
			return err
		}
		return decodeErr
	})
	if errors.Is(err, db.ErrMissing) {
		return summarize(model.Ledger{}, func(func(model.Entry) bool) {})
	}
	return rep, err
}

// readLedger reads what a report of [from, to] needs and no more: the
// entries from the history start, their tasks, the tasks done in the range
// (a fixed price falls due then) and the range's sales.
func readLedger(tx *bolt.Tx, from, to model.Date, loc *time.Location) (model.Ledger, error) {
	var l model.Ledger
	var err error
	if l.Clients, err = record.ReadClients(tx); err != nil {
		return l, err
	}
	if l.Entries, err = readDays(tx, []Days{{from, to}}, l.Clients, loc); err != nil {
		return l, err
	}
	return l, fillLedgerOfEntries(tx, &l, from, to, loc)
}

// clientHistory reads the entries of c that price a report of [from,
// to]: from its history start to the range's end, widened as an
// invoiced entry's day may be its invoice's (billing.Widened).
func clientHistory(tx *bolt.Tx, c model.Client, from, to model.Date, loc *time.Location) ([]model.Entry, error) {
	return index.ClientEntries(nil, tx, c.ID, billing.Widened(c.HistoryStart(from), -1).Start(loc), billing.Widened(to, 1).AddDays(1).Start(loc), record.Entries.Decode)
}

// fillLedgerOfEntries completes l, its clients and entries read, for a
// report of [from, to]: the tasks its entries name, and all fillLedger
// adds.
func fillLedgerOfEntries(tx *bolt.Tx, l *model.Ledger, from, to model.Date, loc *time.Location) error {
	var tasks taskSet
	for _, e := range l.Entries {
		tasks.want(e.TaskID)
	}
	return fillLedger(tx, l, &tasks, from, to, loc)
}

// fillLedger completes l for a report of [from, to] once tasks wants the
// tasks its entries name: how issued invoices priced them, those tasks
// and the ones done in the range (a fixed price falls due then), read in
// one pass, and the range's sales.
func fillLedger(tx *bolt.Tx, l *model.Ledger, tasks *taskSet, from, to model.Date, loc *time.Location) (err error) {
	if l.Invoiced, err = billing.Invoiced(tx, l.Clients, from, to, loc); err != nil {
		return err
	}
	if err = tasks.addDone(tx, from, to); err != nil {
		return err
	}
	l.Tasks = tasks.tasks
	// Only fixed-price tasks: all time reads thousands of tasks.
	l.FixedTracked = map[int64]int64{}
	index.Tracked(tx, l.Tasks, func(t model.Task) bool { return t.HasPrice }, l.FixedTracked)
	if l.Sales, err = index.Sales(tx, from, to); err != nil {
		return err
	}
	l.InvoicedItems, err = billing.InvoicedItems(tx, l.Clients, l.Tasks, l.Sales, from, to)
	return err
}

// addDone adds the tasks done from from to to, with any others wanted,
// reading only those the set does not hold yet.
func (s *taskSet) addDone(tx *bolt.Tx, from, to model.Date) error {
	for id := range index.DoneOn(tx, from, to) {
		s.want(id)
	}
	return s.readWanted(tx)
}

// everyTask is tracked's choice of all the tasks.
func everyTask(model.Task) bool { return true }

// taskSet gathers tasks by id, each once.
type taskSet struct {
	byID   map[int64]bool
	tasks  []model.Task
	wanted []int64 // ids to read, in the set already
	read   record.TaskReader
}

func (s *taskSet) add(tasks ...model.Task) {
	if s.byID == nil {
		s.byID = map[int64]bool{}
	}
	for _, t := range tasks {
		if !s.byID[t.ID] {
			s.byID[t.ID] = true
			s.tasks = append(s.tasks, t)
		}
	}
}

// addOf adds the tasks of entries.
func (s *taskSet) addOf(tx *bolt.Tx, entries []model.Entry) error {
	for _, e := range entries {
		s.want(e.TaskID)
	}
	return s.readWanted(tx)
}

// want notes a task to read with readWanted, unless the set holds it.
func (s *taskSet) want(id int64) {
	if s.byID == nil {
		s.byID = map[int64]bool{}
	}
	if !s.byID[id] {
		s.byID[id] = true
		s.wanted = append(s.wanted, id)
	}
}

// readWanted adds the tasks wanted, read in id order: the set is sized
// once and the cursor only moves forward.
func (s *taskSet) readWanted(tx *bolt.Tx) error {
	slices.Sort(s.wanted)
	s.tasks = slices.Grow(s.tasks, len(s.wanted))
	for _, id := range s.wanted {
		t, err := s.read.Get(tx, id)
		if err != nil {
			return err
		}
		s.tasks = append(s.tasks, t)
	}
	s.wanted = s.wanted[:0]
	return nil
}
