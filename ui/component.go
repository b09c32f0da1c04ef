package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
)

// The contracts every room of the app builds on: what they all read
// (shared), what a pane or view is (component), what it may ask of the app
// (host), and what an overlay is. This file depends on no pane, view,
// overlay or the app.

// shared is what every component reads and none writes: the app replaces
// it as data, figures or styles change. rev counts the changes, so that
// memos know when to draw again.
type shared struct {
	deps   Deps
	styles Styles
	snap   *snapshot
	bills  *bills // nil until the invoices have loaded
	live   live
	rev    int
}

// component is a pane or a view: it keeps its own selection and keys,
// draws itself into the size it was given, and asks the app for writes and
// overlays through a host.
type component interface {
	help.KeyMap
	SetSize(width, height int)
	// HandleKey handles a key and reports whether it was one of its own.
	HandleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, handled bool)
	View() []string
	// Click and Wheel take the mouse, at a column and line of the
	// component's own.
	Click(x, y int) tea.Cmd
	Wheel(x, by int)
}

// host is what a component may ask of the app.
type host interface {
	// open shows an overlay, which takes every key until it closes.
	open(o overlay) tea.Cmd
	// write queues a store change; changes run one at a time, in the order
	// asked. Once it lands, the app says its result and hands it to done,
	// if not nil, on the UI goroutine: done closes the overlay that asked,
	// if it is still open, by answering true.
	write(change func() Written, done func(Written) (closeOverlay bool)) tea.Cmd
	say(text string)
	// reload reads the data again, after a view's period changed.
	reload() tea.Cmd
	// showInvoice opens the Invoices view on an invoice.
	showInvoice(id int64)
	// showDraftOf opens the Invoices view on a client's draft, once the
	// invoices have loaded again.
	showDraftOf(clientID int64)
}

// periodic is a view that shows a period of days of its own choosing: the
// app loads what the views' periods say.
type periodic interface {
	period() store.Days
	// follow moves a view that was showing the old today on to today, so
	// that a timer left open past midnight shows the new day.
	follow(old, today model.Date)
}

// overlay is a panel over the view that takes every key while open.
type overlay interface {
	help.KeyMap
	// Update takes every message while the overlay is open; done asks the
	// app to close it.
	Update(msg tea.Msg) (cmd tea.Cmd, done bool)
	View(width, height int) []string
}
