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
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
	"tally/store/internal/boltfile"
	"tally/store/internal/record"
)

// ErrLocked reports that another process held the file for longer than the
// lock timeout.
var ErrLocked = errors.New("database is locked")

// ErrNotTally reports a file that is not a tally database, or one written by
// a newer tally.
var ErrNotTally = errors.New("not a tally database")

// ErrDamaged reports a tally database that is truncated or corrupt.
var ErrDamaged = errors.New("damaged database")

// DefaultTimeout is how long a call waits for another process's
// transaction. A change holds the file for milliseconds; 2 s was too
// short for sixteen processes writing at once on a machine busy with
// other work (TestConcurrentSwitches failed so, under a parallel test run).
const DefaultTimeout = 5 * time.Second

// Store is a tally database file. Its zero value is not usable; call New.
type Store struct {
	path    string
	timeout time.Duration
	now     func() time.Time
	backups int    // daily copies kept beside the file; 0 turns them off
	origin  string // who this process is, for Undo's message
	// stateRules, when set, price the prompt's state file, written after
	// every change (state.go).
	stateRules StateRules
	handover   Handover // who takes the day's backup job (backup.go); nil: the store
}

// Option changes how a Store works.
type Option func(*Store)

// WithTimeout sets how long a call waits for the file lock.
func WithTimeout(d time.Duration) Option { return func(s *Store) { s.timeout = d } }

// WithClock sets the clock that dates the daily backup and reads "now" for
// a start or stop that names no time.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithOrigin names who makes this store's changes ("tally stop", "the app
// (pid 12)"), so that Undo can say whose change it reverts.
func WithOrigin(origin string) Option { return func(s *Store) { s.origin = origin } }

// WithDailyBackups sets how many daily copies are kept; 0 keeps none.
func WithDailyBackups(n int) Option { return func(s *Store) { s.backups = n } }

// New returns the store for the file at path. It does not touch the file.
func New(path string, opts ...Option) *Store {
	s := &Store{path: path, timeout: DefaultTimeout, now: time.Now, backups: 7}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Path returns the file's path.
func (s *Store) Path() string { return s.path }

// Warnings are what went wrong without stopping a change, such as the
// day's backup failing: the change landed, and the user should know. Each
// change returns its own with its result.
type Warnings []string

// fileError is a problem with the database file itself: it reads as its
// message alone and matches its kind (ErrNotTally, ErrDamaged, ErrLocked).
type fileError struct {
	kind error
	msg  string
}

func (e fileError) Error() string        { return e.msg }
func (e fileError) Is(target error) bool { return target == e.kind }

func notTally(format string, args ...any) error {
	return fileError{ErrNotTally, fmt.Sprintf(format, args...)}
}

// errMissing says the file does not exist yet: reads see an empty
// database, and the first change creates it.
var errMissing = errors.New("store: no database file yet")

// inspect refuses what bbolt must not open: a folder, a special file, an
// empty file, and one whose pages lie past its end. It returns the size of
// a file bbolt may open.
func (s *Store) inspect() (size int64, err error) {
	info, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if target, lerr := os.Readlink(s.path); lerr == nil {
			return 0, notTally("%s is a link to %s, which does not exist", s.path, target)
		}
		return 0, errMissing
	case err != nil:
		return 0, fmt.Errorf("store: %w", err)
	case info.IsDir():
		return 0, notTally("%s is a folder, not a tally database", s.path)
	case !info.Mode().IsRegular():
		return 0, notTally("%s is not a regular file, so not a tally database", s.path)
	case info.Size() == 0:
		return 0, notTally("%s is empty, not a tally database (tally never leaves its file empty)", s.path)
	}
	f, err := os.Open(s.path)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	defer f.Close()
	switch err := boltfile.Preflight(f, info.Size()); {
	case errors.Is(err, boltfile.ErrNoHeader):
		return 0, notTally("%s is not a tally database: it has no database header", s.path)
	case err != nil:
		return 0, s.damaged(err.Error())
	}
	return info.Size(), nil
}

// open opens the file for bbolt, and returns with it the file bbolt
// reads it through, locked (nil where flock does not exist).
func (s *Store) open(readOnly bool) (*bolt.DB, *os.File, error) {
	size, err := s.inspect()
	if err != nil {
		return nil, nil, err
	}
	var file *os.File
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.timeout, ReadOnly: readOnly, InitialMmapSize: writeMapping(readOnly), OpenFile: lockedOpener(s.timeout, &file)})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout), errors.Is(err, errLockWait):
		return nil, nil, fileError{ErrLocked, "another tally is using " + s.path + "; try again"}
	case errors.As(err, new(*fs.PathError)):
		return nil, nil, fmt.Errorf("store: open %s: %w", s.path, err)
	case err != nil: // bbolt found no valid meta page: not a bbolt file, or a damaged one
		return nil, nil, notTally("%s is not a tally database (%v)", s.path, err)
	}
	db.AllocSize = growStep
	boltfile.ReadAhead(db, size)
	return db, file, nil
}

// writeMapping is how much address space a write maps up front: bbolt
// maps the file again each time a change outgrows the mapping, and copies
// every page the change touched out of the old one, which made a large
// import quadratic. Address space only: the file grows by growStep.
func writeMapping(readOnly bool) int {
	if readOnly || strconv.IntSize < 64 {
		return 0
	}
	return 1 << 30
}

// growStep is how far the file grows past what a change needs. bbolt's
// default (16 MiB, once the mapping is larger) would give every small
// file that much slack.
const growStep = 1 << 20

// guard runs fn with faults and panics turned into ErrDamaged: a damaged
// file can make bbolt read a page outside the mapped file or trip its own
// assertions, and no Go panic may reach the user.
func (s *Store) guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = s.damaged(fmt.Sprintf("a page does not read back: %v", r))
		}
	}()
	return fn()
}

// withDB opens the file, guarded, for fn, and closes it after.
func (s *Store) withDB(readOnly bool, fn func(db *bolt.DB) error) error {
	return s.withFile(readOnly, func(db *bolt.DB, _ *os.File) error { return fn(db) })
}

// withFile is withDB that also hands fn the locked file under bbolt.
func (s *Store) withFile(readOnly bool, fn func(db *bolt.DB, file *os.File) error) error {
	return s.guard(func() error {
		db, file, err := s.open(readOnly)
		if err != nil {
			return err
		}
		defer db.Close()
		return fn(db, file)
	})
}

// view runs fn in a read-only transaction. A file that does not exist yet
// reads as an empty database: fn is not called and view returns
// errMissing, which read turns into nothing. A file an older tally wrote
// is read as of the current layout (see viewMigrated).
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	err := s.viewAsStored(func(tx *bolt.Tx) error {
		if record.GetUint(tx.Bucket(record.BucketMeta), record.KeySchema) < SchemaVersion {
			return errOlderLayout
		}
		return fn(tx)
	})
	if errors.Is(err, errOlderLayout) {
		return s.viewMigrated(fn)
	}
	return err
}

// viewAsStored is view for a file of any layout tally knows, as it is:
// what a byte-for-byte copy wants.
func (s *Store) viewAsStored(fn func(tx *bolt.Tx) error) error {
	return s.withDB(true, func(db *bolt.DB) error {
		return s.damagedRecords(db.View(func(tx *bolt.Tx) error {
			if err := readable(tx); err != nil {
				return err
			}
			return fn(tx)
		}))
	})
}

// errOlderLayout stops a read of a file an older tally wrote.
var errOlderLayout = errors.New("store: an older layout")

// viewMigrated reads a file of an older layout as if it were of the
// current one: the migration runs in a write transaction that is rolled
// back, so a read still writes nothing, and the file moves to the new
// layout with its first change (after that day's backup).
func (s *Store) viewMigrated(fn func(tx *bolt.Tx) error) error {
	return s.withDB(false, func(db *bolt.DB) error {
		tx, err := db.Begin(true)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := prepare(tx, false); err != nil {
			return err
		}
		return s.damagedRecords(fn(tx))
	})
}

// read is view for the calls that answer "nothing" about a missing file.
func (s *Store) read(fn func(tx *bolt.Tx) error) error {
	if err := s.view(fn); !errors.Is(err, errMissing) {
		return err
	}
	return nil
}

// update runs fn in one read-write transaction that bumps the revision and
// records what fn changed so that Undo can put it back. The day's first
// change checks the pages before and has the file as it stood copied
// after (backup.go).
func (s *Store) update(fn func(w *writer) error) (Warnings, error) {
	var (
		warnings Warnings
		state    pendingState
	)
	err := s.withFile(false, func(db *bolt.DB, file *os.File) error {
		if err := s.checkBeforeChange(db); err != nil {
			return err
		}
		warnings = s.backupWarnings()
		var before uint64 // the transaction the change follows
		committed := false
		err := db.Update(func(tx *bolt.Tx) error {
			before = uint64(tx.ID()) - 1
			err := s.change(tx, false, fn, &state)
			committed = err == nil
			return err
		})
		if err == nil && committed {
			warnings = append(warnings, s.backUpAfterChange(file, before)...)
		}
		return s.damagedRecords(err)
	})
	if errors.Is(err, errMissing) {
		return s.create(fn)
	}
	if err == nil {
		// Written once the file is free again: under many writers at once,
		// holding it longer starved the slowest of them past the lock's
		// timeout. The state's revision keeps an older one from landing last.
		warnings = append(warnings, state.written(s)...)
	}
	return warnings, err
}

// errNothingChanged rolls back a transaction that changed nothing, so that
// not even the schema marker of a new file is written.
var errNothingChanged = errors.New("store: nothing changed")

// create makes the file with the first change. The database is built under
// a temporary name and linked into place only when the change lands, so a
// refused first command leaves no file behind, and two first commands at
// once cannot lose one another's change.
func (s *Store) create(fn func(w *writer) error) (Warnings, error) {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	tmp := filepath.Join(dir, "."+filepath.Base(s.path)+".new-"+fmt.Sprint(os.Getpid()))
	defer os.Remove(tmp)
	var state pendingState
	err := s.guard(func() error {
		db, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: s.timeout, InitialMmapSize: writeMapping(false)})
		if err != nil {
			return fmt.Errorf("store: create %s: %w", s.path, err)
		}
		db.AllocSize = growStep
		defer db.Close()
		return db.Update(func(tx *bolt.Tx) error { return s.change(tx, true, fn, &state) })
	})
	if errors.Is(err, errNothingChanged) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := os.Link(tmp, s.path); errors.Is(err, fs.ErrExist) {
		return s.update(fn) // another process made the file first: change that one
	} else if err != nil {
		return nil, fmt.Errorf("store: create %s: %w", s.path, err)
	}
	return state.written(s), nil
}

// damaged describes a file that cannot be trusted, and where to turn.
func (s *Store) damaged(reason string) error {
	reason = strings.ReplaceAll(reason, "\n", " ")
	msg := s.path + " is damaged (" + reason + "), and no good backup lies beside it"
	if good, ok := s.newestGoodBackup(); ok {
		msg = s.path + " is damaged (" + reason + "); the newest good backup is " + good + ": tally restore " + good
	}
	return fileError{ErrDamaged, msg}
}

// damagedRecords names the file and its newest good backup when a record
// in it would not decode.
func (s *Store) damagedRecords(err error) error {
	if errors.Is(err, record.ErrBad) {
		return s.damaged(err.Error())
	}
	if errors.Is(err, errNothingChanged) {
		return nil
	}
	return err
}

// Commits is the number of the last transaction committed to the file, as
// its header says: it moves with every commit, the sync's bookkeeping
// included. It is read without opening the database (no lock, nothing
// mapped: two small reads), so that the app can look every second whether
// another process changed the file, and ask Rev only when one did. A
// missing file has 0.
func (s *Store) Commits() (uint64, error) {
	f, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	defer f.Close()
	id, ok := boltfile.TxID(f)
	if !ok {
		return 0, notTally("%s is not a tally database: it has no database header", s.path)
	}
	return id, nil
}

// Rev returns the revision counter, which every change of the records
// bumps (the sync's bookkeeping leaves it): what the app compares with
// the snapshot it shows, to notice another process's change.
func (s *Store) Rev() (uint64, error) {
	var rev uint64
	err := s.read(func(tx *bolt.Tx) error {
		rev = record.GetUint(tx.Bucket(record.BucketMeta), record.KeyRev)
		return nil
	})
	return rev, err
}
