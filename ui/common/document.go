package common

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Document is a view of many lines under a header that stays, read by
// scrolling: a cursor shows only on the lines a key acts on (the
// Report's sales), and the keys move it among them, scrolling through the
// lines between. The Week and Report views are documents.
type Document struct {
	Scroller
	header string
	lines  []string
	acts   []bool // the lines a key acts on
	// Cursor is the line selected, always one that acts and is on
	// screen; -1 when none is.
	Cursor        int
	Width, Height int
	keys          ListKeys
	memo          Memo
}

// NewDocument returns a document with nothing selected; acting names what
// its cursor moves among ("sale"), for help; "" when nothing acts.
func NewDocument(acting string) Document {
	k := NewScrollKeys()
	if acting != "" {
		k.Down.SetHelp("j/↓", "next "+acting)
		k.Up.SetHelp("k/↑", "previous "+acting)
	}
	return Document{Cursor: -1, keys: k}
}

// SetSize gives the document the cells it draws in.
func (d *Document) SetSize(width, height int) {
	d.Width, d.Height = width, height
	d.Set(len(d.lines), height-3) // the box and the header
	d.keepCursor()
}

// SetLines gives it a header that stays and lines that scroll; acts says
// which lines a key acts on (nil: none). The cursor stays on its line if
// that still acts.
func (d *Document) SetLines(header string, lines []string, acts []bool) {
	d.header, d.lines, d.acts = header, lines, acts
	d.Set(len(lines), d.Height-3)
	d.keepCursor()
}

// Keys are the moves, as the footer and help offer them: each only where
// there is something to scroll to or to choose.
func (d *Document) Keys() []key.Binding {
	after, before := d.Cursor+1, d.Cursor-1
	if d.Cursor < 0 {
		after, before = d.Top, d.Bottom()
	}
	return d.keys.Offered(d.Below() || d.find(after, 1, d.Bottom()) >= 0, d.Above() || d.find(before, -1, d.Top) >= 0)
}

func (d *Document) acting(i int) bool { return i >= 0 && i < len(d.acts) && d.acts[i] }

// keepCursor drops the cursor when its line no longer acts or is off
// screen.
func (d *Document) keepCursor() {
	if !d.acting(d.Cursor) || d.Cursor < d.Top || d.Cursor > d.Bottom() {
		d.Cursor = -1
	}
}

// Update moves for a key of the document's and says whether it was one:
// up and down go to the acting line next to the cursor if it is on screen
// or just off it, else scroll a line; the others scroll, and the cursor
// goes to an acting line on screen, if any.
func (d *Document) Update(msg tea.KeyPressMsg) bool {
	k := d.keys
	switch {
	case key.Matches(msg, k.Down):
		d.step(1)
	case key.Matches(msg, k.Up):
		d.step(-1)
	case d.Scroller.Update(msg, k):
		d.keepCursor()
		if d.Cursor < 0 {
			d.Cursor = d.find(d.Top, 1, d.Bottom())
		}
	default:
		return false
	}
	return true
}

func (d *Document) step(by int) {
	from, limit := d.Cursor+by, d.Bottom()+1 // down: at most the line just below the window
	if d.Cursor < 0 && by > 0 {
		from = d.Top
	}
	if by < 0 {
		limit = d.Top - 1
		if d.Cursor < 0 {
			from = d.Bottom()
		}
	}
	if next := d.find(from, by, limit); next >= 0 {
		d.Cursor = next
		d.Show(next)
		return
	}
	d.ScrollBy(by)
	d.keepCursor()
}

// find returns the first acting line from from, going by, no further than
// limit; -1 if none.
func (d *Document) find(from, by, limit int) int {
	for i := from; i >= 0 && i < len(d.lines) && (by > 0 && i <= limit || by < 0 && i >= limit); i += by {
		if d.acting(i) {
			return i
		}
	}
	return -1
}

// Select puts the cursor on line i, if it acts, and scrolls to it.
func (d *Document) Select(i int) {
	if d.acting(i) {
		d.Cursor = i
		d.Show(i)
	}
}

// Wheel scrolls by lines.
func (d *Document) Wheel(by int) {
	d.ScrollBy(by)
	d.keepCursor()
}

// Click selects the line at row y of the box, if it acts.
func (d *Document) Click(y int) { d.Select(d.Top + y - 2) } // the box's top and the header

// View draws it in a box under title, the selected line marked; it
// draws again only when rev (Shared.Rev), the selection or the size
// changed.
func (d *Document) View(st Styles, rev int, title func() string) []string {
	id := fmt.Sprint(rev, d.Cursor, d.Top, d.Width, d.Height)
	return d.memo.Get(id, func() []string {
		out := []string{st.Header.Render(d.header)}
		from, to := d.Window()
		for i := from; i < to; i++ {
			line := d.lines[i]
			if i == d.Cursor {
				line = st.SelectedRow(st.Glyphs.Marker+ansi.Cut(line, 1, d.Width-2), d.Width-2)
			}
			out = append(out, line)
		}
		return Box(st, title(), out, d.Width, d.Height, true)
	})
}
