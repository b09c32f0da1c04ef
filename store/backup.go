package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/atomicfile"
	"tally/model"
)

// dailySuffix names a daily copy: tally.db.2026-11-27.bak.
const dailySuffix = ".bak"

// dailyBackup runs before the day's first change. It checks the file and
// refuses the change when the file fails (a damaged file is never written
// to, nor copied over a good backup); then it copies the file with bbolt's
// consistent hot copy and keeps only the newest copies. A copy that fails
// is a warning, never a failed change.
func (s *Store) dailyBackup(db *bolt.DB) (Warnings, error) {
	if s.backups <= 0 {
		return nil, nil
	}
	name := s.path + "." + s.now().Format(time.DateOnly) + dailySuffix
	if _, err := os.Stat(name); err == nil {
		return nil, nil
	}
	switch problems, err := checkDB(db); {
	case err != nil:
		return nil, err
	case len(problems) > 0:
		return nil, s.damaged(summary(problems))
	}
	if err := db.View(func(tx *bolt.Tx) error { return copyTx(tx, name) }); err != nil {
		return Warnings{fmt.Sprintf("today's backup %s failed (%v); the change was made all the same", name, err)}, nil
	}
	old := s.dailyBackups()
	for len(old) > s.backups {
		if err := os.Remove(old[len(old)-1]); err != nil {
			return Warnings{fmt.Sprintf("could not remove the old backup %s: %v", old[len(old)-1], err)}, nil
		}
		old = old[:len(old)-1]
	}
	return nil, nil
}

// dailyBackups lists the daily copies beside the file, newest first.
func (s *Store) dailyBackups() []string {
	names, _ := filepath.Glob(s.path + ".????-??-??" + dailySuffix)
	slices.Sort(names)
	slices.Reverse(names)
	return names
}

// newestGoodBackup is the newest daily copy that passes Check.
func (s *Store) newestGoodBackup() (string, bool) {
	for _, name := range s.dailyBackups() {
		if problems, err := New(name, WithDailyBackups(0)).Check(); err == nil && len(problems) == 0 {
			return name, true
		}
	}
	return "", false
}

// copyTx writes a consistent copy of the file as tx sees it to path; path
// never holds half a copy. Copies are private, as the database is.
func copyTx(tx *bolt.Tx, path string) error {
	return atomicfile.Write(path, 0o600, func(w io.Writer) error {
		_, err := tx.WriteTo(w)
		return err
	})
}

// Backup writes a consistent copy of the database to path while other
// processes may go on using it.
func (s *Store) Backup(path string) error {
	switch abs, _ := filepath.Abs(path); {
	case path == "":
		return model.Invalidf("backup: name the file to write")
	case abs == absPath(s.path):
		return model.Invalidf("backup: %s is the database itself", path)
	}
	err := s.viewAsStored(func(tx *bolt.Tx) error { return copyTx(tx, path) })
	switch {
	case errors.Is(err, errMissing):
		return model.Invalidf("backup: there is no database at %s yet", s.path)
	case errors.Is(err, atomicfile.ErrNoFolder):
		return model.Invalidf("backup: folder %s does not exist", filepath.Dir(path))
	case err != nil:
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

func absPath(p string) string {
	abs, _ := filepath.Abs(p)
	return abs
}

// Restore replaces the database with the backup at from, once the backup
// passes Check. The file it replaces, damaged or not, is kept beside it
// under a new name, which Restore returns ("" when there was none).
func (s *Store) Restore(from string) (kept string, err error) {
	if absPath(from) == absPath(s.path) {
		return "", model.Invalidf("restore: %s is the database itself", from)
	}
	if _, err := os.Stat(from); err != nil {
		return "", model.Invalidf("restore: %v", err)
	}
	problems, err := New(from, WithDailyBackups(0)).Check()
	if err == nil && len(problems) > 0 {
		err = errors.New(summary(problems))
	}
	if err != nil {
		return "", fmt.Errorf("restore: %s fails its check, so nothing was changed: %w", from, err)
	}
	unlock, err := lockFile(s.path, s.timeout)
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Lstat(s.path); err == nil {
		kept = s.path + ".replaced-" + s.now().Format("2006-01-02T150405")
		if err := os.Rename(s.path, kept); err != nil {
			return "", fmt.Errorf("restore: %w", err)
		}
	}
	src, err := os.Open(from)
	if err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	err = atomicfile.Write(s.path, 0o600, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
	if err != nil {
		return kept, fmt.Errorf("restore: %w (the old file is at %s)", err, kept)
	}
	// A state the prompts would find stale anyway (older than the file)
	// is written now; if it cannot be, they ask tally status.
	s.WriteState()
	return kept, nil
}
