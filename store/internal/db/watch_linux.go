package db

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// notifyWatcher watches the file's folder with inotify, for the file's
// name: a write to it, a writer closing it (bbolt's lock is free again)
// and a file moved or made in its place (a restore). Watching the folder
// rather than the file follows the name across such a swap.
func notifyWatcher(path string) (*Watcher, error) {
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return nil, err
	}
	dir, name := filepath.Split(path)
	if _, err := unix.InotifyAddWatch(fd, filepath.Clean(dir+"."), unix.IN_MODIFY|unix.IN_CLOSE_WRITE|unix.IN_MOVED_TO|unix.IN_CREATE); err != nil {
		unix.Close(fd)
		return nil, err
	}
	// Non-blocking, the descriptor joins Go's poller: a read deadline
	// ends a Wait, and Close ends one too.
	events := os.NewFile(uintptr(fd), "inotify "+dir)
	buf := make([]byte, 64*(unix.SizeofInotifyEvent+unix.NAME_MAX+1))
	return &Watcher{
		wait: func(ctx context.Context) error {
			if err := ctx.Err(); err != nil {
				return err // though events wait to be read
			}
			// A deadline a cancelled Wait set would end this one at once.
			if err := events.SetReadDeadline(time.Time{}); err != nil {
				return err
			}
			stop := context.AfterFunc(ctx, func() { events.SetReadDeadline(time.Unix(1, 0)) })
			defer stop()
			for {
				n, err := events.Read(buf)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					return err
				}
				if names(buf[:n], name) {
					return nil
				}
			}
		},
		close: events.Close,
	}, nil
}

// names says whether any of the events read concern the file called
// name (the kernel pads names with NULs), or were lost (the queue
// overflowed).
func names(events []byte, name string) bool {
	for len(events) >= unix.SizeofInotifyEvent {
		e := (*unix.InotifyEvent)(unsafe.Pointer(&events[0]))
		end := unix.SizeofInotifyEvent + int(e.Len)
		if end > len(events) {
			return true // cut short: say changed rather than miss it
		}
		if e.Mask&unix.IN_Q_OVERFLOW != 0 || string(bytes.TrimRight(events[unix.SizeofInotifyEvent:end], "\x00")) == name {
			return true
		}
		events = events[end:]
	}
	return false
}
