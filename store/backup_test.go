package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"tally/model"
	"tally/store/internal/record"
)

func TestDailyBackupsRotate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tally.db")
	for day := 1; day <= 9; day++ {
		os.WriteFile(path+".2026-10-0"+string(rune('0'+day))+".bak", nil, 0o600)
	}
	s := New(path, WithClock(func() time.Time { return t0 }))
	seed(t, s)
	copies, _ := filepath.Glob(path + ".*.bak")
	if len(copies) != 7 || filepath.Base(copies[6]) != "tally.db.2026-11-27.bak" || filepath.Base(copies[0]) != "tally.db.2026-10-04.bak" {
		t.Fatalf("copies: %v", copies)
	}
	if clients, err := New(copies[6]).Clients(); err != nil || len(clients) != 1 {
		t.Errorf("today's copy: %v %v", clients, err)
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(out); err != nil {
		t.Fatal(err)
	}
	tasks, _, err := New(out).Tasks()
	if err != nil || len(tasks) != 2 {
		t.Errorf("backup holds %d tasks: %v", len(tasks), err)
	}
}

// A state that fails its check is not kept as a backup: the file is
// marked damaged, and the next change is refused naming it, until a
// restore puts a sound file in its place.
func TestADamagedStateMarksTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally.db")
	day := t0
	s := New(path, WithClock(func() time.Time { return day }))
	_, a, _ := seed(t, s)
	good := filepath.Join(t.TempDir(), "good.db")
	if err := s.Backup(good); err != nil {
		t.Fatal(err)
	}
	// An index that disagrees with its records: sound pages, which the
	// check before the change passes, and a file the full check fails.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(record.BucketOpenTasks).Delete(record.IDKey(a.ID)) })
	db.Close()
	day = t0.AddDate(0, 0, 1)
	if _, _, err := s.AddTask(model.Task{ClientID: a.ClientID, Title: "Lands before the check"}); err != nil {
		t.Fatalf("the day's first change: %v", err)
	}
	if _, err := os.Stat(path + "." + day.Format(time.DateOnly) + ".bak"); err == nil {
		t.Error("a damaged state was kept as the day's backup")
	}
	_, _, err = s.AddTask(model.Task{ClientID: a.ClientID, Title: "Refused"})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "index") {
		t.Errorf("a change after the check found damage: %v", err)
	}
	if _, err := s.Restore(good, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddTask(model.Task{ClientID: a.ClientID, Title: "After the restore"}); err != nil {
		t.Errorf("a change after a restore: %v", err)
	}
}
