package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// Whoever opens the store may be told of every change it commits, with a
// read of the file as the change leaves it: cli installs a hook that
// keeps the prompt's state file beside the data file
// (docs/design.md#prompts-and-status-bars). What the hook does is not
// the store's.

// A CommitHook is told of each change the store commits. It runs inside
// the change's transaction, once every observer has settled, with the
// file as the change leaves it; what it returns (nil: nothing) runs once
// the change has landed and the file is free again, and its warnings are
// the change's. RunCommitHook runs it on the file as it stands.
type CommitHook func(v View) (landed func() Warnings)

// WithCommitHook has h told of every change the store commits.
func WithCommitHook(h CommitHook) Option { return func(s *Store) { s.hook = h } }

// View is the file as a change leaves it, or as it stands: what a commit
// hook reads, valid only while the hook runs.
type View struct {
	tx     *bolt.Tx
	rev    uint64
	change bool
}

// Change says whether the view is of a change just committed, rather
// than of the file as it stands (RunCommitHook): another process's later
// change may have been told since.
func (v View) Change() bool { return v.change }

// Rev is the revision the change commits, or the file's: the sync's
// bookkeeping leaves it as it was.
func (v View) Rev() uint64 { return v.rev }

// Ledger is Store.Ledger, read in the view.
func (v View) Ledger(from, to model.Date, loc *time.Location) (model.Ledger, error) {
	return readLedger(v.tx, from, to, loc)
}

// Running is the running entry, its task and the task's client; false
// when no timer runs.
func (v View) Running() (e model.Entry, t model.Task, c model.Client, ok bool, err error) {
	if e, ok, err = record.Running(v.tx); err != nil || !ok {
		return e, t, c, ok, err
	}
	if t, err = record.Tasks.Get(v.tx, e.TaskID); err != nil {
		return e, t, c, ok, err
	}
	c, err = record.Clients.Get(v.tx, t.ClientID)
	return e, t, c, ok, err
}

// hookRunner is the observer that runs the commit hook as the change
// settles, and keeps what the hook leaves for after it lands.
type hookRunner struct {
	s      *Store
	w      *writer
	landed func() Warnings
}

func (*hookRunner) Observe(write.Event) error { return nil }

func (h *hookRunner) Settle() error {
	if h.s.hook == nil {
		return nil
	}
	h.landed = h.s.hook(View{tx: h.w.tx, rev: h.w.commitRev(), change: true})
	return nil
}

// after runs what the hook left for after the change landed.
func (h *hookRunner) after() Warnings {
	if h == nil || h.landed == nil {
		return nil
	}
	return h.landed()
}

// RunCommitHook runs the commit hook on the file as it stands, as if a
// change had just landed: what a prompt's state older than the data (a
// restore, a copy put in place) asks for.
func (s *Store) RunCommitHook() (Warnings, error) {
	if s.hook == nil {
		return nil, nil
	}
	var landed func() Warnings
	err := s.read(func(tx *bolt.Tx) error {
		landed = s.hook(View{tx: tx, rev: record.Rev(tx)})
		return nil
	})
	if err != nil || landed == nil {
		return nil, err
	}
	return landed(), nil
}
