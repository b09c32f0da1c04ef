package today

import (
	"strings"
	"testing"
	"time"

	"tally/model"
	"tally/store"
	"tally/ui/dialog/form"
	"tally/ui/uitest"
)

// The Today view opens on today, steps through days up to today and says
// its day as its period; a new entry opens on the day shown.
func TestTodayViewOwnsItsDay(t *testing.T) {
	sh, _ := uitest.Shared(t)
	today := sh.Snap.Today
	h := &uitest.Host{}
	v := New(sh, h, today)
	if v.Period() != (store.Days{From: today, To: today}) {
		t.Fatalf("opens on %v", v.Period())
	}
	v.HandleKey(uitest.Key("]"))
	if v.day != today || h.Reloads != 0 || len(h.Said) != 1 {
		t.Errorf("] past today: day %s, %d reloads, said %q", v.day, h.Reloads, h.Said)
	}
	v.HandleKey(uitest.Key("["))
	if v.day != today.AddDays(-1) || h.Reloads != 1 {
		t.Errorf("[: day %s, %d reloads", v.day, h.Reloads)
	}
	v.HandleKey(uitest.Key("n"))
	if f, ok := h.Opened[0].(*form.Entry); !ok || f.Value("Date") != today.AddDays(-1).String() {
		t.Errorf("n opened %T on %v", h.Opened[0], h.Opened[0])
	}
	v.Follow(today, today.AddDays(1)) // midnight, while showing yesterday
	if v.day != today.AddDays(-1) {
		t.Errorf("midnight moved a view not on today: %s", v.day)
	}
	v.ShowDay(today)
	v.Follow(today, today.AddDays(1))
	if v.day != today.AddDays(1) {
		t.Errorf("midnight left the view on %s", v.day)
	}
}

// The view lists the day's entries and items from the snapshot's report.
func TestTodayViewListsTheDay(t *testing.T) {
	sh, _ := uitest.Shared(t)
	day := model.Report{From: sh.Snap.Today, To: sh.Snap.Today, Clients: []model.ClientReport{{
		Client:  uitest.Acme,
		Entries: []model.PricedEntry{{Entry: model.Entry{ID: 7, TaskID: 1, Start: uitest.Now.Add(-2 * time.Hour), End: uitest.Now.Add(-time.Hour), Note: "inbox \x1b[2J"}, Task: model.Task{Title: "Mail"}, End: uitest.Now.Add(-time.Hour), Tracked: 3600, Amount: 4000, Billable: true}},
		Items:   []model.Item{{Kind: model.ItemFixedPrice, Date: sh.Snap.Today, Amount: 30000, Note: "Website"}},
	}}}
	sh.Snap.Day = day
	v := New(sh, &uitest.Host{}, sh.Snap.Today)
	v.SetSize(120, 12)
	v.DataChanged()
	got := uitest.Plain(v.View())
	for _, want := range []string{"Today · Friday 27 November 2026", "7     13:00 14:00 1:00:00 Acme", "Mail", `inbox \x1b[2J`, "fixed price: Website"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
}
