package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// List is a selection among rows that may be taller than one line, scrolled
// just enough to keep the selection in view: every pane, view and the
// switcher scroll through one.
type List struct {
	Sel, Top int
	heights  []int // lines per row
	Height   int   // lines on screen
}

// ListKeys are the moves every list knows.
type ListKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
}

// NewListKeys returns the moves, with vi's keys beside the arrows.
func NewListKeys() ListKeys {
	return ListKeys{
		Up:       Bind("up", "previous", "k", "up"),
		Down:     Bind("down", "next", "j", "down"),
		PageUp:   Bind("pgup", "page up", "pgup", "ctrl+u"),
		PageDown: Bind("pgdn", "page down", "pgdown", "ctrl+d"),
		Home:     Bind("g", "first", "g", "home"),
		End:      Bind("G", "last", "G", "end"),
	}
}

// Bindings lists the moves, as help shows them.
func (k ListKeys) Bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}

// SetRows gives the list rows of these heights, keeping the selection
// where it can.
func (l *List) SetRows(heights []int) {
	l.heights = heights
	l.Sel = clamp(l.Sel, len(heights))
	l.Scroll()
}

// Select selects row i, or the nearest there is, and scrolls it into
// view.
func (l *List) Select(i int) {
	l.Sel = clamp(i, len(l.heights))
	l.Scroll()
}

// SetHeight gives the list the lines it has on screen.
func (l *List) SetHeight(h int) {
	l.Height = max(h, 1)
	l.Scroll()
}

// Update moves the selection for a list key; ok says whether it was one.
func (l *List) Update(msg tea.KeyPressMsg, k ListKeys) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.Sel--
	case key.Matches(msg, k.Down):
		l.Sel++
	case key.Matches(msg, k.PageUp):
		l.Sel -= l.rowsPerPage()
	case key.Matches(msg, k.PageDown):
		l.Sel += l.rowsPerPage()
	case key.Matches(msg, k.Home):
		l.Sel = 0
	case key.Matches(msg, k.End):
		l.Sel = len(l.heights) - 1
	default:
		return false
	}
	l.Sel = clamp(l.Sel, len(l.heights))
	l.Scroll()
	return true
}

// Wheel scrolls by rows without moving the selection out of view.
func (l *List) Wheel(by int) {
	l.Sel = clamp(l.Sel+by, len(l.heights))
	l.Scroll()
}

func (l *List) rowsPerPage() int { return max(l.Height/max(l.lineHeight(), 1), 1) }

func (l *List) lineHeight() int {
	if len(l.heights) == 0 {
		return 1
	}
	total := 0
	for _, h := range l.heights {
		total += h
	}
	return max(total/len(l.heights), 1)
}

// Scroll moves the window just enough to show the selected row whole.
func (l *List) Scroll() {
	if l.Sel < l.Top {
		l.Top = l.Sel
	}
	for l.Top < l.Sel && l.linesBetween(l.Top, l.Sel+1) > l.Height {
		l.Top++
	}
	// Fill the window from the end when the rows below ran short.
	for l.Top > 0 && l.linesBetween(l.Top-1, len(l.heights)) <= l.Height {
		l.Top--
	}
	l.Top = clamp(l.Top, len(l.heights))
}

func (l *List) linesBetween(from, to int) int {
	n := 0
	for _, h := range l.heights[from:to] {
		n += h
	}
	return n
}

// window returns the rows [from, to) that fit on screen.
func (l *List) window() (from, to int) {
	lines := 0
	for to = l.Top; to < len(l.heights) && lines+l.heights[to] <= l.Height; to++ {
		lines += l.heights[to]
	}
	return l.Top, to
}

// rowAt returns the row drawn at line y of the window.
func (l *List) rowAt(y int) (int, bool) {
	from, to := l.window()
	for i := from; i < to; i++ {
		if y < l.heights[i] {
			return i, true
		}
		y -= l.heights[i]
	}
	return 0, false
}

// Click selects the row at line y of the window.
func (l *List) Click(y int) bool {
	row, ok := l.rowAt(y)
	if ok {
		l.Sel = row
	}
	return ok
}

func clamp(i, n int) int { return max(min(i, n-1), 0) }

// Draw lays out the visible rows: row(i, selected) returns row i's lines.
func (l *List) Draw(row func(i int, selected bool) []string) []string {
	from, to := l.window()
	out := make([]string, 0, l.Height)
	for i := from; i < to; i++ {
		out = append(out, row(i, i == l.Sel)...)
	}
	return out
}

// Ones returns n rows of one line each.
func Ones(n int) []int {
	h := make([]int, n)
	for i := range h {
		h[i] = 1
	}
	return h
}
