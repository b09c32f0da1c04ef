package hub_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/store"
)

// Before, once a stamp had run ahead of the wall clock (here the clock
// stands still), a copy of a device's file synced silently: its change
// took the number and the stamp of the original's, the hub held it as
// the same, and each skipped the other's as its own, for ever.
func TestACopiedFileIsRefusedWhateverTheClocks(t *testing.T) {
	laptop, desktop := acmeOnTwoDevices(t)
	copied := filepath.Join(t.TempDir(), "copy.db")
	data, err := os.ReadFile(laptop.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	copy := &device{st: store.New(copied, store.WithClock(func() time.Time { return t0 }), store.WithDailyBackups(0)), hub: laptop.hub, role: laptop.role}
	laptop.run(t, "client", "edit", "Acme", "--rename", "Acme L")
	copy.run(t, "client", "edit", "Acme", "--rename", "Acme C")
	laptop.run(t, "sync")
	if got := copy.try("sync"); got.code != 1 || !strings.Contains(got.stderr, "this file is a copy of device") || !strings.Contains(got.stderr, "tally sync --new-device") {
		t.Fatalf("syncing the copy: exit %d: %s%s", got.code, got.stdout, got.stderr)
	}
	// Made a device of its own, the copy loses nothing: its rename, stamped
	// anew, is the later.
	if out := copy.run(t, "sync", "--new-device"); !strings.Contains(out, "this file is now device") {
		t.Errorf("sync --new-device says:\n%s", out)
	}
	for _, d := range []*device{laptop, desktop, copy} {
		d.run(t, "sync")
	}
	if view := agree(t, laptop, desktop, copy); !strings.Contains(view, "Acme C") {
		t.Errorf("the copy's rename is lost:\n%s", view)
	}
}
