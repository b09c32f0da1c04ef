package model

import (
	"cmp"
	"iter"
	"slices"
	"sort"
	"strings"
)

// The pricing engine: entries in start order are priced one at a time by
// the plan in force on their day (an invoiced entry as its invoice priced
// it), retainer cycles count their hours as they go, each line is rounded
// once and shared out to its entries, and the range's fees, fixed prices
// and commissions are added as items.

// BuildReport prices every entry, fee, fixed price and sale of the range.
func BuildReport(l Ledger, o ReportOptions) Report {
	b := newReportBuilder(l, o)
	b.priceEntries(l.Entries)
	b.addItems(l)
	return b.finish()
}

// BuildSummary is BuildReport with Summary set, for entries handed over one
// at a time, in start order, in place of l.Entries: a summary of twenty
// years never holds them all.
func BuildSummary(l Ledger, entries iter.Seq[Entry], o ReportOptions) Report {
	o.Summary = true
	b := newReportBuilder(l, o)
	b.priceInOrder(entries)
	b.addItems(l)
	return b.finish()
}

type cycleKey struct {
	clientID int64
	start    Date
}

type reportBuilder struct {
	opts     ReportOptions
	fixed    map[int64]int64 // fixed-price tasks of the range: their running entries' seconds
	tasks    map[int64]*Task // into the ledger's tasks: years of them are not copied
	clients  map[int64]*clientBuild
	used     map[cycleKey]int64 // retainer seconds used per cycle, for people
	reserved map[cycleKey]int64 // included seconds invoiced entries used, per cycle
	drawn    map[cycleKey]int64 // included seconds the other entries drew, per cycle
	cycles   map[int64]Cycle    // the last cycle seen per client
}

// clientBuild is a client's report while it is priced: its lines by kind
// and rate, and the entries each line holds (when entries are kept).
type clientBuild struct {
	*ClientReport
	lines    map[lineKey]int
	members  [][]int
	parts    []linePart  // per line: its invoiced entries' shares
	count    int         // entries of the range, kept or not
	invoiced invoicedRun // how issued invoices priced its entries
	// history is where the client's own entries start to count: the first
	// day of a retainer cycle the range begins in, else the range's start.
	history Date
}

// lineKey is what sets a line apart (rule 3): the invoice that billed it
// (none yet for ""), its task, its kind and its rate.
type lineKey struct {
	invoice string
	task    int64
	kind    LineKind
	rate    int64
}

func lineKeyOf(p PricedEntry) lineKey { return lineKey{p.Invoice, p.Task.ID, lineKindOf(p), p.Rate} }

func newReportBuilder(l Ledger, o ReportOptions) *reportBuilder {
	b := &reportBuilder{
		opts:     o,
		tasks:    make(map[int64]*Task, len(l.Tasks)),
		clients:  make(map[int64]*clientBuild, len(l.Clients)),
		used:     make(map[cycleKey]int64),
		reserved: make(map[cycleKey]int64),
		drawn:    make(map[cycleKey]int64),
		fixed:    make(map[int64]int64),
		cycles:   make(map[int64]Cycle),
	}
	for i, t := range l.Tasks {
		b.tasks[t.ID] = &l.Tasks[i]
	}
	for _, c := range l.Clients {
		if len(c.Plans) > 0 && (o.ClientID == 0 || o.ClientID == c.ID) {
			cr := &ClientReport{Client: c, Plan: c.PlanOn(o.To), Plans: c.PlansDuring(o.From, o.To)}
			b.clients[c.ID] = &clientBuild{ClientReport: cr, lines: map[lineKey]int{}, history: c.HistoryStart(o.From)}
		}
	}
	b.reserve(l.Invoiced)
	return b
}

func (b *reportBuilder) priceEntries(entries []Entry) {
	sorted := entries
	// The store hands entries over in start order already; only sort (a
	// copy) when they are not.
	if !slices.IsSortedFunc(entries, CompareEntries) {
		sorted = slices.Clone(entries)
		slices.SortStableFunc(sorted, CompareEntries)
	}
	if !b.opts.Summary {
		from, end := b.opts.From.Start(b.opts.Location), b.opts.To.AddDays(1).Start(b.opts.Location)
		first := sort.Search(len(sorted), func(i int) bool { return !sorted[i].Start.Before(from) })
		last := sort.Search(len(sorted), func(i int) bool { return !sorted[i].Start.Before(end) })
		b.makeRoom(sorted[first:last])
	}
	b.priceInOrder(slices.Values(sorted))
}

// priceInOrder prices entries given in start order, by their day: an
// invoiced entry's is its invoice's, else the local one. Those from the
// history start until the range only use up their retainer cycles' hours;
// those before it or after the range count for nothing.
func (b *reportBuilder) priceInOrder(entries iter.Seq[Entry]) {
	loc := b.opts.Location
	first := b.opts.From
	for _, cb := range b.clients {
		first = min(first, cb.history)
	}
	earliest, latest := first.AddDays(-InvoicedMargin).Start(loc), b.opts.To.AddDays(1+InvoicedMargin).Start(loc)
	for e := range entries {
		if e.Start.Before(earliest) {
			continue
		}
		if !e.Start.Before(latest) {
			break
		}
		task := b.tasks[e.TaskID]
		if task == nil {
			continue
		}
		cb := b.clients[task.ClientID]
		if cb == nil {
			continue
		}
		invoiced := cb.invoiced.of(e)
		day := DateOf(e.Start, loc)
		if invoiced != nil {
			day = invoiced.Day
		}
		switch {
		case day < cb.history || day > b.opts.To:
			continue
		case day < b.opts.From:
			b.useHistory(e, *task, cb.Client, day, invoiced)
			continue
		}
		p := b.price(e, *task, cb.Client, day, invoiced)
		if task.HasPrice {
			b.fixed[task.ID] += p.Tracked - e.Tracked(e.EndAt(e.Start)) // a running entry's time so far
		}
		cb.add(p, !b.opts.Summary)
	}
	for _, cb := range b.clients {
		cb.priceLines(!b.opts.Summary)
	}
}

// makeRoom sizes each client's entries for the window, so that years of
// them are not copied over and over as the slices grow.
func (b *reportBuilder) makeRoom(window []Entry) {
	counts := map[int64]int{}
	for _, e := range window {
		if t := b.tasks[e.TaskID]; t != nil {
			counts[t.ClientID]++
		}
	}
	for id, n := range counts {
		if cb := b.clients[id]; cb != nil {
			cb.Entries = make([]PricedEntry, 0, n)
		}
	}
}

// add counts a priced entry of the range: its time, and its charged time
// on its line (kind and rate); keep holds on to the entry itself.
func (cb *clientBuild) add(p PricedEntry, keep bool) {
	cb.count++
	cb.Tracked += p.Tracked
	cb.Billed += p.Billed
	// Time that charges nothing (billed 0:00 by the rounding) is on no
	// line, as on no invoice's.
	if p.HasRate && p.Charged > 0 {
		k := lineKeyOf(p)
		n, ok := cb.lines[k]
		if !ok {
			n = len(cb.Lines)
			cb.lines[k] = n
			cb.Lines = append(cb.Lines, Line{Kind: k.kind, Rate: k.rate, Task: p.Task, Invoice: k.invoice})
			cb.members = append(cb.members, nil)
			cb.parts = append(cb.parts, linePart{})
		}
		cb.Lines[n].Billed += p.Charged
		cb.parts[n].add(p)
		p.Line = n
		if keep {
			cb.members[n] = append(cb.members[n], len(cb.Entries))
		}
	}
	if keep {
		cb.Entries = append(cb.Entries, p)
	}
}

// priceLines puts the lines in order (by task, then kind and rate) and
// prices each once (rule 3); with the entries kept, each gets its share of
// its line.
func (cb *clientBuild) priceLines(keep bool) {
	order := make([]int, len(cb.Lines))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return compareLines(cb.Lines[order[i]], cb.Lines[order[j]]) < 0 })
	sorted := make([]Line, len(cb.Lines))
	for to, from := range order {
		l := cb.Lines[from]
		l.Quantity = Hours(l.Billed)
		if part := cb.parts[from]; part.kept() {
			// Billed work shows as its invoice billed it (rule 10): all of
			// the invoice's line, or the part of it the range holds.
			l.Amount = part.shares
			if l.Billed != part.of {
				l.Of = part.of
			}
			for _, m := range cb.members[from] {
				cb.Entries[m].Line = to
			}
		} else {
			l.Amount = LineAmount(l.Billed, l.Rate)
			if keep {
				allocate(cb.Entries, cb.members[from], l, to)
			}
		}
		sorted[to] = l
	}
	cb.Lines = sorted
}

// linePart is what a line's invoiced entries hold of their invoice's
// line: their shares, and its whole charged seconds.
type linePart struct {
	shares, of int64
	unknown    bool // an entry not invoiced, or invoiced before shares were kept
}

func (lp *linePart) add(p PricedEntry) {
	if p.Invoice == "" || p.LineOf == 0 {
		lp.unknown = true
		return
	}
	lp.shares, lp.of = lp.shares+p.Amount, p.LineOf
}

// kept says whether the line is invoiced, with its entries' shares.
func (lp linePart) kept() bool { return !lp.unknown && lp.of > 0 }

// compareLines orders lines as people look for them: invoice by invoice,
// then what is not invoiced yet; within each by task title, then by the
// kind and the rate of their time.
func compareLines(a, b Line) int {
	return cmp.Or(cmp.Compare(uninvoiced(a), uninvoiced(b)), strings.Compare(a.Invoice, b.Invoice),
		NaturalCompare(a.Task.Title, b.Task.Title), cmp.Compare(a.Task.ID, b.Task.ID),
		cmp.Compare(lineOrder(a.Kind), lineOrder(b.Kind)), cmp.Compare(a.Rate, b.Rate))
}

// uninvoiced is 1 for a line no invoice billed yet, which comes last.
func uninvoiced(l Line) int {
	if l.Invoice == "" {
		return 1
	}
	return 0
}

// price applies rules 2–6 to one entry, or gives an invoiced one the
// figures its invoice billed; it must see a client's entries in start
// order, since retainer hours are used up in that order.
func (b *reportBuilder) price(e Entry, task Task, c Client, day Date, invoiced *InvoicedTime) PricedEntry {
	p := PricedEntry{Entry: e, Task: task, Day: day, End: e.EndAt(b.opts.Now), Tracked: e.Tracked(b.opts.Now), Line: -1}
	plan := c.PlanOn(day)
	p.Pricing, p.Rate, p.HasRate = pricingOf(e, task, plan)
	if p.Pricing == PricedUnbilled || p.Pricing == PricedNone {
		return p
	}
	p.Billable = true
	if invoiced != nil {
		return b.asInvoiced(p, c, *invoiced)
	}
	p.Billed = b.opts.Rounding.Apply(p.Tracked)
	switch {
	case p.Pricing == PricedRetainer:
		p.Charged = b.useRetainer(c, day, p.Billed)
		p.Rate, p.HasRate = plan.OverageRate, p.Charged > 0
	case p.HasRate:
		p.Charged = p.Billed
	}
	return p
}

// pricingOf says which rule prices an entry under plan, and at what rate
// (a retainer's overage rate applies only past its included hours).
func pricingOf(e Entry, task Task, plan Plan) (rule Pricing, rate int64, hasRate bool) {
	switch {
	case e.Unbilled || task.Unbilled:
		return PricedUnbilled, 0, false
	case task.HasPrice:
		return PricedFixed, 0, false
	case task.HasRate:
		return PricedHourly, task.Rate, true
	case plan.Kind == Hourly:
		return PricedHourly, plan.Rate, true
	case plan.Kind == Commission:
		return PricedCommission, plan.Rate, plan.Rate > 0
	case plan.Kind == Retainer:
		return PricedRetainer, 0, false
	}
	return PricedNone, 0, false
}

func lineKindOf(p PricedEntry) LineKind {
	switch {
	case p.Pricing == PricedRetainer:
		return LineOverage
	case p.Pricing == PricedCommission:
		return LineBase
	case p.Task.HasRate:
		return LineTaskRate
	}
	return LinePlan
}

// allocate shares line out to its entries, entries[members], and writes
// each one's share and line index (rule 3).
func allocate(entries []PricedEntry, members []int, line Line, index int) {
	for i, share := range shareOut(line.Amount, line.Billed, members, func(m int) int64 { return entries[m].Charged }) {
		entries[members[i]].Line, entries[members[i]].Amount = index, share
	}
}

// shareOut shares amount out to members by their charged seconds,
// charged(m), which add up to total (rule 3): each one's exact share is
// amount × its seconds / total; each gets the floor of it, and one minor
// unit more goes to those with the largest remainders until the shares
// add up to amount (ties to the earlier). The i-th share is members[i]'s.
func shareOut(amount, total int64, members []int, charged func(int) int64) []int64 {
	shares := make([]int64, len(members))
	remainders := make([]int64, len(members))
	var floors int64
	for i, m := range members {
		shares[i], remainders[i] = mulDivRem(amount, charged(m), total)
		floors += shares[i]
	}
	byRemainder := make([]int, len(members))
	for i := range byRemainder {
		byRemainder[i] = i
	}
	sort.SliceStable(byRemainder, func(i, j int) bool { return remainders[byRemainder[i]] > remainders[byRemainder[j]] })
	for _, i := range byRemainder[:min(amount-floors, int64(len(members)))] {
		shares[i]++
	}
	return shares
}

func (b *reportBuilder) addItems(l Ledger) {
	for _, cr := range b.clients {
		for _, c := range cr.Client.CyclesStarting(b.opts.From, b.opts.To) {
			cr.Items = append(cr.Items, Item{Kind: ItemRetainerFee, Date: c.Start, Amount: c.Fee, Note: c.Plan.Name() + " " + c.Start.String() + " to " + c.End.String()})
		}
	}
	for _, t := range l.Tasks {
		cr := b.clients[t.ClientID]
		if cr == nil || !t.HasPrice {
			continue
		}
		done := t.Done && b.inRange(t.DoneOn)
		if done {
			cr.Items = append(cr.Items, Item{Kind: ItemFixedPrice, Date: t.DoneOn, Amount: t.Price, Note: t.Title, Ref: t.ID})
		}
		if running, worked := b.fixed[t.ID]; worked || done {
			cr.Fixed = append(cr.Fixed, FixedTask{Task: t, Progress: TaskProgress(t, l.FixedTracked[t.ID]+running)})
		}
	}
	for _, s := range l.Sales {
		cr := b.clients[s.ClientID]
		if cr == nil || !b.inRange(s.Date) {
			continue
		}
		if plan := cr.Client.PlanOn(s.Date); s.Percent(plan) > 0 {
			cr.Items = append(cr.Items, CommissionItem(s, plan, cr.Client.Currency))
		}
	}
	markInvoiced(b.clients, l.InvoicedItems)
}

// markInvoiced marks each item an issued invoice billed with its number.
func markInvoiced(clients map[int64]*clientBuild, invoiced []InvoicedItem) {
	numbers := make(map[InvoicedItem]string, len(invoiced))
	for _, it := range invoiced {
		numbers[itemKey(it.Client, it.Kind, it.Date, it.Ref)] = it.Number
	}
	for id, cr := range clients {
		for i, it := range cr.Items {
			cr.Items[i].Invoice = numbers[itemKey(id, it.Kind, it.Date, it.Ref)]
		}
	}
}

// itemKey is how an item is known: a fee by its client and date, the
// others by what they refer to.
func itemKey(client int64, kind ItemKind, date Date, ref int64) InvoicedItem {
	if kind != ItemRetainerFee {
		date = 0
	}
	return InvoicedItem{Client: client, Kind: kind, Date: date, Ref: ref}
}

func (b *reportBuilder) inRange(d Date) bool { return d >= b.opts.From && d <= b.opts.To }

// CommissionItem is what sale s earns under plan (rule 6); a refund earns a
// negative commission.
func CommissionItem(s Sale, plan Plan, currency string) Item {
	what := "of "
	if s.Amount < 0 {
		what = "of refund "
	}
	percent := s.Percent(plan)
	note := FormatPercent(percent) + "% " + what + FormatAmount(s.Amount, currency)
	if s.Note != "" {
		note += ": " + s.Note
	}
	return Item{Kind: ItemCommission, Date: s.Date, Amount: PercentOf(s.Amount, percent), Note: note, Ref: s.ID}
}

func (b *reportBuilder) finish() Report {
	r := Report{From: b.opts.From, To: b.opts.To}
	for _, cb := range b.clients {
		cr := cb.ClientReport
		if cb.count == 0 && len(cr.Items) == 0 {
			continue
		}
		cr.sum()
		cr.Cycles = b.cycleUse(cr.Client)
		r.Clients = append(r.Clients, *cr)
	}
	sort.Slice(r.Clients, func(i, j int) bool { return LessName(r.Clients[i].Client, r.Clients[j].Client) })
	r.Totals = totalsOf(r.Clients)
	return r
}

// totalsOf sums the clients of each currency, in currency order.
func totalsOf(clients []ClientReport) []CurrencyTotal {
	sums := currencyTotals{}
	for _, c := range clients {
		sums.add(CurrencyTotal{Currency: c.Client.Currency, Tracked: c.Tracked, Billed: c.Billed, Amount: c.Amount}) // one file's clients, each within MaxAmount, stay far inside an int64
	}
	return sums.sorted()
}

// cycleUse lists the retainer cycles that touch the range, each with the
// time used in it.
func (b *reportBuilder) cycleUse(c Client) []CycleUse {
	var out []CycleUse
	for d := b.opts.From; d <= b.opts.To; {
		cycle, ok := c.CycleOn(d)
		if !ok {
			_, next := c.version(d)
			d = next
			continue
		}
		out = append(out, CycleUse{Cycle: cycle, Used: b.used[cycleKey{c.ID, cycle.Start}]})
		d = cycle.End.AddDays(1)
	}
	return out
}

func (cr *ClientReport) sum() {
	sort.SliceStable(cr.Items, func(i, j int) bool {
		if cr.Items[i].Date != cr.Items[j].Date {
			return cr.Items[i].Date < cr.Items[j].Date
		}
		return cr.Items[i].Kind < cr.Items[j].Kind
	})
	for _, l := range cr.Lines {
		cr.TimeAmount += l.Amount
	}
	cr.Amount = cr.TimeAmount
	for _, it := range cr.Items {
		cr.Amount += it.Amount
	}
}
