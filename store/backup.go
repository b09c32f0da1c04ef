package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
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
	"tally/store/internal/boltfile"
)

// dailySuffix names a daily copy: tally.db.2026-11-27.bak.
const dailySuffix = ".bak"

// dailyBackup runs before the day's first change. It checks the file and
// refuses the change when the file fails (a damaged file is never written
// to, nor copied over a good backup); then it copies the file with bbolt's
// consistent hot copy and keeps only the newest copies. A copy that fails
// is a warning, never a failed change.
func (s *Store) dailyBackup(db *bolt.DB) error {
	if s.backups <= 0 {
		return nil
	}
	name := s.path + "." + s.now().Format(time.DateOnly) + dailySuffix
	if _, err := os.Stat(name); err == nil {
		return nil
	}
	switch problems, err := checkDB(db); {
	case err != nil:
		return err
	case len(problems) > 0:
		return s.damaged(summary(problems))
	}
	if err := db.View(func(tx *bolt.Tx) error { return copyTx(tx, name) }); err != nil {
		s.warn("today's backup %s failed (%v); the change was made all the same", name, err)
		return nil
	}
	old := s.dailyBackups()
	for len(old) > s.backups {
		if err := os.Remove(old[len(old)-1]); err != nil {
			s.warn("could not remove the old backup %s: %v", old[len(old)-1], err)
			break
		}
		old = old[:len(old)-1]
	}
	return nil
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

func summary(problems []string) string {
	if len(problems) == 1 {
		return problems[0]
	}
	return fmt.Sprintf("%s, and %d more problems", problems[0], len(problems)-1)
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

// Check runs bbolt's page-level consistency check and tally's own
// invariants: records decode, indexes match, at most one entry runs and it
// is the one the file names, no entry ends before it starts, and entries
// overlap only where allowed. It returns every problem found; a file that
// cannot even be opened is an error.
func (s *Store) Check() ([]string, error) {
	var problems []string
	err := s.withDB(true, func(db *bolt.DB) (err error) {
		problems, err = checkDB(db)
		return err
	})
	if errors.Is(err, errMissing) {
		return nil, fmt.Errorf("store: there is no database at %s", s.path)
	}
	return problems, err
}

// checkDB checks an open file; the caller guards against faults. The
// pages are checked first, over the file's bytes, and bbolt reads the
// records only once they hold together. A file that is not tally's is an
// error rather than a list of problems.
func checkDB(db *bolt.DB) ([]string, error) {
	data, unmap, err := boltfile.Map(db.Path())
	if err != nil {
		return nil, fmt.Errorf("store: check %s: %w", db.Path(), err)
	}
	problems := boltfile.CheckPages(data)
	unmap()
	if len(problems) > 0 {
		return problems, nil
	}
	err = db.View(func(tx *bolt.Tx) error {
		switch err := readable(tx); {
		case errors.Is(err, errBadRecord):
			problems = []string{err.Error()}
		case err != nil:
			return err
		default:
			problems = checkInvariants(tx)
		}
		return nil
	})
	return problems, err
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
	return kept, nil
}

// checkIndexes compares the indexes with the records they index.
func checkIndexes(tx *bolt.Tx, tasks []model.Task) []string {
	var problems []string
	open, done := tx.Bucket(bucketOpenTasks), tx.Bucket(bucketDoneTasks)
	for _, t := range tasks {
		if (open.Get(idKey(t.ID)) != nil) == t.Done || t.Done && done.Get(dayKey(t.DoneOn, t.ID)) == nil {
			problems = append(problems, fmt.Sprintf("task #%d: the index of open and done tasks disagrees with it", t.ID))
		}
	}
	clientOf := map[int64]int64{}
	for _, t := range tasks {
		clientOf[t.ID] = t.ClientID
	}
	sums, filed := map[int64]int64{}, 0
	byClient := tx.Bucket(bucketClientEntries)
	// Each client's run of the index lists its entries in the order the
	// entries bucket does, so one cursor per client walks along with it.
	walks := map[int64]*indexWalk{}
	tx.Bucket(bucketEntries).ForEach(func(k, v []byte) error {
		taskID, start, end, err := decodeSpan(v)
		if err != nil {
			return nil // reported with the records
		}
		if end != 0 {
			sums[taskID] += (end - start) / int64(time.Second)
		}
		clientID := clientOf[taskID]
		w := walks[clientID]
		if w == nil {
			w = &indexWalk{c: byClient.Cursor()}
			w.key, w.value = w.c.Seek(idKey(clientID))
			walks[clientID] = w
		}
		want := clientEntryKey(clientID, k)
		for w.key != nil && bytes.Compare(w.key, want) < 0 {
			w.key, w.value = w.c.Next() // a stale key: counted below
		}
		switch {
		case !bytes.Equal(w.key, want):
			problems = append(problems, fmt.Sprintf("entry %d: missing from its client's index", binary.BigEndian.Uint64(k[8:])))
			return nil
		case !bytes.Equal(w.value, v):
			problems = append(problems, fmt.Sprintf("entry %d: its client's index holds another version of it", binary.BigEndian.Uint64(k[8:])))
		}
		filed++
		w.key, w.value = w.c.Next()
		return nil
	})
	if n := byClient.Stats().KeyN; n != filed {
		problems = append(problems, fmt.Sprintf("the index of entries by client holds %d entries that are not stored", n-filed))
	}
	for _, t := range tasks {
		if got := int64(getUint(tx.Bucket(bucketTaskTotals), idKey(t.ID))); got != sums[t.ID] {
			problems = append(problems, fmt.Sprintf("task #%d: its tracked total says %d s, its entries %d s", t.ID, got, sums[t.ID]))
		}
	}
	return problems
}

// checkIDIndex compares the index of entries by id with the entries, in
// id order: one walk of its cursor rather than a search per entry.
func checkIDIndex(ids *bolt.Bucket, entries []model.Entry) []string {
	var problems []string
	type filed struct {
		ID    int64
		Start time.Time
	}
	byID := make([]filed, len(entries))
	for i, e := range entries {
		byID[i] = filed{e.ID, e.Start}
	}
	slices.SortFunc(byID, func(a, b filed) int { return cmp.Compare(a.ID, b.ID) })
	c := ids.Cursor()
	k, v := c.First()
	for _, e := range byID {
		for k != nil && int64(binary.BigEndian.Uint64(k)) < e.ID {
			k, v = c.Next()
		}
		if k == nil || int64(binary.BigEndian.Uint64(k)) != e.ID || !bytes.Equal(v, entryKey(e.Start, e.ID)) {
			problems = append(problems, fmt.Sprintf("entry %d: the id index does not point at it", e.ID))
			continue
		}
		k, v = c.Next()
	}
	return problems
}

// indexWalk is a cursor and where it stands.
type indexWalk struct {
	c          *bolt.Cursor
	key, value []byte
}

func checkInvariants(tx *bolt.Tx) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	tasks := map[int64]bool{}
	list, tasksErr := readAllTasks(tx)
	if tasksErr != nil {
		report("%v", tasksErr)
	}
	for _, t := range list {
		tasks[t.ID] = true
	}
	if _, err := readClients(tx); err != nil {
		report("%v", err)
	}
	if _, err := readAllSales(tx); err != nil {
		report("%v", err)
	}
	// Older files have no indexes yet; tasks that do not read are reported
	// already.
	if getUint(tx.Bucket(bucketMeta), keySchema) >= SchemaVersion && tasksErr == nil {
		problems = append(problems, checkIndexes(tx, list)...)
	}
	entries, err := readEntries(tx, time.Unix(0, 0), endOfTime)
	if err != nil {
		return append(problems, err.Error())
	}
	runningKey := tx.Bucket(bucketMeta).Get(keyRunning)
	ids := tx.Bucket(bucketEntryIDs)
	problems = append(problems, checkIDIndex(ids, entries)...)
	var running []int64
	for i, e := range entries {
		key := entryKey(e.Start, e.ID)
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
	if n := ids.Stats().KeyN; n != len(entries) {
		report("the id index has %d keys for %d entries", n, len(entries))
	}
	if len(running) > 1 {
		report("%d entries are running: %v", len(running), running)
	}
	if runningKey != nil && len(running) == 0 {
		report("the file names a running entry that does not exist")
	}
	return problems
}
