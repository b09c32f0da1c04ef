package ui

import (
	"testing"
	"tally/model"
)

func TestZZLedgerSize(t *testing.T) {
	for _, years := range []int{1, 20} {
		clk := &clock{now: testNow}
		s := demoStore(t, years, clk)
		d := testDeps(s, clk)
		today := model.DateOf(clk.Now(), d.Location)
		v := viewState{day: today, weekOf: model.WeekStart(today, 1), reportAnchor: today}
		raw, err := s.Snapshot(v.days(today, nil, d.Location), recentlyDone, d.Location)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%dy: entries %d tasks %d sales %d clients %d tracked %d", years, len(raw.Ledger.Entries), len(raw.Ledger.Tasks), len(raw.Ledger.Sales), len(raw.Ledger.Clients), len(raw.Tracked))
	}
}
