package ui

import (
	"testing"
	"time"

	"tally/store"
)

// The Week and Report views own their periods: [ and ] move them, and
// midnight moves them on only when they showed the old today.
func TestWeekAndReportPeriods(t *testing.T) {
	sh, _ := roomShared(t) // Friday 27 November 2026
	today := sh.snap.today
	h := &fakeHost{}
	w := newWeekView(sh, h, today)
	if got := w.period(); got != (store.Days{From: today.AddDays(-4), To: today.AddDays(2)}) {
		t.Errorf("the week of Monday 23rd: %v", got)
	}
	w.HandleKey(keyMsg("["))
	if w.weekOf != today.AddDays(-11) || h.reloads != 1 {
		t.Errorf("[ went to %s", w.weekOf)
	}
	w.follow(today.AddDays(2), today.AddDays(3)) // Sunday to Monday, on another week
	if w.weekOf != today.AddDays(-11) {
		t.Errorf("midnight moved a week not shown: %s", w.weekOf)
	}
	sh.deps.Config.WeekStart = time.Sunday
	sunday := newWeekView(sh, h, today)
	if sunday.weekOf != today.AddDays(-5) {
		t.Errorf("a week from Sunday starts %s", sunday.weekOf)
	}

	r := newReportView(sh, h, today)
	if got := r.period(); got.From.String() != "2026-11-01" || got.To.String() != "2026-11-30" {
		t.Errorf("the month: %v", got)
	}
	r.HandleKey(keyMsg("p"))
	r.HandleKey(keyMsg("]"))
	if got := r.period(); got.From.String() != "2027-01-01" || got.To.String() != "2027-12-31" {
		t.Errorf("p then ]: %v", got)
	}
	r.HandleKey(keyMsg("p"))
	r.HandleKey(keyMsg("["))
	if got := r.period(); got.From.String() != "2026-12-01" || got.To.String() != "2026-12-31" {
		t.Errorf("p then [: %v", got)
	}
}
