package ui

import (
	"fmt"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/model"
	"tally/ui/common"
)

func (a *App) tooSmall() bool { return a.width < minWidth || a.height < minHeight }

// resize lays out every component for the new window.
func (a *App) resize(width, height int) {
	a.width, a.height = width, height
	body := max(height-common.ChromeLines, 1)
	for _, c := range []common.Component{a.dashboard, a.today, a.week, a.report, a.invoices} {
		c.SetSize(width, body)
	}
	a.Rev++
}

// The screen: a header line, the view, the status line and the footer.
const bodyTop = 1

func (a *App) clicked(m tea.Mouse) tea.Cmd {
	if a.overlay != nil || a.Snap == nil || a.tooSmall() {
		return nil
	}
	if m.Y == 0 {
		return a.clickTab(m.X)
	}
	if y := m.Y - bodyTop; y >= 0 && y < a.height-common.ChromeLines {
		return a.focused().Click(m.X, y)
	}
	return nil
}

// clickTab switches to the view whose name (or key) was clicked in the
// header.
func (a *App) clickTab(x int) tea.Cmd {
	at := ansi.StringWidth(" tally  ")
	for i := range viewNames {
		tab := len(tabText(i))
		if x >= at && x < at+tab {
			if viewKind(i) == viewToday {
				return a.showToday()
			}
			a.show(viewKind(i))
			return nil
		}
		at += tab + 3
	}
	return nil
}

// tabText is a view's name in the header and its key.
func tabText(i int) string { return viewNames[i] + " " + viewKeys[i] }

func (a *App) wheeled(m tea.Mouse) {
	if a.overlay != nil || a.Snap == nil || a.tooSmall() {
		return
	}
	by := 1
	if m.Button == tea.MouseWheelUp {
		by = -1
	}
	a.focused().Wheel(m.X, by)
}

// View lays out the current view; it reads no clock and prices nothing.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "tally"
	return v
}

func (a *App) render() string {
	switch {
	case a.tooSmall():
		// Wrapped to the window, so that it reads whole at any size.
		return ansi.Wrap(fmt.Sprintf("window too small: %d×%d; tally needs at least %d×%d (q quits)", a.width, a.height, minWidth, minHeight), max(a.width, 1), "")
	case a.Snap == nil && a.loadErr != nil:
		return "tally: " + model.Printable(a.loadErr.Error()) + "\n\ntrying again every second; q quits"
	case a.Snap == nil:
		return "loading…"
	}
	body := a.focused().View()
	if a.overlay != nil {
		body = common.OverlayOn(body, a.overlay.View(a.width, a.height-common.ChromeLines), a.width)
	}
	lines := make([]string, 0, a.height)
	lines = append(lines, a.header())
	lines = append(lines, body...)
	lines = append(lines, a.bottomLines()...)
	frame := strings.Join(lines, "\n")
	if a.Deps.ASCII {
		frame = asciiLeftovers().Replace(frame)
	}
	return frame
}

// asciiLeftovers turns the UTF-8 that text itself carries (cut names, the
// dots in titles, arrows in hints) into ASCII; the glyphs the app draws
// come from Styles already.
// Built on first use: only an ASCII terminal needs it.
var asciiLeftovers = sync.OnceValue(func() *strings.Replacer {
	return strings.NewReplacer("…", "~", "·", "-", "↑", "^", "↓", "v", "←", "<", "→", ">", "×", "x", "—", "-")
})

func (a *App) header() string {
	st := a.Styles
	tabs := make([]string, len(viewNames))
	for i, name := range viewNames {
		style := st.Dim
		if viewKind(i) == a.view {
			style = st.TitleFocused
		}
		tabs[i] = style.Render(name) + " " + st.Key.Render(viewKeys[i])
	}
	left := " " + st.Bold.Render("tally") + "  " + strings.Join(tabs, st.Dim.Render(" "+st.Glyphs.Dot+" "))
	layout := "Mon 2 Jan 2006 15:04"
	if a.width < 100 { // the year gives way to the views' keys
		layout = "2 Jan 15:04"
	}
	right := a.Live.Now.In(a.Deps.Location).Format(layout) + " "
	return common.Fit(left, a.width-len(right)) + right
}

// statusLine shows today's totals per currency, live, and the last message.
func (a *App) statusLine() string {
	st := a.Styles
	parts := []string{st.Bold.Render("today")}
	totals := a.Live.Todays.Totals
	// A timer begun on an earlier day counts on that day, not in today's
	// figures: they say so (docs/pay.md#rule-8-days-and-weeks).
	run := a.Snap.Running
	carried := run != nil && a.Live.RunDay < a.Snap.Today
	switch {
	case len(totals) == 0 && carried:
		parts = append(parts, st.Dim.Render("nothing yet"))
	case len(totals) == 0:
		parts = append(parts, st.Dim.Render("nothing tracked yet"))
	}
	for _, t := range totals {
		parts = append(parts, model.FormatDuration(t.Tracked)+"  "+st.Money.Render(model.FormatAmount(t.Amount, t.Currency)+" "+t.Currency))
	}
	if carried {
		since := run.Entry.Start.In(a.Deps.Location)
		parts = append(parts, st.Dim.Render("timer since "+since.Format("Mon 15:04")+" counts on "+since.Format("Mon")))
	}
	line := " " + strings.Join(parts, st.Dim.Render(" "+st.Glyphs.Dot+" "))
	if a.Live.Warning != "" {
		line += "  " + st.Warning.Render(st.Glyphs.Warn+" forgotten timer?")
	}
	msg, style := a.shownMessage()
	if msg == "" {
		return common.Fit(line, a.width)
	}
	// The message wins room from the totals: it is what the user just did.
	msgW := min(ansi.StringWidth(msg), a.width-24)
	return common.Fit(line, a.width-msgW-2) + "  " + style(common.Fit(msg, msgW))
}

// shownMessage is the status line's message and its style: the file's
// trouble, else the last message.
func (a *App) shownMessage() (string, func(...string) string) {
	st := a.Styles
	switch {
	case a.loadErr != nil:
		return model.Printable(a.loadErr.Error()), st.Error.Render
	case a.messageErr:
		return a.message, st.Error.Render
	}
	return a.message, func(s ...string) string { return strings.Join(s, "") }
}

// bottomLines are the status line and the keys. A message too long for
// the status line's room takes both lines, wrapped, while it shows: a
// refusal cut short would hide the way past it.
func (a *App) bottomLines() []string {
	msg, style := a.shownMessage()
	if ansi.StringWidth(msg) <= a.width-24 {
		return []string{a.statusLine(), a.footer()}
	}
	wrapped := append(strings.Split(ansi.Wrap(msg, a.width-2, ""), "\n"), "")
	return []string{" " + style(common.Fit(wrapped[0], a.width-1)), " " + style(common.Fit(strings.Join(wrapped[1:], " "), a.width-1))}
}

// footer shows the keys of what has the focus, then the global ones, as
// many whole entries as fit.
func (a *App) footer() string {
	var km common.KeyMap = a.focused()
	global := a.keys.ShortHelp()
	if a.overlay != nil {
		// An overlay takes every key, ? and q included: a form types them.
		km, global = a.overlay, nil
	}
	focused := km.ShortHelp()
	note := a.syncNote()
	id := fmt.Sprintf("%p %d %d %t %s", km, a.width, a.Rev, a.Live.Warning != "", note)
	for _, b := range focused { // what is offered can change with the selection
		id += fmt.Sprint(b.Enabled())
	}
	return a.footerCache.Get(id, func() []string {
		if note == "" {
			return []string{footerLine(a.Styles, focused, global, a.width)}
		}
		noteW := ansi.StringWidth(note) + 3
		return []string{footerLine(a.Styles, focused, global, a.width-noteW) + "  " + note + " "}
	})[0]
}

// footerLine fits as many whole entries of the focused keys as there is
// room for before the global ones, which always show.
func footerLine(st common.Styles, focused, global []key.Binding, width int) string {
	sep := st.Help.Render(" " + st.Glyphs.Dot + " ")
	entry := func(b key.Binding) string { return common.Hint(st, b) }
	var tail []string
	for _, b := range global {
		tail = append(tail, entry(b))
	}
	line := func(head []string) string { return " " + strings.Join(append(head, tail...), sep) }
	var head []string
	for _, b := range focused {
		if !b.Enabled() {
			continue
		}
		if ansi.StringWidth(line(append(head, entry(b)))) > width {
			break
		}
		head = append(head, entry(b))
	}
	return common.Fit(line(head), width)
}
