package store

import (
	"tally/model"
	"tally/store/internal/index"
	"tally/store/internal/record"
)

// AddTask stores a new task at the end of its client's queue.
func (s *Store) AddTask(t model.Task) (model.Task, Warnings, error) {
	warnings, err := s.update(func(w *writer) (err error) {
		t, err = addTask(w, t)
		return err
	})
	return t, warnings, err
}

// addTask files t, new, at the end of its client's queue.
func addTask(w *writer, t model.Task) (model.Task, error) {
	if err := model.ValidateName("task title", t.Title); err != nil {
		return t, err
	}
	c, err := record.Clients.Get(w.tx, t.ClientID)
	if err != nil {
		return t, err
	}
	if c.Archived {
		return t, model.Invalidf("client %q is archived", c.Name)
	}
	open, err := index.OpenTasks(w.tx)
	if err != nil {
		return t, err
	}
	for _, other := range open {
		if other.ClientID == t.ClientID {
			t.Rank = max(t.Rank, other.Rank+1)
		}
	}
	if t.ID, err = nextID(w, record.BucketTasks); err != nil {
		return t, err
	}
	w.Label = "add " + record.TaskLabel(t)
	return t, putTask(w, t)
}

// EditTask applies change to task id, in one transaction.
func (s *Store) EditTask(id int64, label string, change func(*model.Task) error) (model.Task, Warnings, error) {
	var t model.Task
	warnings, err := s.update(func(w *writer) (err error) {
		if t, err = record.Tasks.Get(w.tx, id); err != nil {
			return err
		}
		if err := change(&t); err != nil {
			return err
		}
		if err := model.ValidateName("task title", t.Title); err != nil {
			return err
		}
		w.Label = label + " " + record.TaskLabel(t)
		return putTask(w, t)
	})
	return t, warnings, err
}

// MoveTask swaps task id with its neighbour in its client's queue of open
// tasks: up when by is negative, down when positive.
func (s *Store) MoveTask(id int64, by int) (Warnings, error) {
	return s.update(func(w *writer) error {
		t, err := record.Tasks.Get(w.tx, id)
		if err != nil {
			return err
		}
		open, err := index.OpenTasks(w.tx)
		if err != nil {
			return err
		}
		queue := model.Queue(open, t.ClientID)
		for i, q := range queue {
			j := i + by
			if q.ID != id || j < 0 || j >= len(queue) {
				continue
			}
			a, b := queue[i], queue[j]
			a.Rank, b.Rank = b.Rank, a.Rank
			w.Label = "move " + record.TaskLabel(t)
			if err := putTask(w, a); err != nil {
				return err
			}
			return putTask(w, b)
		}
		return nil
	})
}

// putTask files a task, new or changed.
func putTask(w *writer, t model.Task) error {
	return w.Put(record.BucketTasks, record.IDKey(t.ID), record.Tasks.Encode(t))
}

// Finish marks task id done on day. A timer running on it stops, in the
// same transaction: finished work is not tracked further. It returns the
// task and the stopped entry, if one was.
func (s *Store) Finish(id int64, day model.Date, when Timing) (model.Task, *model.Entry, Warnings, error) {
	var (
		t       model.Task
		stopped *model.Entry
	)
	warnings, err := s.update(func(w *writer) (err error) {
		if t, err = record.Tasks.Get(w.tx, id); err != nil {
			return err
		}
		if t.Done {
			return model.Invalidf("#%d %s is already done (on %s)", t.ID, t.Title, t.DoneOn)
		}
		t.Done, t.DoneOn = true, day
		w.Label = "finish " + record.TaskLabel(t)
		if err := putTask(w, t); err != nil {
			return err
		}
		running, ok, err := record.Running(w.tx)
		if err != nil || !ok || running.TaskID != id {
			return err
		}
		stopped, err = stopRunning(w, running, s.instant(when), when.MaxLength)
		return err
	})
	return t, stopped, warnings, err
}
