// Package boltfile is tally's toolkit for the bbolt file itself, below any
// record: it reads the meta pages before bbolt maps a file (Preflight),
// checks every page of a file or the pages on the way to given keys
// (CheckPages, CheckPaths) without trusting a byte, maps a file for such a
// check (Map) and advises the kernel on bbolt's mapping (ReadAhead). It
// knows bbolt's page layout, and nothing of tally's records.
package boltfile
