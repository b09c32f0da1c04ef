package model

import (
	"sort"
	"strings"
	"time"
)

// Task is a piece of work in a client's queue. A task may override the
// client's plan with a fixed price or an hourly rate of its own.
type Task struct {
	ID       int64
	ClientID int64
	Title    string
	Estimate int64 // seconds; 0 when none
	Price    int64 // fixed-price bid, when HasPrice
	HasPrice bool
	Rate     int64 // hourly rate of this task, when HasRate
	HasRate  bool
	Unbilled bool
	Done     bool
	DoneOn   Date
	Rank     int64 // position in the client's queue; lower comes first
}

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

// Sale is a sale made for a commission client.
type Sale struct {
	ID       int64
	ClientID int64
	Date     Date
	Amount   int64
	Note     string
}

// ValidateTag reports a tag that cannot be stored or exported cleanly.
func ValidateTag(tag string) error {
	if tag == "" || strings.ContainsAny(tag, ";\n\r\t ") {
		return Invalidf("tag %q: want one word without spaces or ';'", tag)
	}
	return nil
}

// Queue returns clientID's open tasks in queue order (every client's when
// clientID is 0).
func Queue(tasks []Task, clientID int64) []Task {
	var q []Task
	for _, t := range tasks {
		if !t.Done && (clientID == 0 || t.ClientID == clientID) {
			q = append(q, t)
		}
	}
	sort.Slice(q, func(i, j int) bool {
		if q[i].Rank != q[j].Rank {
			return q[i].Rank < q[j].Rank
		}
		return q[i].ID < q[j].ID
	})
	return q
}

// Forgotten flags a running entry that has run longer than limit or past
// the end of the day it started on, with a warning for people.
func Forgotten(e Entry, now time.Time, loc *time.Location, limit time.Duration) (bool, string) {
	since := e.Start.In(loc).Format("Mon 15:04")
	switch {
	case !e.Running():
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
