package model

import (
	"cmp"
	"fmt"
	"strings"
	"time"
)

// Entry is one stretch of tracked time. A zero End means it is running.
type Entry struct {
	ID       int64
	TaskID   int64
	Start    time.Time
	End      time.Time
	Note     string
	Tags     []string
	Unbilled bool
	// AllowOverlap marks an entry the user chose to let overlap others.
	AllowOverlap bool
	// Kept marks a running entry the user chose to keep although it looked
	// forgotten: it is flagged no more and may be stopped at any length.
	Kept bool
}

// CompareEntries orders entries by start, then by id: the order the store
// keeps them in and a report prices them in.
func CompareEntries(a, b Entry) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Running reports whether the entry has no end yet.
func (e Entry) Running() bool { return e.End.IsZero() }

// EndAt returns the entry's end, or now for a running entry (rule 8).
func (e Entry) EndAt(now time.Time) time.Time {
	if e.Running() {
		return now
	}
	return e.End
}

// Tracked returns the entry's actual duration in whole seconds, counting a
// running entry up to now.
func (e Entry) Tracked(now time.Time) int64 {
	d := e.EndAt(now).Sub(e.Start)
	if d < 0 {
		return 0
	}
	return int64(d / time.Second)
}

// Overlaps reports whether the two entries share any instant; entries that
// only touch do not overlap.
func (e Entry) Overlaps(o Entry, now time.Time) bool {
	return e.Start.Before(o.EndAt(now)) && o.Start.Before(e.EndAt(now))
}

// ValidateTag reports a tag that cannot be stored or exported cleanly.
func ValidateTag(tag string) error {
	if tag == "" || strings.ContainsAny(tag, ";\n\r\t ") {
		return Invalidf("tag %q: want one word without spaces or ';'", tag)
	}
	return checkShowable("tag", tag)
}

// Forgotten flags a running entry that has run longer than limit or past
// the end of the day it started on, with a warning for people.
func Forgotten(e Entry, now time.Time, loc *time.Location, limit time.Duration) (bool, string) {
	since := e.Start.In(loc).Format("Mon 15:04")
	switch {
	case !e.Running() || e.Kept:
		return false, ""
	case now.Sub(e.Start) > limit:
		return true, "forgotten? running " + FormatSpan(int64(now.Sub(e.Start)/time.Second)) + " since " + since
	case DateOf(e.Start, loc) != DateOf(now, loc):
		return true, "forgotten? running since " + since
	}
	return false, ""
}

// CheckSpan refuses a finished entry that does not end after it starts, or
// that ends in the future.
func CheckSpan(start, end, now time.Time) error {
	if !end.After(start) {
		return Invalidf("the entry must end after it starts (%s to %s)", start.Format("15:04"), end.Format("15:04"))
	}
	if end.After(now) {
		return Invalidf("the entry ends in the future (%s)", end.Format("2006-01-02 15:04"))
	}
	return nil
}

// ValidateTags reports the first tag that cannot be stored or exported.
func ValidateTags(tags []string) error {
	for _, t := range tags {
		if err := ValidateTag(t); err != nil {
			return err
		}
	}
	return nil
}

// OverrunCut is where a forgotten timer should have stopped: after the
// forgotten-after limit, or at the end of the day it started, whichever
// comes first.
func OverrunCut(e Entry, limit time.Duration, loc *time.Location) time.Time {
	endOfDay := DateOf(e.Start, loc).AddDays(1).Start(loc)
	if cut := e.Start.Add(limit); cut.Before(endOfDay) {
		return cut
	}
	return endOfDay
}

// LongEntryError refuses an entry longer than the forgotten-after limit
// that the user did not ask to keep (docs/design.md#the-command-line: nothing is billed by
// accident). It matches ErrInvalid.
type LongEntryError struct {
	Start, End time.Time
	Limit      time.Duration
}

func (e LongEntryError) Error() string {
	const layout = "Mon 2 Jan 15:04"
	return "the entry would be " + FormatSpan(int64(e.End.Sub(e.Start)/time.Second)) + " long (" + e.Start.Format(layout) +
		" to " + e.End.Format(layout) + "), more than the " + FormatSpan(int64(e.Limit/time.Second)) + " a timer may run unnoticed"
}

// Is makes a LongEntryError bad input.
func (e LongEntryError) Is(target error) bool { return target == ErrInvalid }

// OverlapError refuses an entry that would share an instant with another
// entry while neither allows it: time billed twice. Each front end says
// its own way to keep both. It matches ErrInvalid.
type OverlapError struct {
	Other Entry // the entry it would overlap
}

func (e OverlapError) Error() string {
	end := "now, running"
	if !e.Other.Running() {
		end = e.Other.End.Local().Format("15:04")
	}
	return fmt.Sprintf("the entry would overlap entry %d (%s to %s)", e.Other.ID, e.Other.Start.Local().Format("2006-01-02 15:04"), end)
}

// Is makes an OverlapError bad input.
func (e OverlapError) Is(target error) bool { return target == ErrInvalid }

// CheckLength refuses an entry from start to end longer than limit; a zero
// limit allows any length.
func CheckLength(start, end time.Time, limit time.Duration) error {
	if limit > 0 && end.Sub(start) > limit {
		return LongEntryError{Start: start, End: end, Limit: limit}
	}
	return nil
}

// MoveToDay moves e to day d, keeping its local start and end times to the
// second, and the days between them; a time the clocks skip on the new day
// is refused.
func MoveToDay(e Entry, d Date, loc *time.Location) (Entry, error) {
	shift := func(t time.Time) (time.Time, error) {
		local := t.In(loc)
		h, m, s := local.Clock()
		at, err := d.AddDays(int(DateOf(t, loc)-DateOf(e.Start, loc))).At(h, m, loc)
		return at.Add(time.Duration(s) * time.Second), err
	}
	moved := e
	var err error
	if moved.Start, err = shift(e.Start); err != nil || e.Running() {
		return moved, err
	}
	moved.End, err = shift(e.End)
	return moved, err
}
