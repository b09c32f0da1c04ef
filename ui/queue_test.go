package ui

import (
	"strings"
	"testing"
)

func queueTitles(p *queuePane) []string {
	var titles []string
	for _, row := range p.rows {
		titles = append(titles, row.task.Title)
	}
	return titles
}

func TestQueueShowsAClientsOpenTasksInOrder(t *testing.T) {
	sh, _ := roomShared(t)
	p := newQueuePane(sh, &fakeHost{})
	p.SetSize(60, 12)
	p.ShowClient(acme.ID)
	if got := strings.Join(queueTitles(p), ", "); got != "Mail, Invoices, Website" {
		t.Errorf("Acme's queue: %s", got)
	}
	p.HandleKey(keyMsg("z"))
	if got := strings.Join(queueTitles(p), ", "); got != "Mail, Invoices, Website, Old report" {
		t.Errorf("with done tasks: %s", got)
	}
	p.ShowClient(0)
	if len(p.rows) != 5 || p.list.sel != 0 {
		t.Errorf("every client's queue: %v, selected %d", queueTitles(p), p.list.sel)
	}
}

func TestQueueStartAtSwitchesOnce(t *testing.T) {
	sh, s := roomShared(t)
	h := &fakeHost{}
	p := newQueuePane(sh, h)
	p.dataChanged() // every client's queue
	p.StartAt(1)
	if len(h.changes) != 1 {
		t.Fatalf("%d writes", len(h.changes))
	}
	if got := h.changes[0](); got.Text != "started "+p.rows[1].task.Title || len(s.started) != 1 || s.started[0] != p.rows[1].task.ID {
		t.Errorf("started %v for row 1 (%s)", s.started, p.rows[1].task.Title)
	}
	p.StartAt(2) // Listings, which runs
	if len(h.changes) != 1 || len(h.said) != 1 || h.said[0] != "Listings is already running" {
		t.Errorf("starting the running task: %d writes, said %q", len(h.changes), h.said)
	}
	if p.StartAt(99) != nil || len(h.changes) != 1 {
		t.Error("a row past the end started something")
	}
}

func TestQueueAsksBeforeDoneAndReordersOnlyOneClient(t *testing.T) {
	sh, s := roomShared(t)
	h := &fakeHost{}
	p := newQueuePane(sh, h)
	p.ShowClient(acme.ID)
	p.HandleKey(keyMsg("j"))
	p.HandleKey(keyMsg("D"))
	ask, ok := h.opened[0].(*confirm)
	if len(h.opened) != 1 || !ok || ask.question != "Mark Invoices (Acme) done today?" || len(h.changes) != 0 {
		t.Fatalf("D opened %v, wrote %d", h.opened, len(h.changes))
	}
	ask.Update(keyMsg("y"))
	result := h.changes[0]()
	if len(s.finished) != 1 || s.finished[0] != 2 {
		t.Errorf("yes finished %v", s.finished)
	}
	if w := result.Warnings; len(w) != 1 || w[0] != "today's backup failed" {
		t.Errorf("the change's result lost its warnings: %q", w)
	}
	p.ShowClient(0)
	p.HandleKey(keyMsg("K"))
	if h.said[len(h.said)-1] != "choose a client to reorder its queue" {
		t.Errorf("reorder across clients: %q", h.said)
	}
}

func TestQueueShowsItsFocus(t *testing.T) {
	sh, _ := roomShared(t)
	p := newQueuePane(sh, &fakeHost{})
	p.SetSize(60, 10)
	p.ShowClient(acme.ID)
	if got := plain(p.View()); strings.Contains(got, "▸") {
		t.Errorf("unfocused, a marker shows:\n%s", got)
	}
	p.Focus(true)
	p.HandleKey(keyMsg("j"))
	got := plain(p.View())
	if !strings.Contains(got, "╭─ ▸ Queue · Acme") || !strings.Contains(got, "2▸Invoices") {
		t.Errorf("focused on row 2:\n%s", got)
	}
}
