// Package db is tally's file itself: how it is inspected before bbolt may
// open it, opened and locked for one transaction at a time, migrated from
// an older layout, checked, backed up each day and restored. A missing
// file reads as empty and is created by the first change; a truncated,
// corrupt, foreign or empty file is reported (with the newest good
// backup) and never written to; and a fault or panic inside bbolt becomes
// an error, never a crash. What a change does inside its transaction is
// the store's (change.go).
package db

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

// File is a tally file at Path, and how it is held.
type File struct {
	Path     string
	Timeout  time.Duration // how long a call waits for another process's transaction
	Now      func() time.Time
	Backups  int      // daily copies kept beside the file; 0 turns them off
	Handover Handover // who takes the day's backup job (backup.go); nil: the file itself
}

// Warnings are what went wrong without stopping a change, such as the
// day's backup failing: the change landed, and the user should know. Each
// change returns its own with its result.
type Warnings []string

// DefaultTimeout is how long a call waits for another process's
// transaction. A change holds the file for milliseconds; 2 s was too
// short for sixteen processes writing at once on a machine busy with
// other work (TestConcurrentSwitches failed so, under a parallel test run).
const DefaultTimeout = 5 * time.Second

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

// ErrMissing says the file does not exist yet: reads see an empty
// database, and the first change creates it.
var ErrMissing = errors.New("store: no database file yet")

// inspect refuses what bbolt must not open: a folder, a special file, an
// empty file, and one whose pages lie past its end. It returns the size of
// a file bbolt may open.
func (f *File) inspect() (size int64, err error) {
	info, err := os.Stat(f.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if target, lerr := os.Readlink(f.Path); lerr == nil {
			return 0, notTally("%s is a link to %s, which does not exist", f.Path, target)
		}
		return 0, ErrMissing
	case err != nil:
		return 0, fmt.Errorf("store: %w", err)
	case info.IsDir():
		return 0, notTally("%s is a folder, not a tally database", f.Path)
	case !info.Mode().IsRegular():
		return 0, notTally("%s is not a regular file, so not a tally database", f.Path)
	case info.Size() == 0:
		return 0, notTally("%s is empty, not a tally database (tally never leaves its file empty)", f.Path)
	}
	file, err := os.Open(f.Path)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	defer file.Close()
	switch err := boltfile.Preflight(file, info.Size()); {
	case errors.Is(err, boltfile.ErrNoHeader):
		return 0, notTally("%s is not a tally database: it has no database header", f.Path)
	case err != nil:
		return 0, f.damaged(err.Error())
	}
	return info.Size(), nil
}

// open opens the file for bbolt, and returns with it the file bbolt
// reads it through, locked (nil where flock does not exist).
func (f *File) open(readOnly bool) (*bolt.DB, *os.File, error) {
	size, err := f.inspect()
	if err != nil {
		return nil, nil, err
	}
	var file *os.File
	db, err := bolt.Open(f.Path, 0o600, &bolt.Options{Timeout: f.Timeout, ReadOnly: readOnly, InitialMmapSize: writeMapping(readOnly), OpenFile: lockedOpener(f.Timeout, &file)})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout), errors.Is(err, errLockWait):
		return nil, nil, fileError{ErrLocked, "another tally is using " + f.Path + "; try again"}
	case errors.As(err, new(*fs.PathError)):
		return nil, nil, fmt.Errorf("store: open %s: %w", f.Path, err)
	case err != nil: // bbolt found no valid meta page: not a bbolt file, or a damaged one
		return nil, nil, notTally("%s is not a tally database (%v)", f.Path, err)
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
func (f *File) guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = f.damaged(fmt.Sprintf("a page does not read back: %v", r))
		}
	}()
	return fn()
}

// withDB opens the file, guarded, for fn, and closes it after.
func (f *File) withDB(readOnly bool, fn func(db *bolt.DB) error) error {
	return f.withFile(readOnly, func(db *bolt.DB, _ *os.File) error { return fn(db) })
}

// withFile is withDB that also hands fn the locked file under bbolt.
func (f *File) withFile(readOnly bool, fn func(db *bolt.DB, file *os.File) error) error {
	return f.guard(func() error {
		db, file, err := f.open(readOnly)
		if err != nil {
			return err
		}
		defer db.Close()
		return fn(db, file)
	})
}

// View runs fn in a read-only transaction. A file that does not exist yet
// reads as an empty database: fn is not called and View returns
// ErrMissing, which Read turns into nothing. A file an older tally wrote
// is read as of the current layout (see viewMigrated).
func (f *File) View(fn func(tx *bolt.Tx) error) error {
	err := f.ViewAsStored(func(tx *bolt.Tx) error {
		if record.GetUint(tx.Bucket(record.BucketMeta), record.KeySchema) < SchemaVersion {
			return errOlderLayout
		}
		return fn(tx)
	})
	if errors.Is(err, errOlderLayout) {
		return f.viewMigrated(fn)
	}
	return err
}

// ViewAsStored is View for a file of any layout tally knows, as it is:
// what a byte-for-byte copy wants.
func (f *File) ViewAsStored(fn func(tx *bolt.Tx) error) error {
	return f.withDB(true, func(db *bolt.DB) error {
		return f.damagedRecords(db.View(func(tx *bolt.Tx) error {
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
func (f *File) viewMigrated(fn func(tx *bolt.Tx) error) error {
	return f.withDB(false, func(db *bolt.DB) error {
		tx, err := db.Begin(true)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := Prepare(tx, false); err != nil {
			return err
		}
		return f.damagedRecords(fn(tx))
	})
}

// Read is View for the calls that answer "nothing" about a missing file.
func (f *File) Read(fn func(tx *bolt.Tx) error) error {
	if err := f.View(fn); !errors.Is(err, ErrMissing) {
		return err
	}
	return nil
}

// Update runs change in one read-write transaction of a file of the
// current layout, migrated first when older (fresh says the file was
// just made): one change. The day's first change checks the pages before
// and has the file as it stood copied after (backup.go). A missing file
// is made by its first change (create). change returns ErrNothingChanged
// to commit nothing.
func (f *File) Update(change func(tx *bolt.Tx, fresh bool) error) (Warnings, error) {
	var warnings Warnings
	err := f.withFile(false, func(db *bolt.DB, file *os.File) error {
		due, err := f.checkBeforeChange(db)
		if err != nil {
			return err
		}
		warnings = f.backupWarnings()
		var before uint64 // the transaction the change follows
		committed := false
		err = db.Update(func(tx *bolt.Tx) error {
			before = uint64(tx.ID()) - 1
			err := f.prepared(tx, false, change)
			committed = err == nil
			return err
		})
		if err == nil && committed && due != "" {
			warnings = append(warnings, f.backUpAfterChange(file, before, due)...)
		}
		return f.damagedRecords(err)
	})
	if errors.Is(err, ErrMissing) {
		return f.create(change)
	}
	return warnings, err
}

// prepared runs change on tx once its layout is the current one.
func (f *File) prepared(tx *bolt.Tx, fresh bool, change func(tx *bolt.Tx, fresh bool) error) error {
	if err := Prepare(tx, fresh); err != nil {
		return err
	}
	return change(tx, fresh)
}

// ErrNothingChanged rolls back a transaction that changed nothing, so
// that not even the schema marker of a new file is written.
var ErrNothingChanged = errors.New("store: nothing changed")

// create makes the file with the first change. The database is built under
// a temporary name and linked into place only when the change lands, so a
// refused first command leaves no file behind, and two first commands at
// once cannot lose one another's change.
func (f *File) create(change func(tx *bolt.Tx, fresh bool) error) (Warnings, error) {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	tmp := filepath.Join(dir, "."+filepath.Base(f.Path)+".new-"+fmt.Sprint(os.Getpid()))
	defer os.Remove(tmp)
	err := f.guard(func() error {
		db, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: f.Timeout, InitialMmapSize: writeMapping(false)})
		if err != nil {
			return fmt.Errorf("store: create %s: %w", f.Path, err)
		}
		db.AllocSize = growStep
		defer db.Close()
		return db.Update(func(tx *bolt.Tx) error { return f.prepared(tx, true, change) })
	})
	if errors.Is(err, ErrNothingChanged) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := os.Link(tmp, f.Path); errors.Is(err, fs.ErrExist) {
		return f.Update(change) // another process made the file first: change that one
	} else if err != nil {
		return nil, fmt.Errorf("store: create %s: %w", f.Path, err)
	}
	return nil, nil
}

// damaged describes a file that cannot be trusted, and where to turn.
func (f *File) damaged(reason string) error {
	reason = strings.ReplaceAll(reason, "\n", " ")
	msg := f.Path + " is damaged (" + reason + "), and no good backup lies beside it"
	if good, ok := f.newestGoodBackup(); ok {
		msg = f.Path + " is damaged (" + reason + "); the newest good backup is " + good + ": tally restore " + good
	}
	return fileError{ErrDamaged, msg}
}

// damagedRecords names the file and its newest good backup when a record
// in it would not decode.
func (f *File) damagedRecords(err error) error {
	if errors.Is(err, record.ErrBad) {
		return f.damaged(err.Error())
	}
	if errors.Is(err, ErrNothingChanged) {
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
func (f *File) Commits() (uint64, error) {
	file, err := os.Open(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	defer file.Close()
	id, ok := boltfile.TxID(file)
	if !ok {
		return 0, notTally("%s is not a tally database: it has no database header", f.Path)
	}
	return id, nil
}
