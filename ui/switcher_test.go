package ui

import (
	"testing"
)

// The switcher ranks the open tasks by the letters typed and switches to
// the one chosen; the running one it only names.
func TestSwitcherFindsAndSwitches(t *testing.T) {
	sh, s := roomShared(t)
	h := &fakeHost{}
	sw := newSwitcher(sh, h)
	sw.focus()
	if len(sw.found) != 4 {
		t.Fatalf("%d open tasks listed, want 4", len(sw.found))
	}
	for _, r := range "invc" {
		sw.Update(keyMsg(string(r)))
	}
	if len(sw.found) == 0 || sw.names[sw.found[0].Index] != "Acme · Invoices" {
		t.Fatalf("invc found %v", sw.found)
	}
	if _, done := sw.Update(keyMsg("enter")); !done || len(h.changes) != 1 {
		t.Fatalf("enter: done %v, %d writes", done, len(h.changes))
	}
	h.changes[0]()
	if len(s.started) != 1 || s.started[0] != 2 {
		t.Errorf("started %v, want task 2", s.started)
	}
	sw = newSwitcher(sh, h)
	sw.focus()
	for _, r := range "listings" {
		sw.Update(keyMsg(string(r)))
	}
	if _, done := sw.Update(keyMsg("enter")); !done || len(h.changes) != 1 || h.said[0] != "Listings is already running" {
		t.Errorf("the running task: done %v, %d writes, said %q", done, len(h.changes), h.said)
	}
}
