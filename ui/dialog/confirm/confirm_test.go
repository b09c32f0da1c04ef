package confirm

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"tally/ui/uitest"
)

func TestConfirmRunsYesOrSaysNo(t *testing.T) {
	sh, _ := uitest.Shared(t)
	h := &uitest.Host{}
	yes := 0
	c := New(sh, h, "Delete", "Delete it?", func() tea.Cmd { yes++; return nil }, "kept it")
	if _, done := c.Update(uitest.Key("x")); done || yes != 0 {
		t.Error("another key answered")
	}
	if _, done := c.Update(uitest.Key("n")); !done || yes != 0 || h.Said[0] != "kept it" {
		t.Errorf("n: done %v, yes %d, said %q", done, yes, h.Said)
	}
	if _, done := c.Update(uitest.Key("y")); !done || yes != 1 {
		t.Errorf("y: done %v, yes %d", done, yes)
	}
}

// A long question wraps inside the box instead of running past it.
func TestConfirmWrapsItsQuestion(t *testing.T) {
	sh, _ := uitest.Shared(t)
	c := New(sh, &uitest.Host{}, "Overwrite?", strings.Repeat("a-file.csv, ", 20)+"overwrite them?", func() tea.Cmd { return nil }, "")
	lines := c.View(60, 20)
	if len(lines) < 6 || !strings.Contains(uitest.Plain(lines), "overwrite them?") {
		t.Errorf("the question:\n%s", uitest.Plain(lines))
	}
}

// TestConfirmViews draws a question over the window it opens in.
func TestConfirmViews(t *testing.T) {
	sh, _ := uitest.Shared(t)
	for _, size := range uitest.Sizes {
		t.Run(size.String(), func(t *testing.T) {
			c := New(sh, &uitest.Host{}, "Delete", "Delete entry 3677: 08:23 0:13 Answer customer mail (Corner Bakery)? u brings it back.", func() tea.Cmd { return nil }, "kept entry 3677")
			uitest.Golden(t, c.View(size.Body()))
		})
	}
}
