package model

import (
	"strconv"
	"strings"
	"time"
)

// MaxDuration bounds every duration tally reads: longer is surely a typo.
const MaxDuration = 100_000 * 3600

// durationUnit is the seconds in a unit letter of a duration, 0 for none.
func durationUnit(c byte) int64 {
	switch c {
	case 'h':
		return 3600
	case 'm':
		return 60
	case 's':
		return 1
	}
	return 0
}

// ParseDuration reads a duration in seconds from forms such as "1h30m",
// "90m", "1.5h", "45s" or "1:30" (hours and minutes).
func ParseDuration(s string) (int64, error) {
	v, err := parseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, Invalidf("duration %q: %v", s, err)
	}
	return v, nil
}

func parseDuration(s string) (int64, error) {
	if s == "0" {
		return 0, nil
	}
	if h, m, ok := strings.Cut(s, ":"); ok {
		return parseHoursMinutes(h, m)
	}
	if s == "" {
		return 0, decimalError("empty")
	}
	var total int64
	for s != "" {
		i := strings.IndexAny(s, "hms")
		if i < 0 {
			return 0, decimalError("missing unit (write 90m, 1.5h or 1:30)")
		}
		unit := durationUnit(s[i])
		scaled, err := parseDecimal(s[:i], 4, MaxDuration*10_000)
		if err != nil {
			return 0, err
		}
		total += (scaled*unit + 5_000) / 10_000
		if total > MaxDuration {
			return 0, decimalError("too long")
		}
		s = s[i+1:]
	}
	return total, nil
}

func parseHoursMinutes(h, m string) (int64, error) {
	hours, err := parseDecimal(h, 0, MaxDuration/3600)
	if err != nil || len(m) != 2 {
		return 0, decimalError("want hours:minutes such as 1:30")
	}
	minutes, err := parseDecimal(m, 0, 59)
	if err != nil {
		return 0, decimalError("minutes must be 00 to 59")
	}
	return hours*3600 + minutes*60, nil
}

// FormatDuration writes seconds as h:mm, the timesheet's duration form.
func FormatDuration(seconds int64) string {
	minutes := seconds / 60
	return strconv.FormatInt(minutes/60, 10) + ":" + twoDigits(minutes%60)
}

// FormatClock writes seconds as h:mm:ss, the running timer's form.
func FormatClock(seconds int64) string {
	return FormatDuration(seconds) + ":" + twoDigits(seconds%60)
}

// FormatHours writes seconds as decimal hours with two places, rounded
// half-up: 5400 → "1.50".
func FormatHours(seconds int64) string { return formatDecimal(Hours(seconds), 2) }

// FormatSpan writes a duration for people: "45m", "2h", "1h30m".
func FormatSpan(seconds int64) string {
	h, m := seconds/3600, seconds%3600/60
	switch {
	case h == 0:
		return strconv.FormatInt(m, 10) + "m"
	case m == 0:
		return strconv.FormatInt(h, 10) + "h"
	}
	return strconv.FormatInt(h, 10) + "h" + strconv.FormatInt(m, 10) + "m"
}

func twoDigits(v int64) string {
	if v < 10 {
		return "0" + strconv.FormatInt(v, 10)
	}
	return strconv.FormatInt(v, 10)
}

// ParseDate reads "YYYY-MM-DD", "today" or "yesterday", relative to today.
func ParseDate(s string, today Date) (Date, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "today":
		return today, nil
	case "yesterday":
		return today.AddDays(-1), nil
	case "tomorrow":
		return today.AddDays(1), nil
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return 0, Invalidf("date %q: want YYYY-MM-DD, today or yesterday", s)
	}
	if t.Year() < 1971 || t.Year() >= lastInstant.Year() {
		return 0, Invalidf("date %q is out of range (%s)", s, keptYears)
	}
	return MakeDate(t.Date()), nil
}

// ParseClock reads a time of day "HH:MM" (or "H:MM"), or "HH:MM:SS" to
// the second, into hour, minute and second.
func ParseClock(s string) (hour, minute, second int, err error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	bad := len(parts) < 2 || len(parts) > 3 || len(parts[0]) > 2
	values := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		bad = bad || err != nil || strings.HasPrefix(p, "+") || strings.HasPrefix(p, "-") || i > 0 && len(p) != 2 || v > []int{23, 59, 59}[min(i, 2)]
		if i < 3 {
			values[i] = v
		}
	}
	if bad {
		return 0, 0, 0, Invalidf("time %q: want HH:MM between 00:00 and 23:59", s)
	}
	return values[0], values[1], values[2], nil
}

// ParseInstant reads "HH:MM" on day, or "YYYY-MM-DD HH:MM" (also with a T),
// as an instant in loc; seconds may follow (":SS").
func ParseInstant(s string, day Date, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if datePart, clock, ok := strings.Cut(strings.Replace(s, "T", " ", 1), " "); ok {
		d, err := ParseDate(datePart, day)
		if err != nil {
			return time.Time{}, Invalidf("time %q: want HH:MM or YYYY-MM-DD HH:MM", s)
		}
		day, s = d, clock
	}
	h, m, sec, err := ParseClock(s)
	if err != nil {
		return time.Time{}, err
	}
	t, err := day.At(h, m, loc)
	return t.Add(time.Duration(sec) * time.Second), err
}
