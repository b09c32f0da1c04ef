package week

import (
	"strings"
	"testing"

	"time"

	"tally/store"
	"tally/ui/common"
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

// TestWeekViews draws the week of a year of demo work, from its top and
// scrolled to its end, at each size.
func TestWeekViews(t *testing.T) {
	sh, _ := uitest.Demo(t)
	uitest.Views(t, func() common.Component { return New(sh, &uitest.Host{}, sh.Snap.Today) },
		uitest.View{Name: "top"}, uitest.View{Name: "end", Keys: []string{"G"}})
}

// The Week page is read, not chosen from: no line takes a cursor, since
// no key acts on one; j and k scroll it where it runs past the window,
// and are offered only there; keys the page does not know are left to
// the app (issue 28 item 7).
func TestWeekScrollsWithoutACursor(t *testing.T) {
	sh, _ := uitest.Demo(t)
	h := &uitest.Host{}
	p := New(sh, h, sh.Snap.Today)
	p.SetSize(80, 21)
	p.DataChanged()
	top := uitest.Plain(p.View())
	for _, k := range []string{"j", "j"} {
		if _, ok := p.HandleKey(uitest.Key(k)); !ok {
			t.Errorf("%s is not the page's", k)
		}
	}
	scrolled := uitest.Plain(p.View())
	if scrolled == top || strings.Split(scrolled, "\n")[2] != strings.Split(top, "\n")[4] {
		t.Errorf("j j did not scroll two lines:\n%s", scrolled)
	}
	if strings.Contains(scrolled, "▸") || p.doc.Cursor != -1 {
		t.Errorf("a cursor shows on line %d:\n%s", p.doc.Cursor, scrolled)
	}
	if !uitest.Offered(p.ShortHelp(), "j/↓") {
		t.Error("the footer does not offer to scroll a week longer than the window")
	}
	p.SetSize(200, 47)
	p.DataChanged()
	if uitest.Offered(p.ShortHelp(), "j/↓") || uitest.Offered(p.FullHelp()[0], "G") {
		t.Error("scrolling offered where the week fits")
	}
	if h.Reloads != 0 {
		t.Errorf("%d reloads", h.Reloads)
	}
	for _, k := range []string{"n", "x", "q", "enter"} {
		if _, ok := p.HandleKey(uitest.Key(k)); ok {
			t.Errorf("%s taken by the Week page", k)
		}
	}
}

// The week's figures say what they are: the days' time is tracked time,
// as the header and the bars' heading say (issue 28 item 8).
func TestWeekSaysWhatItsFiguresAre(t *testing.T) {
	sh, _ := uitest.Demo(t)
	p := New(sh, &uitest.Host{}, sh.Snap.Today)
	p.SetSize(200, 200)
	p.DataChanged()
	got := uitest.Plain(p.View())
	for _, want := range []string{"CLIENT · TRACKED", "Tracked each day"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
}
