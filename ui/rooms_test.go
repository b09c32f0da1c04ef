package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/config"
	"tally/model"
	"tally/store"
)

// The rooms' own tests build a pane, view or overlay over shared data made
// by hand, with a host that records what is asked of it and a store that
// records what is written: no bbolt file, no App.

// fakeHost records what a component asks of the app.
type fakeHost struct {
	opened  []overlay
	changes []func() Written
	said    []string
	reloads int
	shown   []int64 // invoices showInvoice opened
	drafts  []int64 // clients whose draft showDraftOf opened
}

func (h *fakeHost) open(o overlay) tea.Cmd { h.opened = append(h.opened, o); return nil }
func (h *fakeHost) write(change func() Written, _ func(Written) bool) tea.Cmd {
	h.changes = append(h.changes, change)
	return nil
}
func (h *fakeHost) say(text string)            { h.said = append(h.said, text) }
func (h *fakeHost) reload() tea.Cmd            { h.reloads++; return nil }
func (h *fakeHost) showInvoice(id int64)       { h.shown = append(h.shown, id) }
func (h *fakeHost) showDraftOf(clientID int64) { h.drafts = append(h.drafts, clientID) }

// recordingStore records the writes the rooms' tests run; any other call
// panics on the nil Store it embeds, which a room must not make.
type recordingStore struct {
	Store
	started, finished []int64
}

func (s *recordingStore) Start(taskID int64, _ string, _ []string, _ store.Timing) (model.Entry, *model.Entry, store.Warnings, error) {
	s.started = append(s.started, taskID)
	return model.Entry{TaskID: taskID, Start: roomNow}, nil, nil, nil
}

func (s *recordingStore) Finish(id int64, day model.Date, _ store.Timing) (model.Task, *model.Entry, store.Warnings, error) {
	s.finished = append(s.finished, id)
	return model.Task{ID: id, Done: true, DoneOn: day}, nil, store.Warnings{"today's backup failed"}, nil
}

var roomNow = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// roomClients are Acme (hourly, USD) and Bakery (commission, EUR); Acme
// has three open tasks and a done one, Bakery one open task, on which the
// timer runs.
var (
	acme   = model.Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}
	bakery = model.Client{ID: 2, Name: "Bakery", Currency: "EUR", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}}
)

func roomShared(t *testing.T) (*shared, *recordingStore) {
	t.Helper()
	today := model.DateOf(roomNow, time.UTC)
	tasks := []taskRow{
		{task: model.Task{ID: 1, ClientID: 1, Title: "Mail", Rank: 0}, client: acme, tracked: 3600},
		{task: model.Task{ID: 2, ClientID: 1, Title: "Invoices", Rank: 1, Estimate: 7200}, client: acme},
		{task: model.Task{ID: 3, ClientID: 2, Title: "Listings", Rank: 0}, client: bakery},
		{task: model.Task{ID: 4, ClientID: 1, Title: "Website", Rank: 2, HasPrice: true, Price: 30000}, client: acme},
		{task: model.Task{ID: 5, ClientID: 1, Title: "Old report", Done: true, DoneOn: today.AddDays(-3)}, client: acme},
	}
	snap := &snapshot{today: today, clientsByID: map[int64]model.Client{1: acme, 2: bakery}, tasks: tasks,
		clients: []clientRow{{client: acme, plan: acme.Plans[0]}, {client: bakery, plan: bakery.Plans[0]}},
		running: &runningRow{entry: model.Entry{ID: 9, TaskID: 3, Start: roomNow.Add(-time.Hour)}, task: tasks[2].task, client: bakery}}
	s := &recordingStore{}
	deps := Deps{Store: s, Config: config.Default(), Now: func() time.Time { return roomNow }, Location: time.UTC}
	return &shared{deps: deps, styles: NewStyles(true, true, false), snap: snap}, s
}

func plain(lines []string) string { return ansi.Strip(strings.Join(lines, "\n")) }
