package ui

import (
	"testing"
	"time"

	"tally/store"
	"tally/ui/uitest"
)

// The Week and Report views own their periods: [ and ] move them, and
// midnight moves them on only when they showed the old today.
func TestWeekAndReportPeriods(t *testing.T) {
	sh, _ := uitest.Shared(t) // Friday 27 November 2026
	today := sh.Snap.Today
	h := &uitest.Host{}
	w := newWeekView(sh, h, today)
	if got := w.Period(); got != (store.Days{From: today.AddDays(-4), To: today.AddDays(2)}) {
		t.Errorf("the week of Monday 23rd: %v", got)
	}
	w.HandleKey(uitest.Key("["))
	if w.weekOf != today.AddDays(-11) || h.Reloads != 1 {
		t.Errorf("[ went to %s", w.weekOf)
	}
	w.Follow(today.AddDays(2), today.AddDays(3)) // Sunday to Monday, on another week
	if w.weekOf != today.AddDays(-11) {
		t.Errorf("midnight moved a week not shown: %s", w.weekOf)
	}
	sh.Deps.Config.WeekStart = time.Sunday
	sunday := newWeekView(sh, h, today)
	if sunday.weekOf != today.AddDays(-5) {
		t.Errorf("a week from Sunday starts %s", sunday.weekOf)
	}

	r := newReportView(sh, h, today)
	if got := r.Period(); got.From.String() != "2026-11-01" || got.To.String() != "2026-11-30" {
		t.Errorf("the month: %v", got)
	}
	r.HandleKey(uitest.Key("p"))
	r.HandleKey(uitest.Key("]"))
	if got := r.Period(); got.From.String() != "2027-01-01" || got.To.String() != "2027-12-31" {
		t.Errorf("p then ]: %v", got)
	}
	r.HandleKey(uitest.Key("p"))
	r.HandleKey(uitest.Key("["))
	if got := r.Period(); got.From.String() != "2026-12-01" || got.To.String() != "2026-12-31" {
		t.Errorf("p then [: %v", got)
	}
}
