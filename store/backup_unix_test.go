//go:build unix

package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tally/model"
)

// handedOver collects the backup jobs a store hands over, each with a
// descriptor of its own for the data file, as a child process would have.
func handedOver(t *testing.T) (*[]BackupJob, Option) {
	var jobs []BackupJob
	return &jobs, WithBackupHandover(func(job BackupJob) error {
		fd, err := syscall.Dup(int(job.Data.Fd()))
		if err != nil {
			return err
		}
		job.Data = os.NewFile(uintptr(fd), job.Path)
		jobs = append(jobs, job)
		t.Cleanup(func() { job.Data.Close() })
		return nil
	})
}

// The day's first change returns before its backup is taken: the job it
// hands over holds the change's lock, so that nothing lands before the
// copy, and copies the file as it stood before that change.
func TestTheDaysBackupIsHandedOverWithTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally.db")
	day := t0
	clock := WithClock(func() time.Time { return day })
	seed(t, New(path, clock, WithDailyBackups(0)))
	day = t0.AddDate(0, 0, 1)
	jobs, handover := handedOver(t)
	s := New(path, clock, handover)
	c, _ := s.Clients()
	if _, _, err := s.AddTask(model.Task{ClientID: c[0].ID, Title: "First of the day"}); err != nil {
		t.Fatal(err)
	}
	if len(*jobs) != 1 || fileExists((*jobs)[0].Name) {
		t.Fatalf("jobs %+v: want one, not yet run", *jobs)
	}
	// Another process's change waits for the job's lock.
	other := New(path, clock, WithTimeout(50*time.Millisecond), WithDailyBackups(0))
	if _, _, err := other.AddTask(model.Task{ClientID: c[0].ID, Title: "Too soon"}); !errors.Is(err, ErrLocked) {
		t.Errorf("a change while the job holds the lock: %v, want ErrLocked", err)
	}
	RunBackup((*jobs)[0])
	tasks, _, err := New((*jobs)[0].Name, WithDailyBackups(0)).Tasks()
	if err != nil || len(tasks) != 2 {
		t.Errorf("the backup holds %d tasks (%v), want the two before the change", len(tasks), err)
	}
	if _, _, err := other.AddTask(model.Task{ClientID: c[0].ID, Title: "After the copy"}); err != nil {
		t.Errorf("a change once the copy is made: %v", err)
	}
	if _, _, err := s.AddTask(model.Task{ClientID: c[0].ID, Title: "Second of the day"}); err != nil || len(*jobs) != 1 {
		t.Errorf("the day's second change: %v, %d jobs", err, len(*jobs))
	}
}

// What a handed-over job meets is said by the file's next change.
func TestAFailedJobIsSaidByTheNextChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally.db")
	day := t0
	clock := WithClock(func() time.Time { return day })
	_, a, _ := seed(t, New(path, clock))
	day = t0.AddDate(0, 0, 1)
	jobs, handover := handedOver(t)
	s := New(path, clock, handover)
	if _, _, err := s.AddTask(model.Task{ClientID: a.ClientID, Title: "First of the day"}); err != nil {
		t.Fatal(err)
	}
	job := (*jobs)[0]
	job.Name = filepath.Join(t.TempDir(), "gone", "copy.bak") // a folder that is not there
	RunBackup(job)
	_, w, err := s.AddTask(model.Task{ClientID: a.ClientID, Title: "Next"})
	if err != nil || len(w) != 1 || !strings.Contains(w[0], "copy.bak failed") {
		t.Errorf("the next change: %v, warnings %q", err, w)
	}
	// With no backup made today, that change handed over a job again.
	if len(*jobs) != 2 {
		t.Fatalf("%d jobs, want a second", len(*jobs))
	}
	RunBackup((*jobs)[1])
	if _, w, err := s.AddTask(model.Task{ClientID: a.ClientID, Title: "After"}); err != nil || len(w) != 0 {
		t.Errorf("the change after a good job: %v, warnings %q", err, w)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
