package dashboard

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"tally/ui/common"
	"tally/ui/dialog/confirm"
	"tally/ui/dialog/form"
	"tally/ui/uitest"
)

// TestDashboardViews draws the dashboard over a year of demo work, its
// timer running: as it opens (Clients has the keys, every queue shows),
// and on a client's queue with the Queue focused, at each size.
func TestDashboardViews(t *testing.T) {
	sh, _ := uitest.Demo(t)
	uitest.Views(t, func() common.Component { return New(sh, &uitest.Host{}) },
		uitest.View{Name: "open"}, uitest.View{Name: "queue", Keys: []string{"j", "j", "enter", "j"}})
}

// tab moves the keys between Clients and the Queue; a number key starts
// that row of the queue from either; enter on a client opens its queue.
func TestDashboardKeys(t *testing.T) {
	p, h, _, s := openPage(t)
	p.HandleKey(uitest.Key("2"))
	if queue, _, _ := p.Selection(); queue || len(h.Changes) != 1 {
		t.Fatalf("2 from Clients: queue focused %v, %d writes", queue, len(h.Changes))
	}
	h.Changes[0]()
	if len(s.Started) != 1 || s.Started[0] != p.Queue()[1].Task.ID {
		t.Errorf("2 started %v, want %s", s.Started, p.Queue()[1].Task.Title)
	}
	p.HandleKey(uitest.Key("tab"))
	if queue, _, _ := p.Selection(); !queue {
		t.Error("tab left the keys with Clients")
	}
	p.HandleKey(uitest.Key("shift+tab"))
	p.HandleKey(uitest.Key("j"))
	p.HandleKey(uitest.Key("enter"))
	queue, client, _ := p.Selection()
	if !queue || client != 1 || len(p.Queue()) != 3 {
		t.Errorf("enter on Acme: queue focused %v, client row %d, %d tasks", queue, client, len(p.Queue()))
	}
}

// S stops the running timer with a note or at a time, whenever one runs:
// its form opens on the note, and enter stops it now; N opens the running
// entry's note. Idle, neither is the dashboard's (issue 28 item 1).
func TestDashboardNoteAndStopKeys(t *testing.T) {
	p, h, sh, _ := openPage(t)
	p.HandleKey(uitest.Key("S"))
	p.HandleKey(uitest.Key("N"))
	if len(h.Opened) != 2 {
		t.Fatalf("S and N opened %d dialogs", len(h.Opened))
	}
	stop, ok := h.Opened[0].(*form.StopAt)
	if !ok || stop.Title() != "Stop Bakery · Listings" {
		t.Fatalf("S opened %T", h.Opened[0])
	}
	if note, ok := h.Opened[1].(*form.Note); !ok || note.Title() != "Note on entry 9, Bakery · Listings" {
		t.Errorf("N opened %T", h.Opened[1])
	}
	sh.Snap.Running = nil
	for _, k := range []string{"S", "N"} {
		if _, ok := p.HandleKey(uitest.Key(k)); ok {
			t.Errorf("%s acted with no timer running", k)
		}
	}
}

// F and X act only when the timer looks forgotten, and each asks first,
// saying exactly what it records (issue 28 item 5): the timer started Fri
// 14:00 and it is Sat 02:00, 12 hours on; the cut is the earlier of 10
// hours on (Sat 00:00) and the midnight after the start (Sat 00:00), so X
// keeps 10:00 and drops the 2:00 after it.
func TestDashboardForgottenTimerKeys(t *testing.T) {
	p, h, sh, _ := openPage(t)
	for _, k := range []string{"F", "X"} {
		if _, ok := p.HandleKey(uitest.Key(k)); ok || len(h.Opened) != 0 {
			t.Fatalf("%s acted on a timer not flagged", k)
		}
	}
	sh.Live = common.Live{Now: uitest.Now.Add(11 * time.Hour), Elapsed: 12 * 3600, Warning: "forgotten? running 12h since Fri 14:00"}
	p.HandleKey(uitest.Key("F"))
	p.HandleKey(uitest.Key("X"))
	if len(h.Opened) != 2 || len(h.Changes) != 0 {
		t.Fatalf("F and X opened %d dialogs and wrote %d times, want 2 and none", len(h.Opened), len(h.Changes))
	}
	for i, want := range []string{
		"Keep all of entry 9 (Bakery · Listings): Fri 14:00–Sat 02:00 so far, 12:00, and let it run on, flagged no more?",
		"Stop entry 9 (Bakery · Listings) at Sat 00:00? It keeps Fri 14:00–00:00, 10:00, and drops the 2:00 after it.",
	} {
		c := h.Opened[i].(*confirm.Confirm)
		if c.Question() != want {
			t.Errorf("asked %q\nwant  %q", c.Question(), want)
		}
		c.Update(uitest.Key("y"))
	}
	if len(h.Changes) != 2 {
		t.Errorf("yes to both queued %d writes, want 2", len(h.Changes))
	}
}

// Archiving the client the timer runs for asks to stop it now, saying
// how long it ran; a timer that looks forgotten is refused, saying why,
// since now would keep all of it (issue 28 item 4).
func TestArchiveAsksToStopTheTimer(t *testing.T) {
	p, h, sh, _ := openPage(t)
	sh.Live = common.Live{Now: uitest.Now, Elapsed: 3600}
	p.SelectClient(1) // Acme: nothing runs for it
	p.HandleKey(uitest.Key("a"))
	p.SelectClient(2) // Bakery, whose Listings runs
	p.HandleKey(uitest.Key("a"))
	for i, want := range []string{
		"Archive Acme? Its history stays; its tasks take no new time. A restores the view.",
		"Archive Bakery? Its timer on Listings stops now, after 1:00:00 (entry 9). Its history stays; its tasks take no new time. A restores the view.",
	} {
		if q := h.Opened[i].(*confirm.Confirm).Question(); q != want {
			t.Errorf("asked %q\nwant  %q", q, want)
		}
	}
	sh.Live.Warning = "forgotten? running 12h since Fri 14:00"
	p.HandleKey(uitest.Key("a"))
	if len(h.Opened) != 2 || h.Said[0] != "the timer on Bakery · Listings looks forgotten: settle it with F, S or X, then archive Bakery" {
		t.Errorf("a forgotten timer: %d dialogs, said %q", len(h.Opened), h.Said)
	}
}

// Durations show in one form, h:mm, and say what they are: the queue's
// "tracked of estimate" under a header that names them, the retainer's
// hours as its cycle's, not as the month's the Clients pane is titled by
// (issue 28 item 8).
func TestDashboardDurationsInOneForm(t *testing.T) {
	sh, _ := uitest.Demo(t)
	for _, size := range uitest.Sizes {
		p := New(sh, &uitest.Host{})
		p.SetSize(size.Body())
		p.DataChanged()
		view := uitest.Plain(p.View())
		if other := regexp.MustCompile(`\b\d+h(\d+m)?\b|\b\d+m\b`).FindString(view); other != "" {
			t.Errorf("%s: a duration reads %q", size, other)
		}
		for _, want := range []string{"cycle 12:37 of 30:00", "TRACKED OF EST.", "12:57 of 22:00"} {
			if !strings.Contains(view, want) {
				t.Errorf("%s: no %q in\n%s", size, want, view)
			}
		}
	}
}

// openPage opens the dashboard over the hand-made data at 120x40, with a
// host and a store that record.
func openPage(t *testing.T) (*Page, *uitest.Host, *common.Shared, *uitest.RecordingStore) {
	t.Helper()
	sh, s := uitest.Shared(t)
	h := &uitest.Host{}
	p := New(sh, h)
	p.SetSize(120, 37)
	p.DataChanged()
	return p, h, sh, s
}

// Help lists each of the page's keys once from either pane: the number
// keys, which act from both, are the page's, not the queue's again (issue
// 28 item 3).
func TestDashboardHelpListsEachKeyOnce(t *testing.T) {
	p, _, _, _ := openPage(t)
	for _, pane := range []string{"Clients", "Queue"} {
		seen := map[string]bool{}
		for _, group := range p.FullHelp() {
			for _, b := range group {
				if k := b.Help().Key; b.Enabled() && seen[k] {
					t.Errorf("%s: help lists %s twice", pane, k)
				} else {
					seen[k] = true
				}
			}
		}
		if !seen["1-9"] {
			t.Errorf("%s: help does not list the number keys", pane)
		}
		p.HandleKey(uitest.Key("tab"))
	}
}

// At 120 columns the Timer's line of the day reads whole, its currency
// too: a timer begun today says when without the day's name, which
// "today" already says (it read "… · 12.50 …").
func TestTimerLineReadsWholeAt120(t *testing.T) {
	sh, _ := uitest.Demo(t)
	p := New(sh, &uitest.Host{})
	p.SetSize(120, 32)
	p.DataChanged()
	var line string
	for _, l := range strings.Split(uitest.Plain(p.View()), "\n") {
		if at := strings.Index(l, "entry "); at >= 0 && strings.Contains(l, "since") {
			line = l[at:] // the Timer's side
		}
	}
	cur := sh.Snap.Running.Client.Currency
	if !strings.Contains(line, " "+cur+" ") || strings.Contains(line, "…") || !strings.Contains(line, "since 1") {
		t.Errorf("the timer's day reads %q", line)
	}
}

// The idle timer's hint on an empty file reads whole at 80 columns: it
// wraps within the Timer rather than end in "(n in Cli…".
func TestIdleHintReadsWholeAt80Columns(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Snap.Clients, sh.Snap.Running = nil, nil
	p := New(sh, &uitest.Host{})
	p.SetSize(80, 22)
	p.DataChanged()
	timer := uitest.Plain(p.timerView())
	got := regexp.MustCompile(`[│\s]+`).ReplaceAllString(timer, " ")
	if want := "add a client (n in Clients), then a task"; !strings.Contains(got, want) {
		t.Errorf("the hint does not read %q whole:\n%s", want, timer)
	}
}
