package help

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"tally/ui/common"
	"tally/ui/uitest"
)

// Help lists every enabled key of what has the focus, then the global
// ones, and closes on ? or esc.
func TestHelpListsTheFocusedKeysFirst(t *testing.T) {
	sh, _ := uitest.Shared(t)
	h := New(sh, focusedKeys{common.NewListKeys()}, common.NewGlobalKeys())
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
	if _, done := h.Update(uitest.Key("j")); done {
		t.Error("j closed help")
	}
	if _, done := h.Update(uitest.Key("esc")); !done {
		t.Error("esc did not close help")
	}
}

// focusedKeys stand for a page's keys: the list's moves, then its own.
type focusedKeys struct{ common.ListKeys }

func (k focusedKeys) ShortHelp() []key.Binding { return nil }

func (k focusedKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Bindings(), {common.Bind("D", "mark done", "D"), common.Bind("e", "edit task", "e")}}
}

// TestHelpViews lists a page's keys and the app's at each size: three
// columns where they fit, one that scrolls where they do not.
func TestHelpViews(t *testing.T) {
	sh, _ := uitest.Shared(t)
	for _, size := range uitest.Sizes {
		t.Run(size.String(), func(t *testing.T) {
			h := New(sh, focusedKeys{common.NewListKeys()}, common.NewGlobalKeys())
			uitest.Golden(t, h.View(size.Body()))
		})
	}
}

// Where the keys run past the window, j scrolls them, as help says and
// the footer offers; where they fit, nothing scrolls and nothing offers to
// (issue 28 item 7).
func TestHelpScrollsOnlyWhereItRunsPast(t *testing.T) {
	sh, _ := uitest.Shared(t)
	h := New(sh, focusedKeys{common.NewListKeys()}, common.NewGlobalKeys())
	top := h.View(80, 21)
	if !uitest.Offered(h.ShortHelp(), "j/↓") || !strings.Contains(uitest.Plain(top), "j/↓ k/↑ scroll") {
		t.Fatalf("the keys run past 80x24 and scrolling is not offered: %v\n%s", h.ShortHelp(), uitest.Plain(top))
	}
	h.Update(uitest.Key("j"))
	if got := h.View(80, 21); got[1] != top[2] {
		t.Errorf("j did not scroll a line: %q then %q", uitest.Plain(top[1:2]), uitest.Plain(got[1:2]))
	}
	h.Update(uitest.Key("G"))
	if end := uitest.Plain(h.View(80, 21)); !strings.Contains(end, "quit") || strings.Contains(end, "│ up ") {
		t.Errorf("G does not show the end:\n%s", end)
	}
	h.Update(uitest.Key("k"))
	if end := uitest.Plain(h.View(80, 21)); strings.Contains(end, "quit") {
		t.Errorf("k from the end does not scroll up:\n%s", end)
	}
	h.View(200, 47)
	if uitest.Offered(h.ShortHelp(), "j/↓") || uitest.Offered(h.FullHelp()[1], "G") {
		t.Errorf("scrolling offered where every key fits: %v", h.ShortHelp())
	}
}
