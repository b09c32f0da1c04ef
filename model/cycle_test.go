package model

import (
	"testing"
	"time"
)

func retainer(from Date, p Period, fee, included int64) Plan {
	return Plan{From: from, Kind: Retainer, Fee: fee, Period: p, Included: included, OverageRate: 5000}
}

func TestCycleOn(t *testing.T) {
	on15 := Client{Plans: []Plan{retainer(day(2026, 10, 15), Month, 1, 1)}}
	on31 := Client{Plans: []Plan{retainer(day(2027, 1, 31), Month, 1, 1)}}
	yearly := Client{Plans: []Plan{retainer(day(2025, 11, 1), Year, 1, 1)}}
	changed := Client{Plans: []Plan{retainer(day(2026, 10, 1), Month, 1, 1), retainer(day(2026, 10, 20), Month, 2, 1), {From: day(2026, 12, 5), Kind: Hourly, Rate: 1}}}
	tests := []struct {
		name       string
		c          Client
		d          Date
		start, end Date
		ok         bool
	}{
		{"15th: its first day", on15, day(2026, 10, 15), day(2026, 10, 15), day(2026, 11, 14), true},
		{"15th: the 14th ends it", on15, day(2026, 11, 14), day(2026, 10, 15), day(2026, 11, 14), true},
		{"15th: the next cycle", on15, day(2026, 11, 15), day(2026, 11, 15), day(2026, 12, 14), true},
		{"15th: across the new year", on15, day(2027, 1, 3), day(2026, 12, 15), day(2027, 1, 14), true},
		{"15th: before the contract, counted back", on15, day(2026, 10, 1), day(2026, 9, 15), day(2026, 10, 14), true},
		{"31st: January", on31, day(2027, 2, 27), day(2027, 1, 31), day(2027, 2, 27), true},
		{"31st: the 28th in February", on31, day(2027, 2, 28), day(2027, 2, 28), day(2027, 3, 30), true},
		{"31st: back on the 31st", on31, day(2027, 3, 31), day(2027, 3, 31), day(2027, 4, 29), true},
		{"31st: April has 30", on31, day(2027, 4, 30), day(2027, 4, 30), day(2027, 5, 30), true},
		{"31st: leap February", on31, day(2028, 2, 29), day(2028, 2, 29), day(2028, 3, 30), true},
		{"yearly from November", yearly, day(2026, 1, 1), day(2025, 11, 1), day(2026, 10, 31), true},
		{"yearly: the second year", yearly, day(2026, 11, 1), day(2026, 11, 1), day(2027, 10, 31), true},
		{"new version cuts the cycle", changed, day(2026, 10, 5), day(2026, 10, 1), day(2026, 10, 19), true},
		{"new version starts a cycle", changed, day(2026, 10, 20), day(2026, 10, 20), day(2026, 11, 19), true},
		{"an hourly version ends the last", changed, day(2026, 11, 25), day(2026, 11, 20), day(2026, 12, 4), true},
		{"no cycle under hourly", changed, day(2026, 12, 5), 0, 0, false},
	}
	for _, tt := range tests {
		c, ok := tt.c.CycleOn(tt.d)
		if ok != tt.ok || ok && (c.Start != tt.start || c.End != tt.end) {
			t.Errorf("%s: CycleOn(%s) = %s..%s %v, want %s..%s %v", tt.name, tt.d, c.Start, c.End, ok, tt.start, tt.end, tt.ok)
		}
	}
}

func TestCyclesStartingNeverBeforeTheContract(t *testing.T) {
	yearly := Client{Plans: []Plan{retainer(day(2025, 11, 1), Year, 1, 1)}}
	got := yearly.CyclesStarting(day(2025, 1, 1), day(2026, 12, 31))
	if len(got) != 2 || got[0].Start != day(2025, 11, 1) || got[1].Start != day(2026, 11, 1) {
		t.Errorf("yearly fees %+v, want 2025-11-01 and 2026-11-01", got)
	}
	changed := Client{Plans: []Plan{retainer(day(2026, 10, 1), Month, 1, 1), retainer(day(2026, 10, 20), Month, 2, 1), {From: day(2026, 12, 5), Kind: Hourly, Rate: 1}}}
	var starts []Date
	for _, c := range changed.CyclesStarting(day(2026, 9, 1), day(2027, 1, 31)) {
		starts = append(starts, c.Start)
	}
	want := []Date{day(2026, 10, 1), day(2026, 10, 20), day(2026, 11, 20)}
	if len(starts) != len(want) || starts[0] != want[0] || starts[1] != want[1] || starts[2] != want[2] {
		t.Errorf("cycle starts %v, want %v", starts, want)
	}
}

func TestMonthlyRetainerAnchoredOnThe15th(t *testing.T) {
	agency := Client{ID: 1, Name: "Agency", Currency: "USD", Plans: []Plan{retainer(day(2026, 10, 15), Month, 100000, 10*3600)}}
	l := Ledger{Clients: []Client{agency}, Tasks: []Task{{ID: 1, ClientID: 1}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 10, 20, 9, 0), 8*time.Hour),  // cycle Oct 15–Nov 14: 8 of 10 h
			entry(2, 1, at(utc, 2026, 11, 10, 9, 0), 4*time.Hour),  // 2 h included, 2 h × 50 = 100.00
			entry(3, 1, at(utc, 2026, 11, 16, 9, 0), 3*time.Hour),  // cycle Nov 15–Dec 14: included
			entry(4, 1, at(utc, 2026, 12, 15, 9, 0), 11*time.Hour), // cycle Dec 15: 1 h over, outside the range
		}}
	// November starts mid-cycle, yet counts the cycle's 8 h from October 20.
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "time", cr.TimeAmount, 10000)
	if len(cr.Items) != 1 || cr.Items[0].Date != day(2026, 11, 15) || cr.Items[0].Note != "retainer 2026-11-15 to 2026-12-14" {
		t.Errorf("fees %+v, want one on 2026-11-15", cr.Items)
	}
	checkMoney(t, "amount", cr.Amount, 100000+10000)
	p := agency.Plans[0]
	want := []CycleUse{
		{Cycle{day(2026, 10, 15), day(2026, 11, 14), p, p.Fee, p.Included}, 12 * 3600},
		{Cycle{day(2026, 11, 15), day(2026, 12, 14), p, p.Fee, p.Included}, 3 * 3600},
	}
	if len(cr.Cycles) != 2 || cr.Cycles[0] != want[0] || cr.Cycles[1] != want[1] {
		t.Errorf("cycles %+v, want %+v", cr.Cycles, want)
	}
	// October: only the first fee, on the 15th, and nothing over.
	oct := only(t, buildFor(t, l, day(2026, 10, 1), day(2026, 10, 31)))
	checkMoney(t, "october", oct.Amount, 100000)
}

func TestYearlyRetainerFromNovember(t *testing.T) {
	firm := Client{ID: 1, Name: "Firm", Currency: "USD", Plans: []Plan{retainer(day(2025, 11, 1), Year, 1200000, 100*3600)}}
	l := Ledger{Clients: []Client{firm}, Tasks: []Task{{ID: 1, ClientID: 1}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2025, 12, 1, 9, 0), 96*time.Hour), // 96 of 100 h, in the 2025-11 cycle
			entry(2, 1, at(utc, 2026, 10, 1, 9, 0), 6*time.Hour),  // 4 h included, 2 h × 50 = 100.00
			entry(3, 1, at(utc, 2026, 11, 2, 9, 0), 6*time.Hour),  // new cycle: included
			entry(4, 1, at(utc, 2025, 10, 30, 9, 0), 1*time.Hour), // before the contract: the cycle counted back
		}}
	// The calendar year 2026: the fee on 1 November only, never 1 January.
	cr := only(t, buildFor(t, l, day(2026, 1, 1), day(2026, 12, 31)))
	if len(cr.Items) != 1 || cr.Items[0].Date != day(2026, 11, 1) {
		t.Errorf("fees %+v, want one on 2026-11-01", cr.Items)
	}
	checkMoney(t, "2026", cr.Amount, 1200000+10000)
	// October 2025 holds work before the contract and no fee.
	oct := only(t, buildFor(t, l, day(2025, 10, 1), day(2025, 10, 31)))
	checkMoney(t, "october 2025", oct.Amount, 0)
}

// TestNewRetainerVersionMidCycle: a version that a tally before
// --prorate let start inside a cycle keeps the cycles it was billed by:
// its own anchor, and a whole fee for the cycle it cut short.
func TestNewRetainerVersionMidCycle(t *testing.T) {
	c := Client{ID: 1, Name: "Agency", Currency: "USD", Plans: []Plan{
		retainer(day(2026, 10, 1), Month, 100000, 10*3600),
		retainer(day(2026, 10, 20), Month, 150000, 10*3600),
	}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 10, 5, 9, 0), 8*time.Hour),  // first cycle: included
			entry(2, 1, at(utc, 2026, 10, 25, 9, 0), 8*time.Hour), // the new cycle's own 10 h: included
		}}
	cr := only(t, buildFor(t, l, day(2026, 10, 1), day(2026, 10, 31)))
	// Two fees: 1000.00 on the 1st, 1500.00 on the 20th; no overage.
	checkMoney(t, "october", cr.Amount, 100000+150000)
	if cr.TimeAmount != 0 || len(cr.Items) != 2 || cr.Items[1].Date != day(2026, 10, 20) {
		t.Errorf("time %d items %+v", cr.TimeAmount, cr.Items)
	}
}

func TestHistoryStart(t *testing.T) {
	clients := []Client{
		{Plans: []Plan{{Kind: Hourly, Rate: 1}}},
		{Plans: []Plan{retainer(day(2026, 10, 15), Month, 1, 1)}},
		{Plans: []Plan{retainer(day(2025, 11, 1), Year, 1, 1)}},
	}
	if got := clients[1].HistoryStart(day(2026, 11, 20)); got != day(2026, 11, 15) {
		t.Errorf("monthly: %s, want 2026-11-15", got)
	}
	if got := clients[2].HistoryStart(day(2026, 11, 20)); got != day(2026, 11, 1) {
		t.Errorf("yearly: %s, want 2026-11-01", got)
	}
	if got := clients[0].HistoryStart(day(2026, 11, 20)); got != day(2026, 11, 20) {
		t.Errorf("hourly only: %s, want the day itself", got)
	}
}

// TestAChangeMidCycleProrates is item 6 of issue 25: a monthly retainer
// of 1000.00 from 1 November, 10 h included, 50.00 an hour beyond, gets
// 20 h included from the 15th with --prorate. November's cycle splits:
// 1000 × 14/30 = 466.67 with 10 h × 14/30 = 4:40 included for the 1st to
// the 14th, and 1000 × 16/30 = 533.33 with 20 h × 16/30 = 10:40 for the
// 15th to the 30th; December is a whole cycle again, on the same anchor.
func TestAChangeMidCycleProrates(t *testing.T) {
	first := retainer(day(2026, 11, 1), Month, 100000, 10*3600)
	more := retainer(day(2026, 11, 15), Month, 100000, 20*3600)
	more.Prorate = true
	c := Client{ID: 1, Name: "Agency", Currency: "USD", Plans: []Plan{first, more}}
	want := []Cycle{
		{day(2026, 11, 1), day(2026, 11, 14), first, 46667, 16800},
		{day(2026, 11, 15), day(2026, 11, 30), more, 53333, 38400},
		{day(2026, 12, 1), day(2026, 12, 31), more, 100000, 20 * 3600},
	}
	for _, w := range want {
		if got, ok := c.CycleOn(w.End); !ok || got != w {
			t.Errorf("cycle on %s: %+v, want %+v", w.End, got, w)
		}
	}
	if got := c.CyclesStarting(day(2026, 11, 1), day(2026, 12, 31)); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("fees of November and December: %+v", got)
	}
	// 6 h on the 3rd: 4:40 included, 1:20 over; 12 h on the 20th: 10:40
	// included, 1:20 over. One overage line: 2:40 = 2.67 h × 50 = 133.50.
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Posts"}},
		Entries: []Entry{entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 6*time.Hour), entry(2, 1, at(utc, 2026, 11, 20, 8, 0), 12*time.Hour)}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "November", cr.Amount, 46667+53333+13350)
}

// TestALaterVersionKeepsTheAnchor: a version from a cycle's first day
// splits nothing, and keeps counting from the first version's anchor: from
// the 31st, the cycle after 28 February starts on 31 March.
func TestALaterVersionKeepsTheAnchor(t *testing.T) {
	c := Client{Plans: []Plan{retainer(day(2027, 1, 31), Month, 100000, 3600), retainer(day(2027, 2, 28), Month, 120000, 3600)}}
	got, _ := c.CycleOn(day(2027, 3, 30))
	if got.Start != day(2027, 2, 28) || got.End != day(2027, 3, 30) || got.Fee != 120000 {
		t.Errorf("cycle %+v, want 2027-02-28 to 2027-03-30 for the whole 1200.00", got)
	}
	if prior, _ := c.CycleOn(day(2027, 2, 27)); prior.Fee != 100000 || prior.End != day(2027, 2, 27) {
		t.Errorf("the first cycle %+v, whole", prior)
	}
}
