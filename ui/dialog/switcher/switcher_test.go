package switcher

import (
	"testing"

	"tally/ui/uitest"
)

// The switcher ranks the open tasks by the letters typed and switches to
// the one chosen; the running one it only names.
func TestSwitcherFindsAndSwitches(t *testing.T) {
	sh, s := uitest.Shared(t)
	h := &uitest.Host{}
	sw := New(sh, h)
	sw.Focus()
	if len(sw.found) != 4 {
		t.Fatalf("%d open tasks listed, want 4", len(sw.found))
	}
	for _, r := range "invc" {
		sw.Update(uitest.Key(string(r)))
	}
	if len(sw.found) == 0 || sw.names[sw.found[0].Index] != "Acme · Invoices" {
		t.Fatalf("invc found %v", sw.found)
	}
	if _, done := sw.Update(uitest.Key("enter")); !done || len(h.Changes) != 1 {
		t.Fatalf("enter: done %v, %d writes", done, len(h.Changes))
	}
	h.Changes[0]()
	if len(s.Started) != 1 || s.Started[0] != 2 {
		t.Errorf("started %v, want task 2", s.Started)
	}
	sw = New(sh, h)
	sw.Focus()
	for _, r := range "listings" {
		sw.Update(uitest.Key(string(r)))
	}
	if _, done := sw.Update(uitest.Key("enter")); !done || len(h.Changes) != 1 || h.Said[0] != "Listings is already running" {
		t.Errorf("the running task: done %v, %d writes, said %q", done, len(h.Changes), h.Said)
	}
}

// TestSwitcherViews draws every open task, and the ones a few letters
// find with the letters marked (underlined; plain here), at each size.
func TestSwitcherViews(t *testing.T) {
	sh, _ := uitest.Shared(t)
	for _, size := range uitest.Sizes {
		for _, c := range []struct{ name, typed string }{{"all", ""}, {"found", "ac"}} {
			t.Run(c.name+"_"+size.String(), func(t *testing.T) {
				sw := New(sh, &uitest.Host{})
				sw.Focus()
				for _, r := range c.typed {
					sw.Update(uitest.Key(string(r)))
				}
				uitest.Golden(t, sw.View(size.Body()))
			})
		}
	}
}
