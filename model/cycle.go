package model

import "time"

// Cycle is one billing cycle of a retainer version (rule 4): its days,
// first and last inclusive, the version that bills it, and what it
// charges and includes: the version's fee and hours, or the share of them
// its days are of the whole cycle, where a change split it (--prorate).
type Cycle struct {
	Start, End Date
	Plan       Plan
	Fee        int64
	Included   int64 // seconds; Plan.Unlimited says every hour is
}

// foreverAfter stands for "no later version": a date no range reaches.
const foreverAfter = Date(1 << 30)

// addCycles returns the first day of the cycle n cycles after the one that
// starts on anchor. The anchor's day of the month is kept, and falls on the
// last day of months too short for it: a cycle anchored on the 31st starts
// on 28 February.
func addCycles(anchor Date, n int, p Period) Date {
	months := n
	if p == Year {
		months = 12 * n
	}
	y, m, d := anchor.Civil()
	first := MakeDate(y, m+time.Month(months), 1)
	fy, fm, _ := first.Civil()
	last := MakeDate(fy, fm+1, 0)
	_, _, lastDay := last.Civil()
	return first.AddDays(min(d, lastDay) - 1)
}

// cycleIndex returns n such that d lies in the n-th cycle from anchor
// (negative before it).
func cycleIndex(anchor, d Date, p Period) int {
	ay, am, _ := anchor.Civil()
	dy, dm, _ := d.Civil()
	n := (dy-ay)*12 + int(dm-am)
	if p == Year {
		n = floorDiv(n, 12)
	}
	for addCycles(anchor, n, p) > d {
		n--
	}
	for addCycles(anchor, n+1, p) <= d {
		n++
	}
	return n
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// version returns the index of the plan version in force on d (the first
// one for days before any) and the day the next version starts.
func (c Client) version(d Date) (int, Date) {
	i := 0
	for i+1 < len(c.Plans) && c.Plans[i+1].From <= d {
		i++
	}
	next := foreverAfter
	if i+1 < len(c.Plans) {
		next = c.Plans[i+1].From
	}
	return i, next
}

// CycleOn returns the retainer cycle that contains day d; ok is false when
// the plan in force on d is not a retainer. Cycles are counted from the
// version's anchor (anchorOf); a version ends the last cycle of the one
// before it, which is then short. Days before the first version fall in
// cycles counted back from its start.
func (c Client) CycleOn(d Date) (Cycle, bool) {
	if len(c.Plans) == 0 {
		return Cycle{}, false
	}
	i, _ := c.version(d)
	if c.Plans[i].Kind != Retainer {
		return Cycle{}, false
	}
	anchor := c.anchorOf(i)
	return c.cycleOf(i, anchor, cycleIndex(anchor, d, c.Plans[i].Period)), true
}

// anchorOf returns the day version i counts its cycles from (rule 4): a
// retainer that follows a retainer of the same period keeps its anchor
// when it starts on one of its cycles' first days or splits a cycle
// (--prorate); any other version anchors on its own first day (so does
// one a tally before --prorate let start inside a cycle).
func (c Client) anchorOf(i int) Date {
	p := c.Plans[i]
	if i > 0 && c.Plans[i-1].Kind == Retainer && c.Plans[i-1].Period == p.Period {
		anchor := c.anchorOf(i - 1)
		if p.Prorate || addCycles(anchor, cycleIndex(anchor, p.From, p.Period), p.Period) == p.From {
			return anchor
		}
	}
	return p.From
}

// cycleOf returns the n-th cycle from anchor of version i, within the
// version's days: a part of a cycle where a version split it charges its
// days' share of the fee and included hours, rounded half-up once.
func (c Client) cycleOf(i int, anchor Date, n int) Cycle {
	p := c.Plans[i]
	start, next := addCycles(anchor, n, p.Period), addCycles(anchor, n+1, p.Period)
	cycle := Cycle{Start: start, End: next.AddDays(-1), Plan: p, Fee: p.Fee, Included: p.Included}
	if i > 0 && start < p.From {
		cycle.Start = p.From // this version split the cycle it starts in
	}
	if i+1 < len(c.Plans) && c.Plans[i+1].From <= cycle.End {
		cycle.End = c.Plans[i+1].From.AddDays(-1) // the next version ends it early
		if !c.Plans[i+1].Prorate {
			return cycle // a cut a tally before --prorate made: the whole fee
		}
	}
	// What is left short was split by a version that prorates: this one at
	// its start, or the next at its end.
	if days, whole := int64(cycle.End-cycle.Start+1), int64(next-start); days < whole {
		cycle.Fee, cycle.Included = mulDivHalfUp(p.Fee, 2*days, 2*whole), mulDivHalfUp(p.Included, 2*days, 2*whole)
	}
	return cycle
}

// CyclesStarting returns the retainer cycles whose first day lies in
// [from, to]: the days a fee is charged (rule 4). None starts before its
// version does.
func (c Client) CyclesStarting(from, to Date) []Cycle {
	var cycles []Cycle
	for i, p := range c.Plans {
		if p.Kind != Retainer || p.From > to {
			continue
		}
		_, next := c.version(p.From)
		anchor := c.anchorOf(i)
		for n := cycleIndex(anchor, max(from, p.From), p.Period); ; n++ {
			cycle := c.cycleOf(i, anchor, n)
			if cycle.Start > to || cycle.Start >= next {
				break
			}
			if cycle.Start >= from {
				cycles = append(cycles, cycle)
			}
		}
	}
	return cycles
}

// HistoryStart returns the first day from which c's entries can change
// the figures of a report starting on from: the first day of the retainer
// cycle from falls in, since a cycle's hours are used up from its first
// day; else from itself.
func (c Client) HistoryStart(from Date) Date {
	if cycle, ok := c.CycleOn(from); ok {
		return cycle.Start
	}
	return from
}
