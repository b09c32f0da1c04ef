package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// benchApp opens the app at 200×50 on five years of demo data (about 20,000
// entries, 300 tasks, 8 clients).
func benchApp(b *testing.B) (*App, *clock) {
	b.Helper()
	clk := &clock{now: testNow}
	s := demoStore(b, 5, clk)
	return openApp(b, s, clk, 200, 50), clk
}

// BenchmarkKeyPress is one key handled and the frame drawn again: moving
// the selection down and up the queue, as a user does most.
func BenchmarkKeyPress(b *testing.B) {
	a, _ := benchApp(b)
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

// BenchmarkTick is the one-second heartbeat: the running entry and its
// client priced again, and the frame drawn.
func BenchmarkTick(b *testing.B) {
	a, clk := benchApp(b)
	b.ReportAllocs()
	for b.Loop() {
		clk.Advance(1)
		a.Update(tickedMsg{})
		_ = a.View()
	}
}

// BenchmarkFirstFrame is opening the app: one read of the file and the
// pricing off the UI goroutine, then the first View, on one year of demo
// data and on twenty: the cost should not grow with the years.
func BenchmarkFirstFrame(b *testing.B) {
	for _, years := range []int{1, 20} {
		b.Run(fmt.Sprintf("%dy", years), func(b *testing.B) {
			clk := &clock{now: testNow}
			s := demoStore(b, years, clk)
			b.ReportAllocs()
			for b.Loop() {
				a := New(testDeps(s, clk))
				a.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
				a.Update(a.reload()())
				if a.snap == nil {
					b.Fatal(a.loadErr)
				}
				_ = a.View()
			}
		})
	}
}
