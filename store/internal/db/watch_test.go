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

// TestWatchWaitsAgainAfterACancelledWait: a Wait ended by its context
// leaves the watcher as it was, so that a later Wait still wakes on a
// write rather than fail at once.
func TestWatchWaitsAgainAfterACancelledWait(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tally.db")
	w := (&File{Path: path}).Watch()
	defer w.Close()
	if err := w.Wait(&doneOnceWaiting{Context: context.Background()}); err == nil {
		t.Fatal("a cancelled Wait returned no error")
	}
	if err := os.WriteFile(path, []byte("a change"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := w.Wait(context.Background()); err != nil {
		t.Fatalf("a Wait after a cancelled one: %v", err)
	}
}

// doneOnceWaiting is a context cancelled as a Wait begins to wait: the
// Wait's first look finds it live, and it is done from then on, with no
// clock deciding which comes first.
type doneOnceWaiting struct {
	context.Context
	looked bool
}

func (c *doneOnceWaiting) Done() <-chan struct{} {
	done := make(chan struct{})
	close(done)
	return done
}

func (c *doneOnceWaiting) Err() error {
	if !c.looked {
		c.looked = true
		return nil
	}
	return context.Canceled
}
