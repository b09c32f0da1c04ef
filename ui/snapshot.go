package ui

import (
	"sort"
	"time"

	"tally/model"
	"tally/store"
)

// snapshot is everything the panes and views show, read from the store in
// one transaction and priced off the UI goroutine after each change, so
// that Update and View never do pay maths.
type snapshot struct {
	rev         uint64
	today       model.Date
	clients     []clientRow // active clients in name order, then the archived ones
	clientsByID map[int64]model.Client
	tasks       []taskRow // open tasks in queue order, then done ones, most recent first
	running     *runningRow
	resume      *model.Task // the task of the last finished entry: what space resumes
	todays      model.Report
	day         model.Report // the Today view's day
	week        weekGrid
	weekReport  model.Report
	report      model.Report
	sales       []saleRow        // the report's range
	invoiced    map[int64]string // the entries issued invoices billed: the number of each
}

type clientRow struct {
	client   model.Client
	plan     model.Plan         // in force today
	mtd      model.ClientReport // month to date; empty when nothing
	cycle    model.CycleUse     // the retainer cycle holding today, when hasCycle
	hasCycle bool
}

type taskRow struct {
	task    model.Task
	client  model.Client
	tracked int64 // finished seconds, all time
}

type runningRow struct {
	entry  model.Entry
	task   model.Task
	client model.Client
	ledger model.Ledger // the client's share of the snapshot: what live reprices each second
}

type saleRow struct {
	sale       model.Sale
	client     model.Client
	commission model.Item
}

// periods are the days the views show, as each view says them.
type periods struct{ day, week, report store.Days }

// days are the ranges the snapshot must price: this month, the views'
// days, and the running timer's day, which may be older.
func (p periods) days(today model.Date, running *model.Entry, loc *time.Location) []store.Days {
	monthStart, _ := model.MonthRange(today)
	days := []store.Days{{From: monthStart, To: today}, p.day, p.week, p.report}
	if running != nil {
		day := model.DateOf(running.Start, loc)
		days = append(days, store.Days{From: day, To: day})
	}
	return days
}

// recentlyDone is how many days back the queue's done tasks (z) reach.
const recentlyDone = 90

func loadSnapshot(s Store, view periods, d Deps) (*snapshot, error) {
	now := d.Now()
	today := model.DateOf(now, d.Location)
	// The running entry's day is only known once read; a timer forgotten
	// since before this month is rare, so read again only then.
	raw, err := s.AppData(view.days(today, nil, d.Location), recentlyDone, d.Location)
	if err == nil && raw.Running != nil && model.DateOf(raw.Running.Start, d.Location) < min(today.AddDays(-31), view.day.From) {
		raw, err = s.AppData(view.days(today, raw.Running, d.Location), recentlyDone, d.Location)
	}
	if err != nil {
		return nil, err
	}
	return buildSnapshot(raw, now, view, d), nil
}

func buildSnapshot(raw store.AppData, now time.Time, view periods, d Deps) *snapshot {
	loc, l := d.Location, raw.Ledger
	today := model.DateOf(now, loc)
	snap := &snapshot{rev: raw.Rev, today: today, clientsByID: map[int64]model.Client{}, invoiced: raw.Invoiced}
	for _, c := range l.Clients {
		snap.clientsByID[c.ID] = c
	}
	price := func(from, to model.Date, summary bool) model.Report {
		return model.BuildReport(l, model.ReportOptions{From: from, To: to, Location: loc, Now: now, Rounding: d.Config.Rounding, Summary: summary})
	}
	monthStart, _ := model.MonthRange(today)
	snap.clients = clientRows(l.Clients, price(monthStart, today, true), today)
	snap.todays = price(today, today, false)
	snap.day = snap.todays
	if view.day != (store.Days{From: today, To: today}) {
		snap.day = price(view.day.From, view.day.To, false)
	}
	snap.weekReport = price(view.week.From, view.week.To, false)
	snap.week = newWeekGrid(snap.weekReport, view.week.From)
	snap.report = price(view.report.From, view.report.To, true)
	snap.sales = saleRows(l.Sales, snap.clientsByID, snap.report.From, snap.report.To)
	snap.tasks = taskRows(l.Tasks, snap.clientsByID, raw.Tracked)
	if raw.Running != nil {
		snap.running = runningOf(*raw.Running, l, snap.clientsByID)
	}
	if raw.LastStopped != nil {
		for _, row := range snap.tasks {
			if row.task.ID == raw.LastStopped.TaskID && !row.task.Done {
				t := row.task
				snap.resume = &t
			}
		}
	}
	return snap
}

func clientRows(clients []model.Client, mtd model.Report, today model.Date) []clientRow {
	reports := map[int64]model.ClientReport{}
	for _, cr := range mtd.Clients {
		reports[cr.Client.ID] = cr
	}
	var active, archived []clientRow
	for _, c := range clients {
		row := clientRow{client: c, plan: c.PlanOn(today), mtd: reports[c.ID]}
		row.mtd.Client = c
		row.cycle, row.hasCycle = cycleOn(row.mtd, today)
		if c.Archived {
			archived = append(archived, row)
		} else {
			active = append(active, row)
		}
	}
	return append(active, archived...)
}

// cycleOn finds the retainer cycle holding day among a report's cycles.
func cycleOn(cr model.ClientReport, day model.Date) (model.CycleUse, bool) {
	for _, use := range cr.Cycles {
		if use.Start <= day && day <= use.End {
			return use, true
		}
	}
	return model.CycleUse{}, false
}

// taskRows lists every task: open ones by client name and queue order,
// then done ones, the most recently done first.
func taskRows(tasks []model.Task, clients map[int64]model.Client, tracked map[int64]int64) []taskRow {
	var open, done []taskRow
	for _, t := range tasks {
		row := taskRow{task: t, client: clients[t.ClientID], tracked: tracked[t.ID]}
		if t.Done {
			done = append(done, row)
		} else {
			open = append(open, row)
		}
	}
	sort.SliceStable(open, func(i, j int) bool {
		a, b := open[i], open[j]
		if a.client.ID != b.client.ID {
			return model.LessName(a.client, b.client)
		}
		if a.task.Rank != b.task.Rank {
			return a.task.Rank < b.task.Rank
		}
		return a.task.ID < b.task.ID
	})
	sort.SliceStable(done, func(i, j int) bool { return done[i].task.DoneOn > done[j].task.DoneOn })
	return append(open, done...)
}

// runningOf picks the running entry's client's share of the ledger: its
// entries, how invoices priced them, and its sales, so that live can price
// the client every second.
func runningOf(e model.Entry, l model.Ledger, clients map[int64]model.Client) *runningRow {
	var task model.Task
	for _, t := range l.Tasks {
		if t.ID == e.TaskID {
			task = t
		}
	}
	run := &runningRow{entry: e, task: task, client: clients[task.ClientID]}
	run.ledger.Clients = []model.Client{run.client}
	own := map[int64]bool{}
	for _, t := range l.Tasks {
		if t.ClientID == run.client.ID {
			own[t.ID] = true
			run.ledger.Tasks = append(run.ledger.Tasks, t)
		}
	}
	for _, entry := range l.Entries {
		if own[entry.TaskID] {
			run.ledger.Entries = append(run.ledger.Entries, entry)
		}
	}
	for _, s := range l.Sales {
		if s.ClientID == run.client.ID {
			run.ledger.Sales = append(run.ledger.Sales, s)
		}
	}
	for _, it := range l.Invoiced {
		if it.Client == run.client.ID {
			run.ledger.Invoiced = append(run.ledger.Invoiced, it)
		}
	}
	return run
}

func saleRows(sales []model.Sale, clients map[int64]model.Client, from, to model.Date) []saleRow {
	var rows []saleRow
	for _, s := range sales {
		if s.Date < from || s.Date > to {
			continue
		}
		c := clients[s.ClientID]
		rows = append(rows, saleRow{sale: s, client: c, commission: model.CommissionItem(s, c.PlanOn(s.Date), c.Currency)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].sale.Date < rows[j].sale.Date })
	return rows
}

// weekGrid is the Week view: tracked time and amount per client per day.
type weekGrid struct {
	from    model.Date
	rows    []weekRow
	dayTime [7]int64
	totals  []model.CurrencyTotal
}

type weekRow struct {
	client model.Client
	time   [7]int64
	amount [7]int64
	items  int64 // fees, fixed prices and commissions in the week
	total  int64 // the week's amount, items included
}

func newWeekGrid(r model.Report, from model.Date) weekGrid {
	g := weekGrid{from: from, totals: r.Totals}
	for _, c := range r.Clients {
		row := weekRow{client: c.Client, total: c.Amount, items: c.Amount - c.TimeAmount}
		for _, p := range c.Entries {
			i := int(p.Day - from)
			row.time[i] += p.Tracked
			row.amount[i] += p.Amount
			g.dayTime[i] += p.Tracked
		}
		g.rows = append(g.rows, row)
	}
	return g
}
