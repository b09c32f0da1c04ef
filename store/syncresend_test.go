package store

import (
	"testing"
	"time"

	"tally/model"
)

func TestAHubThatLostChangesGetsThemAgainFromItsDevices(t *testing.T) {
	a, b, ca, cb, hub, task := twoLaptops(t)
	ca.t, cb.t = t0.Add(8*time.Hour), t0.Add(8*time.Hour)
	kept := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0, End: t0.Add(time.Hour), Note: "before the backup"}))
	gone := must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour), Note: "removed after"}))
	hub.settle(t, a, b)
	backup := len(hub.changes)
	// After the backup: a adds an entry and removes one, b edits one.
	must[model.Entry](t)(a.AddEntry(model.Entry{TaskID: task.ID, Start: t0.Add(3 * time.Hour), End: t0.Add(4 * time.Hour), Note: "after the backup"}))
	must[model.Entry](t)(a.RemoveEntry(gone.ID))
	must[model.Entry](t)(b.EditEntry(entryOn(t, b, kept.Note).ID, func(e *model.Entry) error { e.Tags = []string{"b"}; return nil }))
	hub.settle(t, a, b)
	before := agree(t, a, b)
	// A draft stays on its machine, and holds back nothing sent after it.
	for _, s := range []*Store{a, b} {
		must[model.Invoice](t)(s.NewDraft(DraftRequest{Client: "Acme", To: model.DateOf(t0, time.UTC)}, InvoiceRules{Location: time.UTC, Now: ca.t}))
	}

	hub.changes = hub.changes[:backup] // the hub put back as it was
	for _, s := range []*Store{a, b} {
		if n, err := s.Resend("hub"); err != nil || n < 5 {
			t.Fatalf("resend: %d changes, %v", n, err)
		}
	}
	c := device(t, "c", &clock{t0.Add(8 * time.Hour)})
	link(t, c, "alice")
	hub.settle(t, a, b, c)
	if after := agree(t, a, b, c); after != before {
		t.Fatalf("what the devices held moved:\n%s\n---\n%s", before, after)
	}
	for _, s := range []*Store{a, b, c} {
		if conflicts, _ := s.Conflicts(); len(conflicts) != 0 {
			t.Errorf("%s lists %+v", s.Path(), conflicts)
		}
	}
}
