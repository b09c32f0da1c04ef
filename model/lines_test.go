package model

import (
	"testing"
	"time"
)

func amounts(entries []PricedEntry) []int64 {
	var out []int64
	for _, p := range entries {
		out = append(out, p.Amount)
	}
	return out
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestThreeThirdsOfAnHourAt35(t *testing.T) {
	c := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 3500}}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Mail"}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 20*time.Minute),
			entry(2, 1, at(utc, 2026, 11, 3, 10, 0), 20*time.Minute),
			entry(3, 1, at(utc, 2026, 11, 3, 11, 0), 20*time.Minute),
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	// One line: 3600 s × 35.00/h = 35.00, never 3 × 11.67 = 35.01.
	if len(cr.Lines) != 1 || cr.Lines[0] != (Line{Kind: LinePlan, Rate: 3500, Billed: 3600, Amount: 3500}) {
		t.Fatalf("lines %+v", cr.Lines)
	}
	checkMoney(t, "time amount", cr.TimeAmount, 3500)
	// Each share is 11.666…: floors 11.66 × 3 = 34.98, two cents left; the
	// remainders tie, so the two earlier entries get them.
	if got := amounts(cr.Entries); !equalInts(got, []int64{1167, 1167, 1166}) {
		t.Errorf("shares %v, want [1167 1167 1166]", got)
	}
	for _, p := range cr.Entries {
		if p.Charged != 1200 || p.Line != 0 || p.Rate != 3500 {
			t.Errorf("entry %d: charged %d line %d rate %d", p.Entry.ID, p.Charged, p.Line, p.Rate)
		}
	}
}

func TestLargestRemainderGoesToTheLargestFraction(t *testing.T) {
	c := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 100}}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 10*time.Second),  // 10 s × 1.00/h = 0.278 cents: floor 0, remainder 1000
			entry(2, 1, at(utc, 2026, 11, 3, 10, 0), 7*time.Second),  // 0.194 cents: remainder 700
			entry(3, 1, at(utc, 2026, 11, 3, 11, 0), 9*time.Second),  // 0.25 cents: remainder 900
			entry(4, 1, at(utc, 2026, 11, 3, 12, 0), 10*time.Second), // 0.278 cents: remainder 1000, ties with entry 1
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	// The line: 36 s × 1.00/h = 1 cent exactly; it goes to the largest
	// remainder, and of the two equal ones to the earlier entry.
	checkMoney(t, "line", cr.Lines[0].Amount, 1)
	if got := amounts(cr.Entries); !equalInts(got, []int64{1, 0, 0, 0}) {
		t.Errorf("shares %v, want [1 0 0 0]", got)
	}
	// Add 18 s: 54 s is 1.5 cents → 2; the floors are all 0, so the two
	// largest remainders, 1800 (entry 5) and the earlier 1000, get a cent.
	l.Entries = append(l.Entries, entry(5, 1, at(utc, 2026, 11, 3, 13, 0), 18*time.Second))
	cr = only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	checkMoney(t, "line", cr.Lines[0].Amount, 2)
	if got := amounts(cr.Entries); !equalInts(got, []int64{1, 0, 0, 0, 1}) {
		t.Errorf("shares %v, want [1 0 0 0 1]", got)
	}
}

func TestLineSpansAPlanChangeWithTheSameRate(t *testing.T) {
	c := Client{ID: 1, Name: "Shop", Currency: "USD", Plans: []Plan{
		{From: day(2026, 1, 1), Kind: Hourly, Rate: 3500},
		{From: day(2026, 11, 10), Kind: Commission, PercentBP: 500, Rate: 3500},
		{From: day(2026, 11, 20), Kind: Hourly, Rate: 3500},
	}}
	l := Ledger{Clients: []Client{c},
		Tasks: []Task{{ID: 1, ClientID: 1}, {ID: 2, ClientID: 1, HasRate: true, Rate: 3500}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 5, 9, 0), 20*time.Minute),  // plan rate 35
			entry(2, 1, at(utc, 2026, 11, 12, 9, 0), 20*time.Minute), // commission base 35
			entry(3, 1, at(utc, 2026, 11, 25, 9, 0), 20*time.Minute), // plan rate 35 again
			entry(4, 2, at(utc, 2026, 11, 26, 9, 0), 20*time.Minute), // the task's own 35
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	// Plan: 40 min × 35 = 23.333 → 23.33, one line over both hourly
	// versions; base: 20 min = 11.67; task rate: 20 min = 11.67.
	want := []Line{{LinePlan, 3500, 2400, 2333}, {LineBase, 3500, 1200, 1167}, {LineTaskRate, 3500, 1200, 1167}}
	if len(cr.Lines) != len(want) {
		t.Fatalf("lines %+v", cr.Lines)
	}
	for i, w := range want {
		if cr.Lines[i] != w {
			t.Errorf("line %d = %+v, want %+v", i, cr.Lines[i], w)
		}
	}
	checkMoney(t, "time amount", cr.TimeAmount, 2333+1167+1167)
	// Entry 1 and 3 share 23.33: 11.666… each, the cent to the earlier.
	if got := amounts(cr.Entries); !equalInts(got, []int64{1167, 1167, 1166, 1167}) {
		t.Errorf("shares %v", got)
	}
	if len(cr.Plans) != 3 {
		t.Errorf("plans in force %+v, want all three versions", cr.Plans)
	}
}

func TestOverageLineChargesOnlyTheOverage(t *testing.T) {
	c := Client{ID: 1, Name: "Agency", Currency: "USD", Plans: []Plan{
		{From: day(2026, 11, 1), Kind: Retainer, Fee: 100000, Period: Month, Included: 3600, OverageRate: 4500},
	}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 2, 9, 0), 40*time.Minute),  // included
			entry(2, 1, at(utc, 2026, 11, 2, 10, 0), 40*time.Minute), // 20 min included, 20 over
			entry(3, 1, at(utc, 2026, 11, 2, 11, 0), 20*time.Minute), // all over
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	// Overage: 40 min × 45 = 30.00, shared 15.00 and 15.00.
	if len(cr.Lines) != 1 || cr.Lines[0] != (Line{LineOverage, 4500, 2400, 3000}) {
		t.Fatalf("lines %+v", cr.Lines)
	}
	charged := []int64{cr.Entries[0].Charged, cr.Entries[1].Charged, cr.Entries[2].Charged}
	if !equalInts(charged, []int64{0, 1200, 1200}) || !equalInts(amounts(cr.Entries), []int64{0, 1500, 1500}) {
		t.Errorf("charged %v, shares %v", charged, amounts(cr.Entries))
	}
	if len(cr.Cycles) != 1 || cr.Cycles[0].Used != 100*60 || cr.Cycles[0].Start != day(2026, 11, 1) || cr.Cycles[0].End != day(2026, 11, 30) {
		t.Errorf("cycles %+v", cr.Cycles)
	}
	// 1000.00 + 30.00 over 1 h 40 min tracked: 1030 / (5/3) = 618.00 per hour.
	if rate, ok := cr.EffectiveRate(); !ok || rate != 61800 {
		t.Errorf("effective rate %d, %v", rate, ok)
	}
}

func TestRefundCancelsItsCommission(t *testing.T) {
	c := Client{ID: 1, Name: "Store", Currency: "USD", Plans: []Plan{{Kind: Commission, PercentBP: 1000}}}
	l := Ledger{Clients: []Client{c}, Sales: []Sale{
		{ID: 1, ClientID: 1, Date: day(2026, 11, 5), Amount: 123455},                    // 123.455 → 123.46
		{ID: 2, ClientID: 1, Date: day(2026, 11, 9), Amount: -123455, Note: "returned"}, // -123.455 → -123.46
		{ID: 3, ClientID: 1, Date: day(2026, 11, 9), Amount: -5},                        // -0.005 → -0.01
	}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "amount", cr.Amount, -1)
	if cr.Items[1].Amount != -12346 || cr.Items[1].Note != "10% of refund -1234.55: returned" {
		t.Errorf("refund item %+v", cr.Items[1])
	}
	if _, ok := cr.EffectiveRate(); ok {
		t.Error("an effective rate with nothing tracked")
	}
}

func TestEffectiveRate(t *testing.T) {
	tests := []struct {
		amount, seconds, want int64
	}{
		{120000, 10 * 3600, 12000}, // 1200.00 over 10 h = 120.00
		{10000, 7 * 60, 85714},     // 100.00 over 7 min = 857.142… → 857.14
		{1, 7200, 1},               // 0.01 over 2 h = 0.005 → 0.01
		{-1, 7200, -1},
	}
	for _, tt := range tests {
		if got, ok := HourlyRate(tt.amount, tt.seconds); !ok || got != tt.want {
			t.Errorf("HourlyRate(%d, %d) = %d, want %d", tt.amount, tt.seconds, got, tt.want)
		}
	}
}

func TestTaskProgress(t *testing.T) {
	bid := Task{Title: "Landing page", HasPrice: true, Price: 30000, Estimate: 8 * 3600}
	// 10 h on an 8 h estimate: 125 %, over; 300.00 / 10 h = 30.00/h.
	p := TaskProgress(bid, 10*3600)
	if p.Burn != 125 || !p.Over || p.Effective != 3000 || !p.HasEffective {
		t.Errorf("progress %+v", p)
	}
	if got := p.Text(bid, "USD"); got != "10:00 of 8:00 (125%) over estimate, 30.00/h effective" {
		t.Errorf("text %q", got)
	}
	// 3:20 of 5:00 = 66.67 % → 67 %; no price, no effective rate.
	mail := Task{Estimate: 5 * 3600}
	if p := TaskProgress(mail, 3*3600+20*60); p.Burn != 67 || p.Over || p.HasEffective {
		t.Errorf("progress %+v", p)
	}
	if p := TaskProgress(bid, 0); p.HasEffective || p.Burn != 0 {
		t.Errorf("untouched bid %+v", p)
	}
}

func TestMoveToDayKeepsTheSeconds(t *testing.T) {
	e := Entry{ID: 1, Start: time.Date(2026, 11, 26, 22, 10, 7, 0, utc), End: time.Date(2026, 11, 27, 1, 3, 47, 0, utc)}
	moved, err := MoveToDay(e, day(2026, 11, 20), utc)
	if err != nil || !moved.Start.Equal(time.Date(2026, 11, 20, 22, 10, 7, 0, utc)) || !moved.End.Equal(time.Date(2026, 11, 21, 1, 3, 47, 0, utc)) {
		t.Errorf("moved %v to %v, %v", moved.Start, moved.End, err)
	}
}
