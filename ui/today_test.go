package ui

import (
	"strings"
	"testing"
	"time"

	"tally/model"
	"tally/store"
)

// The Today view opens on today, steps through days up to today and says
// its day as its period; a new entry opens on the day shown.
func TestTodayViewOwnsItsDay(t *testing.T) {
	sh, _ := roomShared(t)
	today := sh.snap.today
	h := &fakeHost{}
	v := newTodayView(sh, h, today)
	if v.period() != (store.Days{From: today, To: today}) {
		t.Fatalf("opens on %v", v.period())
	}
	v.HandleKey(keyMsg("]"))
	if v.day != today || h.reloads != 0 || len(h.said) != 1 {
		t.Errorf("] past today: day %s, %d reloads, said %q", v.day, h.reloads, h.said)
	}
	v.HandleKey(keyMsg("["))
	if v.day != today.AddDays(-1) || h.reloads != 1 {
		t.Errorf("[: day %s, %d reloads", v.day, h.reloads)
	}
	v.HandleKey(keyMsg("n"))
	if f, ok := h.opened[0].(*entryForm); !ok || f.date.value() != today.AddDays(-1).String() {
		t.Errorf("n opened %T on %v", h.opened[0], h.opened[0])
	}
	v.follow(today, today.AddDays(1)) // midnight, while showing yesterday
	if v.day != today.AddDays(-1) {
		t.Errorf("midnight moved a view not on today: %s", v.day)
	}
	v.show(today)
	v.follow(today, today.AddDays(1))
	if v.day != today.AddDays(1) {
		t.Errorf("midnight left the view on %s", v.day)
	}
}

// The view lists the day's entries and items from the snapshot's report.
func TestTodayViewListsTheDay(t *testing.T) {
	sh, _ := roomShared(t)
	day := model.Report{From: sh.snap.today, To: sh.snap.today, Clients: []model.ClientReport{{
		Client:  acme,
		Entries: []model.PricedEntry{{Entry: model.Entry{ID: 7, TaskID: 1, Start: roomNow.Add(-2 * time.Hour), End: roomNow.Add(-time.Hour), Note: "inbox \x1b[2J"}, Task: model.Task{Title: "Mail"}, End: roomNow.Add(-time.Hour), Tracked: 3600, Amount: 4000, Billable: true}},
		Items:   []model.Item{{Kind: model.ItemFixedPrice, Date: sh.snap.today, Amount: 30000, Note: "Website"}},
	}}}
	sh.snap.day = day
	v := newTodayView(sh, &fakeHost{}, sh.snap.today)
	v.SetSize(120, 12)
	v.dataChanged()
	got := plain(v.View())
	for _, want := range []string{"Today · Friday 27 November 2026", "7     13:00 14:00 1:00:00 Acme", "Mail", `inbox \x1b[2J`, "fixed price: Website"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
}
