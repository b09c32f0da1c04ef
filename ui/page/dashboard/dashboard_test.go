package dashboard

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"tally/ui/common"
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
	sh, s := uitest.Shared(t)
	h := &uitest.Host{}
	p := New(sh, h)
	p.SetSize(120, 37)
	p.DataChanged()
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

// The timer's keys act only when it looks forgotten: F keeps it, S asks
// when it stopped, X cuts the overrun; otherwise they are not the
// dashboard's.
func TestDashboardForgottenTimerKeys(t *testing.T) {
	sh, _ := uitest.Shared(t)
	h := &uitest.Host{}
	p := New(sh, h)
	p.SetSize(120, 37)
	p.DataChanged()
	if _, ok := p.HandleKey(uitest.Key("S")); ok || len(h.Opened) != 0 {
		t.Fatal("S acted on a timer not flagged")
	}
	sh.Live = common.Live{Now: uitest.Now.Add(11 * time.Hour), Warning: "running for 12 h"}
	p.HandleKey(uitest.Key("S"))
	if _, ok := h.Opened[0].(*form.StopAt); !ok {
		t.Errorf("S opened %T", h.Opened[0])
	}
	p.HandleKey(uitest.Key("F"))
	p.HandleKey(uitest.Key("X"))
	if len(h.Changes) != 2 {
		t.Errorf("F and X queued %d writes, want 2", len(h.Changes))
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
