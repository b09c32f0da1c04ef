//go:build !unix

package store

import (
	"errors"
	"os"
	"time"
)

// lockFile is a no-op where flock does not exist.
func lockFile(string, time.Duration) (func(), error) { return func() {}, nil }

// lockedOpener leaves the locking to bbolt where flock does not exist.
func lockedOpener(time.Duration) func(string, int, os.FileMode) (*os.File, error) { return nil }

// errLockWait is never returned where flock does not exist.
var errLockWait = errors.New("store: lock not taken in time")
