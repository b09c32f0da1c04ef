package store

import (
	"tally/store/internal/record"
	"tally/store/internal/undo"
)

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
