// Package common is what every room of the app builds on: the data they
// all read (Shared: the snapshot, the live figures, the invoices), the
// contracts between them (a Component is a page or a pane, an Overlay a
// dialog, the Host what either may ask of the app), the Store the app
// needs, styles, keys and the widgets they draw with (List, Document,
// Box). It knows no page, no dialog and not the app.
package common

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
)

// Shared is what every component reads and none writes: the app replaces
// it as data, figures or styles change. Rev counts the changes, so that
// memos know when to draw again; Ticks counts the seconds that priced
// Live again, which only what draws Live need draw again for.
type Shared struct {
	Deps   Deps
	Styles Styles
	Snap   *Snapshot
	Bills  *Bills // nil until the invoices have loaded
	Live   Live
	Rev    int
	Ticks  int
}

// ChromeLines are the lines the app keeps of the window for itself: the
// header, the status line and the keys. A page has the rest.
const ChromeLines = 3

// KeyMap is what has keys to show in the footer and in help: a page, a
// pane or a dialog.
type KeyMap = help.KeyMap

// Component is a page or a pane: it keeps its own selection and keys,
// draws itself into the size it was given, and asks the app for writes and
// overlays through a host.
type Component interface {
	help.KeyMap
	SetSize(width, height int)
	// DataChanged takes the shared data again, after the app replaced it.
	DataChanged()
	// HandleKey handles a key and reports whether it was one of its own.
	HandleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, handled bool)
	View() []string
	// Click and Wheel take the mouse, at a column and line of the
	// component's own.
	Click(x, y int) tea.Cmd
	Wheel(x, by int)
}

// Host is what a component may ask of the app.
type Host interface {
	// Open shows an overlay, which takes every key until it closes.
	Open(o Overlay) tea.Cmd
	// Write queues a store change; changes run one at a time, in the order
	// asked. Once it lands, the app says its result and hands it to done,
	// if not nil, on the UI goroutine: done closes the overlay that asked,
	// if it is still open, by answering true.
	Write(change func() Written, done func(Written) (closeOverlay bool)) tea.Cmd
	Say(text string)
	// Reload reads the data again, after a view's period changed.
	Reload() tea.Cmd
	// ShowInvoice opens the Invoices view on an invoice.
	ShowInvoice(id int64)
	// ShowDraftOf opens the Invoices view on a client's draft, once the
	// invoices have loaded again.
	ShowDraftOf(clientID int64)
}

// Periodic is a page that shows a period of days of its own choosing: the
// app loads what the pages' periods say.
type Periodic interface {
	Period() store.Days
	// Follow moves a page that was showing the old today on to today, so
	// that a timer left open past midnight shows the new day.
	Follow(old, today model.Date)
}

// Overlay is a dialog over the page that takes every key while open.
type Overlay interface {
	help.KeyMap
	// Update takes every message while the overlay is open; done asks the
	// app to close it.
	Update(msg tea.Msg) (cmd tea.Cmd, done bool)
	View(width, height int) []string
}
