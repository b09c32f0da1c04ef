package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"tally/demo"
	"tally/store"
)

// TestTheDaysFirstChangeDoesNotWaitForItsBackup: the day's first change
// writes no more than the changes after it (the copy of the file is a
// helper's, after the change has landed), and the copy that appears is
// the file as it stood before that change. What a process writes is
// counted as it dirties pages (ru_oublock), so the figures hold however
// busy the machine is.
func TestTheDaysFirstChangeDoesNotWaitForItsBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tally.db")
	now := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	if _, err := store.New(db, store.WithDailyBackups(0)).AddAll(demo.Generate(10, 1, now, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(db)
	written := func(args ...string) int64 {
		t.Helper()
		cmd := exec.Command(os.Args[0], append(args, "--db", db)...)
		cmd.Args[0] = "tally"
		cmd.Env = append(os.Environ(), "TALLY_NOW=2026-11-27T17:00:00Z", "TZ=UTC", "TALLY_CONFIG=/nonexistent/config.toml")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("tally %v: %v\n%s", args, err, out)
		}
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Oublock * 512
	}
	first := written("task", "add", "First of the day", "--client", "Acme Dental")
	second := written("task", "add", "Second of the day", "--client", "Acme Dental")
	t.Logf("first %d second %d size %d", first, second, info.Size())
	if first == 0 && second == 0 {
		t.Skipf("%s counts no writes (a tmpfs?): nothing to compare", dir)
	}
	if first > second+info.Size()/2 {
		t.Errorf("the day's first change wrote %d bytes, the second %d: the first copied the %d-byte file itself", first, second, info.Size())
	}
	backup := db + ".2026-11-27.bak"
	waitFor(t, "the day's backup", func() bool { _, err := os.Stat(backup); return err == nil })
	tasks, _, err := store.New(backup, store.WithDailyBackups(0)).Tasks()
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		if task.Title == "First of the day" || task.Title == "Second of the day" {
			t.Errorf("the backup holds %q, added after the file it should copy", task.Title)
		}
	}
	if len(tasks) == 0 {
		t.Error("the backup holds no tasks")
	}
}

// waitFor polls ok until it holds. Bounded only so that what never
// happens fails rather than hangs: a helper's copy takes milliseconds.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for wait, deadline := time.Millisecond, time.Now().Add(time.Minute); !ok(); wait = min(2*wait, 100*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within a minute", what)
		}
		time.Sleep(wait)
	}
}
