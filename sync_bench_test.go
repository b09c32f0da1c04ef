package main

import (
	"os/exec"
	"path/filepath"
	"testing"

	"tally/hub/hubtest"
)

// BenchmarkProcessSyncNothingNew is `tally sync` as a process on a year
// of work that the hub holds already, over the test cluster's socket
// without TLS: the process, its file, the connection (a backend of its
// own and SCRAM), what the sync asks the hub and what it notes after.
//
//	go test -run '^$' -bench ProcessSync -benchtime 200x .
func BenchmarkProcessSyncNothingNew(b *testing.B) {
	bin, dbs := benchSetup(b)
	h := hubtest.New(b)
	alice := h.Person(b, "alice")
	db := filepath.Join(b.TempDir(), "tally.db")
	if out, err := exec.Command("cp", dbs[0].path, db).CombinedOutput(); err != nil {
		b.Fatalf("cp: %v: %s", err, out)
	}
	if out, err := exec.Command(bin, "--db", db, "sync", "init", h.URL(), "--person", alice).CombinedOutput(); err != nil {
		b.Fatalf("sync init: %v: %s", err, out)
	}
	for b.Loop() {
		if out, err := exec.Command(bin, "--db", db, "sync").CombinedOutput(); err != nil {
			b.Fatalf("sync: %v: %s", err, out)
		}
	}
}
