package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// Timing says when a timer starts or stops: At, or, when At is zero, the
// store's clock read once the file is locked, so that two quick switches
// from two processes never collide. An entry it closes may run at most
// MaxLength (0: any length) unless the user kept it.
type Timing struct {
	At        time.Time
	MaxLength time.Duration
}

func (s *Store) instant(t Timing) time.Time {
	if t.At.IsZero() {
		return s.now().Truncate(time.Second)
	}
	return t.At.Truncate(time.Second)
}

// Start starts a timer on task taskID. A timer already running is stopped
// at the same instant in the same transaction: a switch. It returns the
// new entry and, for a switch, the stopped one; a switch in the second the
// running entry started replaces that entry instead of leaving one of no
// length, and returns no stopped entry.
func (s *Store) Start(taskID int64, note string, tags []string, when Timing) (started model.Entry, stopped *model.Entry, warnings Warnings, err error) {
	warnings, err = s.update(func(w *writer) (err error) {
		started, stopped, err = startTask(w, taskID, note, tags, s.instant(when), when.MaxLength)
		return err
	})
	return started, stopped, warnings, err
}

// Started is what StartRef did: the entry it started, the one it stopped
// (nil when the timer was idle), and the task, with the clients that name
// it. Already says the task ran before, unchanged: Entry is its running
// entry, and nothing was written.
type Started struct {
	Entry    model.Entry
	Stopped  *model.Entry
	Task     model.Task
	Clients  []model.Client
	Already  bool
	Warnings Warnings
}

// StartRef is Start for a task the user names, as FindTask reads ref and
// clientName; the name is resolved in the start's own transaction, so a
// switch opens the file once.
func (s *Store) StartRef(ref, clientName, note string, tags []string, when Timing) (Started, error) {
	var st Started
	warnings, err := s.update(func(w *writer) (err error) {
		if st.Task, st.Clients, err = findTask(w.tx, ref, clientName); err != nil {
			return err
		}
		st.Entry, st.Stopped, err = startTask(w, st.Task.ID, note, tags, s.instant(when), when.MaxLength)
		// What a key binding or a script asks is true already.
		st.Already = errors.As(err, new(alreadyRunning))
		if st.Already {
			return nil
		}
		return err
	})
	st.Warnings = warnings
	return st, err
}

// StartNew adds task t at the end of its client's queue and starts it,
// as Start does, in one change: a task made up on the fly is tracked from
// the instant it is named, and one undo takes both back.
func (s *Store) StartNew(t model.Task, note string, when Timing) (Started, error) {
	var st Started
	warnings, err := s.update(func(w *writer) (err error) {
		if st.Task, err = addTask(w, t); err != nil {
			return err
		}
		st.Entry, st.Stopped, err = startTask(w, st.Task.ID, note, nil, s.instant(when), when.MaxLength)
		w.Label = "start new " + record.TaskLabel(st.Task)
		return err
	})
	st.Warnings = warnings
	return st, err
}

// alreadyRunning answers a start of the task that runs, with nothing new
// to note: nothing is written. StartRef takes it as done.
type alreadyRunning struct{ task model.Task }

func (a alreadyRunning) Error() string {
	return fmt.Sprintf("#%d %s is already running", a.task.ID, a.task.Title)
}

// Is makes it bad input where a start by id meets it.
func (alreadyRunning) Is(target error) bool { return target == model.ErrInvalid }

// Continue starts the task of the last stopped entry again, with that
// entry's tags and its note, or note when not nil, as Start does.
func (s *Store) Continue(when Timing, note *string) (started model.Entry, stopped *model.Entry, warnings Warnings, err error) {
	warnings, err = s.update(func(w *writer) error {
		last, found, err := lastStopped(w.tx)
		if err != nil {
			return err
		}
		if !found {
			return model.Invalidf("no stopped entry to continue")
		}
		if note != nil {
			last.Note = *note
		}
		started, stopped, err = startTask(w, last.TaskID, last.Note, last.Tags, s.instant(when), when.MaxLength)
		return err
	})
	return started, stopped, warnings, err
}

// lastStopped returns the finished entry that started last.
func lastStopped(tx *bolt.Tx) (model.Entry, bool, error) {
	c := tx.Bucket(record.BucketEntries).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		e, err := record.Entries.Decode(v)
		if err != nil || !e.Running() {
			return e, err == nil, err
		}
	}
	return model.Entry{}, false, nil
}

func startTask(w *writer, taskID int64, note string, tags []string, at time.Time, maxLength time.Duration) (started model.Entry, stopped *model.Entry, err error) {
	task, err := startable(w.tx, taskID)
	if err != nil {
		return started, nil, err
	}
	running, ok, err := record.Running(w.tx)
	if err != nil {
		return started, nil, err
	}
	w.Label = "start " + record.TaskLabel(task)
	if ok {
		nothingNew := note == "" && len(tags) == 0 || note == running.Note && slices.Equal(tags, running.Tags)
		if running.TaskID == taskID && nothingNew {
			return running, nil, alreadyRunning{task}
		}
		if stopped, err = stopRunning(w, running, at, maxLength); err != nil {
			return started, nil, err
		}
		w.Label = "switch to " + record.TaskLabel(task)
	}
	started = model.Entry{TaskID: taskID, Start: at, Note: note, Tags: tags}
	return started, stopped, insertEntry(w, &started)
}

func startable(tx *bolt.Tx, taskID int64) (model.Task, error) {
	task, err := record.Tasks.Get(tx, taskID)
	if err != nil {
		return task, err
	}
	if task.Done {
		return task, model.Invalidf("#%d %s is done; reopen it with: tally task edit %d --open", task.ID, task.Title, task.ID)
	}
	return task, notArchived(tx, task)
}

// notArchived refuses time on an archived client's task.
func notArchived(tx *bolt.Tx, task model.Task) error {
	c, err := record.Clients.Get(tx, task.ClientID)
	if err == nil && c.Archived {
		err = model.Invalidf("#%d %s belongs to archived client %s; restore it with: tally client archive --restore %q", task.ID, task.Title, c.Name, c.Name)
	}
	return err
}

// Stop stops the running timer and returns the finished entry, its note
// replaced by note when not nil; ok is false when the timer had run for
// less than a second, and its entry was dropped rather than kept with no
// length.
func (s *Store) Stop(when Timing, note *string) (stopped model.Entry, ok bool, warnings Warnings, err error) {
	warnings, err = s.update(func(w *writer) error {
		at := s.instant(when)
		running, found, err := record.Running(w.tx)
		if err != nil {
			return err
		}
		if !found {
			return model.Invalidf("no timer is running")
		}
		w.Label = "stop entry " + itoa(running.ID)
		if note != nil {
			noted := running
			noted.Note = *note
			if err := replaceEntry(w, running, noted); err != nil {
				return err
			}
			running = noted
		}
		closed, err := stopRunning(w, running, at, when.MaxLength)
		stopped, ok = running, closed != nil
		if closed != nil {
			stopped = *closed
		}
		return err
	})
	return stopped, ok, warnings, err
}

// stopRunning ends the running entry at at. An entry longer than maxLength
// is refused unless the user kept it; one that would end in the second it
// started is removed, and nil returned.
func stopRunning(w *writer, running model.Entry, at time.Time, maxLength time.Duration) (*model.Entry, error) {
	if at.Before(running.Start) {
		return nil, model.Invalidf("cannot stop at %s: the timer started at %s", at.Format("2006-01-02 15:04:05"), running.Start.Format("2006-01-02 15:04:05"))
	}
	if !running.Kept {
		if err := model.CheckLength(running.Start, at, maxLength); err != nil {
			return nil, err
		}
	}
	if at.Equal(running.Start) {
		return nil, deleteEntry(w, running)
	}
	stopped := running
	stopped.End = at
	return &stopped, replaceEntry(w, running, stopped)
}

// AddEntry stores a finished entry, refusing one that overlaps another
// unless e.AllowOverlap is set.
func (s *Store) AddEntry(e model.Entry) (model.Entry, Warnings, error) {
	warnings, err := s.update(func(w *writer) error {
		task, err := record.Tasks.Get(w.tx, e.TaskID)
		if err != nil {
			return err
		}
		if err := notArchived(w.tx, task); err != nil {
			return err
		}
		if e.Running() {
			return model.Invalidf("an entry needs an end; use tally start for a running timer")
		}
		if err := insertEntry(w, &e); err != nil {
			return err
		}
		w.Label = "add entry " + itoa(e.ID) + " on " + record.TaskLabel(task)
		return nil
	})
	return e, warnings, err
}

// Entry returns the entry with the given id.
func (s *Store) Entry(id int64) (model.Entry, error) {
	var e model.Entry
	err := s.read(func(tx *bolt.Tx) (err error) {
		e, err = record.Entries.Get(tx, id)
		return err
	})
	if err == nil && e.ID == 0 { // no file yet
		err = model.Invalidf("no entry %d", id)
	}
	return e, err
}

// EditEntry applies change to entry id, in one transaction, checking the
// result as AddEntry does.
func (s *Store) EditEntry(id int64, change func(*model.Entry) error) (model.Entry, Warnings, error) {
	var e model.Entry
	warnings, err := s.update(func(w *writer) error {
		old, err := record.Entries.Get(w.tx, id)
		if err != nil {
			return err
		}
		e = old
		if err := change(&e); err != nil {
			return err
		}
		if _, err := record.Tasks.Get(w.tx, e.TaskID); err != nil {
			return err
		}
		if e.Running() != old.Running() {
			return model.Invalidf("use tally start and tally stop to start or stop a timer")
		}
		w.Label = "edit entry " + itoa(id)
		return replaceEntry(w, old, e)
	})
	return e, warnings, err
}

// RemoveEntry deletes entry id and returns it.
func (s *Store) RemoveEntry(id int64) (model.Entry, Warnings, error) {
	return remove(s, record.Entries, id, deleteEntry)
}

// remove deletes the record of kind with id, as del takes it out, in a
// change labelled "remove entry 7", and returns it.
func remove[T, W any](s *Store, kind *record.Shape[T, W], id int64, del func(*writer, T) error) (T, Warnings, error) {
	var v T
	warnings, err := s.update(func(w *writer) (err error) {
		if v, err = kind.Get(w.tx, id); err != nil {
			return err
		}
		w.Label = "remove " + kind.String() + " " + itoa(id)
		return del(w, v)
	})
	return v, warnings, err
}

// insertEntry gives e an id and stores it; a running e becomes the one
// running entry.
func insertEntry(w *writer, e *model.Entry) error {
	if err := checkNewText("the note", "", e.Note); err != nil {
		return err
	}
	id, err := w.tx.Bucket(record.BucketEntries).NextSequence()
	if err != nil {
		return err
	}
	e.ID = int64(id)
	if _, ok, _ := record.Running(w.tx); ok && e.Running() {
		return model.Invalidf("a timer is already running")
	}
	return fileEntry(w, nil, e)
}

// replaceEntry swaps old for e, which has the same id.
func replaceEntry(w *writer, old, e model.Entry) error {
	if err := checkNewText("the note", old.Note, e.Note); err != nil {
		return err
	}
	return fileEntry(w, &old, &e)
}

// deleteEntry takes e out.
func deleteEntry(w *writer, e model.Entry) error { return fileEntry(w, &e, nil) }

// checkNewText refuses free text that changed to what tally cannot keep
// (model.CheckText); text stored before stays, so that an older record
// still stops, moves and is billed.
func checkNewText(what, old, now string) error {
	if now == old {
		return nil
	}
	return model.CheckText(what, now)
}

// fileEntry files e in place of old, both of one id; either may be nil:
// a new entry, or one taken out. Its key moves when its start does, and
// the running entry's with it. A running e becomes the running entry
// unless another runs: a pull writes a timer from elsewhere before it
// ends one of the two.
func fileEntry(w *writer, old, e *model.Entry) error {
	if old != nil {
		if err := unfileEntry(w, *old, e == nil); err != nil {
			return err
		}
	}
	if e == nil {
		return nil
	}
	if err := checkEntry(w, *e); err != nil {
		return err
	}
	key := record.EntryKey(e.Start, e.ID)
	if err := w.Put(record.BucketEntries, key, record.Entries.Encode(*e)); err != nil {
		return err
	}
	if err := w.Put(record.BucketEntryIDs, record.IDKey(e.ID), key); err != nil {
		return err
	}
	if e.Running() && w.tx.Bucket(record.BucketMeta).Get(record.KeyRunning) == nil {
		return w.Put(record.BucketMeta, record.KeyRunning, key)
	}
	return nil
}

// unfileEntry takes e out of the entries bucket, and, gone for good, out
// of the index by id.
func unfileEntry(w *writer, e model.Entry, gone bool) error {
	key := record.EntryKey(e.Start, e.ID)
	if bytes.Equal(w.tx.Bucket(record.BucketMeta).Get(record.KeyRunning), key) {
		if err := w.Delete(record.BucketMeta, record.KeyRunning); err != nil {
			return err
		}
	}
	if err := w.Delete(record.BucketEntries, key); err != nil || !gone {
		return err
	}
	return w.Delete(record.BucketEntryIDs, record.IDKey(e.ID))
}

// checkEntry holds an entry to the rules of every entry, and notes how
// long it is: the longest bounds the overlap scans.
func checkEntry(w *writer, e model.Entry) error {
	if err := model.CheckInstant(e.Start); err != nil {
		return err
	}
	if !e.Running() && e.End.Before(e.Start) {
		return model.Invalidf("the entry ends (%s) before it starts (%s)", e.End.Format("2006-01-02 15:04"), e.Start.Format("2006-01-02 15:04"))
	}
	for _, tag := range e.Tags {
		if err := model.ValidateTag(tag); err != nil {
			return err
		}
	}
	if !w.overlapsChecked {
		if err := checkOverlap(w.tx, e); err != nil {
			return err
		}
	}
	if !e.Running() {
		meta := w.tx.Bucket(record.BucketMeta)
		if secs := uint64(e.End.Sub(e.Start) / time.Second); secs > record.GetUint(meta, record.KeyLongest) {
			return meta.Put(record.KeyLongest, record.UintBytes(secs))
		}
	}
	return nil
}

// checkOverlap refuses e when it shares an instant with another entry and
// neither allows it. Only entries starting within the longest entry's length
// before e can reach it, plus the running one, so the scan stays short.
func checkOverlap(tx *bolt.Tx, e model.Entry) error {
	if e.AllowOverlap {
		return nil
	}
	other, found, err := record.Overlapping(tx, e)
	if err != nil || !found {
		return err
	}
	return model.OverlapError{Other: other}
}

// KeepRunning marks the running entry as kept: the user saw it flagged as
// forgotten and chose to keep all of it, so no process flags it again and
// it may be stopped at any length.
func (s *Store) KeepRunning() (model.Entry, Warnings, error) {
	var kept model.Entry
	warnings, err := s.update(func(w *writer) error {
		running, ok, err := record.Running(w.tx)
		if err != nil {
			return err
		}
		if !ok {
			return model.Invalidf("no timer is running")
		}
		kept = running
		kept.Kept = true
		w.Label = "keep running entry " + itoa(running.ID)
		return replaceEntry(w, running, kept)
	})
	return kept, warnings, err
}
