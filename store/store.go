// Package store keeps tally's data in one bbolt file. Every call opens the
// file, runs one transaction and closes it again, so the full-screen app, a
// status line and scripts in other terminals can share the file: no process
// holds the lock longer than one short transaction.
//
// The file is trusted only after it proves itself: a missing file reads as
// empty and is created by the first change; a truncated, corrupt, foreign or
// empty file is reported (with the newest good backup) and never written
// to; and a fault or panic inside bbolt becomes an error, never a crash.
package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/store/internal/db"
	"tally/store/internal/record"
)

// ErrLocked reports that another process held the file for longer than the
// lock timeout.
var ErrLocked = db.ErrLocked

// ErrNotTally reports a file that is not a tally database, or one written by
// a newer tally.
var ErrNotTally = db.ErrNotTally

// ErrDamaged reports a tally database that is truncated or corrupt.
var ErrDamaged = db.ErrDamaged

// DefaultTimeout is how long a call waits for another process's
// transaction.
const DefaultTimeout = db.DefaultTimeout

// SchemaVersion is the layout this tally writes.
const SchemaVersion = db.SchemaVersion

// Warnings are what went wrong without stopping a change, such as the
// day's backup failing: the change landed, and the user should know. Each
// change returns its own with its result.
type Warnings = db.Warnings

// Store is a tally database file. Its zero value is not usable; call New.
type Store struct {
	file   *db.File
	origin string // who this process is, for Undo's message
	// hook is told of every change the store commits (hook.go).
	hook CommitHook
	// pullRules are the settings a pull keeps (syncclock.go).
	pullRules PullRules
}

// Option changes how a Store works.
type Option func(*Store)

// WithTimeout sets how long a call waits for the file lock.
func WithTimeout(d time.Duration) Option { return func(s *Store) { s.file.Timeout = d } }

// WithClock sets the clock that dates the daily backup and reads "now" for
// a start or stop that names no time.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.file.Now = now }
}

// now is the store's clock (WithClock), the one the daily backup reads.
func (s *Store) now() time.Time { return s.file.Now() }

// WithOrigin names who makes this store's changes ("tally stop", "the app
// (pid 12)"), so that Undo can say whose change it reverts.
func WithOrigin(origin string) Option { return func(s *Store) { s.origin = origin } }

// WithDailyBackups sets how many daily copies are kept; 0 keeps none.
func WithDailyBackups(n int) Option { return func(s *Store) { s.file.Backups = n } }

// New returns the store for the file at path. It does not touch the file.
func New(path string, opts ...Option) *Store {
	s := &Store{file: &db.File{Path: path, Timeout: DefaultTimeout, Now: time.Now, Backups: 7}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Path returns the file's path.
func (s *Store) Path() string { return s.file.Path }

// view runs fn in a read-only transaction (db.File.View).
func (s *Store) view(fn func(tx *bolt.Tx) error) error { return s.file.View(fn) }

// read is view for the calls that answer "nothing" about a missing file.
func (s *Store) read(fn func(tx *bolt.Tx) error) error { return s.file.Read(fn) }

// update runs fn as one change of the file (change.go), in one read-write
// transaction.
func (s *Store) update(fn func(w *writer) error) (Warnings, error) {
	var hook *hookRunner
	warnings, err := s.file.Update(func(tx *bolt.Tx, fresh bool) error {
		w := s.begin(tx, fresh)
		hook = w.hook
		return change(w, fn)
	})
	if err == nil {
		// Run once the file is free again: under many writers at once,
		// holding it longer starved the slowest of them past the lock's
		// timeout.
		warnings = append(warnings, hook.after()...)
	}
	return warnings, err
}

// errNothingChanged rolls back a change that changed nothing.
var errNothingChanged = db.ErrNothingChanged

// Commits is the number of the last transaction committed to the file, as
// its header says: it moves with every commit, the sync's bookkeeping
// included. It is read without opening the database (no lock, nothing
// mapped: two small reads), so that the app can look every second whether
// another process changed the file, and ask Rev only when one did. A
// missing file has 0.
func (s *Store) Commits() (uint64, error) { return s.file.Commits() }

// Watcher tells when the file may have changed (db.Watcher).
type Watcher = db.Watcher

// Watch starts watching the file for other processes' changes: the app
// waits on it, then looks at Commits, so that it follows a change at once
// and reads nothing while nothing changes.
func (s *Store) Watch() *Watcher { return s.file.Watch() }

// Check runs bbolt's page-level consistency check and tally's own
// invariants (db.File.Check), and returns every problem found; a file
// that cannot even be opened is an error.
func (s *Store) Check() ([]string, error) { return s.file.Check() }

// Backup writes a consistent copy of the database to path while other
// processes may go on using it.
func (s *Store) Backup(path string) error { return s.file.Backup(path) }

// Rev returns the revision counter, which every change of the records
// bumps (the sync's bookkeeping leaves it): what the app compares with
// the snapshot it shows, to notice another process's change.
func (s *Store) Rev() (uint64, error) {
	var rev uint64
	err := s.read(func(tx *bolt.Tx) error {
		rev = record.Rev(tx)
		return nil
	})
	return rev, err
}
