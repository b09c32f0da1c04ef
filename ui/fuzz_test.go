package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/ui/uitest"
)

var fuzzKeys = []string{
	"1", "2", "3", "9", "j", "k", "G", "g", "tab", "shift+tab", "enter", "esc", "space", "t", "w", "r", "x", "c", "C",
	"?", "/", "n", "e", "d", "D", "u", "ctrl+r", "[", "]", "p", "a", "A", "$", "z", "o", "F", "S", "X", "J", "K",
	"left", "right", "up", "down", "backspace", "y", "m", "0", ".", "h", "pgdown",
}

// FuzzUpdate presses random keys at random window sizes: the app never
// panics, and every frame fits its window.
func FuzzUpdate(f *testing.F) {
	f.Add(uint8(120), uint8(40), []byte{0, 1, 2, 3, 4})
	f.Add(uint8(80), uint8(24), []byte{14, 21, 7, 7, 10})
	f.Add(uint8(70), uint8(18), []byte{19, 20, 16, 17, 10, 21})
	clk := &clock{now: testNow}
	s := demoStore(f, 1, clk)
	f.Fuzz(func(t *testing.T, w, h uint8, keys []byte) {
		a := New(testDeps(s, clk))
		width, height := int(w)%200+1, int(h)%60+1
		a.Update(tea.WindowSizeMsg{Width: width, Height: height})
		settle(t, a, a.refresh())
		for _, k := range keys {
			_, cmd := a.Update(uitest.Key(fuzzKeys[int(k)%len(fuzzKeys)]))
			settle(t, a, cmd)
			for _, line := range strings.Split(a.View().Content, "\n") {
				if lw := ansi.StringWidth(line); lw > width && !a.tooSmall() {
					t.Fatalf("a line of %d cells in a window %d wide: %q", lw, width, ansi.Strip(line))
				}
			}
		}
	})
}
