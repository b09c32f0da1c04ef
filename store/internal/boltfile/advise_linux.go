package boltfile

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ReadAhead undoes bbolt's MADV_RANDOM on a read's mapping, so that the
// kernel maps the neighbours of a page a read faults in with it: a report
// walks runs of neighbouring leaves, and each fault is far dearer than
// the pages it brings along.
func ReadAhead(db *bolt.DB, size int64) {
	syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(size), syscall.MADV_NORMAL)
}
