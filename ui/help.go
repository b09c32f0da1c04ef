package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpOverlay lists every key of what has the focus, then the global ones,
// in full: no entry is cut. As many columns as fit; when even they run
// past the window, the list scrolls.
type helpOverlay struct {
	*shared
	keys    helpKeys
	entries [][2]string // key, what it does
	list    list
	cols    int
}

type helpKeys struct {
	listKeys
	Close key.Binding
}

func newHelpOverlay(sh *shared, focused component, global globalKeys) *helpOverlay {
	h := &helpOverlay{shared: sh, keys: helpKeys{listKeys: newListKeys(), Close: bind("?/esc", "close", "?", "esc", "q")}}
	for _, group := range append(focused.FullHelp(), global.FullHelp()...) {
		for _, b := range group {
			if b.Enabled() {
				h.entries = append(h.entries, [2]string{b.Help().Key, b.Help().Desc})
			}
		}
	}
	return h
}

func (h *helpOverlay) ShortHelp() []key.Binding { return []key.Binding{h.keys.Close, h.keys.Down} }

func (h *helpOverlay) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

func (h *helpOverlay) Update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if ok && h.list.update(k, h.keys.listKeys) {
		return nil, false
	}
	return nil, ok && key.Matches(k, h.keys.Close)
}

const helpKeyWidth = 12

func (h *helpOverlay) View(width, height int) []string {
	st := h.styles
	descW := 0
	for _, e := range h.entries {
		descW = max(descW, ansi.StringWidth(e[1]))
	}
	colW := helpKeyWidth + descW + 2
	cols := max(min((width-6)/colW, 3), 1)
	descW = min(descW, width-6-helpKeyWidth-2) // one column on a narrow window wraps no entry: it is that wide
	rows := (len(h.entries) + cols - 1) / cols
	h.list.setRows(ones(rows))
	h.list.setHeight(height - 4)
	body := h.list.draw(func(r int, selected bool) []string {
		line := ""
		for c := range cols {
			if i := c*rows + r; i < len(h.entries) {
				line += " " + st.Key.Render(fit(h.entries[i][0], helpKeyWidth)) + st.Help.Render(fit(h.entries[i][1], descW+1))
			}
		}
		return []string{line}
	})
	if rows > h.list.height {
		body = append(body, st.Dim.Render(" j/k scroll"))
	}
	hint := " in forms: enter saves, tab/↑↓ move, tab takes a suggestion, esc cancels"
	body = append(body, st.Help.Render(hint))
	return box(st, "Keys", body, min(width-2, max(cols*(helpKeyWidth+descW+2)+3, ansi.StringWidth(hint)+3)), len(body)+2, true)
}
