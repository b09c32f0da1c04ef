package store

import (
	bolt "go.etcd.io/bbolt"
	"tally/store/internal/billing"
	"tally/store/internal/record"
	"tally/store/internal/replica"
	"tally/store/internal/undo"
	"tally/store/internal/write"
)

// writer is what a change's code holds: the transaction (write.Tx), whose
// puts and deletes every observer hears, and the observers a command
// speaks to itself.
type writer struct {
	*write.Tx
	tx    *bolt.Tx        // the same transaction, for reads
	locks *billing.Locks  // Void reopens its work; a pull lists what the locks refuse
	sync  *replica.Outbox // global ids, clocks and conflicts; the change's records, when the file syncs
	pull  *pull           // what a pull keeps, while one applies the hub's changes
	hook  *hookRunner     // the commit hook, run as the change settles
	// bookkeeping is a change of the sync's own notes alone (what was
	// pushed, the secret offered, when it synced): the records stay as
	// they were, and so does the revision, by which readers know whether
	// to read them again.
	bookkeeping bool
	// overlapsChecked says the change found its entries' overlaps as a
	// whole (an import does, in one sort; a pull lists them), so no entry
	// is checked alone.
	overlapsChecked bool
}

// Undone says which change Undo or Redo stepped over, and who made it.
type Undone struct {
	Label    string // what the change did: "switch to #2 Mail"
	Origin   string // who made it, as WithOrigin named them
	Warnings Warnings
}

// Undo reverts the last change made to the file, by any process, and
// says which it was and who made it. Calling it again steps further back;
// Redo makes the change again.
func (s *Store) Undo() (Undone, error) {
	return s.step(record.BucketUndo, record.BucketRedo, "nothing to undo")
}

// Redo makes again the last change Undo reverted, unless a new change has
// been made since.
func (s *Store) Redo() (Undone, error) {
	return s.step(record.BucketRedo, record.BucketUndo, "nothing to redo")
}

// step steps over the newest change the journal from holds (undo.Step).
func (s *Store) step(from, to []byte, empty string) (Undone, error) {
	var done Undone
	warnings, err := s.update(func(w *writer) (err error) {
		done.Label, done.Origin, err = undo.Step(w.Tx, from, to, empty)
		return err
	})
	done.Warnings = warnings
	return done, err
}
