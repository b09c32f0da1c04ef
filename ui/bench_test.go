package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// benchApp opens the app at 200×50 on five years of demo data (about 20,000
// entries, 300 tasks, 8 clients).
func benchApp(b *testing.B) *App {
	b.Helper()
	s := demoStore(b, 5)
	clk := &clock{now: testNow}
	a := New(testDeps(s, clk))
	a.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	settle(b, a, a.reload())
	return a
}

// BenchmarkKeyPress is one key handled and the frame drawn again: moving
// the selection down and up the queue, as a user does most.
func BenchmarkKeyPress(b *testing.B) {
	a := benchApp(b)
	a.Update(keyMsg("tab"))
	keys := []tea.KeyPressMsg{keyMsg("j"), keyMsg("k")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Update(keys[i%2])
		_ = a.View()
		i++
	}
}

// BenchmarkTick is the one-second redraw of the running timer.
func BenchmarkTick(b *testing.B) {
	a := benchApp(b)
	b.ReportAllocs()
	for b.Loop() {
		a.Update(tickMsg{})
		_ = a.View()
	}
}

// BenchmarkFirstFrame is opening the app: reading and pricing the whole
// file off the UI goroutine, then the first View.
func BenchmarkFirstFrame(b *testing.B) {
	s := demoStore(b, 5)
	clk := &clock{now: testNow}
	b.ReportAllocs()
	for b.Loop() {
		a := New(testDeps(s, clk))
		a.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
		a.Update(a.reload()())
		if a.snap == nil {
			b.Fatal(a.err)
		}
		_ = a.View()
	}
}
