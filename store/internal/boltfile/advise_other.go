//go:build !linux

package boltfile

import bolt "go.etcd.io/bbolt"

// ReadAhead does nothing where madvise is not at hand.
func ReadAhead(*bolt.DB, int64) {}
