//go:build !unix

package db

import (
	"errors"
	"os"
	"time"
)

// lockFile is a no-op where flock does not exist.
func lockFile(string, time.Duration) (func(), error) { return func() {}, nil }

// lockedOpener leaves the locking to bbolt where flock does not exist.
func lockedOpener(time.Duration, **os.File) func(string, int, os.FileMode) (*os.File, error) {
	return nil
}

// handOver cannot pass a lock where flock does not exist: the store takes
// the day's backup itself.
func handOver(*os.File, func() error) error { return errors.ErrUnsupported }

// errLockWait is never returned where flock does not exist.
var errLockWait = errors.New("store: lock not taken in time")
