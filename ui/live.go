package ui

import (
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
	l.todays = withLive(s.todays, l, s)
	_, l.warning = model.Forgotten(run.entry, now, loc, d.Config.ForgottenAfter)
	return l
}

// running reports whether task id is the one the timer runs on.
func (s *snapshot) isRunning(id int64) bool { return s.running != nil && s.running.task.ID == id }

// runningEntry is the running entry's id, 0 when the timer is idle.
func (s *snapshot) runningEntry() int64 {
	if s.running == nil {
		return 0
	}
	return s.running.entry.ID
}
