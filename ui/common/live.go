package common

import (
	"time"

	"tally/model"
)

// Live is what changes every second: the running entry priced as of now,
// its client's figures for its day and this month, and today's totals. It
// is computed once per tick (and after each load), and every pane draws
// from it, so that they all show the same amount at the same second.
type Live struct {
	Now     time.Time
	RunDay  model.Date         // the day the running entry started
	Elapsed int64              // the running entry's seconds
	Entry   model.PricedEntry  // the running entry as of now
	Day     model.ClientReport // its client on the day it started
	Month   model.ClientReport // its client, month to date
	Todays  model.Report       // today, every client, the running one as of now
	Warning string             // set when the timer looks forgotten
}

// WithLive shows a day's report with the running client's figures as of
// now, when the day is the running entry's.
func WithLive(r model.Report, l Live, snap *Snapshot) model.Report {
	if snap.Running == nil || r.From != r.To || r.From != l.RunDay {
		return r
	}
	return r.WithClient(l.Day)
}
