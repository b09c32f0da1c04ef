package ui

import (
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
	Start(taskID int64, note string, tags []string, when store.Timing) (model.Entry, *model.Entry, error)
	Stop(when store.Timing) (model.Entry, bool, error)
	KeepRunning() (model.Entry, error)
	AddClient(c model.Client) (model.Client, error)
	EditClient(name string, change func(*model.Client) error) (model.Client, error)
	AddTask(t model.Task) (model.Task, error)
	EditTask(id int64, label string, change func(*model.Task) error) (model.Task, error)
	MoveTask(id int64, by int) error
	Finish(id int64, day model.Date, when store.Timing) (model.Task, *model.Entry, error)
	AddEntry(e model.Entry) (model.Entry, error)
	EditEntry(id int64, change func(*model.Entry) error) (model.Entry, error)
	RemoveEntry(id int64) (model.Entry, error)
	AddSale(s model.Sale) (model.Sale, error)
	EditSale(id int64, change func(*model.Sale) error) (model.Sale, error)
	RemoveSale(id int64) (model.Sale, error)
	Undo() (store.Undone, error)
	Redo() (store.Undone, error)
	TakeWarnings() []string
}

// Deps is what the app is built from.
type Deps struct {
	Store    Store
	Config   config.Config
	Now      func() time.Time
	Location *time.Location
	NoColor  bool
	ASCII    bool   // the terminal's locale is not UTF-8: draw with ASCII
	Origin   string // how the store names this window's changes, to tell them from others' in undo
	Notice   string // the status line's first message
	Ticker   Ticker // nil: a real one-second clock
}

// Ticker drives the one-second heartbeat. Tests use one that never fires
// by itself, and send tickedMsg when they mean to.
type Ticker interface {
	Tick() tea.Cmd
}

type secondTicker struct{}

func (secondTicker) Tick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickedMsg{} })
}
