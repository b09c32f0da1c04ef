//go:build linux

package store

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tally/model"
)

// smallDisk mounts a tmpfs of size bytes for the test, or skips it where
// mounting is not allowed.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small file system here (%v: %s); the full-disk case needs root on Linux", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// fill takes every free byte of dir's file system.
func fill(t *testing.T, dir string) (free func()) {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()
	return func() { os.Remove(path) }
}

func TestFullDisk(t *testing.T) {
	dir := smallDisk(t, "2m")
	path := filepath.Join(dir, "tally.db")
	day := t0
	s := New(path, WithClock(func() time.Time { return day }))
	_, a, _ := seed(t, s)
	if _, _, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0, End: t0.Add(time.Hour), Note: "before"}); err != nil {
		t.Fatal(err)
	}
	free := fill(t, dir)
	revBefore, _ := s.Rev()

	// A change that needs the file to grow fails, and leaves the data as it was.
	big := model.Ledger{Clients: []model.Client{{ID: 1, Name: "Big", Currency: "USD", Plans: []model.Plan{{Kind: model.NoPlan}}}}}
	for i := range 3000 {
		big.Tasks = append(big.Tasks, model.Task{ID: int64(i + 1), ClientID: 1, Title: strings.Repeat("long title ", 15)})
	}
	if _, err := s.AddAll(big, "fill"); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("a change that cannot fit on the disk: %v", err)
	}
	if rev, _ := s.Rev(); rev != revBefore {
		t.Errorf("rev moved from %d to %d after a failed change", revBefore, rev)
	}
	if clients, _ := s.Clients(); len(clients) != 1 {
		t.Errorf("clients after the failed change: %v", clients)
	}

	// The next day's first change needs a backup, for which there is no
	// room: the change lands all the same, with a warning.
	day = t0.Add(24 * time.Hour)
	_, w, err := s.AddEntry(model.Entry{TaskID: a.ID, Start: t0.Add(2 * time.Hour), End: t0.Add(3 * time.Hour), Note: "after"})
	if err != nil {
		t.Fatalf("a change whose backup failed was refused: %v", err)
	}
	if len(w) != 1 || !strings.Contains(w[0], "backup") || !strings.Contains(w[0], "the change was made all the same") {
		t.Errorf("the change's warnings %q", w)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	free()
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after the full disk: %v %v", err, problems)
	}
	if entries := allEntries(t, s); len(entries) != 2 {
		t.Errorf("entries %+v", entries)
	}
}
