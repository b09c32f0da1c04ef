//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
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
func lockedOpener(timeout time.Duration) func(string, int, os.FileMode) (*os.File, error) {
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
		return f, nil
	}
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
