package hub

import "time"

// SetLockWait makes sessions that connect from now on wait at most d for
// a lock, so that a test of a lock held for ever ends soon; it returns
// what puts the wait back.
func SetLockWait(d time.Duration) (restore func()) {
	was := lockWait
	lockWait = d
	return func() { lockWait = was }
}
