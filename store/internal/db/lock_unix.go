//go:build unix

package db

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// lockFile takes the lock bbolt takes (flock) on the file at path, waiting
// up to timeout, so that no change lands while the file is swapped out. A
// missing file needs no lock.
func lockFile(path string, timeout time.Duration) (unlock func(), err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := waitFlock(f, syscall.LOCK_EX, timeout); err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: another tally is using %s; try again", ErrLocked, path)
	}
	return func() { f.Close() }, nil
}

// lockedOpener opens the file for bbolt already locked, waiting up to
// timeout: bbolt's own wait tries every 50 ms, so among many processes
// writing at once, one could lose every try until its timeout; trying
// every few milliseconds, each takes its turn. bbolt's own flock on the
// same open file then succeeds at once.
// The file it opens is kept in opened.
func lockedOpener(timeout time.Duration, opened **os.File) func(string, int, os.FileMode) (*os.File, error) {
	return func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		if err != nil {
			return nil, err
		}
		how := syscall.LOCK_EX
		if flag&(os.O_WRONLY|os.O_RDWR) == 0 {
			how = syscall.LOCK_SH
		}
		if err := waitFlock(f, how, timeout); err != nil {
			f.Close()
			return nil, err
		}
		*opened = f
		return f, nil
	}
}

// handOver passes the lock on file, which bbolt holds, to whatever start
// starts with a descriptor of its own for the same open file (a child
// process, which inherits it). A flock belongs to the open file and lasts
// while any descriptor of it is open, and bbolt unlocks as it closes:
// so this process's descriptor is pointed at a fresh opening of the file
// that holds no lock, and bbolt's unlock and close then leave the other's
// lock in place.
func handOver(file *os.File, start func() error) error {
	fresh, err := syscall.Open(file.Name(), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fresh)
	if err := start(); err != nil {
		return err
	}
	fd := int(file.Fd())
	if err := unix.Dup2(fresh, fd); err != nil {
		return err
	}
	unix.CloseOnExec(fd)
	return nil
}

// errLockWait is a lock not taken within the timeout.
var errLockWait = errors.New("store: lock not taken in time")

// waitFlock takes a flock on f, trying again every few milliseconds until
// timeout.
func waitFlock(f *os.File, how int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	wait := time.Millisecond
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, syscall.EWOULDBLOCK):
			return err
		case time.Now().After(deadline):
			return errLockWait
		}
		time.Sleep(wait)
		wait = min(wait*2, 5*time.Millisecond)
	}
}
