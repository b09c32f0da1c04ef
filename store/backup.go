package store

import (
	"fmt"

	"tally/store/internal/db"
)

// The day's backup (internal/db): a copy of the file as it stood before
// the day's first change, taken without making that change wait.

type (
	// BackupJob is the day's backup, handed over by the change it follows.
	BackupJob = db.BackupJob
	// Handover starts a backup job elsewhere and returns at once, keeping
	// a descriptor of its own for the job's data file. An error leaves the
	// job to the store, which then runs it before the change returns.
	Handover = db.Handover
)

// WithBackupHandover hands each day's backup job to h.
func WithBackupHandover(h Handover) Option { return func(s *Store) { s.file.Handover = h } }

// RunBackup runs a job handed over by a change, in the process that took
// it, and lets go of the data file's lock. What it meets is said by the
// file's next change.
func RunBackup(job BackupJob) { db.RunBackup(job) }

// Restore replaces the database with the backup at from, once the backup
// passes Check. The file it replaces, damaged or not, is kept beside it
// under a new name. Invoices the replaced file issued that the backup
// lacks are refused unless force, then dropped with their numbers kept
// taken (restorenumbers.go).
func (s *Store) Restore(from string, force bool) (done Restored, err error) {
	if err := s.file.CheckBackup(from); err != nil {
		return done, err
	}
	current, unread := s.issuedNumbers()
	if unread != nil {
		done.Warnings = Warnings{fmt.Sprintf("the replaced file could not be read (%v): numbers it issued after the backup may be issued again", unread)}
	} else if done.Dropped, err = droppedBy(from, current, force); err != nil {
		return done, err
	}
	if done.Kept, err = s.file.Replace(from, func() error { return s.keepSeqs(current.seqs) }); err != nil {
		return done, err
	}
	// The hook's work on the file as it now stands (a prompt's state the
	// prompts would find stale anyway); if it cannot be done, they ask
	// tally status.
	s.RunCommitHook()
	return done, nil
}
