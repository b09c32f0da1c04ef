package model

import "time"

// Cycle is one billing cycle of a retainer version (rule 4): its days,
// first and last inclusive, and the version that bills it.
type Cycle struct {
	Start, End Date
	Plan       Plan
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
// the plan in force on d is not a retainer. Cycles are anchored on the day
// the version starts and a new version starts a new cycle, so the last
// cycle of a version may be short. Days before the first version fall in
// cycles counted back from its start.
func (c Client) CycleOn(d Date) (Cycle, bool) {
	if len(c.Plans) == 0 {
		return Cycle{}, false
	}
	i, next := c.version(d)
	p := c.Plans[i]
	if p.Kind != Retainer {
		return Cycle{}, false
	}
	n := cycleIndex(p.From, d, p.Period)
	end := min(addCycles(p.From, n+1, p.Period), next).AddDays(-1)
	return Cycle{Start: addCycles(p.From, n, p.Period), End: end, Plan: p}, true
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
		next := foreverAfter
		if i+1 < len(c.Plans) {
			next = c.Plans[i+1].From
		}
		n := max(cycleIndex(p.From, from, p.Period), 0)
		for start := addCycles(p.From, n, p.Period); start <= to && start < next; start = addCycles(p.From, n, p.Period) {
			if start >= from {
				end := min(addCycles(p.From, n+1, p.Period), next).AddDays(-1)
				cycles = append(cycles, Cycle{Start: start, End: end, Plan: p})
			}
			n++
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
