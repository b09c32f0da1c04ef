package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Scroller is a window of Height lines over Lines lines: a view to read
// rather than rows to choose from (help, the Week page) scrolls through
// one. Top is the first line shown.
type Scroller struct {
	Top, Height, Lines int
}

// NewScrollKeys returns the moves of a view that scrolls, with vi's keys
// beside the arrows: a list's, told as scrolling.
func NewScrollKeys() ListKeys {
	return ListKeys{
		Up:       Bind("k/↑", "scroll up", "k", "up"),
		Down:     Bind("j/↓", "scroll down", "j", "down"),
		PageUp:   Bind("pgup", "page up", "pgup", "ctrl+u"),
		PageDown: Bind("pgdn", "page down", "pgdown", "ctrl+d"),
		Home:     Bind("g", "top", "g", "home"),
		End:      Bind("G", "bottom", "G", "end"),
	}
}

// Offered lists the moves as help shows them, each enabled only where it
// moves: down while there is more below, up while there is more above.
func (k ListKeys) Offered(down, up bool) []key.Binding {
	for _, b := range []*key.Binding{&k.Down, &k.PageDown, &k.End} {
		b.SetEnabled(down)
	}
	for _, b := range []*key.Binding{&k.Up, &k.PageUp, &k.Home} {
		b.SetEnabled(up)
	}
	return []key.Binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Home, k.End}
}

// Below and Above say whether there are lines past the window's bottom
// and above its top.
func (s Scroller) Below() bool { return s.Bottom() < s.Lines-1 }

// Above says whether there are lines above the window's top.
func (s Scroller) Above() bool { return s.Top > 0 }

// Scrolls says whether there is more than fits.
func (s Scroller) Scrolls() bool { return s.Lines > s.Height }

// Bottom is the last line shown.
func (s Scroller) Bottom() int { return s.Top + s.Height - 1 }

// Set gives the scroller its lines and height, keeping Top where it can.
func (s *Scroller) Set(lines, height int) {
	s.Lines, s.Height = lines, max(height, 1)
	s.ScrollBy(0)
}

// ScrollBy moves the window by n lines, no further than the ends.
func (s *Scroller) ScrollBy(n int) {
	s.Top = max(min(s.Top+n, s.Lines-s.Height), 0)
}

// Show scrolls just enough to show line i.
func (s *Scroller) Show(i int) {
	switch {
	case i < s.Top:
		s.ScrollBy(i - s.Top)
	case i > s.Bottom():
		s.ScrollBy(i - s.Bottom())
	}
}

// Update scrolls for a scroll key and says whether it was one.
func (s *Scroller) Update(msg tea.KeyPressMsg, k ListKeys) bool {
	switch {
	case key.Matches(msg, k.Up):
		s.ScrollBy(-1)
	case key.Matches(msg, k.Down):
		s.ScrollBy(1)
	case key.Matches(msg, k.PageUp):
		s.ScrollBy(-s.Height)
	case key.Matches(msg, k.PageDown):
		s.ScrollBy(s.Height)
	case key.Matches(msg, k.Home):
		s.Top = 0
	case key.Matches(msg, k.End):
		s.ScrollBy(s.Lines)
	default:
		return false
	}
	return true
}

// Window returns the lines [from, to) on screen.
func (s Scroller) Window() (from, to int) { return s.Top, min(s.Top+s.Height, s.Lines) }
