package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestConfirmRunsYesOrSaysNo(t *testing.T) {
	sh, _ := roomShared(t)
	h := &fakeHost{}
	yes := 0
	c := newConfirm(sh, h, "Delete", "Delete it?", func() tea.Cmd { yes++; return nil }, "kept it")
	if _, done := c.Update(keyMsg("x")); done || yes != 0 {
		t.Error("another key answered")
	}
	if _, done := c.Update(keyMsg("n")); !done || yes != 0 || h.said[0] != "kept it" {
		t.Errorf("n: done %v, yes %d, said %q", done, yes, h.said)
	}
	if _, done := c.Update(keyMsg("y")); !done || yes != 1 {
		t.Errorf("y: done %v, yes %d", done, yes)
	}
}

// A long question wraps inside the box instead of running past it.
func TestConfirmWrapsItsQuestion(t *testing.T) {
	sh, _ := roomShared(t)
	c := newConfirm(sh, &fakeHost{}, "Overwrite?", strings.Repeat("a-file.csv, ", 20)+"overwrite them?", func() tea.Cmd { return nil }, "")
	lines := c.View(60, 20)
	if len(lines) < 6 || !strings.Contains(plain(lines), "overwrite them?") {
		t.Errorf("the question:\n%s", plain(lines))
	}
}
