package model

import (
	"cmp"
	"slices"
)

// Retainer hours as a report uses them up (rule 4): the included seconds
// of a cycle go first to the entries issued invoices billed, as those
// invoices counted them, then to the others in start order. A draft so
// never counts billed time again, whatever the zone, rounding or order of
// entries added since (docs/pay.md rule 10).

// InvoicedMargin is how many days an invoiced entry's day, in the zone its
// invoice was issued in, can lie from its local day: a ledger's entries
// are read that much wider.
const InvoicedMargin = 2

// reserve files how issued invoices priced the ledger's entries, each
// client's in start order, and sets aside in each retainer cycle the
// included seconds they used. The store hands them over a client at a
// time: each client's run is kept as it is, not copied.
func (b *reportBuilder) reserve(invoiced []InvoicedTime) {
	for start := 0; start < len(invoiced); {
		end := start + 1
		for end < len(invoiced) && invoiced[end].Client == invoiced[start].Client {
			end++
		}
		if cb := b.clients[invoiced[start].Client]; cb != nil {
			cb.invoiced.add(invoiced[start:end])
			b.setAside(cb.Client, invoiced[start:end])
		}
		start = end
	}
}

// setAside reserves in each retainer cycle the included seconds that
// invoiced entries of c used.
func (b *reportBuilder) setAside(c Client, invoiced []InvoicedTime) {
	for _, it := range invoiced {
		if it.Billed == it.Charged {
			continue // nothing included
		}
		if cycle, ok := b.cycleOf(c, it.Day); ok {
			b.reserved[cycleKey{c.ID, cycle.Start}] += it.Billed - it.Charged
		}
	}
}

// invoicedRun is a client's invoiced time in start order, met as its
// entries are priced, in the same order: no lookup by id in years of it.
type invoicedRun struct {
	times []InvoicedTime
	next  int
}

// add takes a run of invoiced time, in start order or not.
func (r *invoicedRun) add(run []InvoicedTime) {
	if len(r.times) == 0 && slices.IsSortedFunc(run, compareInvoiced) {
		r.times = run
		return
	}
	r.times = slices.SortedFunc(slices.Values(slices.Concat(r.times, run)), compareInvoiced)
}

// of returns how an invoice priced e, if one did; e must come after the
// entries asked about before.
func (r *invoicedRun) of(e Entry) *InvoicedTime {
	for r.next < len(r.times) && compareInvoicedTo(r.times[r.next], e) < 0 {
		r.next++
	}
	if r.next < len(r.times) && r.times[r.next].ID == e.ID {
		return &r.times[r.next]
	}
	return nil
}

func compareInvoiced(a, b InvoicedTime) int {
	return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
}

func compareInvoicedTo(it InvoicedTime, e Entry) int {
	return cmp.Or(it.Start.Compare(e.Start), cmp.Compare(it.ID, e.ID))
}

// asInvoiced gives p the figures its invoice billed it at.
func (b *reportBuilder) asInvoiced(p PricedEntry, c Client, invoiced InvoicedTime) PricedEntry {
	p.Invoice, p.Billed, p.Charged, p.Rate = invoiced.Number, invoiced.Billed, invoiced.Charged, invoiced.Rate
	p.Amount, p.LineOf = invoiced.Share, invoiced.LineCharged
	if p.Pricing == PricedRetainer {
		p.HasRate = p.Charged > 0
		b.count(c, p.Day, p.Billed)
	}
	return p
}

// useHistory counts an entry from before the range, which shows nowhere,
// against its retainer cycle's included hours, as price would.
func (b *reportBuilder) useHistory(e Entry, task Task, c Client, day Date, invoiced *InvoicedTime) {
	switch rule, _, _ := pricingOf(e, task, c.PlanOn(day)); {
	case rule != PricedRetainer:
	case invoiced != nil:
		b.count(c, day, invoiced.Billed)
	default:
		b.useRetainer(c, day, b.opts.Rounding.Apply(e.Tracked(b.opts.Now)))
	}
}

// useRetainer draws billed seconds from the included hours of the cycle
// that day falls in, less those invoiced entries used, and returns the
// part beyond them (rule 4).
func (b *reportBuilder) useRetainer(c Client, day Date, billed int64) (overage int64) {
	cycle, key := b.count(c, day, billed)
	if cycle.Plan.Unlimited {
		return 0
	}
	left := max(cycle.Included-b.reserved[key]-b.drawn[key], 0)
	overage = max(billed-left, 0)
	b.drawn[key] += billed - overage
	return overage
}

// count adds billed seconds to the use people see of the cycle day falls
// in, and returns the cycle.
func (b *reportBuilder) count(c Client, day Date, billed int64) (Cycle, cycleKey) {
	cycle, _ := b.cycleOf(c, day)
	key := cycleKey{c.ID, cycle.Start}
	b.used[key] += billed
	return cycle, key
}

// cycleOf is c.CycleOn(day), from the last cycle found for c when it
// holds day: days come mostly in order.
func (b *reportBuilder) cycleOf(c Client, day Date) (Cycle, bool) {
	if cycle, seen := b.cycles[c.ID]; seen && cycle.Start <= day && day <= cycle.End {
		return cycle, true
	}
	cycle, ok := c.CycleOn(day)
	if ok {
		b.cycles[c.ID] = cycle
	}
	return cycle, ok
}
