package dashboard

import (
	"regexp"
	"strings"
	"testing"

	"tally/ui/dialog/confirm"
	"tally/ui/uitest"
)

func queueTitles(p *queuePane) []string {
	var titles []string
	for _, row := range p.rows {
		titles = append(titles, row.Task.Title)
	}
	return titles
}

func TestQueueShowsAClientsOpenTasksInOrder(t *testing.T) {
	sh, _ := uitest.Shared(t)
	p := newQueuePane(sh, &uitest.Host{})
	p.SetSize(60, 12)
	p.ShowClient(uitest.Acme.ID)
	if got := strings.Join(queueTitles(p), ", "); got != "Mail, Invoices, Website" {
		t.Errorf("Acme's queue: %s", got)
	}
	p.HandleKey(uitest.Key("z"))
	if got := strings.Join(queueTitles(p), ", "); got != "Mail, Invoices, Website, Old report" {
		t.Errorf("with done tasks: %s", got)
	}
	p.ShowClient(0)
	if len(p.rows) != 5 || p.list.Sel != 0 {
		t.Errorf("every client's queue: %v, selected %d", queueTitles(p), p.list.Sel)
	}
}

func TestQueueStartAtSwitchesOnce(t *testing.T) {
	sh, s := uitest.Shared(t)
	h := &uitest.Host{}
	p := newQueuePane(sh, h)
	p.DataChanged() // every client's queue
	p.StartAt(1)
	if len(h.Changes) != 1 {
		t.Fatalf("%d writes", len(h.Changes))
	}
	if got := h.Changes[0](); got.Text != "started "+p.rows[1].Task.Title || len(s.Started) != 1 || s.Started[0] != p.rows[1].Task.ID {
		t.Errorf("started %v for row 1 (%s)", s.Started, p.rows[1].Task.Title)
	}
	p.StartAt(2) // Listings, which runs
	if len(h.Changes) != 1 || len(h.Said) != 1 || h.Said[0] != "Listings is already running" {
		t.Errorf("starting the running task: %d writes, said %q", len(h.Changes), h.Said)
	}
	if p.StartAt(99) != nil || len(h.Changes) != 1 {
		t.Error("a row past the end started something")
	}
}

// D asks first, and says what the done task's number key starts once it
// leaves the queue, so that the numbers never shift unsaid (issue 28
// item 3).
func TestQueueAsksBeforeDoneAndReordersOnlyOneClient(t *testing.T) {
	sh, s := uitest.Shared(t)
	h := &uitest.Host{}
	p := newQueuePane(sh, h)
	p.ShowClient(uitest.Acme.ID)
	p.HandleKey(uitest.Key("j"))
	p.HandleKey(uitest.Key("D"))
	ask, ok := h.Opened[0].(*confirm.Confirm)
	if len(h.Opened) != 1 || !ok || ask.Question() != "Mark Invoices (Acme) done today? 2 then starts Website." || len(h.Changes) != 0 {
		t.Fatalf("D opened %v, wrote %d", h.Opened, len(h.Changes))
	}
	ask.Update(uitest.Key("y"))
	result := h.Changes[0]()
	if len(s.Finished) != 1 || s.Finished[0] != 2 {
		t.Errorf("yes finished %v", s.Finished)
	}
	if w := result.Warnings; len(w) != 1 || w[0] != "today's backup failed" {
		t.Errorf("the change's result lost its warnings: %q", w)
	}
	if result.Text != "done: Invoices; 2 then starts Website" {
		t.Errorf("done says %q", result.Text)
	}
	p.ShowClient(0)
	p.HandleKey(uitest.Key("K"))
	if h.Said[len(h.Said)-1] != "choose a client to reorder its queue" {
		t.Errorf("reorder across clients: %q", h.Said)
	}
}

func TestQueueShowsItsFocus(t *testing.T) {
	sh, _ := uitest.Shared(t)
	p := newQueuePane(sh, &uitest.Host{})
	p.SetSize(60, 10)
	p.ShowClient(uitest.Acme.ID)
	if got := uitest.Plain(p.View()); strings.Contains(got, "▸") {
		t.Errorf("unfocused, a marker shows:\n%s", got)
	}
	p.Focus(true)
	p.HandleKey(uitest.Key("j"))
	got := uitest.Plain(p.View())
	if !strings.Contains(got, "╭─ ▸ Queue · Acme") || !strings.Contains(got, "2▸Invoices") {
		t.Errorf("focused on row 2:\n%s", got)
	}
}

// At 80×24 every row of the queue still reads apart from the others:
// the client gives way first, then a title is cut in its middle, since
// titles of one family differ at their end ("Set up booking page 2";
// issue 28 item 9).
func TestQueueRowsStayDistinctWhenNarrow(t *testing.T) {
	sh, _ := uitest.Demo(t)
	p := newQueuePane(sh, &uitest.Host{})
	p.SetSize(48, 40) // the Queue's share of an 80-column window, tall enough for every row
	p.DataChanged()
	seen := map[string]bool{}
	lines := strings.Split(uitest.Plain(p.View()), "\n")
	for _, line := range lines[1 : len(lines)-1] { // inside the box
		inside := []rune(line)
		row := string(inside[3 : len(inside)-1]) // after the side, the number and the gap
		if !figures.MatchString(row) {
			continue // the header, a client's name heading its tasks, or below the last row
		}
		name := figures.ReplaceAllString(row, "")
		if seen[name] {
			t.Errorf("two rows read %q", name)
		}
		seen[name] = true
	}
	if len(seen) != len(p.rows) {
		t.Errorf("%d rows read apart, of %d", len(seen), len(p.rows))
	}
}

// figures are a queue row's terms and time at its right edge.
var figures = regexp.MustCompile(`\s+((hourly|retainer|commission|unbilled|fixed \S+)( · \S+)?\s+)?(OVER |⚠ )?\d+:\d\d((/| of )\d+:\d\d)?\s*$`)

// A fixed price's effective rate over a minute tracked is not said: "—"
// (issue 28 item 8).
func TestQueueEffectiveRateUnderAQuarterHour(t *testing.T) {
	sh, _ := uitest.Shared(t)
	sh.Snap.Tasks[3].Tracked = 60 // Website: 300.00 over one minute
	p := newQueuePane(sh, &uitest.Host{})
	p.SetSize(120, 10)
	p.ShowClient(uitest.Acme.ID)
	if got := uitest.Plain(p.View()); strings.Contains(got, "/h") || !strings.Contains(got, "fixed 300.00 · —") {
		t.Errorf("one minute on a fixed price:\n%s", got)
	}
}

// The footer offers only keys that act on what the queue shows: a task's
// keys while a task they act on is selected (issue 28 item 7).
func TestQueueOffersOnlyKeysThatAct(t *testing.T) {
	sh, _ := uitest.Shared(t)
	p := newQueuePane(sh, &uitest.Host{})
	p.SetSize(60, 10)
	p.ShowClient(uitest.Bakery.ID) // Listings, which runs
	if uitest.Offered(p.ShortHelp(), "enter") || !uitest.Offered(p.ShortHelp(), "e") || uitest.Offered(p.ShortHelp(), "o") {
		t.Errorf("on the running task: %v", p.ShortHelp())
	}
	sh.Snap.Tasks = sh.Snap.Tasks[4:] // Acme's done task alone
	p.ShowClient(uitest.Acme.ID)
	for _, k := range []string{"enter", "e", "D", "1-9"} {
		if uitest.Offered(append(p.ShortHelp(), p.PickKey()), k) {
			t.Errorf("%s offered on an empty queue", k)
		}
	}
	p.HandleKey(uitest.Key("z")) // the done task shows
	if !uitest.Offered(p.ShortHelp(), "o") || uitest.Offered(p.ShortHelp(), "D") {
		t.Errorf("on a done task: %v", p.ShortHelp())
	}
}
