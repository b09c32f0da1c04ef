package db

import (
	"context"
	"os"
	"time"
)

// A Watcher tells when the file may have changed, so that the app looks
// at its header then rather than on a timer: on Linux inotify says when
// a process wrote the file or put another in its place, and costs nothing
// while no one does; elsewhere it looks at the file's size and time every
// pollEvery.
type Watcher struct {
	wait  func(ctx context.Context) error
	close func() error
}

// pollEvery is how often a Watcher without inotify looks at the file: a
// stat, well under the quarter second the app takes to follow a change.
const pollEvery = 100 * time.Millisecond

// Watch starts watching the file, which need not exist yet.
func (f *File) Watch() *Watcher {
	if w, err := notifyWatcher(f.Path); err == nil {
		return w
	}
	return pollWatcher(f.Path, pollEvery)
}

// Wait returns once the file may have changed since Watch or the last
// Wait, or with ctx's error once ctx is done. A change may be told twice,
// or be no change of the records at all (a read-write open closed): the
// caller looks at the header to tell. One Wait runs at a time.
func (w *Watcher) Wait(ctx context.Context) error { return w.wait(ctx) }

// Close stops watching.
func (w *Watcher) Close() error { return w.close() }

// pollWatcher looks at the file's size and modification time every
// interval.
func pollWatcher(path string, every time.Duration) *Watcher {
	last := stamp(path)
	return &Watcher{
		wait: func(ctx context.Context) error {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-t.C:
				}
				if now := stamp(path); now != last {
					last = now
					return nil
				}
			}
		},
		close: func() error { return nil },
	}
}

type fileStamp struct {
	size    int64
	modTime time.Time
}

func stamp(path string) fileStamp {
	info, err := os.Stat(path)
	if err != nil {
		return fileStamp{size: -1}
	}
	return fileStamp{info.Size(), info.ModTime()}
}
