// Package store keeps tally's data in one bbolt file. Every call opens the
// file, runs one transaction and closes it again, so the full-screen app, a
// status line and scripts in other terminals can share the file: no process
// holds the lock longer than one short transaction.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// ErrLocked reports that another process held the file for longer than the
// lock timeout.
var ErrLocked = errors.New("database is locked")

// ErrNotTally reports a file that is not a tally database, or one written by
// a newer tally.
var ErrNotTally = errors.New("not a tally database")

// DefaultTimeout is how long a call waits for another process's transaction.
const DefaultTimeout = 2 * time.Second

// Store is a tally database file. Its zero value is not usable; call New.
type Store struct {
	path    string
	timeout time.Duration
	now     func() time.Time
	backups int // daily copies kept beside the file; 0 turns them off
}

// Option changes how a Store works.
type Option func(*Store)

// WithTimeout sets how long a call waits for the file lock.
func WithTimeout(d time.Duration) Option { return func(s *Store) { s.timeout = d } }

// WithClock sets the clock that dates the daily backup.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

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

// DefaultPath returns $XDG_DATA_HOME/tally/tally.db, falling back to
// ~/.local/share as the XDG base directory spec says.
func DefaultPath() (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("store: no home directory for the default database: %w", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "tally", "tally.db"), nil
}

func (s *Store) open(readOnly bool) (*bolt.DB, error) {
	if !readOnly {
		if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.timeout, ReadOnly: readOnly})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("%w: another tally is using %s; try again", ErrLocked, s.path)
	case errors.As(err, new(*fs.PathError)):
		return nil, fmt.Errorf("store: open %s: %w", s.path, err)
	case err != nil: // bbolt found no valid meta page: not a bbolt file, or a damaged one
		return nil, fmt.Errorf("%w: %s (%v)", ErrNotTally, s.path, err)
	}
	return db, nil
}

// view runs fn in a read-only transaction, creating or migrating the file
// first when it needs it.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	if _, err := os.Stat(s.path); errors.Is(err, os.ErrNotExist) {
		if err := s.update(func(*writer) error { return nil }); err != nil {
			return err
		}
	}
	db, err := s.open(true)
	if err != nil {
		return err
	}
	err = db.View(func(tx *bolt.Tx) error {
		if err := checkSchema(tx); err != nil {
			return err
		}
		return fn(tx)
	})
	db.Close()
	if errors.Is(err, errNeedsMigration) {
		if err := s.update(func(*writer) error { return nil }); err != nil {
			return err
		}
		return s.view(fn)
	}
	return err
}

// update runs fn in one read-write transaction that bumps the revision and
// records what fn changed so that Undo can put it back. The daily backup is
// taken after the change commits.
func (s *Store) update(fn func(w *writer) error) error {
	db, err := s.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	var changed bool
	err = db.Update(func(tx *bolt.Tx) error {
		if err := prepare(tx); err != nil {
			return err
		}
		w := &writer{tx: tx}
		if err := fn(w); err != nil {
			return err
		}
		changed = len(w.undo) > 0 || w.dropUndo
		if !changed {
			return nil
		}
		return w.commit()
	})
	if err != nil || !changed {
		return err
	}
	return s.rotateBackup(db)
}

// Rev returns the revision counter, which every change bumps: a cheap way
// for the app to notice another process's write.
func (s *Store) Rev() (uint64, error) {
	var rev uint64
	err := s.view(func(tx *bolt.Tx) error {
		rev = getUint(tx.Bucket(bucketMeta), keyRev)
		return nil
	})
	return rev, err
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	if v := b.Get(key); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func uintBytes(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}
