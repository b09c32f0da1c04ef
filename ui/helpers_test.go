package ui

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/config"
	"tally/demo"
	"tally/store"
)

// testNow is a Friday afternoon: the demo data ends with a running timer.
var testNow = time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)

// clock is a fake clock that tests move by hand; the app reads it from
// commands too, hence the lock.
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

// demoStore writes years of demo data to a real bbolt file in a temp dir.
func demoStore(t testing.TB, years int) *store.Store {
	t.Helper()
	s := store.New(filepath.Join(t.TempDir(), "tally.db"), store.WithDailyBackups(0), store.WithClock(func() time.Time { return testNow }))
	if _, err := s.AddAll(demo.Generate(years, 1, testNow, time.UTC), "demo"); err != nil {
		t.Fatal(err)
	}
	return s
}

func testDeps(s Store, clk *clock) Deps {
	cfg := config.Default()
	cfg.ExportDir = ""
	return Deps{Store: s, Config: cfg, Now: clk.Now, Location: time.UTC}
}

// newTestApp opens the app on demo data at width×height and waits for its
// first load, without starting the real one-second clock.
func newTestApp(t testing.TB, width, height int) (*App, *clock, *store.Store) {
	t.Helper()
	s := demoStore(t, 1)
	clk := &clock{now: testNow}
	a := New(testDeps(s, clk))
	a.Update(tea.WindowSizeMsg{Width: width, Height: height})
	settle(t, a, a.reload())
	if a.snap == nil {
		t.Fatalf("no snapshot after load: %v", a.err)
	}
	return a, clk, s
}

// settle runs cmd and feeds its messages back into the app until nothing
// is left. Commands that wait (ticks, cursor blinks) are dropped.
func settle(t testing.TB, a *App, cmd tea.Cmd) {
	t.Helper()
	for cmd != nil {
		msg := runQuick(cmd)
		switch msg := msg.(type) {
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

func runQuick(cmd tea.Cmd) tea.Msg {
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(200 * time.Millisecond):
		return nil
	}
}

// press sends one key, as the terminal would, and settles what it starts.
func press(t testing.TB, a *App, keys ...string) {
	t.Helper()
	for _, k := range keys {
		_, cmd := a.Update(keyMsg(k))
		settle(t, a, cmd)
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// typeText sends each rune as a key press.
func typeText(t testing.TB, a *App, text string) {
	t.Helper()
	for _, r := range text {
		press(t, a, string(r))
	}
}
