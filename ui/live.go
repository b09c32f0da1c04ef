package ui

import (
	"sort"
	"time"

	"tally/model"
)

// live is what changes every second: the running entry priced as of now,
// its client's figures for its day and this month, and today's totals. It
// is computed once per tick (and after each load), and every pane draws
// from it, so that they all show the same amount at the same second.
type live struct {
	now     time.Time
	runDay  model.Date         // the day the running entry started
	elapsed int64              // the running entry's seconds
	entry   model.PricedEntry  // the running entry as of now
	day     model.ClientReport // its client on the day it started
	month   model.ClientReport // its client, month to date
	todays  model.Report       // today, every client, the running one as of now
	warning string             // set when the timer looks forgotten
}

func computeLive(s *snapshot, now time.Time, d Deps) live {
	l := live{now: now, todays: s.todays}
	run := s.running
	if run == nil {
		return l
	}
	loc := d.Location
	price := func(from, to model.Date, summary bool) model.ClientReport {
		r := model.BuildReport(run.ledger, model.ReportOptions{From: from, To: to, Location: loc, Now: now, Rounding: d.Config.Rounding, ClientID: run.client.ID, Summary: summary})
		if len(r.Clients) == 0 {
			return model.ClientReport{Client: run.client}
		}
		return r.Clients[0]
	}
	runDay := model.DateOf(run.entry.Start, loc)
	l.runDay, l.elapsed = runDay, run.entry.Tracked(now)
	l.day = price(runDay, runDay, false)
	for _, p := range l.day.Entries {
		if p.Entry.ID == run.entry.ID {
			l.entry = p
		}
	}
	monthStart, _ := model.MonthRange(s.today)
	l.month = price(monthStart, s.today, true)
	if runDay == s.today {
		l.todays = withClient(s.todays, l.day)
	}
	_, l.warning = model.Forgotten(run.entry, now, loc, d.Config.ForgottenAfter)
	return l
}

// withClient returns r with one client's figures replaced by cr, and the
// totals summed again: a view of a day as of now.
func withClient(r model.Report, cr model.ClientReport) model.Report {
	out := model.Report{From: r.From, To: r.To}
	replaced := false
	for _, c := range r.Clients {
		if c.Client.ID == cr.Client.ID {
			c, replaced = cr, true
		}
		out.Clients = append(out.Clients, c)
	}
	if !replaced && (len(cr.Entries) > 0 || len(cr.Items) > 0) {
		out.Clients = append(out.Clients, cr)
		sort.SliceStable(out.Clients, func(i, j int) bool { return model.LessName(out.Clients[i].Client, out.Clients[j].Client) })
	}
	totals := map[string]*model.CurrencyTotal{}
	for _, c := range out.Clients {
		t := totals[c.Client.Currency]
		if t == nil {
			t = &model.CurrencyTotal{Currency: c.Client.Currency}
			totals[c.Client.Currency] = t
		}
		t.Tracked += c.Tracked
		t.Billed += c.Billed
		t.Amount += c.Amount
	}
	for _, t := range totals {
		out.Totals = append(out.Totals, *t)
	}
	sort.Slice(out.Totals, func(i, j int) bool { return out.Totals[i].Currency < out.Totals[j].Currency })
	return out
}

// running reports whether task id is the one the timer runs on.
func (s *snapshot) isRunning(id int64) bool { return s.running != nil && s.running.task.ID == id }
