package model

import (
	"sort"
)

// Task is a piece of work in a client's queue. A task may override the
// client's plan with a fixed price or an hourly rate of its own.
type Task struct {
	ID       int64
	ClientID int64
	Title    string
	Estimate int64 // seconds; 0 when none
	Price    int64 // fixed-price bid, when HasPrice
	HasPrice bool
	Rate     int64 // hourly rate of this task, when HasRate
	HasRate  bool
	Unbilled bool
	Done     bool
	DoneOn   Date
	Rank     int64 // position in the client's queue; lower comes first
}

// Queue returns clientID's open tasks in queue order (every client's when
// clientID is 0).
func Queue(tasks []Task, clientID int64) []Task {
	var q []Task
	for _, t := range tasks {
		if !t.Done && (clientID == 0 || t.ClientID == clientID) {
			q = append(q, t)
		}
	}
	sort.Slice(q, func(i, j int) bool {
		if q[i].Rank != q[j].Rank {
			return q[i].Rank < q[j].Rank
		}
		return q[i].ID < q[j].ID
	})
	return q
}

// Progress compares a task's tracked time with its estimate and, for a
// fixed-price bid, with its price (rule 5).
type Progress struct {
	Tracked      int64 // seconds
	Burn         int64 // tracked time as a percentage of the estimate; 0 without one
	Over         bool  // tracked beyond the estimate
	Effective    int64 // a fixed price per tracked hour, when HasEffective
	HasEffective bool
	Priced       bool // the task has a fixed price, so an effective rate to say
}

// TaskProgress is the progress of task t with tracked seconds on it.
func TaskProgress(t Task, tracked int64) Progress {
	p := Progress{Tracked: tracked}
	if t.Estimate > 0 {
		p.Burn = mulDivHalfUp(tracked, 100*2, t.Estimate*2)
		p.Over = tracked > t.Estimate
	}
	if t.HasPrice {
		p.Priced = true
		p.Effective, p.HasEffective = HourlyRate(t.Price, tracked)
	}
	return p
}

// Text sums the progress up for people: "3:20 of 5:00 (67%)", "over
// estimate" when it is, and a fixed price's effective hourly rate.
func (p Progress) Text(t Task, currency string) string {
	s := p.BurnText(t)
	if p.rateShown() {
		s += ", " + p.EffectiveText(currency) + " effective"
	}
	return s
}

// BurnText is the time tracked against the estimate: "3:20 of 5:00
// (67%)", "over estimate" when it is, or "3:20" without an estimate.
func (p Progress) BurnText(t Task) string {
	s := FormatDuration(p.Tracked)
	if t.Estimate > 0 {
		s += " of " + FormatDuration(t.Estimate) + " (" + string(appendInt(nil, p.Burn)) + "%)"
		if p.Over {
			s += " over estimate"
		}
	}
	return s
}

// EffectiveText is a fixed price per tracked hour, "85.71/h", NoRate
// under a quarter hour tracked, or "-" without a price.
func (p Progress) EffectiveText(currency string) string {
	switch {
	case !p.Priced:
		return "-"
	case !p.rateShown():
		return NoRate
	}
	return FormatAmount(p.Effective, currency) + "/h"
}

// rateShown says whether the effective rate is said: from RateShownFrom
// tracked, as ShownRate.
func (p Progress) rateShown() bool { return p.HasEffective && p.Tracked >= RateShownFrom }

// Terms says how a task is paid: "fixed 300.00", "55.00/h", "unbilled", or
// the kind of the client's plan.
func Terms(t Task, plan Plan, currency string) string {
	switch {
	case t.Unbilled:
		return "unbilled"
	case t.HasPrice:
		return "fixed " + FormatAmount(t.Price, currency)
	case t.HasRate:
		return FormatAmount(t.Rate, currency) + "/h"
	}
	return string(plan.Kind)
}
