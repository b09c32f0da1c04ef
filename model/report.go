package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Pricing says which pay rule priced an entry.
type Pricing string

// The ways an entry can be priced.
const (
	PricedHourly     Pricing = "hourly"     // the client's hourly plan or the task's own rate
	PricedRetainer   Pricing = "retainer"   // included hours, then the overage rate
	PricedFixed      Pricing = "fixed"      // time on a fixed-price task
	PricedCommission Pricing = "commission" // the commission plan's base rate
	PricedNone       Pricing = "none"       // the none plan: tracked, not billed
	PricedUnbilled   Pricing = "unbilled"   // marked non-billable
)

// LineKind names the rate an invoice line charges (docs/pay.md rule 3's kinds).
type LineKind string

// The rates time is charged at, in the order an invoice lists them.
const (
	LinePlan     LineKind = "plan"      // the client's hourly plan rate
	LineBase     LineKind = "base"      // a commission plan's base rate
	LineTaskRate LineKind = "task_rate" // a task's own hourly rate
	LineOverage  LineKind = "overage"   // a retainer's rate beyond its included hours
)

// lineOrder is where a line of a kind comes on an invoice.
func lineOrder(k LineKind) int {
	switch k {
	case LineBase:
		return 1
	case LineTaskRate:
		return 2
	case LineOverage:
		return 3
	}
	return 0 // LinePlan
}

// ItemKind names a charge that is not time.
type ItemKind string

// The items of docs/pay.md rules 4–6.
const (
	ItemRetainerFee ItemKind = "retainer_fee"
	ItemFixedPrice  ItemKind = "fixed_price"
	ItemCommission  ItemKind = "commission"
)

// Line is one line of an invoice (rule 3): a client's billed time on one
// task at one rate in the range, on one issued invoice or on none yet. Its
// quantity is that time in hundredths of an hour, and its amount is
// quantity × rate, rounded once, so that the line multiplies out; its
// entries' shares add up to it exactly. A range that holds all of an
// invoice's line shows it as the invoice does; one that holds part of it
// shows that part: its time, and its entries' shares of the invoice's
// line, which add up to that line over the ranges that hold it, and need
// not multiply out (Of says it is a part).
type Line struct {
	Kind     LineKind
	Rate     int64 // per hour
	Task     Task
	Invoice  string // the number of the issued invoice that billed it; "" for work not yet invoiced
	Billed   int64  // seconds charged at Rate
	Quantity int64  // Hours(Billed): what the line charges for, in 0.01 h
	Amount   int64  // Quantity × Rate, half-up; a part's, its entries' shares
	Of       int64  // a part's: the charged seconds of the invoice's whole line; else 0
}

// QuantityText is the line's quantity for people: "1.50 h".
func (l Line) QuantityText() string { return formatDecimal(l.Quantity, 2) + " h" }

// InvoiceText says which invoice billed the line: "on 2026-0001", or ""
// while none has.
func (l Line) InvoiceText() string {
	switch {
	case l.Invoice == "":
		return ""
	case l.Of > 0:
		return "part of " + formatDecimal(Hours(l.Of), 2) + " h on " + l.Invoice
	}
	return "on " + l.Invoice
}

// Label names the line's rate for people, as an invoice would.
func (l Line) Label() string {
	switch l.Kind {
	case LineBase:
		return "base rate"
	case LineTaskRate:
		return "task rate"
	case LineOverage:
		return "overage"
	}
	return "plan rate"
}

// PricedEntry is one entry priced by the pay rules.
type PricedEntry struct {
	Entry    Entry
	Task     Task
	Day      Date // the local day the entry starts on (rule 8)
	End      time.Time
	Tracked  int64 // seconds
	Billed   int64 // seconds after rounding; 0 when not billable
	Billable bool
	Pricing  Pricing
	// Charged is how many of the billed seconds the amount charges for:
	// all of them at an hourly rate, only the overage of a retainer entry,
	// none of included, fixed-price or unbilled time.
	Charged int64
	Rate    int64 // the rate of the charged seconds, when HasRate
	HasRate bool
	Line    int   // index of its line in ClientReport.Lines; -1 for none
	Amount  int64 // its share of the line, by largest remainder; an invoiced entry's, of its invoice's line
	LineOf  int64 // an invoiced entry's: the charged seconds of its invoice's whole line; 0 when not kept
	// Invoice is the number of the issued invoice that billed the entry,
	// whose figures it shows (its day, billed time and rate); "" for none.
	Invoice string
}

// Item is a charge dated on a day: a retainer fee, a fixed price or a
// commission.
type Item struct {
	Kind   ItemKind
	Date   Date
	Amount int64
	Note   string
	Ref    int64 // the fixed-price task or the sale; 0 for a fee
	// Invoice is the number of the issued invoice that billed it; "" for
	// none yet.
	Invoice string
}

// Label names the item's kind as views show it: "retainer fee", "fixed
// price", "commission", and "salary" for a salary's fee, which its note
// names (salary 2026-11-01 to 2026-11-30), as its invoice line does.
func (it Item) Label() string {
	if it.Kind == ItemRetainerFee && strings.HasPrefix(it.Note, Salary+" ") {
		return Salary
	}
	return strings.ReplaceAll(string(it.Kind), "_", " ")
}

// CycleUse is how much of a retainer cycle's included time was used by the
// end of the range (or now, if sooner).
type CycleUse struct {
	Cycle
	Used int64 // billed seconds
}

// ClientReport holds one client's priced entries, lines and items in a
// range.
type ClientReport struct {
	Client     Client
	Plan       Plan   // the plan in force on the range's last day
	Plans      []Plan // every version in force during the range
	Entries    []PricedEntry
	Lines      []Line
	Items      []Item
	Cycles     []CycleUse  // the retainer cycles the range touches
	Fixed      []FixedTask // the fixed-price tasks worked on or done in the range
	Tracked    int64
	Billed     int64
	TimeAmount int64 // the sum of the lines
	Amount     int64 // TimeAmount plus the items
}

// FixedTask is a fixed-price task a report touches, with its progress
// over all its time, not only the range's: its effective hourly rate and
// estimate burn are shown wherever the task is (rule 5).
type FixedTask struct {
	Task     Task
	Progress Progress
}

// EffectiveRate is what the client paid per tracked hour in the range
// (rule 7); ok is false when nothing was tracked.
func (cr ClientReport) EffectiveRate() (int64, bool) { return HourlyRate(cr.Amount, cr.Tracked) }

// EffectiveText is the effective rate for people: "71.32/h", or NoRate
// under a quarter hour tracked.
func (cr ClientReport) EffectiveText() string {
	return RateText(cr.Amount, cr.Tracked, cr.Client.Currency)
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

// Ledger is the recorded data a report is computed from. Entries, in start
// order, must hold each client's entries that start between its own
// HistoryStart and the end of the range; others before the range are
// ignored, later ones dropped.
type Ledger struct {
	Clients []Client
	Tasks   []Task
	Entries []Entry
	Sales   []Sale
	// FixedTracked is each fixed-price task's finished seconds over all
	// time; a running entry adds its own.
	FixedTracked map[int64]int64
	// Invoiced is how issued invoices priced the clients' entries: those
	// of Entries, and for a retainer every other entry of the cycles the
	// range touches, whose included hours they used.
	Invoiced []InvoicedTime
	// InvoicedItems are the range's fees, fixed prices and commissions an
	// issued invoice billed, which its items are marked with.
	InvoicedItems []InvoicedItem
}

// ReportOptions choose the range and the rules a report is built with.
type ReportOptions struct {
	From, To Date // inclusive
	Location *time.Location
	Now      time.Time // running entries count up to it
	Rounding Rounding
	ClientID int64 // 0 for every client
	// Summary leaves ClientReport.Entries empty: the figures, lines and
	// items are the same, and years of entries cost no memory to hold.
	Summary bool
}

// Only returns the part of the report that belongs to one client, with the
// totals of that client alone.
func (r Report) Only(clientID int64) Report {
	out := Report{From: r.From, To: r.To}
	for _, c := range r.Clients {
		if c.Client.ID == clientID {
			out.Clients = append(out.Clients, c)
		}
	}
	out.Totals = totalsOf(out.Clients)
	return out
}

// WithClient returns r with one client's figures replaced by cr (or cr
// added in name order, when it has something and r had not), and the
// totals summed again: a day's report as of another instant.
func (r Report) WithClient(cr ClientReport) Report {
	out := Report{From: r.From, To: r.To}
	replaced := false
	for _, c := range r.Clients {
		if c.Client.ID == cr.Client.ID {
			c, replaced = cr, true
		}
		out.Clients = append(out.Clients, c)
	}
	if !replaced && (len(cr.Entries) > 0 || len(cr.Items) > 0) {
		out.Clients = append(out.Clients, cr)
		sort.SliceStable(out.Clients, func(i, j int) bool { return LessName(out.Clients[i].Client, out.Clients[j].Client) })
	}
	out.Totals = totalsOf(out.Clients)
	return out
}

// AmountText is the entry's amount for people: the money, or "unbilled" or
// "fixed price" where the entry earns nothing by itself.
func (p PricedEntry) AmountText(currency string) string {
	switch {
	case !p.Billable:
		return "unbilled"
	case p.Pricing == PricedFixed:
		return "fixed price"
	}
	return FormatAmount(p.Amount, currency)
}

// ClientEntry is a priced entry with the client it belongs to.
type ClientEntry struct {
	PricedEntry
	Client Client
}

// Entries returns every client's entries in one list, in start order: a
// day or a log as people read it.
func (r Report) Entries() []ClientEntry {
	var out []ClientEntry
	for _, c := range r.Clients {
		for _, p := range c.Entries {
			out = append(out, ClientEntry{p, c.Client})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Entry.Start.Before(out[j].Entry.Start) })
	return out
}

// Entry returns the priced entry id.
func (r Report) Entry(id int64) (PricedEntry, bool) {
	for _, c := range r.Clients {
		for _, p := range c.Entries {
			if p.Entry.ID == id {
				return p, true
			}
		}
	}
	return PricedEntry{}, false
}

// TeamTotals sums several people's reports by currency: their team's
// totals, equal to the sum of each person's to the cent. A sum that would
// pass an int64 (amounts a hub took before it bounded them as tally does)
// is refused as TotalTooLarge, naming the report that took it past.
func TeamTotals(reports []Report) ([]CurrencyTotal, error) {
	sums := currencyTotals{}
	for i, r := range reports {
		for _, t := range r.Totals {
			if !sums.add(t) {
				return nil, TotalTooLarge{Report: i, Currency: t.Currency}
			}
		}
	}
	return sums.sorted(), nil
}

// currencyTotals sums figures by their currency.
type currencyTotals map[string]*CurrencyTotal

// add adds t to its currency's sum; false when the sum passes an int64.
func (sums currencyTotals) add(t CurrencyTotal) bool {
	sum := sums[t.Currency]
	if sum == nil {
		sum = &CurrencyTotal{Currency: t.Currency}
		sums[t.Currency] = sum
	}
	var tracked, billed, amount bool
	sum.Tracked, tracked = addFits(sum.Tracked, t.Tracked)
	sum.Billed, billed = addFits(sum.Billed, t.Billed)
	sum.Amount, amount = addFits(sum.Amount, t.Amount)
	return tracked && billed && amount
}

// sorted is the sums in currency order.
func (sums currencyTotals) sorted() []CurrencyTotal {
	totals := make([]CurrencyTotal, 0, len(sums))
	for _, t := range sums {
		totals = append(totals, *t)
	}
	slices.SortFunc(totals, func(a, b CurrencyTotal) int { return strings.Compare(a.Currency, b.Currency) })
	return totals
}

// TotalTooLarge is a team's total in Currency that Report's figures take
// past what an int64 holds.
type TotalTooLarge struct {
	Report   int
	Currency string
}

func (e TotalTooLarge) Error() string {
	return fmt.Sprintf("the team's total in %s passes what tally can hold", e.Currency)
}

// addFits returns a+b, and whether it fits an int64.
func addFits(a, b int64) (int64, bool) {
	sum := a + b
	return sum, (b >= 0) == (sum >= a)
}
