package db

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/atomicfile"
	"tally/model"
	"tally/store/internal/boltfile"
)

// The day's backup is a copy of the file as it stood before the day's
// first change, beside it (tally.db.2026-11-27.bak; the newest few are
// kept), made only of a state that passes Check. The change does not
// wait for it:
//
//   - Before the change, only the pages are checked (boltfile.CheckPages,
//     a tenth of the full check's time): a file whose pages are damaged
//     takes no change, as before.
//   - The change lands. bbolt writes a transaction only into pages that
//     were free before it and into the other of its two meta pages, so the
//     state before the change stays whole in the file until the next
//     commit (boltfile.WriteAsOf).
//   - Whoever the store hands the job to (another process, where main
//     wires one) takes over the lock the change held, so that no other
//     change lands first, copies that state, checks the copy in full
//     (pages and tally's own rules), names it and lets go of the lock.
//     Other processes wait for it as they waited for the day's first
//     change before; that change's own process no longer does.
//
// What the job meets is said by the next change: a copy that failed is a
// warning, and a state that fails its check marks the file damaged (a
// file beside it, which restore and a passing check remove), so that no
// change lands on it after.

// dailySuffix names a daily copy: tally.db.2026-11-27.bak.
const dailySuffix = ".bak"

// BackupJob is the day's backup, handed over by the change it follows.
type BackupJob struct {
	// Data is the data file, open and locked by the change. Whoever takes
	// the job keeps a descriptor of its own for it (a child process's, or
	// a dup), since the store lets go of its own when the handover
	// returns; the lock lasts until the last of them is closed.
	Data *os.File
	Path string // the data file's path
	Name string // the copy to make
	TxID uint64 // the transaction whose state to copy: the last before the change
	Keep int    // how many daily copies to keep
}

// Handover starts a backup job elsewhere and returns at once, keeping a
// descriptor of its own for the job's data file. An error leaves the job
// to the store, which then runs it before the change returns.
type Handover func(BackupJob) error

// backupName is today's copy of the data file.
func (f *File) backupName() string {
	return f.Path + "." + f.Now().Format(time.DateOnly) + dailySuffix
}

// checkBeforeChange refuses a change on a file marked damaged, and checks
// the pages before the day's first change, whose copy it names (due; ""
// for any other change). It runs under the lock.
func (f *File) checkBeforeChange(db *bolt.DB) (due string, err error) {
	if reason, err := os.ReadFile(f.Path + damagedSuffix); err == nil {
		return "", f.damaged(strings.TrimSpace(string(reason)))
	}
	if due = f.backupName(); f.Backups <= 0 || exists(due) {
		return "", nil
	}
	data, unmap, err := boltfile.Map(db.Path())
	if err != nil {
		return "", fmt.Errorf("store: check %s: %w", db.Path(), err)
	}
	defer unmap()
	if problems := boltfile.CheckPages(data); len(problems) > 0 {
		return "", f.damaged(summary(problems))
	}
	return due, nil
}

// backUpAfterChange has the day's backup, the copy due that
// checkBeforeChange named, taken of the state before the change that
// committed the transaction after txid: it hands the job over, or runs it
// before returning. It runs under the change's lock, file being the data
// file bbolt holds.
func (f *File) backUpAfterChange(file *os.File, txid uint64, due string) Warnings {
	job := BackupJob{Data: file, Path: f.Path, Name: due, TxID: txid, Keep: f.Backups}
	if file == nil { // no flock here: bbolt opened the file itself
		f, err := os.Open(f.Path)
		if err != nil {
			return job.failed(err)
		}
		defer f.Close()
		job.Data = f
	} else if f.Handover != nil && handOver(file, func() error { return f.Handover(job) }) == nil {
		return nil
	}
	return job.run()
}

// RunBackup runs a job handed over by a change, in the process that took
// it, and lets go of the data file's lock. What it meets is said by the
// file's next change.
func RunBackup(job BackupJob) {
	warnings := job.run()
	if len(warnings) > 0 {
		note := strings.Join(warnings, "\n") + "\n"
		if old, err := os.ReadFile(job.Path + warningSuffix); err == nil {
			note = string(old) + note
		}
		atomicfile.WriteDerived(job.Path+warningSuffix, 0o600, func(w io.Writer) error {
			_, err := io.WriteString(w, note)
			return err
		})
	}
	job.Data.Close()
}

// errCopyDamaged is a copy that failed its check.
type errCopyDamaged struct{ problems []string }

func (e errCopyDamaged) Error() string { return summary(e.problems) }

// run copies the state before the change, checks the copy in full before
// it takes its name, and keeps only the newest copies; a state that fails
// its check marks the data file damaged.
func (job BackupJob) run() Warnings {
	err := atomicfile.WriteChecked(job.Name, 0o600, func(w io.Writer) error {
		return boltfile.WriteAsOf(job.Data, job.TxID, w)
	}, func(written string) error {
		problems, err := checkFile(written)
		if err == nil && len(problems) > 0 {
			err = errCopyDamaged{problems}
		}
		return err
	})
	if damage := (errCopyDamaged{}); errors.As(err, &damage) {
		return job.markDamaged(damage.Error())
	}
	if err != nil {
		return job.failed(err)
	}
	old := dailyBackups(job.Path)
	for len(old) > job.Keep {
		if err := os.Remove(old[len(old)-1]); err != nil {
			return Warnings{fmt.Sprintf("could not remove the old backup %s: %v", old[len(old)-1], err)}
		}
		old = old[:len(old)-1]
	}
	return nil
}

func (job BackupJob) failed(err error) Warnings {
	return Warnings{fmt.Sprintf("today's backup %s failed (%v); the change was made all the same", job.Name, err)}
}

// markDamaged marks the data file damaged: the state before the day's
// first change failed its check, so no change lands on the file after.
func (job BackupJob) markDamaged(damage string) Warnings {
	err := atomicfile.Write(job.Path+damagedSuffix, 0o600, func(w io.Writer) error {
		_, err := io.WriteString(w, damage+"\n")
		return err
	})
	if err != nil {
		return Warnings{fmt.Sprintf("%s failed its check (%s), and could not be marked so: %v", job.Path, damage, err)}
	}
	return nil
}

// damagedSuffix names the mark of a file found damaged by the day's
// backup; warningSuffix what a backup job met, for the next change to say.
const (
	damagedSuffix = ".damaged"
	warningSuffix = ".backup-warnings"
)

// backupWarnings are what backup jobs met since the last change, said by
// this one; the file that kept them is removed.
func (f *File) backupWarnings() Warnings {
	data, err := os.ReadFile(f.Path + warningSuffix)
	if err != nil {
		return nil
	}
	os.Remove(f.Path + warningSuffix)
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// clearDamage removes the mark of a damaged file: the file passed its
// check, or another was put in its place.
func (f *File) clearDamage() { os.Remove(f.Path + damagedSuffix) }

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// dailyBackups lists the daily copies beside the file at path, newest
// first.
func dailyBackups(path string) []string {
	names, _ := filepath.Glob(path + ".????-??-??" + dailySuffix)
	slices.Sort(names)
	slices.Reverse(names)
	return names
}

// newestGoodBackup is the newest daily copy that passes Check.
func (f *File) newestGoodBackup() (string, bool) {
	for _, name := range dailyBackups(f.Path) {
		if problems, err := checkFile(name); err == nil && len(problems) == 0 {
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
func (f *File) Backup(path string) error {
	switch abs, _ := filepath.Abs(path); {
	case path == "":
		return model.Invalidf("backup: name the file to write")
	case abs == absPath(f.Path):
		return model.Invalidf("backup: %s is the database itself", path)
	}
	err := f.ViewAsStored(func(tx *bolt.Tx) error { return copyTx(tx, path) })
	switch {
	case errors.Is(err, ErrMissing):
		return model.Invalidf("backup: there is no database at %s yet", f.Path)
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

// CheckBackup refuses to restore from a file that is the database itself,
// or one that does not pass Check.
func (f *File) CheckBackup(from string) error {
	if absPath(from) == absPath(f.Path) {
		return model.Invalidf("restore: %s is the database itself", from)
	}
	if _, err := os.Stat(from); err != nil {
		return model.Invalidf("restore: %v", err)
	}
	problems, err := checkFile(from)
	if err == nil && len(problems) > 0 {
		err = errors.New(summary(problems))
	}
	if err != nil {
		return fmt.Errorf("restore: %s fails its check, so nothing was changed: %w", from, err)
	}
	return nil
}

// Replace puts the backup at from, which CheckBackup passed, in the
// file's place under the lock, and runs keep, still under it: what of the
// replaced file the restored one keeps. The file it replaces, damaged or
// not, is kept beside it under a new name, which Replace returns ("" when
// there was none).
func (f *File) Replace(from string, keep func() error) (kept string, err error) {
	unlock, err := lockFile(f.Path, f.Timeout)
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Lstat(f.Path); err == nil {
		kept = f.Path + ".replaced-" + f.Now().Format("2006-01-02T150405")
		if err := os.Rename(f.Path, kept); err != nil {
			return "", fmt.Errorf("restore: %w", err)
		}
	}
	src, err := os.Open(from)
	if err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	err = atomicfile.Write(f.Path, 0o600, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
	if err == nil {
		err = keep()
	}
	if err != nil {
		return kept, fmt.Errorf("restore: %w (the old file is at %s)", err, kept)
	}
	f.clearDamage()
	return kept, nil
}

// checkFile checks another file than f: a backup, or a copy.
func checkFile(path string) ([]string, error) {
	return (&File{Path: path, Timeout: DefaultTimeout, Now: time.Now}).Check()
}
