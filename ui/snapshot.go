package ui

import (
	"time"

	"tally/model"
)

// snapshot is everything the panes and views show, computed off the UI
// goroutine after each change, so that Update and View never do pay maths.
type snapshot struct {
	rev         uint64
	today       model.Date
	clients     []clientRow // not archived, in name order
	clientsByID map[int64]model.Client
	queues      map[int64][]taskRow // open tasks per client id; 0 holds every client's
	tasks       []model.Task        // every task, done ones too
	running     *runningRow
	resume      *model.Task         // the task of the last finished entry, for space
	todays      model.Report        // today, for the status line and the timer
	day         model.Report        // the Today view's day
	dayLines    []model.ClientEntry // its lines in start order
	week        weekGrid
	weekReport  model.Report
	report      model.Report
}

type clientRow struct {
	client model.Client
	plan   model.Plan // in force today
	mtd    int64      // month-to-date amount
	used   int64      // retainer seconds used this period
}

type taskRow struct {
	task    model.Task
	client  model.Client
	tracked int64
}

type runningRow struct {
	entry   model.Entry
	task    model.Task
	client  model.Client
	priced  model.PricedEntry // at load time
	ledger  model.Ledger      // what its amount depends on, to reprice it each second
	warning string            // set when it looks forgotten
}

// at prices the running entry and its client's day as of now.
func (r *runningRow) at(now time.Time, d Deps) (model.PricedEntry, model.ClientReport) {
	day := model.DateOf(r.entry.Start, d.Location)
	rep := model.BuildReport(r.ledger, model.ReportOptions{From: day, To: day, Location: d.Location, Now: now, Rounding: d.Config.Rounding, ClientID: r.client.ID})
	priced, _ := rep.Entry(r.entry.ID)
	if len(rep.Clients) == 0 {
		return priced, model.ClientReport{}
	}
	return priced, rep.Clients[0]
}

// viewState is what the views are looking at, chosen by the user.
type viewState struct {
	day          model.Date // Today view
	weekOf       model.Date
	reportAnchor model.Date
	reportYear   bool // the Report view shows a year instead of a month
}

// follow moves the views that were showing the old today to the new one,
// so a timer left open past midnight shows the new day, week and month.
func (v viewState) follow(old, today model.Date, weekStart time.Weekday) viewState {
	if v.day == old {
		v.day = today
	}
	if v.weekOf == model.WeekStart(old, weekStart) {
		v.weekOf = model.WeekStart(today, weekStart)
	}
	if v.reportAnchor == old {
		v.reportAnchor = today
	}
	return v
}

func (v viewState) reportRange() (model.Date, model.Date) {
	if v.reportYear {
		from := model.PeriodStart(v.reportAnchor, model.Year)
		return from, model.NextPeriod(from, model.Year).AddDays(-1)
	}
	return model.MonthRange(v.reportAnchor)
}

func loadSnapshot(s Store, view viewState, d Deps) (*snapshot, error) {
	rev, err := s.Rev()
	if err != nil {
		return nil, err
	}
	now := d.Now()
	from, to := view.span(model.DateOf(now, d.Location))
	running, ok, err := s.Running()
	if err != nil {
		return nil, err
	}
	if ok { // a timer forgotten for weeks must still show
		from = min(from, model.DateOf(running.Start, d.Location))
	}
	l, err := s.Ledger(from, to, d.Location)
	if err != nil {
		return nil, err
	}
	tracked, err := s.TrackedByTask(now)
	if err != nil {
		return nil, err
	}
	return buildSnapshot(l, tracked, rev, now, view, d), nil
}

// span is the first and last day any view needs: this month, the views'
// days and the running timer's, which may be older.
func (v viewState) span(today model.Date) (model.Date, model.Date) {
	reportFrom, reportTo := v.reportRange()
	monthStart, _ := model.MonthRange(today)
	from := min(monthStart, v.day, v.weekOf, reportFrom, today.AddDays(-31))
	return from, max(today, v.day, v.weekOf.AddDays(6), reportTo)
}

func buildSnapshot(l model.Ledger, tracked map[int64]int64, rev uint64, now time.Time, view viewState, d Deps) *snapshot {
	loc := d.Location
	today := model.DateOf(now, loc)
	snap := &snapshot{rev: rev, today: today, clientsByID: map[int64]model.Client{}}
	report := func(from, to model.Date) model.Report {
		return model.BuildReport(l, model.ReportOptions{From: from, To: to, Location: loc, Now: now, Rounding: d.Config.Rounding})
	}
	monthStart, _ := model.MonthRange(today)
	mtd := report(monthStart, today)
	snap.todays = report(today, today)
	snap.day = report(view.day, view.day)
	snap.dayLines = snap.day.Entries()
	snap.weekReport = report(view.weekOf, view.weekOf.AddDays(6))
	snap.week = newWeekGrid(snap.weekReport, view.weekOf)
	snap.report = report(view.reportRange())
	snap.clients = clientRows(l.Clients, mtd, today)
	for _, c := range l.Clients {
		snap.clientsByID[c.ID] = c
	}
	snap.queues = queues(l, snap.clientsByID, tracked)
	snap.tasks = l.Tasks
	snap.running, snap.resume = runningAndLast(l, snap.clientsByID, now, d)
	return snap
}

func clientRows(clients []model.Client, mtd model.Report, today model.Date) []clientRow {
	amounts := map[int64]int64{}
	for _, c := range mtd.Clients {
		amounts[c.Client.ID] = c.Amount
	}
	var rows []clientRow
	for _, c := range clients {
		if c.Archived {
			continue
		}
		row := clientRow{client: c, plan: c.PlanOn(today), mtd: amounts[c.ID]}
		row.used = retainerUse(mtd, c.ID, today)
		rows = append(rows, row)
	}
	return rows
}

// retainerUse is the time used in the retainer cycle that holds today.
func retainerUse(r model.Report, clientID int64, today model.Date) int64 {
	for _, c := range r.Clients {
		if c.Client.ID != clientID {
			continue
		}
		for _, use := range c.Cycles {
			if use.Start <= today && today <= use.End {
				return use.Used
			}
		}
	}
	return 0
}

func queues(l model.Ledger, clients map[int64]model.Client, tracked map[int64]int64) map[int64][]taskRow {
	out := map[int64][]taskRow{}
	for _, t := range model.Queue(l.Tasks, 0) {
		c := clients[t.ClientID]
		if c.Archived {
			continue
		}
		row := taskRow{task: t, client: c, tracked: tracked[t.ID]}
		out[t.ClientID] = append(out[t.ClientID], row)
	}
	var all []taskRow
	for _, c := range l.Clients { // the store gives them in name order
		all = append(all, out[c.ID]...)
	}
	out[0] = all
	return out
}

// runningAndLast finds the running entry, priced, and the task of the most
// recent finished entry, which space resumes.
func runningAndLast(l model.Ledger, clients map[int64]model.Client, now time.Time, d Deps) (*runningRow, *model.Task) {
	tasks := map[int64]model.Task{}
	for _, t := range l.Tasks {
		tasks[t.ID] = t
	}
	var running *runningRow
	var last *model.Task
	for i := len(l.Entries) - 1; i >= 0 && (running == nil || last == nil); i-- {
		e := l.Entries[i]
		t := tasks[e.TaskID]
		switch {
		case e.Running() && running == nil:
			running = &runningRow{entry: e, task: t, client: clients[t.ClientID]}
		case !e.Running() && last == nil && !t.Done:
			last = &t
		}
	}
	if running != nil {
		running.ledger = l
		running.priced, _ = running.at(now, d)
		_, running.warning = model.Forgotten(running.entry, now, d.Location, d.Config.ForgottenAfter)
	}
	return running, last
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
	total  int64 // amount over the week, items included
	items  int64
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
