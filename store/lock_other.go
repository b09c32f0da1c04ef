//go:build !unix

package store

import "time"

// lockFile is a no-op where flock does not exist.
func lockFile(string, time.Duration) (func(), error) { return func() {}, nil }
