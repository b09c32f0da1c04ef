package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// dailySuffix names a daily copy: tally.db.2026-11-27.bak.
const dailySuffix = ".bak"

// rotateBackup makes today's copy beside the file if there is none yet,
// with bbolt's consistent hot copy, and keeps only the newest copies.
func (s *Store) rotateBackup(db *bolt.DB) error {
	if s.backups <= 0 {
		return nil
	}
	name := s.path + "." + s.now().Format(time.DateOnly) + dailySuffix
	if _, err := os.Stat(name); err == nil {
		return nil
	}
	if err := db.View(func(tx *bolt.Tx) error { return copyTx(tx, name) }); err != nil {
		return fmt.Errorf("store: daily backup: %w", err)
	}
	old, err := filepath.Glob(s.path + ".????-??-??" + dailySuffix)
	if err != nil {
		return err
	}
	sort.Strings(old)
	for len(old) > s.backups {
		if err := os.Remove(old[0]); err != nil {
			return fmt.Errorf("store: prune backup: %w", err)
		}
		old = old[1:]
	}
	return nil
}

// copyTx writes a consistent copy of the file as tx sees it to path,
// through a temporary file, so path never holds half a copy.
func copyTx(tx *bolt.Tx, path string) error {
	tmp := path + ".tmp"
	err := tx.CopyFile(tmp, 0o600)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Backup writes a consistent copy of the database to path while other
// processes may go on using it.
func (s *Store) Backup(path string) error {
	if err := s.view(func(tx *bolt.Tx) error { return copyTx(tx, path) }); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// Check runs bbolt's page-level consistency check and tally's own
// invariants: records decode, indexes match, at most one entry runs and it
// is the one the file names, no entry ends before it starts, and entries
// overlap only where allowed. It returns every problem found.
func (s *Store) Check() ([]string, error) {
	var problems []string
	err := s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, "bbolt: "+err.Error())
		}
		problems = append(problems, checkInvariants(tx)...)
		return nil
	})
	return problems, err
}

func checkInvariants(tx *bolt.Tx) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	tasks := map[int64]bool{}
	if list, err := readTasks(tx); err != nil {
		report("%v", err)
	} else {
		for _, t := range list {
			tasks[t.ID] = true
		}
	}
	if _, err := readClients(tx); err != nil {
		report("%v", err)
	}
	if _, err := readSales(tx); err != nil {
		report("%v", err)
	}
	entries, err := readEntries(tx, time.Unix(0, 0), endOfTime)
	if err != nil {
		return append(problems, err.Error())
	}
	runningKey := tx.Bucket(bucketMeta).Get(keyRunning)
	ids := tx.Bucket(bucketEntryIDs)
	var running []int64
	for i, e := range entries {
		key := entryKey(e.Start, e.ID)
		if got := ids.Get(idKey(e.ID)); string(got) != string(key) {
			report("entry %d: the id index does not point at it", e.ID)
		}
		if !tasks[e.TaskID] {
			report("entry %d: task #%d does not exist", e.ID, e.TaskID)
		}
		if e.Running() {
			running = append(running, e.ID)
			if string(runningKey) != string(key) {
				report("entry %d runs but the file does not name it as the running entry", e.ID)
			}
		} else if e.End.Before(e.Start) {
			report("entry %d ends before it starts", e.ID)
		}
		for _, later := range entries[i+1:] {
			if !later.Start.Before(e.EndAt(endOfTime)) {
				break // sorted by start: nothing later can overlap e
			}
			if clash(e, later) && !e.AllowOverlap {
				report("entries %d and %d overlap", e.ID, later.ID)
			}
		}
	}
	if ids.Stats().KeyN != len(entries) {
		report("the id index has %d keys for %d entries", ids.Stats().KeyN, len(entries))
	}
	if len(running) > 1 {
		report("%d entries are running: %v", len(running), running)
	}
	if runningKey != nil && len(running) == 0 {
		report("the file names a running entry that does not exist")
	}
	return problems
}
