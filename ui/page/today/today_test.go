package today

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tally/config"
	"tally/model"
	"tally/store"
	"tally/ui/common"
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
	for _, want := range []string{"Today · Friday 27 November 2026", "7     13:00 14:00  1:00:00 Acme", "Mail", `inbox \x1b[2J`, "fixed price: Website"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
}

// TestTodayViews draws the last day of a year of demo work, its timer
// running, and a day before it, at each size.
func TestTodayViews(t *testing.T) {
	sh, s := uitest.Demo(t)
	for _, size := range uitest.Sizes {
		for _, c := range []struct {
			name string
			day  model.Date
		}{{"today", sh.Snap.Today}, {"wednesday", sh.Snap.Today.AddDays(-2)}} {
			t.Run(c.name+"_"+size.String(), func(t *testing.T) {
				view := uitest.Periods(sh.Snap.Today, sh.Deps.Config.WeekStart)
				view.Day = store.Days{From: c.day, To: c.day} // what the app loads for the day a page turns to
				snap, err := common.LoadSnapshot(s, view, sh.Deps)
				if err != nil {
					t.Fatal(err)
				}
				day := *sh
				day.Snap = snap
				p := New(&day, &uitest.Host{}, c.day)
				p.SetSize(size.Body())
				p.DataChanged()
				uitest.Golden(t, p.View())
			})
		}
	}
}

// An entry an issued invoice billed is not opened in a form: e and d say
// which invoice holds it, and open that invoice, where V voids it.
func TestTodayLockedEntryShowsItsInvoice(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Snap.Day = model.Report{From: sh.Snap.Today, To: sh.Snap.Today, Clients: []model.ClientReport{{
		Client:  uitest.Acme,
		Entries: []model.PricedEntry{{Entry: model.Entry{ID: 7, TaskID: 1, Start: uitest.Now.Add(-2 * time.Hour), End: uitest.Now.Add(-time.Hour)}, Task: model.Task{Title: "Mail"}, Tracked: 3600, Amount: 4000, Billable: true}},
	}}}
	sh.Snap.Invoiced = map[int64]string{7: "2026-0001"}
	sh.Bills = &common.Bills{Invoices: []model.Invoice{{ID: 3, Number: "2026-0001", State: model.InvoiceIssued, ClientID: uitest.Acme.ID}}}
	h := &uitest.Host{}
	v := New(sh, h, sh.Snap.Today)
	v.SetSize(120, 12)
	v.DataChanged()
	if row := uitest.Plain(v.View()); !strings.Contains(row, "[2026-0001] Mail") {
		t.Errorf("the entry's row does not name its invoice:\n%s", row)
	}
	for _, k := range []string{"e", "d"} {
		v.HandleKey(uitest.Key(k))
	}
	if len(h.Opened) != 0 || len(h.Shown) != 2 || h.Shown[0] != 3 || !strings.Contains(h.Said[0], "is on invoice 2026-0001: V voids it") {
		t.Errorf("e and d on a billed entry: opened %d, shown %v, said %q", len(h.Opened), h.Shown, h.Said)
	}
}

// c continues the selected entry: its task again, with its note and tags,
// the running one stopping at the same instant; the running task with
// the same note is named, not started again (issue 28 item 3).
func TestTodayContinuesAnEntry(t *testing.T) {
	sh, s := uitest.Shared(t)
	sh.Snap.Day = model.Report{From: sh.Snap.Today, To: sh.Snap.Today, Clients: []model.ClientReport{{
		Client: uitest.Bakery,
		Entries: []model.PricedEntry{
			{Entry: model.Entry{ID: 7, TaskID: 1, Start: uitest.Now.Add(-3 * time.Hour), End: uitest.Now.Add(-2 * time.Hour), Note: "inbox", Tags: []string{"mail"}}, Task: model.Task{ID: 1, Title: "Mail"}, Tracked: 3600},
			{Entry: model.Entry{ID: 9, TaskID: 3, Start: uitest.Now.Add(-time.Hour)}, Task: model.Task{ID: 3, Title: "Listings"}, Tracked: 3600},
		},
	}}}
	h := &uitest.Host{}
	v := New(sh, h, sh.Snap.Today)
	v.SetSize(120, 12)
	v.DataChanged()
	v.HandleKey(uitest.Key("c"))
	if len(h.Changes) != 1 {
		t.Fatalf("c queued %d writes", len(h.Changes))
	}
	h.Changes[0]()
	if len(s.Started) != 1 || s.Started[0] != 1 || s.Notes[0] != "inbox" {
		t.Errorf("c started %v with %q, want Mail with its note", s.Started, s.Notes)
	}
	v.HandleKey(uitest.Key("j"))
	v.HandleKey(uitest.Key("c"))
	if len(h.Changes) != 1 || len(h.Said) != 1 || h.Said[0] != "Listings is already running with that note" {
		t.Errorf("c on the running entry: %d writes, said %q", len(h.Changes), h.Said)
	}
	if help := uitest.Plain([]string{fmt.Sprint(v.ShortHelp()[0].Help())}); !strings.Contains(help, "continue this entry") {
		t.Errorf("the footer's first key is %s", help)
	}
}

// A timer begun yesterday and running still shows on today, marked as
// begun yesterday, and the day says why its totals leave it out: its time
// counts on the day it began (issue 28 item 6).
func TestTodayShowsATimerBegunYesterday(t *testing.T) {
	now := func() time.Time { return uitest.Now }
	s := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithDailyBackups(0), store.WithClock(now))
	c, _, err := s.AddClient(uitest.Acme)
	if err != nil {
		t.Fatal(err)
	}
	task, _, _ := s.AddTask(model.Task{ClientID: c.ID, Title: "Mail"})
	yesterday := uitest.Now.Add(-23 * time.Hour) // Thu 16:00
	if _, _, _, err := s.Start(task.ID, "inbox", nil, store.Timing{At: yesterday}); err != nil {
		t.Fatal(err)
	}
	deps := common.Deps{Store: s, Config: config.Default(), Now: now, Location: time.UTC}
	today := model.DateOf(uitest.Now, time.UTC)
	snap, err := common.LoadSnapshot(s, uitest.Periods(today, deps.Config.WeekStart), deps)
	if err != nil {
		t.Fatal(err)
	}
	sh := &common.Shared{Deps: deps, Styles: common.NewStyles(true, true, false), Snap: snap, Live: common.ComputeLive(snap, uitest.Now, deps)}
	for _, size := range uitest.Sizes {
		t.Run(size.String(), func(t *testing.T) {
			v := New(sh, &uitest.Host{}, today)
			v.SetSize(size.Body())
			v.DataChanged()
			uitest.Golden(t, v.View())
		})
	}
	view := uitest.Periods(today, deps.Config.WeekStart)
	view.Day = store.Days{From: today.AddDays(-1), To: today.AddDays(-1)}
	if sh.Snap, err = common.LoadSnapshot(s, view, deps); err != nil {
		t.Fatal(err)
	}
	v := New(sh, &uitest.Host{}, today.AddDays(-1))
	v.SetSize(120, 12)
	v.DataChanged()
	if got := uitest.Plain(v.View()); strings.Contains(got, "begun") || !strings.Contains(got, "Mail") {
		t.Errorf("the day it began shows it as its own:\n%s", got)
	}
}

// The footer offers only keys that act on what the day shows: c, e and d
// while an entry is selected, ] before today (issue 28 item 7).
func TestTodayOffersOnlyKeysThatAct(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Snap.Running = nil // an empty day
	v := New(sh, &uitest.Host{}, sh.Snap.Today)
	v.SetSize(80, 21)
	v.DataChanged()
	for _, k := range []string{"c", "e", "d", "]"} {
		if uitest.Offered(v.ShortHelp(), k) {
			t.Errorf("%s offered on an empty today", k)
		}
	}
	if !uitest.Offered(v.ShortHelp(), "n") || !uitest.Offered(v.ShortHelp(), "[") {
		t.Errorf("n or [ not offered: %v", v.ShortHelp())
	}
	v.day = sh.Snap.Today.AddDays(-1)
	if !uitest.Offered(v.ShortHelp(), "]") {
		t.Error("] not offered on yesterday")
	}
}

// An entry saved on another day than the one shown turns the page to its
// day, the entry selected, as the app loads that day next (issue 28 item
// 10): a past entry added from today no longer vanishes from sight.
func TestTodayTurnsToTheDayOfAnEntrySaved(t *testing.T) {
	sh, s := uitest.Demo(t)
	h := &uitest.Host{}
	v := New(sh, h, sh.Snap.Today)
	v.SetSize(120, 30)
	v.DataChanged()
	v.HandleKey(uitest.Key("n"))
	f := h.Opened[0].(*form.Entry)
	day := sh.Snap.Today.AddDays(-3)
	for label, value := range map[string]string{"Task": "#" + common.Itoa(sh.Snap.Tasks[0].Task.ID), "Date": day.String(), "From": "03:00", "To": "03:20"} {
		f.SetValue(label, value)
	}
	f.Update(uitest.Key("enter"))
	if len(h.Changes) != 1 {
		t.Fatalf("enter queued %d writes: %v", len(h.Changes), f.Err())
	}
	h.Dones[0](h.Changes[0]())
	if v.Day() != day {
		t.Fatalf("saved on %s, the page shows %s", day, v.Day())
	}
	view := uitest.Periods(sh.Snap.Today, sh.Deps.Config.WeekStart)
	view.Day = v.Period()
	snap, err := common.LoadSnapshot(s, view, sh.Deps)
	if err != nil {
		t.Fatal(err)
	}
	sh.Snap = snap
	v.DataChanged()
	if e, ok := v.selected(); !ok || e.Entry.Start.Hour() != 3 {
		t.Errorf("selected %v, want the entry at 03:00:\n%s", e.Entry, uitest.Plain(v.View()))
	}
}

// At 80 columns a task's title too long for its column is cut in its
// middle, so that two tasks of one family stay apart (issue 28 item 9).
func TestTodayRowsStayApartAt80(t *testing.T) {
	sh, _ := uitest.Shared(t)
	entry := func(id int64, title string) model.PricedEntry {
		return model.PricedEntry{Entry: model.Entry{ID: id, TaskID: id, Start: uitest.Now.Add(-time.Duration(id) * time.Hour), End: uitest.Now.Add(-time.Duration(id)*time.Hour + 30*time.Minute)},
			Task: model.Task{ID: id, Title: title}, End: uitest.Now.Add(-time.Duration(id)*time.Hour + 30*time.Minute), Tracked: 1800}
	}
	sh.Snap.Day = model.Report{From: sh.Snap.Today, To: sh.Snap.Today, Clients: []model.ClientReport{{
		Client: uitest.Acme, Entries: []model.PricedEntry{entry(2, "Set up the booking page"), entry(3, "Set up the booking page 2")},
	}}}
	v := New(sh, &uitest.Host{}, sh.Snap.Today)
	v.SetSize(80, 12)
	v.DataChanged()
	got := uitest.Plain(v.View())
	for _, want := range []string{"Set up th…king page ", "Set up th…ng page 2 "} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
}
