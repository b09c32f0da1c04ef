package model

import (
	"sort"
	"strings"
	"time"
)

// LineKind says which pay rule priced an entry.
type LineKind string

// The ways an entry can be priced.
const (
	LineHourly     LineKind = "hourly"     // the client's hourly plan or the task's own rate
	LineRetainer   LineKind = "retainer"   // included hours, then the overage rate
	LineFixed      LineKind = "fixed"      // time on a fixed-price task
	LineCommission LineKind = "commission" // the commission plan's base rate
	LineNone       LineKind = "none"       // the none plan: tracked, not billed
	LineUnbilled   LineKind = "unbilled"   // marked non-billable
)

// ItemKind names a charge that is not time.
type ItemKind string

// The items of DESIGN §2 rules 4–6.
const (
	ItemRetainerFee ItemKind = "retainer_fee"
	ItemFixedPrice  ItemKind = "fixed_price"
	ItemCommission  ItemKind = "commission"
)

// Line is one entry priced by the pay rules.
type Line struct {
	Entry    Entry
	Task     Task
	Day      Date // the local day the entry starts on (rule 7)
	End      time.Time
	Tracked  int64 // seconds
	Billed   int64 // seconds after rounding; 0 when not billable
	Billable bool
	Kind     LineKind
	Rate     int64 // the hourly rate applied, when HasRate
	HasRate  bool
	Overage  int64 // retainer seconds beyond the included hours
	Amount   int64
	// FreeBefore is, on a retainer line, how many included seconds were
	// left before this entry; -1 for unlimited hours.
	FreeBefore int64
}

// AmountAt reprices the line as if it had tracked seconds: the running
// timer's live amount, without building the report again each second.
func (l Line) AmountAt(tracked int64, r Rounding) int64 {
	if !l.Billable || l.Kind == LineFixed {
		return 0
	}
	billed := r.Apply(tracked)
	if l.Kind == LineRetainer {
		if l.FreeBefore < 0 {
			return 0
		}
		return TimeAmount(max(billed-l.FreeBefore, 0), l.Rate)
	}
	if !l.HasRate {
		return 0
	}
	return TimeAmount(billed, l.Rate)
}

// Item is a charge dated on a day: a retainer fee, a fixed price or a
// commission.
type Item struct {
	Kind   ItemKind
	Date   Date
	Amount int64
	Note   string
}

// ClientReport holds one client's priced lines and items in a range.
type ClientReport struct {
	Client     Client
	Plan       Plan // the plan in force on the range's last day
	Lines      []Line
	Items      []Item
	Tracked    int64
	Billed     int64
	TimeAmount int64
	Amount     int64 // TimeAmount plus the items
}

// CurrencyTotal sums the clients that share a currency.
type CurrencyTotal struct {
	Currency string
	Tracked  int64
	Billed   int64
	Amount   int64
}

// Report is the figures of every client for a range of days. Every view and
// export of tally is built from one.
type Report struct {
	From, To Date // inclusive
	Clients  []ClientReport
	Totals   []CurrencyTotal
}

// Ledger is the recorded data a report is computed from. Entries must hold
// every entry that starts between HistoryStart(from) and the end of the
// range; earlier ones are ignored, later ones dropped.
type Ledger struct {
	Clients []Client
	Tasks   []Task
	Entries []Entry
	Sales   []Sale
}

// ReportOptions choose the range and the rules a report is built with.
type ReportOptions struct {
	From, To Date // inclusive
	Location *time.Location
	Now      time.Time // running entries count up to it
	Rounding Rounding
	ClientID int64 // 0 for every client
}

// HistoryStart returns the first day whose entries can change the figures of
// a report starting on from: a yearly retainer's included hours are used up
// from January on.
func HistoryStart(from Date) Date { return PeriodStart(from, Year) }

// BuildReport prices every entry, fee, fixed price and sale of the range.
func BuildReport(l Ledger, o ReportOptions) Report {
	b := newReportBuilder(l, o)
	b.priceEntries(l.Entries)
	b.addItems(l)
	return b.finish()
}

type poolKey struct {
	clientID int64
	period   Period
	start    Date
}

type reportBuilder struct {
	opts    ReportOptions
	tasks   map[int64]Task
	clients map[int64]*ClientReport
	used    map[poolKey]int64 // retainer seconds used per period
}

func newReportBuilder(l Ledger, o ReportOptions) *reportBuilder {
	b := &reportBuilder{
		opts:    o,
		tasks:   make(map[int64]Task, len(l.Tasks)),
		clients: make(map[int64]*ClientReport, len(l.Clients)),
		used:    make(map[poolKey]int64),
	}
	for _, t := range l.Tasks {
		b.tasks[t.ID] = t
	}
	for _, c := range l.Clients {
		if len(c.Plans) > 0 && (o.ClientID == 0 || o.ClientID == c.ID) {
			b.clients[c.ID] = &ClientReport{Client: c, Plan: c.PlanOn(o.To)}
		}
	}
	return b
}

func (b *reportBuilder) priceEntries(entries []Entry) {
	before := func(a, b Entry) bool {
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.ID < b.ID
	}
	sorted := entries
	// The store hands entries over in start order already; only sort (a
	// copy) when they are not.
	if !sort.SliceIsSorted(entries, func(i, j int) bool { return before(entries[i], entries[j]) }) {
		sorted = make([]Entry, len(entries))
		copy(sorted, entries)
		sort.SliceStable(sorted, func(i, j int) bool { return before(sorted[i], sorted[j]) })
	}
	// Only entries from the history start to the range's end matter, and
	// they are in start order: find the window instead of dating them all.
	loc := b.opts.Location
	first, end := HistoryStart(b.opts.From).Start(loc), b.opts.To.AddDays(1).Start(loc)
	i := sort.Search(len(sorted), func(i int) bool { return !sorted[i].Start.Before(first) })
	for _, e := range sorted[i:] {
		if !e.Start.Before(end) {
			break
		}
		task, ok := b.tasks[e.TaskID]
		cr := b.clients[task.ClientID]
		if !ok || cr == nil {
			continue
		}
		day := DateOf(e.Start, loc)
		line := b.price(e, task, cr.Client, day)
		if day >= b.opts.From {
			cr.Lines = append(cr.Lines, line)
		}
	}
}

// price applies rules 2–5 to one entry; it must see a client's entries in
// start order, since retainer hours are used up in that order.
func (b *reportBuilder) price(e Entry, task Task, c Client, day Date) Line {
	line := Line{Entry: e, Task: task, Day: day, End: e.EndAt(b.opts.Now), Tracked: e.Tracked(b.opts.Now)}
	plan := c.PlanOn(day)
	switch {
	case e.Unbilled || task.Unbilled:
		line.Kind = LineUnbilled
		return line
	case task.HasPrice:
		line.Kind = LineFixed
	case task.HasRate:
		line.Kind, line.Rate, line.HasRate = LineHourly, task.Rate, true
	case plan.Kind == Hourly:
		line.Kind, line.Rate, line.HasRate = LineHourly, plan.Rate, true
	case plan.Kind == Commission:
		line.Kind, line.Rate, line.HasRate = LineCommission, plan.Rate, plan.Rate > 0
	case plan.Kind == Retainer:
		line.Kind = LineRetainer
	default:
		line.Kind = LineNone
		return line
	}
	line.Billable = true
	line.Billed = b.opts.Rounding.Apply(line.Tracked)
	if line.Kind == LineRetainer {
		line.FreeBefore, line.Overage = b.useRetainer(c.ID, plan, day, line.Billed)
		line.Rate, line.HasRate = plan.OverageRate, line.Overage > 0
		line.Amount = TimeAmount(line.Overage, plan.OverageRate)
	} else if line.HasRate {
		line.Amount = TimeAmount(line.Billed, line.Rate)
	}
	return line
}

// useRetainer draws billed seconds from the period's included hours and
// returns the included seconds that were left and the part beyond them
// (rule 4).
func (b *reportBuilder) useRetainer(clientID int64, plan Plan, day Date, billed int64) (free, overage int64) {
	if plan.Unlimited {
		return -1, 0
	}
	key := poolKey{clientID, plan.Period, PeriodStart(day, plan.Period)}
	free = max(plan.Included-b.used[key], 0)
	b.used[key] += billed
	return free, max(billed-free, 0)
}

func (b *reportBuilder) addItems(l Ledger) {
	for _, cr := range b.clients {
		cr.Items = append(cr.Items, retainerFees(cr.Client, b.opts.From, b.opts.To)...)
	}
	for _, t := range l.Tasks {
		cr := b.clients[t.ClientID]
		if cr != nil && t.HasPrice && t.Done && b.inRange(t.DoneOn) {
			cr.Items = append(cr.Items, Item{Kind: ItemFixedPrice, Date: t.DoneOn, Amount: t.Price, Note: t.Title})
		}
	}
	for _, s := range l.Sales {
		cr := b.clients[s.ClientID]
		if cr == nil || !b.inRange(s.Date) {
			continue
		}
		if plan := cr.Client.PlanOn(s.Date); plan.Kind == Commission {
			cr.Items = append(cr.Items, commissionItem(s, plan, cr.Client.Currency))
		}
	}
}

func (b *reportBuilder) inRange(d Date) bool { return d >= b.opts.From && d <= b.opts.To }

func commissionItem(s Sale, plan Plan, currency string) Item {
	note := FormatPercent(plan.PercentBP) + "% of " + FormatAmount(s.Amount, currency)
	if s.Note != "" {
		note += ": " + s.Note
	}
	return Item{Kind: ItemCommission, Date: s.Date, Amount: PercentOf(s.Amount, plan.PercentBP), Note: note}
}

// retainerFees returns a fee dated the first day of every period in
// [from, to] in which a retainer version is in force on at least one day.
// Where two versions share a period, the earlier one's fee applies.
func retainerFees(c Client, from, to Date) []Item {
	type feeKey struct {
		period Period
		start  Date
	}
	seen := map[feeKey]bool{}
	var items []Item
	for i, p := range c.Plans {
		if p.Kind != Retainer {
			continue
		}
		last := to
		if i+1 < len(c.Plans) {
			last = min(last, c.Plans[i+1].From.AddDays(-1))
		}
		for start := PeriodStart(max(p.From, from), p.Period); start <= last; start = NextPeriod(start, p.Period) {
			key := feeKey{p.Period, start}
			if start < from || seen[key] {
				continue
			}
			seen[key] = true
			items = append(items, Item{Kind: ItemRetainerFee, Date: start, Amount: p.Fee, Note: feeNote(start, p.Period)})
		}
	}
	return items
}

func feeNote(start Date, p Period) string {
	y, m, _ := start.Civil()
	if p == Year {
		return "retainer " + string(appendInt(nil, int64(y)))
	}
	return "retainer " + m.String() + " " + string(appendInt(nil, int64(y)))
}

func (b *reportBuilder) finish() Report {
	r := Report{From: b.opts.From, To: b.opts.To}
	totals := map[string]*CurrencyTotal{}
	for _, cr := range b.clients {
		if len(cr.Lines) == 0 && len(cr.Items) == 0 {
			continue
		}
		cr.sum()
		r.Clients = append(r.Clients, *cr)
		t := totals[cr.Client.Currency]
		if t == nil {
			t = &CurrencyTotal{Currency: cr.Client.Currency}
			totals[cr.Client.Currency] = t
		}
		t.Tracked += cr.Tracked
		t.Billed += cr.Billed
		t.Amount += cr.Amount
	}
	sort.Slice(r.Clients, func(i, j int) bool { return lessName(r.Clients[i].Client, r.Clients[j].Client) })
	for _, t := range totals {
		r.Totals = append(r.Totals, *t)
	}
	sort.Slice(r.Totals, func(i, j int) bool { return r.Totals[i].Currency < r.Totals[j].Currency })
	return r
}

func (cr *ClientReport) sum() {
	sort.SliceStable(cr.Items, func(i, j int) bool {
		if cr.Items[i].Date != cr.Items[j].Date {
			return cr.Items[i].Date < cr.Items[j].Date
		}
		return cr.Items[i].Kind < cr.Items[j].Kind
	})
	for _, l := range cr.Lines {
		cr.Tracked += l.Tracked
		cr.Billed += l.Billed
		cr.TimeAmount += l.Amount
	}
	cr.Amount = cr.TimeAmount
	for _, it := range cr.Items {
		cr.Amount += it.Amount
	}
}

func lessName(a, b Client) bool {
	la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name)
	if la != lb {
		return la < lb
	}
	return a.ID < b.ID
}

// SortClients orders clients by name, as every list of them is shown.
func SortClients(clients []Client) {
	sort.Slice(clients, func(i, j int) bool { return lessName(clients[i], clients[j]) })
}

// Only returns the part of the report that belongs to one client, with the
// totals of that client alone.
func (r Report) Only(clientID int64) Report {
	out := Report{From: r.From, To: r.To}
	for _, c := range r.Clients {
		if c.Client.ID == clientID {
			out.Clients = append(out.Clients, c)
			out.Totals = append(out.Totals, CurrencyTotal{Currency: c.Client.Currency, Tracked: c.Tracked, Billed: c.Billed, Amount: c.Amount})
		}
	}
	return out
}

// AmountText is the line's amount for people: the money, or "unbilled" or
// "fixed price" where the line earns nothing by itself.
func (l Line) AmountText(currency string) string {
	switch {
	case !l.Billable:
		return "unbilled"
	case l.Kind == LineFixed:
		return "fixed price"
	}
	return FormatAmount(l.Amount, currency)
}

// ClientLine is a priced line with the client it belongs to.
type ClientLine struct {
	Line
	Client Client
}

// Lines returns every client's lines in one list, in start order: a day or
// a log as people read it.
func (r Report) Lines() []ClientLine {
	var lines []ClientLine
	for _, c := range r.Clients {
		for _, l := range c.Lines {
			lines = append(lines, ClientLine{l, c.Client})
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Entry.Start.Before(lines[j].Entry.Start) })
	return lines
}

// Line returns the line that priced entry id.
func (r Report) Line(entryID int64) (Line, bool) {
	for _, c := range r.Clients {
		for _, l := range c.Lines {
			if l.Entry.ID == entryID {
				return l, true
			}
		}
	}
	return Line{}, false
}
