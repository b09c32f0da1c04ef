package ui

import (
	"time"

	"tally/config"
	"tally/model"
	"tally/store"
)

// Store is what the app needs of the database. *store.Store has it; every
// call opens the file, runs one transaction and closes it, and the app only
// calls it from commands, never inside Update.
type Store interface {
	Ledger(from, to model.Date, loc *time.Location) (model.Ledger, error)
	TrackedByTask(now time.Time) (map[int64]int64, error)
	Running() (model.Entry, bool, error)
	Rev() (uint64, error)
	Start(taskID int64, note string, tags []string, when store.Timing) (model.Entry, *model.Entry, error)
	Stop(when store.Timing) (model.Entry, bool, error)
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
	Undo() (string, error)
}

// Deps is what the app is built from.
type Deps struct {
	Store    Store
	Config   config.Config
	Now      func() time.Time
	Location *time.Location
	NoColor  bool
	Notice   string // the status line's first message
}
