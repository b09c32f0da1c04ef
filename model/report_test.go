package model

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

var utc = time.UTC

func day(y int, m time.Month, d int) Date { return MakeDate(y, m, d) }

// at returns an instant on a day in loc; span makes an entry of hours:minutes.
func at(loc *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

func entry(id, task int64, start time.Time, length time.Duration) Entry {
	return Entry{ID: id, TaskID: task, Start: start, End: start.Add(length)}
}

func buildFor(t *testing.T, l Ledger, from, to Date, opts ...func(*ReportOptions)) Report {
	t.Helper()
	o := ReportOptions{From: from, To: to, Location: utc, Now: at(utc, 2026, 12, 31, 23, 0)}
	for _, f := range opts {
		f(&o)
	}
	r := BuildReport(l, o)
	// Every hand-worked figure holds for the summary read one entry at a
	// time too: it is the report without its entries.
	summary := BuildSummary(l, slices.Values(slices.SortedStableFunc(slices.Values(l.Entries), CompareEntries)), o)
	want := r
	want.Clients = slices.Clone(r.Clients)
	for i := range want.Clients {
		want.Clients[i].Entries = nil
	}
	if !reflect.DeepEqual(summary, want) {
		t.Errorf("the summary read one entry at a time differs from the report:\n%+v\n%+v", summary, want)
	}
	return r
}

func only(t *testing.T, r Report) ClientReport {
	t.Helper()
	if len(r.Clients) != 1 {
		t.Fatalf("report has %d clients, want 1", len(r.Clients))
	}
	return r.Clients[0]
}

func checkMoney(t *testing.T, what string, got, want int64) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %s, want %s", what, FormatAmount(got, "USD"), FormatAmount(want, "USD"))
	}
}

func TestHourlyPlan(t *testing.T) {
	acme := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 4000}}}
	l := Ledger{
		Clients: []Client{acme},
		Tasks:   []Task{{ID: 1, ClientID: 1, Title: "Mail"}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 90*time.Minute),                                                 // 5400 s
			entry(2, 1, at(utc, 2026, 11, 4, 9, 0), 80*time.Minute+10*time.Second),                                  // 4810 s
			{ID: 3, TaskID: 1, Start: at(utc, 2026, 11, 5, 9, 0), End: at(utc, 2026, 11, 5, 10, 0), Unbilled: true}, // tracked, not billed
			entry(4, 1, at(utc, 2026, 10, 31, 23, 0), 2*time.Hour),                                                  // starts in October: not in November
		},
	}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	// One line: 10210 s is 2.8361 h → 2.84 h × 40.00 = 113.60.
	checkMoney(t, "time amount", cr.TimeAmount, 11360)
	if cr.Tracked != 5400+4810+3600 || cr.Billed != 5400+4810 {
		t.Errorf("tracked %d billed %d, want %d and %d", cr.Tracked, cr.Billed, 5400+4810+3600, 5400+4810)
	}
	if len(cr.Entries) != 3 || cr.Entries[2].Billable || cr.Entries[2].Pricing != PricedUnbilled {
		t.Errorf("entries %+v", cr.Entries)
	}
}

func TestRoundingPerEntry(t *testing.T) {
	acme := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 6000}}}
	l := Ledger{
		Clients: []Client{acme},
		Tasks:   []Task{{ID: 1, ClientID: 1, Title: "Edit"}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 9, 0), 7*time.Minute),  // 7 min
			entry(2, 1, at(utc, 2026, 11, 3, 10, 0), 8*time.Minute), // 8 min
			entry(3, 1, at(utc, 2026, 11, 3, 11, 0), 15*time.Minute),
		},
	}
	tests := []struct {
		mode   RoundMode
		billed int64
		amount int64
	}{
		// up: 15+15+15 = 45 min × 60/h = 45.00
		{RoundUp, 45 * 60, 4500},
		// nearest: 7→0, 8→15 (7.5 is the half), 15→15 = 30 min = 30.00
		{RoundNearest, 30 * 60, 3000},
		// down: 0+0+15 = 15 min = 15.00
		{RoundDown, 15 * 60, 1500},
	}
	for _, tt := range tests {
		cr := only(t, buildFor(t, l, day(2026, 11, 3), day(2026, 11, 3), func(o *ReportOptions) {
			o.Rounding = Rounding{Step: 900, Mode: tt.mode}
		}))
		if cr.Billed != tt.billed || cr.Tracked != 30*60 {
			t.Errorf("%s: billed %d tracked %d, want billed %d tracked 1800", tt.mode, cr.Billed, cr.Tracked, tt.billed)
		}
		checkMoney(t, string(tt.mode)+" amount", cr.TimeAmount, tt.amount)
	}
}

func TestMonthlyRetainerStraddlesIncludedHours(t *testing.T) {
	agency := Client{ID: 2, Name: "Agency", Currency: "USD", Plans: []Plan{{
		From: day(2026, 1, 1), Kind: Retainer, Fee: 120000, Period: Month, Included: 30 * 3600, OverageRate: 4500,
	}}}
	l := Ledger{
		Clients: []Client{agency},
		Tasks:   []Task{{ID: 1, ClientID: 2, Title: "Posts"}, {ID: 2, ClientID: 2, Title: "Audit", HasRate: true, Rate: 9000}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2026, 11, 3, 8, 0), 10*time.Hour),
			entry(2, 1, at(utc, 2026, 11, 4, 8, 0), 10*time.Hour),
			entry(3, 1, at(utc, 2026, 11, 10, 8, 0), 8*time.Hour), // 28 h used
			entry(4, 2, at(utc, 2026, 11, 12, 8, 0), 1*time.Hour), // own rate: 90.00, outside the retainer
			entry(5, 1, at(utc, 2026, 11, 17, 8, 0), 5*time.Hour), // 2 h included, 3 h × 45 = 135.00
			entry(6, 1, at(utc, 2026, 12, 1, 8, 0), 2*time.Hour),  // December: a fresh 30 h
		},
	}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "time amount", cr.TimeAmount, 13500+9000)
	if len(cr.Items) != 1 || cr.Items[0].Kind != ItemRetainerFee || cr.Items[0].Date != day(2026, 11, 1) {
		t.Fatalf("items %+v, want one fee on 2026-11-01", cr.Items)
	}
	checkMoney(t, "amount", cr.Amount, 120000+13500+9000)
	straddle := cr.Entries[4]
	if straddle.Charged != 3*3600 || straddle.Rate != 4500 || !straddle.HasRate {
		t.Errorf("straddling line %+v", straddle)
	}
	if cr.Entries[0].HasRate || cr.Entries[0].Amount != 0 || cr.Entries[0].Line != -1 {
		t.Errorf("included entry %+v should have no rate, line or amount", cr.Entries[0])
	}

	dec := only(t, buildFor(t, l, day(2026, 12, 1), day(2026, 12, 31)))
	checkMoney(t, "december", dec.Amount, 120000) // fee only; 2 h are included
}

func TestYearlyRetainerUsesMonthsOutsideRange(t *testing.T) {
	firm := Client{ID: 3, Name: "Firm", Currency: "USD", Plans: []Plan{{
		From: day(2026, 1, 1), Kind: Retainer, Fee: 600000, Period: Year, Included: 100 * 3600, OverageRate: 5000,
	}}}
	l := Ledger{Clients: []Client{firm}, Tasks: []Task{{ID: 1, ClientID: 3, Title: "Books"}}}
	// 19 entries of 5 h from January to October use 95 of the 100 hours.
	for i := range 19 {
		start := at(utc, 2026, time.Month(1+i/2), 5+i%2*10, 9, 0)
		l.Entries = append(l.Entries, entry(int64(i+1), 1, start, 5*time.Hour))
	}
	// November: 8 h, of which 5 are included and 3 charged at 50 = 150.00.
	l.Entries = append(l.Entries, entry(100, 1, at(utc, 2026, 11, 4, 9, 0), 8*time.Hour))

	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "november amount", cr.Amount, 15000) // the fee is dated 2026-01-01, outside
	if len(cr.Items) != 0 || cr.Billed != 8*3600 {
		t.Errorf("items %+v billed %d", cr.Items, cr.Billed)
	}
	year := only(t, buildFor(t, l, day(2026, 1, 1), day(2026, 12, 31)))
	checkMoney(t, "year amount", year.Amount, 600000+15000)
}

func TestUnlimitedRetainerAndFeeOnlyWhileInForce(t *testing.T) {
	c := Client{ID: 1, Name: "Co", Currency: "USD", Plans: []Plan{
		{From: day(2026, 9, 15), Kind: Retainer, Fee: 50000, Period: Month, Unlimited: true},
		{From: day(2026, 11, 1), Kind: Hourly, Rate: 3000},
	}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "T"}},
		Entries: []Entry{entry(1, 1, at(utc, 2026, 10, 2, 9, 0), 300*time.Hour)}}
	// A salary (every hour included): cycles anchored on the 15th, fees on
	// 2026-09-15 and 2026-10-15; the second cycle is cut short by the
	// hourly version on 11-01, which an older tally let start inside it
	// (no --prorate): a whole fee. None after.
	cr := only(t, buildFor(t, l, day(2026, 8, 1), day(2026, 12, 31)))
	checkMoney(t, "amount", cr.Amount, 2*50000)
	if len(cr.Items) != 2 || cr.Items[0].Date != day(2026, 9, 15) || cr.Items[1].Date != day(2026, 10, 15) ||
		cr.Items[1].Note != "salary 2026-10-15 to 2026-10-31" {
		t.Errorf("fees %+v", cr.Items)
	}
	if cr.Plan.Kind != Hourly {
		t.Errorf("plan on the last day = %s, want hourly", cr.Plan.Kind)
	}
}

func TestPlanChangeMidMonth(t *testing.T) {
	c := Client{ID: 1, Name: "Shop", Currency: "EUR", Plans: []Plan{
		{From: day(2026, 1, 1), Kind: Hourly, Rate: 4000},
		{From: day(2026, 11, 15), Kind: Hourly, Rate: 5000},
	}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "T"}},
		Entries: []Entry{
			entry(1, 1, at(utc, 2025, 12, 31, 9, 0), time.Hour),   // before the first version: 40.00
			entry(2, 1, at(utc, 2026, 11, 14, 9, 0), 2*time.Hour), // 2 × 40 = 80.00
			entry(3, 1, at(utc, 2026, 11, 15, 9, 0), 2*time.Hour), // 2 × 50 = 100.00
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "november", cr.Amount, 8000+10000)
	old := only(t, buildFor(t, l, day(2025, 12, 31), day(2025, 12, 31)))
	checkMoney(t, "before first version", old.Amount, 4000)
}

func TestFixedPrice(t *testing.T) {
	c := Client{ID: 1, Name: "Bid", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 4000}}}
	site := Task{ID: 7, ClientID: 1, Title: "Landing page", HasPrice: true, Price: 30000, Estimate: 10 * 3600, Done: true, DoneOn: day(2026, 11, 20)}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{site},
		Entries: []Entry{entry(1, 7, at(utc, 2026, 10, 28, 9, 0), 3*time.Hour), entry(2, 7, at(utc, 2026, 11, 18, 9, 0), 3*time.Hour)}}

	nov := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "november", nov.Amount, 30000)
	if nov.TimeAmount != 0 || nov.Entries[0].Pricing != PricedFixed || nov.Billed != 3*3600 {
		t.Errorf("fixed entry %+v billed %d", nov.Entries[0], nov.Billed)
	}
	oct := only(t, buildFor(t, l, day(2026, 10, 1), day(2026, 10, 31)))
	checkMoney(t, "october (done in november)", oct.Amount, 0)
	if len(oct.Items) != 0 {
		t.Errorf("october items %+v", oct.Items)
	}
	if r := buildFor(t, l, day(2026, 12, 1), day(2026, 12, 31)); len(r.Clients) != 0 {
		t.Errorf("december should be empty: %+v", r.Clients)
	}
}

func TestCommission(t *testing.T) {
	c := Client{ID: 1, Name: "Store", Currency: "USD", Plans: []Plan{{Kind: Commission, PercentBP: 1000, Rate: 1500}}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "Listings"}},
		Entries: []Entry{entry(1, 1, at(utc, 2026, 11, 2, 9, 0), 2*time.Hour)}, // 2 × 15 = 30.00
		Sales: []Sale{
			{ID: 1, ClientID: 1, Date: day(2026, 11, 5), Amount: 123455, Note: "order 77"}, // 123.455 → 123.46
			{ID: 2, ClientID: 1, Date: day(2026, 11, 6), Amount: 5},                        // 0.005 → 0.01
			{ID: 3, ClientID: 1, Date: day(2026, 12, 1), Amount: 100000},                   // outside
		}}
	cr := only(t, buildFor(t, l, day(2026, 11, 1), day(2026, 11, 30)))
	checkMoney(t, "amount", cr.Amount, 3000+12346+1)
	if cr.Items[0].Note != "10% of 1234.55: order 77" {
		t.Errorf("note %q", cr.Items[0].Note)
	}
}

func TestRunningEntryCountsToNow(t *testing.T) {
	c := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 4000}}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "T"}},
		Entries: []Entry{{ID: 1, TaskID: 1, Start: at(utc, 2026, 11, 27, 9, 0)}}}
	cr := only(t, buildFor(t, l, day(2026, 11, 27), day(2026, 11, 27), func(o *ReportOptions) {
		o.Now = at(utc, 2026, 11, 27, 10, 15)
	}))
	// 1 h 15 m × 40 = 50.00
	checkMoney(t, "running", cr.Amount, 5000)
	if !cr.Entries[0].End.Equal(at(utc, 2026, 11, 27, 10, 15)) || cr.Tracked != 4500 {
		t.Errorf("running entry %+v", cr.Entries[0])
	}
}

func TestDaylightSavingDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zoneinfo:", err)
	}
	c := Client{ID: 1, Name: "Acme", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 6000}}}
	l := Ledger{Clients: []Client{c}, Tasks: []Task{{ID: 1, ClientID: 1, Title: "T"}},
		Entries: []Entry{
			// 2026-03-08 01:00 to 04:00 EDT is two real hours: 02:00 does not exist.
			{ID: 1, TaskID: 1, Start: at(ny, 2026, 3, 8, 1, 0), End: at(ny, 2026, 3, 8, 4, 0)},
			// Starts 23:30 on the 7th: belongs to the 7th although it ends on the 8th.
			{ID: 2, TaskID: 1, Start: at(ny, 2026, 3, 7, 23, 30), End: at(ny, 2026, 3, 8, 0, 30)},
		}}
	cr := only(t, buildFor(t, l, day(2026, 3, 8), day(2026, 3, 8), func(o *ReportOptions) { o.Location = ny }))
	if cr.Tracked != 7200 {
		t.Errorf("tracked %d, want 7200", cr.Tracked)
	}
	checkMoney(t, "amount", cr.Amount, 12000)
	prev := only(t, buildFor(t, l, day(2026, 3, 7), day(2026, 3, 7), func(o *ReportOptions) { o.Location = ny }))
	if prev.Tracked != 3600 {
		t.Errorf("7th tracked %d, want 3600", prev.Tracked)
	}
}

func TestTouchingEntriesAndTotals(t *testing.T) {
	a := Client{ID: 1, Name: "beta", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 4000}}}
	b := Client{ID: 2, Name: "Alpha", Currency: "EUR", Plans: []Plan{{Kind: Hourly, Rate: 3000}}}
	n := Client{ID: 3, Name: "Internal", Currency: "USD", Plans: []Plan{{Kind: NoPlan}}}
	first := entry(1, 1, at(utc, 2026, 11, 2, 9, 0), time.Hour)
	second := entry(2, 1, at(utc, 2026, 11, 2, 10, 0), time.Hour)
	if first.Overlaps(second, time.Time{}) {
		t.Fatal("entries that only touch must not overlap")
	}
	l := Ledger{Clients: []Client{a, b, n},
		Tasks:   []Task{{ID: 1, ClientID: 1}, {ID: 2, ClientID: 2}, {ID: 3, ClientID: 3}},
		Entries: []Entry{first, second, entry(3, 2, at(utc, 2026, 11, 2, 11, 0), time.Hour), entry(4, 3, at(utc, 2026, 11, 2, 12, 0), time.Hour)}}
	r := buildFor(t, l, day(2026, 11, 2), day(2026, 11, 2))
	if len(r.Clients) != 3 || r.Clients[0].Client.Name != "Alpha" || r.Clients[1].Client.Name != "beta" {
		t.Fatalf("clients out of name order: %v", r.Clients)
	}
	// EUR: 1 h × 30 = 30.00; USD: 2 h × 40 = 80.00 plus an unpaid hour tracked.
	want := []CurrencyTotal{{"EUR", 3600, 3600, 3000}, {"USD", 3 * 3600, 2 * 3600, 8000}}
	for i, w := range want {
		if r.Totals[i] != w {
			t.Errorf("total %d = %+v, want %+v", i, r.Totals[i], w)
		}
	}
	if r.Clients[2].Entries[0].Billable {
		t.Error("time under the none plan must not be billable")
	}
}

func TestResolveTask(t *testing.T) {
	clients := []Client{{ID: 1, Name: "Acme"}, {ID: 2, Name: "Beta"}, {ID: 3, Name: "Gone", Archived: true}}
	tasks := []Task{
		{ID: 1, ClientID: 1, Title: "Write article"},
		{ID: 2, ClientID: 2, Title: "Write article two"},
		{ID: 3, ClientID: 1, Title: "Data entry"},
		{ID: 4, ClientID: 1, Title: "Old data", Done: true},
		{ID: 5, ClientID: 3, Title: "Archived data"},
	}
	tests := []struct {
		ref      string
		clientID int64
		want     int64
		wantErr  bool
	}{
		{"12", 0, 0, true},
		{"#3", 0, 3, false},
		{"4", 0, 4, false},
		{"write article", 0, 1, false}, // exact title wins over a longer one
		{"WRITE", 0, 0, true},          // two open tasks contain it
		{"write", 2, 2, false},
		{"data", 0, 3, false}, // done and archived tasks are not candidates
		{"nothing", 0, 0, true},
		{" ", 0, 0, true},
	}
	for _, tt := range tests {
		got, err := ResolveTask(tt.ref, tasks, clients, tt.clientID)
		if (err != nil) != tt.wantErr || got.ID != tt.want {
			t.Errorf("ResolveTask(%q, %d) = #%d, %v; want #%d", tt.ref, tt.clientID, got.ID, err, tt.want)
		}
	}
	_, err := ResolveTask("archived", tasks, clients, 3)
	if want := `no open task matches "archived": client Gone is archived (restore it with: tally client archive --restore "Gone")`; err == nil || err.Error() != want {
		t.Errorf("a task of an archived client named: %v, want %s", err, want)
	}
	_, err = ResolveTask("write", tasks, clients, 0)
	if want := `"write" matches 2 tasks: #1 Write article (Acme); #2 Write article two (Beta)`; err == nil || err.Error() != want {
		t.Errorf("ambiguous error = %v, want %s", err, want)
	}
}

// A fixed-price task's progress counts all its time, not only the range's,
// and a running entry's up to now (rule 5): 300.00 for 5 hours estimated;
// 3:00 finished over its life (1:00 of it before the range) and 0:30
// running make 3:30, 70% of the estimate, 300.00 × 3600 / 12600 s =
// 85.714… → 85.71/h. A task of the client the range does not touch is not
// listed; one done in the range with no time in it is.
func TestFixedTaskProgressInReports(t *testing.T) {
	web := Client{ID: 1, Name: "Harbor", Currency: "USD", Plans: []Plan{{Kind: Hourly, Rate: 5000}}}
	site := Task{ID: 1, ClientID: 1, Title: "Site", HasPrice: true, Price: 30000, Estimate: 5 * 3600}
	logo := Task{ID: 2, ClientID: 1, Title: "Logo", HasPrice: true, Price: 20000, Done: true, DoneOn: day(2026, 12, 1)}
	idle := Task{ID: 3, ClientID: 1, Title: "Idle", HasPrice: true, Price: 10000}
	running := Entry{ID: 3, TaskID: 1, Start: at(utc, 2026, 12, 31, 22, 30)}
	l := Ledger{Clients: []Client{web}, Tasks: []Task{site, logo, idle},
		Entries:      []Entry{entry(1, 1, at(utc, 2026, 11, 30, 9, 0), time.Hour), entry(2, 1, at(utc, 2026, 12, 2, 9, 0), 2*time.Hour), running},
		FixedTracked: map[int64]int64{1: 3 * 3600, 2: 4 * 3600, 3: 3600}}
	cr := only(t, buildFor(t, l, day(2026, 12, 1), day(2026, 12, 31)))
	want := []FixedTask{
		{Task: site, Progress: Progress{Tracked: 12600, Burn: 70, Effective: 8571, HasEffective: true, Priced: true}},
		{Task: logo, Progress: Progress{Tracked: 4 * 3600, Effective: 5000, HasEffective: true, Priced: true}},
	}
	if !reflect.DeepEqual(cr.Fixed, want) {
		t.Errorf("fixed tasks\n got %+v\nwant %+v", cr.Fixed, want)
	}
}

// Before, a team whose amounts passed an int64 between them (one person's
// put on a hub before it bounded them) summed to a negative total, with
// no word said. Now the report whose figures passed it is named.
func TestTeamTotalsRefuseASumThatWouldWrap(t *testing.T) {
	report := func(amounts ...int64) Report {
		var r Report
		for _, a := range amounts {
			r.Totals = append(r.Totals, CurrencyTotal{Currency: "USD", Tracked: 3600, Billed: 3600, Amount: a})
		}
		return r
	}
	// 400.00 + 92233720368547758.07 passes 92233720368547758.07, the
	// largest int64 in cents.
	_, err := TeamTotals([]Report{report(40000), report(9223372036854775807)})
	var tooLarge TotalTooLarge
	if !errors.As(err, &tooLarge) || tooLarge.Report != 1 || tooLarge.Currency != "USD" {
		t.Fatalf("a sum past int64: %v", err)
	}
	// 400.00 + 50.00 + 0.25 (two people, the second with two clients).
	totals, err := TeamTotals([]Report{report(40000), report(5000, 25)})
	if err != nil || !reflect.DeepEqual(totals, []CurrencyTotal{{Currency: "USD", Tracked: 3 * 3600, Billed: 3 * 3600, Amount: 45025}}) {
		t.Fatalf("the team's totals: %+v, %v", totals, err)
	}
}
