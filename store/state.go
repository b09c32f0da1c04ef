package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/prompt"
	"tally/store/internal/record"
	"tally/store/internal/write"
)

// The prompt's state file (docs/design.md#prompts-and-status-bars): after every change the store
// writes, beside the data file, the running timer and today's totals as
// the change left them, so that a shell prompt reads them with builtins
// and starts no process.

// StateRules price today's totals for the state file and say when a timer
// counts as forgotten: the settings' rules. They are asked for only when
// a change lands, so reads never load the settings for them.
type StateRules func() (loc *time.Location, rounding model.Rounding, forgottenAfter time.Duration, err error)

// WithState keeps the prompt's state file, priced by rules.
func WithState(rules StateRules) Option { return func(s *Store) { s.stateRules = rules } }

// StatePath is the prompt's state file of this store's data file.
func (s *Store) StatePath() string { return prompt.PathFor(s.file.Path) }

// stateOf reads the state the prompt shows from tx, as of now.
func (s *Store) stateOf(tx *bolt.Tx, bump bool) (prompt.State, error) {
	loc, rounding, forgotten, err := s.stateRules()
	if err != nil {
		return prompt.State{}, err
	}
	now := s.now()
	today := model.DateOf(now, loc)
	// The revision the change's commit makes (bump), or the file's.
	rev := record.GetUint(tx.Bucket(record.BucketMeta), record.KeyRev)
	if bump {
		rev++
	}
	st := prompt.State{Rev: rev, Day: today, DayEnd: today.AddDays(1).Start(loc), ForgottenAfter: forgotten}
	l, err := readLedger(tx, today, today, loc)
	if err != nil {
		return st, err
	}
	st.Today = model.BuildReport(l, model.ReportOptions{From: today, To: today, Location: loc, Now: now, Rounding: rounding, Summary: true}).Totals
	running, ok, err := record.Running(tx)
	if err != nil || !ok {
		return st, err
	}
	t, err := record.Tasks.Get(tx, running.TaskID)
	if err != nil {
		return st, err
	}
	c, err := record.Clients.Get(tx, t.ClientID)
	st.Running, st.Start, st.Task, st.Client = true, running.Start, t.Title, c.Name
	return st, err
}

// pendingState carries the state a change computed inside its
// transaction to the moment it has landed.
type pendingState struct {
	state prompt.State
	kept  bool // the change settled, so it commits: its state is due
	ready bool // and it was worked out
}

// stateKeeper is the observer that works out the prompt's state as the
// change settles.
type stateKeeper struct {
	s     *Store
	w     *writer
	state *pendingState
}

func (stateKeeper) Observe(write.Event) error { return nil }

// Settle works the state out with the revision the change commits: the
// sync's bookkeeping leaves it (change.go), and writes the state again
// all the same, so that prompts do not take it for older than the data.
func (k stateKeeper) Settle() error {
	k.state.keep(k.s, k.w.tx, !k.w.bookkeeping)
	return nil
}

// keep computes the state inside the change's transaction, if the store
// keeps one; a failure is a warning when the change lands, never a failed
// change.
func (p *pendingState) keep(s *Store, tx *bolt.Tx, bump bool) {
	if s.stateRules == nil {
		return
	}
	p.kept = true
	var err error
	if p.state, err = s.stateOf(tx, bump); err == nil {
		p.ready = true
	}
}

// written writes the state once its change has landed.
func (p *pendingState) written(s *Store) Warnings {
	if s.stateRules == nil || !p.kept {
		return nil // no state kept, or no change committed
	}
	if !p.ready {
		return Warnings{"the prompt's state file was not written; tally status writes it"}
	}
	// Another process's later change may have written its state first (the
	// state is written once the file is free): the newer stays. A state
	// older than the data (a copy put in place) is always replaced.
	path := s.StatePath()
	if rev, ok := prompt.RevOf(path); ok && rev > p.state.Rev && !prompt.Older(path, s.file.Path) {
		return nil
	}
	if err := prompt.Write(path, p.state); err != nil {
		return Warnings{err.Error()}
	}
	return nil
}

// WriteState writes the state file again from the data: what tally status
// does when it finds the file older than the data (a restore, a copy).
func (s *Store) WriteState() error {
	if s.stateRules == nil {
		return nil
	}
	var st prompt.State
	err := s.read(func(tx *bolt.Tx) (err error) {
		st, err = s.stateOf(tx, false)
		return err
	})
	if err != nil {
		return err
	}
	return prompt.Write(s.StatePath(), st)
}
