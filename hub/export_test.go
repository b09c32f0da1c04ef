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

// SetSyncWait makes the app's syncs from now on give up after d; it
// returns what puts the wait back.
func SetSyncWait(d time.Duration) (restore func()) {
	was := syncWait
	syncWait = d
	return func() { syncWait = was }
}
