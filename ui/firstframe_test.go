package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestTheFirstFrameWaitsForNoInvoices: the app's start reads the
// snapshot alone; the invoices, which take longer (126 ms on twenty
// years never invoiced), load once it has landed, so that on two busy
// cores they neither slow the first load nor hold its frame.
func TestTheFirstFrameWaitsForNoInvoices(t *testing.T) {
	clk := &clock{now: testNow}
	s := &countingStore{Store: demoStore(t, 1, clk), reads: map[string]int{}}
	a := New(testDeps(s, clk))
	a.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	var loaded tea.Msg
	for _, cmd := range a.Init()().(tea.BatchMsg) {
		if cmd == nil {
			continue
		}
		if msg, ok := cmd().(loadedMsg); ok {
			loaded = msg
		}
	}
	if got := s.took(); got["AppData"] != 1 || got["Billing"] != 0 {
		t.Fatalf("the start read %v; want the snapshot alone", got)
	}
	_, cmd := a.Update(loaded)
	settle(t, a, cmd)
	if got := s.took(); got["Billing"] != 1 || a.Bills == nil {
		t.Errorf("after the first frame's load the app read %v; want the invoices once", got)
	}
}
