// Package help is the dialog ? opens: every key of what has the focus,
// then the app's own, in full.
package help

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/ui/common"
)

// Help lists every key of what has the focus, then the global ones,
// in full: no entry is cut. As many columns as fit; when even they run
// past the window, they scroll.
type Help struct {
	*common.Shared
	keys    helpKeys
	entries [][2]string // key, what it does
	scroll  common.Scroller
}

type helpKeys struct {
	common.ListKeys
	Close key.Binding
}

// New lists the keys of focused, then global.
func New(sh *common.Shared, focused common.KeyMap, global common.GlobalKeys) *Help {
	h := &Help{Shared: sh, keys: helpKeys{ListKeys: common.NewScrollKeys(), Close: common.Bind("?/esc", "close", "?", "esc", "q")}}
	for _, group := range append(focused.FullHelp(), global.FullHelp()...) {
		for _, b := range group {
			if b.Enabled() {
				h.entries = append(h.entries, [2]string{b.Help().Key, b.Help().Desc})
			}
		}
	}
	return h
}

// ShortHelp is the keys the footer offers while the dialog is open: the
// scroll only when the keys run past the window.
func (h *Help) ShortHelp() []key.Binding {
	scroll := h.keys.Offered(h.scroll.Below(), h.scroll.Above())
	return []key.Binding{h.keys.Close, scroll[0], scroll[1]}
}

// FullHelp is every key of the dialog.
func (h *Help) FullHelp() [][]key.Binding {
	return [][]key.Binding{{h.keys.Close}, h.keys.Offered(h.scroll.Below(), h.scroll.Above())}
}

// Update takes every message while the dialog is open; done closes it.
func (h *Help) Update(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if ok && h.scroll.Update(k, h.keys.ListKeys) {
		return nil, false
	}
	return nil, ok && key.Matches(k, h.keys.Close)
}

const helpKeyWidth = 12

// View draws the dialog in a box that fits width.
func (h *Help) View(width, height int) []string {
	st := h.Styles
	descW := 0
	for _, e := range h.entries {
		descW = max(descW, ansi.StringWidth(e[1]))
	}
	colW := helpKeyWidth + descW + 2
	cols := max(min((width-6)/colW, 3), 1)
	descW = min(descW, width-6-helpKeyWidth-2) // one column on a narrow window wraps no entry: it is that wide
	rows := (len(h.entries) + cols - 1) / cols
	h.scroll.Set(rows, height-4)
	var body []string
	from, to := h.scroll.Window()
	for r := from; r < to; r++ {
		line := ""
		for c := range cols {
			if i := c*rows + r; i < len(h.entries) {
				line += " " + st.Key.Render(common.Fit(st.KeyName(h.entries[i][0]), helpKeyWidth)) + st.Help.Render(common.Fit(h.entries[i][1], descW+1))
			}
		}
		body = append(body, line)
	}
	if h.scroll.Scrolls() {
		k := h.keys
		body = append(body, st.Dim.Render(" "+st.KeyName(k.Down.Help().Key+" "+k.Up.Help().Key)+" scroll: lines "+
			strconv.Itoa(from+1)+"-"+strconv.Itoa(to)+" of "+strconv.Itoa(rows)))
	}
	hint := st.KeyName(" in forms: enter saves, tab/↑↓ move, tab takes a suggestion, esc cancels")
	body = append(body, st.Help.Render(hint))
	return common.Box(st, "Keys", body, min(width-2, max(cols*(helpKeyWidth+descW+2)+3, ansi.StringWidth(hint)+3)), len(body)+2, true)
}
