package common

import (
	"sort"
	"time"

	"tally/model"
	"tally/store"
)

// Periods are the days the pages show, as each view says them.
type Periods struct{ Day, Week, Report store.Days }

// days are the ranges the snapshot must price: this month, the views'
// days, and the running timer's day, which may be older.
func (p Periods) days(today model.Date, running *model.Entry, loc *time.Location) []store.Days {
	monthStart, _ := model.MonthRange(today)
	days := []store.Days{{From: monthStart, To: today}, p.Day, p.Week, p.Report}
	if running != nil {
		day := model.DateOf(running.Start, loc)
		days = append(days, store.Days{From: day, To: day})
	}
	return days
}

// recentlyDone is how many days back the queue's done tasks (z) reach.
const recentlyDone = 90

// LoadSnapshot reads what every room shows, in one transaction, and
// prices it into a Snapshot: off the UI goroutine, in a command.
func LoadSnapshot(s Store, view Periods, d Deps) (*Snapshot, error) {
	now := d.Now()
	today := model.DateOf(now, d.Location)
	// The running entry's day is only known once read; a timer forgotten
	// since before this month is rare, so read again only then.
	raw, err := s.AppData(view.days(today, nil, d.Location), recentlyDone, d.Location)
	if err == nil && raw.Running != nil && model.DateOf(raw.Running.Start, d.Location) < min(today.AddDays(-31), view.Day.From) {
		raw, err = s.AppData(view.days(today, raw.Running, d.Location), recentlyDone, d.Location)
	}
	if err != nil {
		return nil, err
	}
	return buildSnapshot(raw, now, view, d), nil
}

func buildSnapshot(raw store.AppData, now time.Time, view Periods, d Deps) *Snapshot {
	loc, l := d.Location, raw.Ledger
	today := model.DateOf(now, loc)
	snap := &Snapshot{Rev: raw.Rev, Today: today, ClientsByID: map[int64]model.Client{}, Invoiced: raw.Invoiced}
	for _, c := range l.Clients {
		snap.ClientsByID[c.ID] = c
	}
	price := func(from, to model.Date, summary bool) model.Report {
		return model.BuildReport(l, model.ReportOptions{From: from, To: to, Location: loc, Now: now, Rounding: d.Config.Rounding, Summary: summary})
	}
	monthStart, _ := model.MonthRange(today)
	snap.Clients = clientRows(l.Clients, price(monthStart, today, true), today)
	snap.Todays = price(today, today, false)
	snap.Day = snap.Todays
	if view.Day != (store.Days{From: today, To: today}) {
		snap.Day = price(view.Day.From, view.Day.To, false)
	}
	snap.WeekReport = price(view.Week.From, view.Week.To, false)
	snap.Week = newWeekGrid(snap.WeekReport, view.Week.From)
	snap.Report = price(view.Report.From, view.Report.To, true)
	snap.Sales = saleRows(l.Sales, snap.ClientsByID, snap.Report.From, snap.Report.To)
	snap.Tasks = taskRows(l.Tasks, snap.ClientsByID, raw.Tracked)
	if raw.Running != nil {
		snap.Running = runningOf(*raw.Running, l, snap.ClientsByID)
	}
	if raw.LastStopped != nil {
		for _, row := range snap.Tasks {
			if row.Task.ID == raw.LastStopped.TaskID && !row.Task.Done && !row.Client.Archived {
				t := row.Task
				snap.Resume = &t
			}
		}
	}
	return snap
}

func clientRows(clients []model.Client, mtd model.Report, today model.Date) []ClientRow {
	reports := map[int64]model.ClientReport{}
	for _, cr := range mtd.Clients {
		reports[cr.Client.ID] = cr
	}
	var active, archived []ClientRow
	for _, c := range clients {
		row := ClientRow{Client: c, Plan: c.PlanOn(today), MTD: reports[c.ID]}
		row.MTD.Client = c
		row.Cycle, row.HasCycle = CycleOn(row.MTD, today)
		if c.Archived {
			archived = append(archived, row)
		} else {
			active = append(active, row)
		}
	}
	return append(active, archived...)
}

// taskRows lists every task: open ones by client name and queue order,
// then done ones, the most recently done first.
func taskRows(tasks []model.Task, clients map[int64]model.Client, tracked map[int64]int64) []TaskRow {
	var open, done []TaskRow
	for _, t := range tasks {
		row := TaskRow{Task: t, Client: clients[t.ClientID], Tracked: tracked[t.ID]}
		if t.Done {
			done = append(done, row)
		} else {
			open = append(open, row)
		}
	}
	sort.SliceStable(open, func(i, j int) bool {
		a, b := open[i], open[j]
		if a.Client.ID != b.Client.ID {
			return model.LessName(a.Client, b.Client)
		}
		if a.Task.Rank != b.Task.Rank {
			return a.Task.Rank < b.Task.Rank
		}
		return a.Task.ID < b.Task.ID
	})
	sort.SliceStable(done, func(i, j int) bool { return done[i].Task.DoneOn > done[j].Task.DoneOn })
	return append(open, done...)
}

// runningOf picks the running entry's client's share of the ledger: its
// entries, how invoices priced them, and its sales, so that live can price
// the client every second.
func runningOf(e model.Entry, l model.Ledger, clients map[int64]model.Client) *RunningRow {
	var task model.Task
	for _, t := range l.Tasks {
		if t.ID == e.TaskID {
			task = t
		}
	}
	run := &RunningRow{Entry: e, Task: task, Client: clients[task.ClientID]}
	run.Ledger.Clients = []model.Client{run.Client}
	own := map[int64]bool{}
	for _, t := range l.Tasks {
		if t.ClientID == run.Client.ID {
			own[t.ID] = true
			run.Ledger.Tasks = append(run.Ledger.Tasks, t)
		}
	}
	for _, entry := range l.Entries {
		if own[entry.TaskID] {
			run.Ledger.Entries = append(run.Ledger.Entries, entry)
		}
	}
	for _, s := range l.Sales {
		if s.ClientID == run.Client.ID {
			run.Ledger.Sales = append(run.Ledger.Sales, s)
		}
	}
	for _, it := range l.Invoiced {
		if it.Client == run.Client.ID {
			run.Ledger.Invoiced = append(run.Ledger.Invoiced, it)
		}
	}
	return run
}

func saleRows(sales []model.Sale, clients map[int64]model.Client, from, to model.Date) []SaleRow {
	var rows []SaleRow
	for _, s := range sales {
		if s.Date < from || s.Date > to {
			continue
		}
		c := clients[s.ClientID]
		rows = append(rows, SaleRow{Sale: s, Client: c, Commission: model.CommissionItem(s, c.PlanOn(s.Date), c.Currency)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Sale.Date < rows[j].Sale.Date })
	return rows
}

func newWeekGrid(r model.Report, from model.Date) WeekGrid {
	g := WeekGrid{From: from, Totals: r.Totals}
	for _, c := range r.Clients {
		row := WeekRow{Client: c.Client, Total: c.Amount, Items: c.Amount - c.TimeAmount}
		for _, p := range c.Entries {
			i := int(p.Day - from)
			row.Time[i] += p.Tracked
			row.Amount[i] += p.Amount
			g.DayTime[i] += p.Tracked
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// ComputeLive prices the running entry as of now: what every second
// shows.
func ComputeLive(s *Snapshot, now time.Time, d Deps) Live {
	l := Live{Now: now, Todays: s.Todays}
	run := s.Running
	if run == nil {
		return l
	}
	loc := d.Location
	price := func(from, to model.Date, summary bool) model.ClientReport {
		r := model.BuildReport(run.Ledger, model.ReportOptions{From: from, To: to, Location: loc, Now: now, Rounding: d.Config.Rounding, ClientID: run.Client.ID, Summary: summary})
		if len(r.Clients) == 0 {
			return model.ClientReport{Client: run.Client}
		}
		return r.Clients[0]
	}
	runDay := model.DateOf(run.Entry.Start, loc)
	l.RunDay, l.Elapsed = runDay, run.Entry.Tracked(now)
	l.Day = price(runDay, runDay, false)
	for _, p := range l.Day.Entries {
		if p.Entry.ID == run.Entry.ID {
			l.Entry = p
		}
	}
	monthStart, _ := model.MonthRange(s.Today)
	l.Month = price(monthStart, s.Today, true)
	l.Todays = WithLive(s.Todays, l, s)
	_, l.Warning = model.Forgotten(run.Entry, now, loc, d.Config.ForgottenAfter)
	return l
}

// LoadBills reads every invoice, drafts worked out, and what each client
// has not been invoiced for.
func LoadBills(s Store, d Deps) (*Bills, error) {
	b, err := s.Billing(d.InvoiceRules(), true)
	if err != nil {
		return nil, err
	}
	return &Bills{Invoices: b.Invoices, Uninvoiced: b.Uninvoiced}, nil
}
