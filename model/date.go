package model

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Date is a calendar day, counted in days since 1970-01-01. It carries no
// zone: the day an instant falls on depends on the location it is seen from.
type Date int32

// MakeDate returns the date of year, month and day, normalising overflow the
// way time.Date does.
func MakeDate(year int, month time.Month, day int) Date {
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DateOf returns the calendar day on which t falls in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return MakeDate(y, m, d)
}

// Civil returns the year, month and day of d.
func (d Date) Civil() (int, time.Month, int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

// Start returns the first instant of d in loc.
func (d Date) Start(loc *time.Location) time.Time {
	y, m, day := d.Civil()
	return time.Date(y, m, day, 0, 0, 0, 0, loc)
}

// At returns the instant at hour:minute of d in loc. A time the clocks
// skip when they go forward does not exist and is refused; a time they
// repeat when they go back means its first occurrence (time.Date promises
// neither).
func (d Date) At(hour, minute int, loc *time.Location) (time.Time, error) {
	y, m, day := d.Civil()
	t := time.Date(y, m, day, hour, minute, 0, 0, loc)
	if h, mm, _ := t.Clock(); h != hour || mm != minute || DateOf(t, loc) != d {
		return t, Invalidf("%02d:%02d does not exist on %s in %s: the clocks skip it", hour, minute, d, loc)
	}
	wall := time.Date(y, m, day, hour, minute, 0, 0, time.UTC)
	for _, probe := range []time.Duration{-3 * time.Hour, 3 * time.Hour} {
		_, offset := t.Add(probe).Zone()
		other := wall.Add(-time.Duration(offset) * time.Second).In(loc)
		if h, mm, _ := other.Clock(); other.Before(t) && h == hour && mm == minute {
			t = other
		}
	}
	return t, nil
}

var lastInstant = time.Unix(0, math.MaxInt64/2)

// CheckInstant refuses an instant tally cannot keep: before 1971, or past
// February 2116, where nanoseconds since 1970 stop fitting the store's keys.
func CheckInstant(t time.Time) error {
	if t.Year() < 1971 || t.After(lastInstant) {
		return Invalidf("time %s is out of range (%s)", t.Format(time.RFC3339), keptYears)
	}
	return nil
}

// keptYears says which instants CheckInstant takes.
var keptYears = fmt.Sprintf("1971 to %d", lastInstant.Year()-1)

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return time.Weekday((int(d)%7 + 7 + 4) % 7) }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	y, m, day := d.Civil()
	b := make([]byte, 0, 10)
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	b = appendPadded(b, int(m), 2)
	b = append(b, '-')
	return string(appendPadded(b, day, 2))
}

func appendPadded(b []byte, v, width int) []byte {
	s := appendInt(nil, int64(v))
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// Period is the length of a retainer's billing cycle.
type Period string

// The billing cycles a retainer may have.
const (
	Month Period = "month"
	Year  Period = "year"
)

// ParsePeriod reads "month" or "year".
func ParsePeriod(s string) (Period, error) {
	switch p := Period(strings.ToLower(s)); p {
	case Month, Year:
		return p, nil
	}
	return "", Invalidf("period %q: want month or year", s)
}

// PeriodStart returns the first day of the period that contains d.
func PeriodStart(d Date, p Period) Date {
	y, m, _ := d.Civil()
	if p == Year {
		return MakeDate(y, time.January, 1)
	}
	return MakeDate(y, m, 1)
}

// NextPeriod returns the first day of the period after the one starting at
// start.
func NextPeriod(start Date, p Period) Date {
	y, m, _ := start.Civil()
	if p == Year {
		return MakeDate(y+1, time.January, 1)
	}
	return MakeDate(y, m+1, 1)
}

// WeekStart returns the first day of the week containing d, for weeks that
// begin on first.
func WeekStart(d Date, first time.Weekday) Date {
	back := (int(d.Weekday()) - int(first) + 7) % 7
	return d.AddDays(-back)
}

// MonthRange returns the first and last day of d's month.
func MonthRange(d Date) (Date, Date) {
	start := PeriodStart(d, Month)
	return start, NextPeriod(start, Month).AddDays(-1)
}
