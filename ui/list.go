package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// list is a selection among rows that may be taller than one line, scrolled
// just enough to keep the selection in view: every pane, view and the
// switcher scroll through one.
type list struct {
	sel, top int
	heights  []int // lines per row
	height   int   // lines on screen
}

// listKeys are the moves every list knows.
type listKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       bind("up", "previous", "k", "up"),
		Down:     bind("down", "next", "j", "down"),
		PageUp:   bind("pgup", "page up", "pgup", "ctrl+u"),
		PageDown: bind("pgdn", "page down", "pgdown", "ctrl+d"),
		Home:     bind("g", "first", "g", "home"),
		End:      bind("G", "last", "G", "end"),
	}
}

func (k listKeys) bindings() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}
}

// setRows gives the list rows of these heights, keeping the selection
// where it can.
func (l *list) setRows(heights []int) {
	l.heights = heights
	l.sel = clamp(l.sel, len(heights))
	l.scroll()
}

func (l *list) setHeight(h int) {
	l.height = max(h, 1)
	l.scroll()
}

// update moves the selection for a list key; ok says whether it was one.
func (l *list) update(msg tea.KeyPressMsg, k listKeys) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.sel--
	case key.Matches(msg, k.Down):
		l.sel++
	case key.Matches(msg, k.PageUp):
		l.sel -= l.rowsPerPage()
	case key.Matches(msg, k.PageDown):
		l.sel += l.rowsPerPage()
	case key.Matches(msg, k.Home):
		l.sel = 0
	case key.Matches(msg, k.End):
		l.sel = len(l.heights) - 1
	default:
		return false
	}
	l.sel = clamp(l.sel, len(l.heights))
	l.scroll()
	return true
}

// wheel scrolls by rows without moving the selection out of view.
func (l *list) wheel(by int) {
	l.sel = clamp(l.sel+by, len(l.heights))
	l.scroll()
}

func (l *list) rowsPerPage() int { return max(l.height/max(l.lineHeight(), 1), 1) }

func (l *list) lineHeight() int {
	if len(l.heights) == 0 {
		return 1
	}
	total := 0
	for _, h := range l.heights {
		total += h
	}
	return max(total/len(l.heights), 1)
}

// scroll moves the window just enough to show the selected row whole.
func (l *list) scroll() {
	if l.sel < l.top {
		l.top = l.sel
	}
	for l.top < l.sel && l.linesBetween(l.top, l.sel+1) > l.height {
		l.top++
	}
	// Fill the window from the end when the rows below ran short.
	for l.top > 0 && l.linesBetween(l.top-1, len(l.heights)) <= l.height {
		l.top--
	}
	l.top = clamp(l.top, len(l.heights))
}

func (l *list) linesBetween(from, to int) int {
	n := 0
	for _, h := range l.heights[from:to] {
		n += h
	}
	return n
}

// window returns the rows [from, to) that fit on screen.
func (l *list) window() (from, to int) {
	lines := 0
	for to = l.top; to < len(l.heights) && lines+l.heights[to] <= l.height; to++ {
		lines += l.heights[to]
	}
	return l.top, to
}

// rowAt returns the row drawn at line y of the window.
func (l *list) rowAt(y int) (int, bool) {
	from, to := l.window()
	for i := from; i < to; i++ {
		if y < l.heights[i] {
			return i, true
		}
		y -= l.heights[i]
	}
	return 0, false
}

// click selects the row at line y of the window.
func (l *list) click(y int) bool {
	row, ok := l.rowAt(y)
	if ok {
		l.sel = row
	}
	return ok
}

func clamp(i, n int) int { return max(min(i, n-1), 0) }

// draw lays out the visible rows: row(i, selected) returns row i's lines.
func (l *list) draw(row func(i int, selected bool) []string) []string {
	from, to := l.window()
	out := make([]string, 0, l.height)
	for i := from; i < to; i++ {
		out = append(out, row(i, i == l.sel)...)
	}
	return out
}

// ones returns n rows of one line each.
func ones(n int) []int {
	h := make([]int, n)
	for i := range h {
		h[i] = 1
	}
	return h
}
