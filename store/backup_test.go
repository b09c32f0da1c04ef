package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
