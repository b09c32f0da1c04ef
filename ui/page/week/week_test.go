package week

import (
	"testing"
	"time"

	"tally/store"
	"tally/ui/uitest"
)

// The Week view owns its period: [ and ] move it, and midnight moves it
// on only when it showed the old today.
func TestWeekPeriod(t *testing.T) {
	sh, _ := uitest.Shared(t) // Friday 27 November 2026
	today := sh.Snap.Today
	h := &uitest.Host{}
	w := New(sh, h, today)
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
	sunday := New(sh, h, today)
	if sunday.weekOf != today.AddDays(-5) {
		t.Errorf("a week from Sunday starts %s", sunday.weekOf)
	}

}
