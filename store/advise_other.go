//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

func readAhead(*bolt.DB, int64) {}
