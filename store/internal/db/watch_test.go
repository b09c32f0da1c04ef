package db

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPollWatcherWakesOnAWrite: where inotify is missing the watcher
// looks at the file's size and time; a write wakes it (however long the
// interval, the loop only decides when, not whether), and a done context
// ends a Wait.
func TestPollWatcherWakesOnAWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally.db")
	w := pollWatcher(path, time.Millisecond)
	defer w.Close()
	if err := os.WriteFile(path, []byte("a change"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := w.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Wait(ctx); err == nil {
		t.Error("a Wait whose context is done returned no error")
	}
}

// TestWatchOfAFolderNotYetMadeFallsBackToLooking: a file whose folder
// does not exist yet (a first start) cannot be watched by inotify; the
// watcher looks at it instead, and wakes once it is written.
func TestWatchOfAFolderNotYetMadeFallsBackToLooking(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tally")
	w := (&File{Path: filepath.Join(dir, "tally.db")}).Watch()
	defer w.Close()
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tally.db"), []byte("a change"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := w.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}
