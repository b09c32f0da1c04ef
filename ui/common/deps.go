package common

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/config"
	"tally/model"
	"tally/store"
)

// Store is what the app needs of the database. *store.Store has it; every
// call opens the file, runs one transaction and closes it, and the app only
// calls it from commands, never inside Update.
type Store interface {
	AppData(days []store.Days, recentDays int, loc *time.Location) (store.AppData, error)
	Rev() (uint64, error)
	Commits() (uint64, error)
	Start(taskID int64, note string, tags []string, when store.Timing) (model.Entry, *model.Entry, store.Warnings, error)
	StartNew(t model.Task, note string, when store.Timing) (store.Started, error)
	Stop(when store.Timing, note *string) (model.Entry, bool, store.Warnings, error)
	KeepRunning() (model.Entry, store.Warnings, error)
	AddClient(c model.Client) (model.Client, store.Warnings, error)
	EditClient(name string, change func(*model.Client) error) (model.Client, store.Warnings, error)
	ArchiveClient(name string, stop store.Timing) (model.Client, *model.Entry, store.Warnings, error)
	AddTask(t model.Task) (model.Task, store.Warnings, error)
	EditTask(id int64, label string, change func(*model.Task) error) (model.Task, store.Warnings, error)
	MoveTask(id int64, by int) (store.Warnings, error)
	Finish(id int64, day model.Date, when store.Timing) (model.Task, *model.Entry, store.Warnings, error)
	AddEntry(e model.Entry) (model.Entry, store.Warnings, error)
	EditEntry(id int64, change func(*model.Entry) error) (model.Entry, store.Warnings, error)
	RemoveEntry(id int64) (model.Entry, store.Warnings, error)
	AddSale(s model.Sale) (model.Sale, store.Warnings, error)
	EditSale(id int64, change func(*model.Sale) error) (model.Sale, store.Warnings, error)
	RemoveSale(id int64) (model.Sale, store.Warnings, error)
	Billing(rules store.InvoiceRules, uninvoiced bool) (store.Billing, error)
	NewDraft(req store.DraftRequest, rules store.InvoiceRules) (model.Invoice, store.Warnings, error)
	Issue(id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error)
	Void(number, reason string, on model.Date) (model.Invoice, store.Warnings, error)
	Pay(number string, p model.Payment) (model.Invoice, store.Warnings, error)
	RemoveDraft(id int64) (store.Warnings, error)
	AddInvoiceLine(id int64, line model.InvoiceLine) (store.Warnings, error)
	Undo() (store.Undone, error)
	Redo() (store.Undone, error)
}

// Deps is what the app is built from.
type Deps struct {
	Store  Store
	Config config.Config
	// ConfigPath is the file Config came from, read again when it
	// changes; "" follows none. Home expands its ~ paths.
	ConfigPath, Home string
	Now              func() time.Time
	Location         *time.Location
	NoColor          bool
	ASCII            bool   // the terminal's locale is not UTF-8: draw with ASCII
	Origin           string // how the store names this window's changes, to tell them from others' in undo
	Notice           string // the status line's first message
	Ticker           Ticker // nil: a real one-second clock
	Sync             Syncer // nil: the file syncs with no hub
	// Watch says when the file may have changed; nil: the app looks at
	// its header each second only.
	Watch Watcher
}

// InvoiceRules are the settings invoices are worked out by, as of now.
func (d Deps) InvoiceRules() store.InvoiceRules {
	return store.InvoiceRules{Location: d.Location, Now: d.Now(), Rounding: d.Config.Rounding}
}

// Ticker drives the one-second heartbeat. Tests use one that never fires
// by itself, and send tickedMsg when they mean to.
type Ticker interface {
	Tick() tea.Cmd
}

// Watcher tells when another process may have changed the file
// (store.Watcher).
type Watcher interface {
	// Wait returns once the file may have changed since the last Wait
	// returned, or fails.
	Wait(ctx context.Context) error
}

// Syncer links the app to a hub; Deps.Sync is nil when the file syncs
// with none. Both calls block on the network, so the app runs them only
// as commands.
type Syncer interface {
	// Sync pushes and pulls once, and says how many changes still wait to
	// be sent and what the merges decided.
	Sync(ctx context.Context) (waiting uint64, conflicts []string, err error)
	// Wait returns when the hub says another device pushed, or fails.
	Wait(ctx context.Context) error
	// Issue issues a draft with the next number the hub gives.
	Issue(ctx context.Context, id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error)
}
