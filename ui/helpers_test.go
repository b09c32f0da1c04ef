package ui

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"tally/config"
	"tally/demo"
	"tally/store"
	"tally/ui/common"
	"tally/ui/uitest"
)

// testNow is a Friday afternoon: the demo data ends with a running timer.
var testNow = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// clock is a fake clock that tests move by hand; the app and the store
// read it from commands too, hence the lock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// manualTicker never ticks by itself: tests send tickedMsg when they mean
// to, so no test waits on a wall clock.
type manualTicker struct{}

func (manualTicker) Tick() tea.Cmd { return nil }

const testOrigin = "the test app"

// demoStore writes years of demo data to a real bbolt file in a temp dir;
// the store reads the fake clock.
func demoStore(t testing.TB, years int, clk *clock) *store.Store {
	t.Helper()
	s := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithDailyBackups(0), store.WithClock(clk.Now), store.WithOrigin(testOrigin))
	if _, err := s.AddAll(demo.Generate(years, 1, testNow, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	return s
}

func testDeps(s common.Store, clk *clock) common.Deps {
	cfg := config.Default()
	cfg.ExportDir = ""
	return common.Deps{Store: s, Config: cfg, Now: clk.Now, Location: time.UTC, Origin: testOrigin, Ticker: manualTicker{}}
}

// newTestApp opens the app on a year of demo data at width×height and runs
// its first load.
func newTestApp(t testing.TB, width, height int) (*App, *clock, *store.Store) {
	t.Helper()
	clk := &clock{now: testNow}
	s := demoStore(t, 1, clk)
	return openApp(t, s, clk, width, height), clk, s
}

func openApp(t testing.TB, s common.Store, clk *clock, width, height int) *App {
	t.Helper()
	a := New(testDeps(s, clk))
	a.Update(tea.WindowSizeMsg{Width: width, Height: height})
	settle(t, a, a.refresh())
	if a.Snap == nil {
		t.Fatalf("no snapshot after load: %v", a.loadErr)
	}
	return a
}

// settle runs cmd and feeds its messages back into the app until nothing
// is left. Commands run here, one after another: nothing depends on how
// long one takes.
func settle(t testing.TB, a *App, cmd tea.Cmd) {
	t.Helper()
	for cmd != nil {
		switch msg := cmd().(type) {
		case nil:
			return
		case tea.BatchMsg:
			for _, c := range msg {
				settle(t, a, c)
			}
			return
		default:
			_, cmd = a.Update(msg)
		}
	}
}

// press sends keys, as the terminal would, and settles what each starts.
func press(t testing.TB, a *App, keys ...string) {
	t.Helper()
	for _, k := range keys {
		_, cmd := a.Update(uitest.Key(k))
		settle(t, a, cmd)
	}
}

// tick is a second of the app's clock: the fake clock moves, then the app
// hears its heartbeat.
func tick(t testing.TB, a *App, clk *clock) {
	t.Helper()
	clk.Advance(time.Second)
	_, cmd := a.Update(tickedMsg{})
	settle(t, a, cmd)
}

// typeText sends each rune as a key press.
func typeText(t testing.TB, a *App, text string) {
	t.Helper()
	for _, r := range text {
		press(t, a, string(r))
	}
}

func screen(a *App) string { return ansi.Strip(a.View().Content) }

func runningTitle(a *App) string {
	if a.Snap.Running == nil {
		return ""
	}
	return a.Snap.Running.Task.Title
}

// lineWith returns the first screen line holding text.
func lineWith(a *App, text string) string {
	for _, line := range strings.Split(screen(a), "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	return ""
}

// openForm is the form the app shows, read as its user reads it.
type openForm interface {
	Value(label string) string
	SetValue(label, value string) bool
	Shown(label string) bool
	Err() error
	Title() string
}

// formShown returns the form the app shows, failing the test if none is.
func formShown(t testing.TB, a *App) openForm {
	t.Helper()
	f, ok := a.overlay.(openForm)
	if !ok {
		t.Fatalf("no form is open: %T", a.overlay)
	}
	return f
}

// fill types values into the fields of f named by their labels, and fails
// the test if f lacks one.
func fill(t *testing.T, f openForm, values map[string]string) {
	t.Helper()
	var missing []string
	for label, v := range values {
		if !f.SetValue(label, v) {
			missing = append(missing, label)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("the form has no fields %v", missing)
	}
}

// selectedTask is the queue's selected task.
func selectedTask(a *App) (common.TaskRow, bool) {
	_, _, i := a.dashboard.Selection()
	if rows := a.dashboard.Queue(); i < len(rows) {
		return rows[i], true
	}
	return common.TaskRow{}, false
}

// selectedClient is the id of the client selected in Clients, 0 on All
// clients.
func selectedClient(a *App) int64 {
	_, i, _ := a.dashboard.Selection()
	if rows := a.dashboard.Clients(); i > 0 && i <= len(rows) {
		return rows[i-1].Client.ID
	}
	return 0
}
