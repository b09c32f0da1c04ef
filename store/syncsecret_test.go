package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"tally/model"
)

func TestEachSyncOffersTheHubANewSecret(t *testing.T) {
	a, _, _, _, _, _ := twoLaptops(t)
	if quiet, err := a.Secrets(false); err != nil || quiet != (Secret{}) {
		t.Fatalf("a sync with nothing to push offers %+v, %v", quiet, err)
	}
	first, err := a.Secrets(true)
	if err != nil || first.Held != "" || first.Gen != 0 || first.Next == "" {
		t.Fatalf("before the first sync: %+v, %v", first, err)
	}
	if again, _ := a.Secrets(false); again != first {
		t.Fatalf("asked twice before a sync, the file offers %+v then %+v", first, again)
	}
	if err := a.Synced(t0); err != nil {
		t.Fatal(err)
	}
	if after, _ := a.Secrets(true); after.Held != first.Next || after.Gen != 1 || after.Next == first.Next || after.Next == "" {
		t.Fatalf("after a sync: %+v; want %q held, the first, and a new one offered", after, first.Next)
	}
}

// A copy of a device's file, made a device of its own, loses neither its
// own changes nor the other's, although both made theirs under one
// device's numbers and, the clocks standing still, one stamp.
func TestACopyMadeANewDeviceLosesNothing(t *testing.T) {
	a, b, ca, _, hub, task := twoLaptops(t)
	ca.t = t0.Add(8 * time.Hour)
	copied := filepath.Join(t.TempDir(), "copy.db")
	data, err := os.ReadFile(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c := device(t, "copy", ca)
	c.file.Path = copied
	before := must0(t, a)
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "on the original"}))
	must[model.Entry](t)(c.AddEntry(model.Entry{TaskID: task.ID, Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour), Note: "on the copy"}))
	// Both rename the task, under one stamp: the copy's, stamped anew as
	// the new device's, is the later.
	for _, s := range []*Store{a, c} {
		must[model.Task](t)(s.EditTask(task.ID, "rename", func(t *model.Task) error { t.Title = s.Path(); return nil }))
	}
	hub.settle(t, a, b)
	device, n, err := c.NewDevice("hub")
	if err != nil || device == before.Device || n == 0 {
		t.Fatalf("new device: %q (was %q), %d changes, %v", device, before.Device, n, err)
	}
	if sec, _ := c.Secrets(false); sec.Held != "" || sec.Gen != 0 {
		t.Errorf("the new device holds the copied secret: %+v", sec)
	}
	hub.settle(t, a, b, c)
	agree(t, a, b, c)
	for _, s := range []*Store{a, b, c} {
		entryOn(t, s, "on the original")
		entryOn(t, s, "on the copy")
		onB(t, s, model.Task{Title: c.Path()})
	}
}
