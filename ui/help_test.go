package ui

import (
	"strings"
	"testing"
)

// Help lists every enabled key of what has the focus, then the global
// ones, and closes on ? or esc.
func TestHelpListsTheFocusedKeysFirst(t *testing.T) {
	sh, _ := roomShared(t)
	q := newQueuePane(sh, &fakeHost{})
	h := newHelpOverlay(sh, q, newGlobalKeys())
	if len(h.entries) == 0 || h.entries[0][1] != "previous" {
		t.Fatalf("entries %v", h.entries)
	}
	var descs []string
	for _, e := range h.entries {
		descs = append(descs, e[1])
	}
	all := strings.Join(descs, "|")
	if !strings.Contains(all, "mark done") || strings.Index(all, "mark done") > strings.Index(all, "find any open task") {
		t.Errorf("the queue's keys should come before the global ones: %s", all)
	}
	if _, done := h.Update(keyMsg("j")); done {
		t.Error("j closed help")
	}
	if _, done := h.Update(keyMsg("esc")); !done {
		t.Error("esc did not close help")
	}
}
