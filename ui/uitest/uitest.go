// Package uitest is what the rooms' own tests share: they build a page,
// pane or dialog over data made by hand (Shared), with a Host that
// records what is asked of it and a store that records what is written:
// no bbolt file, no App. Key makes the key presses a terminal sends.
package uitest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"tally/config"
	"tally/demo"
	"tally/model"
	"tally/store"
	"tally/ui/common"
)

// Host records what a component asks of the app.
type Host struct {
	Opened  []common.Overlay
	Changes []func() common.Written
	Dones   []func(common.Written) bool // what each change's asker does with its result, nil if nothing
	Said    []string
	Reloads int
	Shown   []int64 // invoices ShowInvoice opened
	Drafts  []int64 // clients whose draft ShowDraftOf opened
}

// Open records the overlay.
func (h *Host) Open(o common.Overlay) tea.Cmd { h.Opened = append(h.Opened, o); return nil }

// Write records the change, which the test runs when it means to, and
// what its asker does with the result.
func (h *Host) Write(change func() common.Written, done func(common.Written) bool) tea.Cmd {
	h.Changes = append(h.Changes, change)
	h.Dones = append(h.Dones, done)
	return nil
}

// Say records the text.
func (h *Host) Say(text string) { h.Said = append(h.Said, text) }

// Reload counts the reloads asked for.
func (h *Host) Reload() tea.Cmd { h.Reloads++; return nil }

// ShowInvoice records the invoice.
func (h *Host) ShowInvoice(id int64) { h.Shown = append(h.Shown, id) }

// ShowDraftOf records the client.
func (h *Host) ShowDraftOf(clientID int64) { h.Drafts = append(h.Drafts, clientID) }

// RecordingStore records the writes the rooms' tests run; any other call
// panics on the nil Store it embeds, which a room must not make.
type RecordingStore struct {
	common.Store
	Started, Finished []int64
	Notes             []string     // the note of each start, in order
	Made              []model.Task // the tasks StartNew made
}

// Start records the task started, and its note.
func (s *RecordingStore) Start(taskID int64, note string, _ []string, _ store.Timing) (model.Entry, *model.Entry, store.Warnings, error) {
	s.Started = append(s.Started, taskID)
	s.Notes = append(s.Notes, note)
	return model.Entry{TaskID: taskID, Start: Now, Note: note}, nil, nil, nil
}

// StartNew records the task made, numbered after the fixture's, and
// starts it as Start does.
func (s *RecordingStore) StartNew(t model.Task, note string, when store.Timing) (store.Started, error) {
	s.Made = append(s.Made, t)
	t.ID = int64(9 + len(s.Made))
	e, _, _, err := s.Start(t.ID, note, nil, when)
	return store.Started{Task: t, Entry: e}, err
}

// Finish records the task finished, and warns as a failed backup does.
func (s *RecordingStore) Finish(id int64, day model.Date, _ store.Timing) (model.Task, *model.Entry, store.Warnings, error) {
	s.Finished = append(s.Finished, id)
	return model.Task{ID: id, Done: true, DoneOn: day}, nil, store.Warnings{"today's backup failed"}, nil
}

// Now is a Friday afternoon, the rooms' tests' now.
var Now = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// Acme and Bakery are Acme (hourly, USD) and Bakery (commission, EUR); Acme
// has three open tasks and a done one, Bakery one open task, on which the
// timer runs.
var (
	Acme   = model.Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []model.Plan{{Kind: model.Hourly, Rate: 4000}}}
	Bakery = model.Client{ID: 2, Name: "Bakery", Currency: "EUR", Plans: []model.Plan{{Kind: model.Commission, PercentBP: 1000}}}
)

// Shared is the data every room reads: Acme and Bakery, their tasks, the
// timer running on Bakery's; the store it names records what is
// written.
func Shared(t *testing.T) (*common.Shared, *RecordingStore) {
	t.Helper()
	today := model.DateOf(Now, time.UTC)
	tasks := []common.TaskRow{
		{Task: model.Task{ID: 1, ClientID: 1, Title: "Mail", Rank: 0}, Client: Acme, Tracked: 3600},
		{Task: model.Task{ID: 2, ClientID: 1, Title: "Invoices", Rank: 1, Estimate: 7200}, Client: Acme},
		{Task: model.Task{ID: 3, ClientID: 2, Title: "Listings", Rank: 0}, Client: Bakery},
		{Task: model.Task{ID: 4, ClientID: 1, Title: "Website", Rank: 2, HasPrice: true, Price: 30000}, Client: Acme},
		{Task: model.Task{ID: 5, ClientID: 1, Title: "Old report", Done: true, DoneOn: today.AddDays(-3)}, Client: Acme},
	}
	snap := &common.Snapshot{Today: today, ClientsByID: map[int64]model.Client{1: Acme, 2: Bakery}, Tasks: tasks,
		Clients: []common.ClientRow{{Client: Acme, Plan: Acme.Plans[0]}, {Client: Bakery, Plan: Bakery.Plans[0]}},
		Running: &common.RunningRow{Entry: model.Entry{ID: 9, TaskID: 3, Start: Now.Add(-time.Hour)}, Task: tasks[2].Task, Client: Bakery}}
	s := &RecordingStore{}
	deps := common.Deps{Store: s, Config: config.Default(), Now: func() time.Time { return Now }, Location: time.UTC}
	return &common.Shared{Deps: deps, Styles: common.NewStyles(true, true, false), Snap: snap}, s
}

// Plain is lines drawn as one text without colour.
func Plain(lines []string) string { return ansi.Strip(strings.Join(lines, "\n")) }

// Key is the key press a terminal sends for k: "enter", "ctrl+c", "j".
func Key(k string) tea.KeyPressMsg {
	if msg, ok := namedKeys[k]; ok {
		return msg
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// namedKeys are the presses of the keys Key names in words.
var namedKeys = map[string]tea.KeyPressMsg{
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"space":     {Code: tea.KeySpace, Text: " "},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"pgdown":    {Code: tea.KeyPgDown},
	"backspace": {Code: tea.KeyBackspace},
	"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
}

// Demo is a year of demo work on a real file, up to Now (a timer runs),
// loaded as the app loads it: the snapshot of the day, week and month
// holding Now, the invoices and the live figures. Pages draw their golden
// views from it. The store reads the fixed clock; its file is the test's.
func Demo(t testing.TB) (*common.Shared, *store.Store) {
	t.Helper()
	now := func() time.Time { return Now }
	s := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithDailyBackups(0), store.WithClock(now))
	if _, err := s.AddAll(demo.Generate(1, 1, Now, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.ExportDir = "/exports"
	deps := common.Deps{Store: s, Config: cfg, Now: now, Location: time.UTC}
	snap, err := common.LoadSnapshot(s, Periods(model.DateOf(Now, time.UTC), cfg.WeekStart), deps)
	if err != nil {
		t.Fatal(err)
	}
	bills, err := common.LoadBills(s, deps)
	if err != nil {
		t.Fatal(err)
	}
	sh := &common.Shared{Deps: deps, Styles: common.NewStyles(true, true, false), Snap: snap, Bills: bills}
	sh.Live = common.ComputeLive(snap, Now, deps)
	return sh, s
}

// Periods are what the pages show as they open on today: the day, its
// week (from weekStart) and its month.
func Periods(today model.Date, weekStart time.Weekday) common.Periods {
	monthStart, monthEnd := model.MonthRange(today)
	week := model.WeekStart(today, weekStart)
	return common.Periods{Day: store.Days{From: today, To: today}, Week: store.Days{From: week, To: week.AddDays(6)}, Report: store.Days{From: monthStart, To: monthEnd}}
}

// Size is a window the rooms' golden views are drawn for.
type Size struct{ Width, Height int }

// Sizes are the smallest window the app is made for, and a wide one.
var Sizes = []Size{{80, 24}, {200, 50}}

// String names a golden file: "80x24".
func (s Size) String() string { return fmt.Sprintf("%dx%d", s.Width, s.Height) }

// Body is what a page or a dialog has of the window.
func (s Size) Body() (width, height int) { return s.Width, s.Height - common.ChromeLines }

// Golden holds lines, drawn without colour, to the test's golden file
// (testdata/<Test>/<subtest>.golden; -update rewrites it).
func Golden(t *testing.T, lines []string) {
	t.Helper()
	golden.RequireEqual(t, Plain(lines))
}

// View is a golden view of a page: its name, and the keys pressed on the
// page as it opens.
type View struct {
	Name string
	Keys []string
}

// Views draws a page as each view asks, at each size, and holds each to
// its golden file (<name>_<size>.golden). open makes the page anew, as
// the app would.
func Views(t *testing.T, open func() common.Component, views ...View) {
	t.Helper()
	for _, size := range Sizes {
		for _, v := range views {
			t.Run(v.Name+"_"+size.String(), func(t *testing.T) {
				p := open()
				p.SetSize(size.Body())
				p.DataChanged()
				for _, k := range v.Keys {
					p.HandleKey(Key(k))
				}
				Golden(t, p.View())
			})
		}
	}
}

// Looks are the SGR parameters in force at each character line prints, as
// a terminal would keep them: "1;7" for a bold, reversed letter, "" for a
// plain one. A test reads a row's look through the resets inside it.
func Looks(line string) []string {
	var looks []string
	look := ""
	for state := byte(0); line != ""; {
		seq, width, n, next := ansi.DecodeSequence(line, state, nil)
		switch {
		case width > 0:
			looks = append(looks, strings.TrimPrefix(look, ";"))
		case strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m"):
			if params := seq[2 : len(seq)-1]; params == "" || params == "0" {
				look = ""
			} else {
				look += ";" + params
			}
		}
		line, state = line[n:], next
	}
	return looks
}

// Offered says whether bindings offer a key shown as helpKey: an enabled
// binding, as a footer or help shows it.
func Offered(bindings []key.Binding, helpKey string) bool {
	for _, b := range bindings {
		if b.Enabled() && b.Help().Key == helpKey {
			return true
		}
	}
	return false
}
