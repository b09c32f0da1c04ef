package common

import "tally/model"

// Snapshot is everything the pages show, read from the store in one
// transaction and priced off the UI goroutine after each change: View
// does no pay maths, and Update only the running client's, once a second
// (ComputeLive).
type Snapshot struct {
	Rev         uint64
	Today       model.Date
	Clients     []ClientRow // active clients in name order, then the archived ones
	ClientsByID map[int64]model.Client
	Tasks       []TaskRow // open tasks in queue order, then done ones, most recent first
	Running     *RunningRow
	Resume      *model.Task // the task of the last finished entry: what space resumes
	Todays      model.Report
	Day         model.Report // the Today view's day
	Week        WeekGrid
	WeekReport  model.Report
	Report      model.Report
	Sales       []SaleRow        // the report's range
	Invoiced    map[int64]string // the entries issued invoices billed: the number of each
}

// ClientRow is a client as the Clients pane lists it.
type ClientRow struct {
	Client   model.Client
	Plan     model.Plan         // in force today
	MTD      model.ClientReport // month to date; empty when nothing
	Cycle    model.CycleUse     // the retainer cycle holding today, when hasCycle
	HasCycle bool
}

// TaskRow is a task as the queue lists it.
type TaskRow struct {
	Task    model.Task
	Client  model.Client
	Tracked int64 // finished seconds, all time
}

// RunningRow is the running entry, and what live prices it with.
type RunningRow struct {
	Entry  model.Entry
	Task   model.Task
	Client model.Client
	Ledger model.Ledger // the client's share of the snapshot: what live reprices each second
}

// SaleRow is a sale as the Report view lists it.
type SaleRow struct {
	Sale       model.Sale
	Client     model.Client
	Commission model.Item
}

// CycleOn finds the retainer cycle holding day among a report's cycles.
func CycleOn(cr model.ClientReport, day model.Date) (model.CycleUse, bool) {
	for _, use := range cr.Cycles {
		if use.Start <= day && day <= use.End {
			return use, true
		}
	}
	return model.CycleUse{}, false
}

// WeekGrid is the Week view: tracked time and amount per client per day.
type WeekGrid struct {
	From    model.Date
	Rows    []WeekRow
	DayTime [7]int64
	Totals  []model.CurrencyTotal
}

// WeekRow is a client's line of the week.
type WeekRow struct {
	Client model.Client
	Time   [7]int64
	Amount [7]int64
	Items  int64 // fees, fixed prices and commissions in the week
	Total  int64 // the week's amount, items included
}

// IsRunning reports whether task id is the one the timer runs on.
func (s *Snapshot) IsRunning(id int64) bool { return s.Running != nil && s.Running.Task.ID == id }

// RunningEntry is the running entry's id, 0 when the timer is idle.
func (s *Snapshot) RunningEntry() int64 {
	if s.Running == nil {
		return 0
	}
	return s.Running.Entry.ID
}
