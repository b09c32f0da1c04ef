package model

import (
	"slices"
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
	mail := Task{ID: 1, ClientID: 1, Title: "Mail"}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{mail},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 20*time.Minute),
			entry(2, 1, at(utc, 2026, 11, 3, 10, 0), 20*time.Minute),
			entry(3, 1, at(utc, 2026, 11, 3, 11, 0), 20*time.Minute),
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	// One line: 3600 s is 1.00 h, × 35.00/h = 35.00, never 3 × 11.67 = 35.01.
	if len(cr.Lines) != 1 || cr.Lines[0] != (Line{Kind: LinePlan, Rate: 3500, Task: mail, Billed: 3600, Quantity: 100, Amount: 3500}) {
		t.Fatalf("lines %+v", cr.Lines)
	}
	checkMoney(t, "time amount", cr.TimeAmount, 3500)
	// Each share is 35.00 × 1200/3600 = 11.666…: floors 11.66 × 3 = 34.98,
	// two cents left; the remainders tie, so the two earlier entries get
	// them.
	if got := amounts(cr.Entries); !equalInts(got, []int64{1167, 1167, 1166}) {
		t.Errorf("shares %v, want [1167 1167 1166]", got)
	}
	for _, p := range cr.Entries {
		if p.Charged != 1200 || p.Line != 0 || p.Rate != 3500 {
			t.Errorf("entry %d: charged %d line %d rate %d", p.Entry.ID, p.Charged, p.Line, p.Rate)
		}
	}
}

func TestALineMultipliesOut(t *testing.T) {
	// 1:30:08 at 45.00/h: 5408 s is 1.5022 h, so the quantity is 1.50 h and
	// the amount 1.50 × 45.00 = 67.50, what a client's calculator says;
	// never 5408 × 45.00 / 3600 = 67.60 under a quantity of 1.50.
	c := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 4500}}}
	web := Task{ID: 1, ClientID: 1, Title: "Website"}
	start := at(utc, 2026, 11, 3, 9, 0)
	l := Ledger{Clients: []Client{c}, Tasks: []Task{web}, Entries: []Entry{{ID: 1, TaskID: 1, Start: start, End: start.Add(90*time.Minute + 8*time.Second)}}}
	cr := only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	if want := (Line{Kind: LinePlan, Rate: 4500, Task: web, Billed: 5408, Quantity: 150, Amount: 6750}); len(cr.Lines) != 1 || cr.Lines[0] != want {
		t.Fatalf("lines %+v, want %+v", cr.Lines, want)
	}
	if got := cr.Lines[0].QuantityText(); got != "1.50 h" {
		t.Errorf("quantity %q", got)
	}
	checkMoney(t, "the entry's share", cr.Entries[0].Amount, 6750)

	// In yen: 3:25:10 is 3.4194 h → 3.42 h, × 5000 = 17100 JPY, never
	// 12310 × 5000 / 3600 = 17097 (or the 17084 of the issue).
	c.Currency, c.Plans[0].Rate = "JPY", 5000
	l.Clients[0] = c
	l.Entries[0].End = start.Add(3*time.Hour + 25*time.Minute + 10*time.Second)
	cr = only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	if cr.Lines[0].Quantity != 342 || cr.Lines[0].Amount != 17100 {
		t.Errorf("yen line %+v, want 3.42 h and 17100", cr.Lines[0])
	}
}

func TestEachTaskIsALine(t *testing.T) {
	// Two tasks at one rate are two lines, each multiplying out: Mail 40
	// min is 0.67 h × 35.00 = 23.45, Calls 20 min is 0.33 h × 35.00 =
	// 11.55; they come in title order.
	c := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 3500}}}
	mail, calls := Task{ID: 1, ClientID: 1, Title: "Mail"}, Task{ID: 2, ClientID: 1, Title: "Calls"}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{mail, calls},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 20*time.Minute),
			entry(2, 2, at(utc, 2026, 11, 3, 10, 0), 20*time.Minute),
			entry(3, 1, at(utc, 2026, 11, 3, 11, 0), 20*time.Minute),
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	want := []Line{
		{Kind: LinePlan, Rate: 3500, Task: calls, Billed: 1200, Quantity: 33, Amount: 1155},
		{Kind: LinePlan, Rate: 3500, Task: mail, Billed: 2400, Quantity: 67, Amount: 2345},
	}
	if !slices.Equal(cr.Lines, want) {
		t.Fatalf("lines %+v, want %+v", cr.Lines, want)
	}
	// Mail's 23.45 in two equal halves: 11.725 each, floors 11.72 + 11.72,
	// the cent left to the earlier entry.
	if got := amounts(cr.Entries); !equalInts(got, []int64{1173, 1155, 1172}) {
		t.Errorf("shares %v, want [1173 1155 1172]", got)
	}
}

func TestLargestRemainderGoesToTheLargestFraction(t *testing.T) {
	c := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 100}}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 10*time.Second),  // share 1 × 10/36: floor 0, remainder 10
			entry(2, 1, at(utc, 2026, 11, 3, 10, 0), 7*time.Second),  // remainder 7
			entry(3, 1, at(utc, 2026, 11, 3, 11, 0), 9*time.Second),  // remainder 9
			entry(4, 1, at(utc, 2026, 11, 3, 12, 0), 10*time.Second), // remainder 10, ties with entry 1
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3)))
	// The line: 36 s is 0.01 h, × 1.00/h = 1 cent; it goes to the largest
	// remainder, and of the two equal ones to the earlier entry.
	checkMoney(t, "line", cr.Lines[0].Amount, 1)
	if got := amounts(cr.Entries); !equalInts(got, []int64{1, 0, 0, 0}) {
		t.Errorf("shares %v, want [1 0 0 0]", got)
	}
	// Add 18 s: 54 s is 0.015 h → 0.02 h = 2 cents; the shares 2 × s/54
	// all floor to 0, so the two largest remainders, 36 (entry 5) and the
	// earlier 20 (entry 1, tied with entry 4), get a cent.
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
	listings, rush := Task{ID: 1, ClientID: 1, Title: "Listings"}, Task{ID: 2, ClientID: 1, Title: "Rush", HasRate: true, Rate: 3500}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{listings, rush},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 5, 9, 0), 20*time.Minute),  // plan rate 35
			entry(2, 1, at(utc, 2026, 11, 12, 9, 0), 20*time.Minute), // commission base 35
			entry(3, 1, at(utc, 2026, 11, 25, 9, 0), 20*time.Minute), // plan rate 35 again
			entry(4, 2, at(utc, 2026, 11, 26, 9, 0), 20*time.Minute), // the task's own 35
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	// Listings at the plan rate: 40 min over both hourly versions, one line
	// of 0.67 h × 35 = 23.45; at the base rate 20 min = 0.33 h × 35 =
	// 11.55; Rush at its own rate 11.55 too.
	want := []Line{
		{Kind: LinePlan, Rate: 3500, Task: listings, Billed: 2400, Quantity: 67, Amount: 2345},
		{Kind: LineBase, Rate: 3500, Task: listings, Billed: 1200, Quantity: 33, Amount: 1155},
		{Kind: LineTaskRate, Rate: 3500, Task: rush, Billed: 1200, Quantity: 33, Amount: 1155},
	}
	if !slices.Equal(cr.Lines, want) {
		t.Fatalf("lines %+v, want %+v", cr.Lines, want)
	}
	checkMoney(t, "time amount", cr.TimeAmount, 2345+1155+1155)
	// Entries 1 and 3 share 23.45: 11.725 each, the cent to the earlier.
	if got := amounts(cr.Entries); !equalInts(got, []int64{1173, 1155, 1172, 1155}) {
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
	posts := Task{ID: 1, ClientID: 1, Title: "Posts"}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{posts},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 2, 9, 0), 40*time.Minute),  // included
			entry(2, 1, at(utc, 2026, 11, 2, 10, 0), 40*time.Minute), // 20 min included, 20 over
			entry(3, 1, at(utc, 2026, 11, 2, 11, 0), 20*time.Minute), // all over
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	// Overage: 40 min is 0.67 h, × 45.00 = 30.15, shared 15.075 each: the
	// cent left over goes to the earlier entry, 15.08 and 15.07.
	if want := (Line{Kind: LineOverage, Rate: 4500, Task: posts, Billed: 2400, Quantity: 67, Amount: 3015}); len(cr.Lines) != 1 || cr.Lines[0] != want {
		t.Fatalf("lines %+v", cr.Lines)
	}
	charged := []int64{cr.Entries[0].Charged, cr.Entries[1].Charged, cr.Entries[2].Charged}
	if !equalInts(charged, []int64{0, 1200, 1200}) || !equalInts(amounts(cr.Entries), []int64{0, 1508, 1507}) {
		t.Errorf("charged %v, shares %v", charged, amounts(cr.Entries))
	}
	if len(cr.Cycles) != 1 || cr.Cycles[0].Used != 100*60 || cr.Cycles[0].Start != day(2026, 11, 1) || cr.Cycles[0].End != day(2026, 11, 30) {
		t.Errorf("cycles %+v", cr.Cycles)
	}
	// 1000.00 + 30.15 over 1 h 40 min tracked: 1030.15 × 60/100 = 618.09
	// per hour.
	if rate, ok := cr.EffectiveRate(); !ok || rate != 61809 {
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

// An effective rate is said only over a quarter hour tracked or more:
// over less it tells of the minute, not of the work (960.00 over one
// minute would read 57600.00/h). Under it the text is "—", and "-" with
// nothing tracked at all is "—" too; the figure itself stays (JSON).
func TestEffectiveRateText(t *testing.T) {
	tests := []struct {
		name            string
		amount, seconds int64
		want            string
	}{
		{"one minute", 96000, 60, "—"},
		{"a second short of a quarter hour", 24000, 15*60 - 1, "—"},
		{"a quarter hour", 24000, 15 * 60, "960.00/h"}, // 240.00 × 4
		{"nothing tracked", 5000, 0, "—"},
		{"ten hours", 120000, 10 * 3600, "120.00/h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cr := ClientReport{Client: Client{Currency: "USD"}, Amount: tt.amount, Tracked: tt.seconds}
			if got := cr.EffectiveText(); got != tt.want {
				t.Errorf("client: %q, want %q", got, tt.want)
			}
			bid := Task{HasPrice: true, Price: tt.amount}
			if got := TaskProgress(bid, tt.seconds).EffectiveText("USD"); got != tt.want {
				t.Errorf("fixed price: %q, want %q", got, tt.want)
			}
		})
	}
}
