package export

import (
	"io"
	"strings"
	"time"

	"tally/model"
)

// Format is a timesheet file format.
type Format string

// The formats tally exports.
const (
	CSV      Format = "csv"
	JSON     Format = "json"
	Markdown Format = "md"
)

// ParseFormat reads "csv", "json" or "md" (also "markdown").
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case CSV, JSON, Markdown:
		return f, nil
	case "markdown":
		return Markdown, nil
	}
	return "", model.Invalidf("format %q: want csv, json or md", s)
}

// Timesheet writes the report's entries and items in format f, with times
// shown in loc.
func Timesheet(w io.Writer, f Format, r model.Report, loc *time.Location) error {
	switch f {
	case JSON:
		return timesheetJSON(w, r, loc)
	case Markdown:
		return timesheetMarkdown(w, r, loc)
	}
	return timesheetCSV(w, r, loc)
}

// rateText is the hourly rate an entry's charged time was priced at,
// empty when none applied.
func rateText(p model.PricedEntry, currency string) string {
	if !p.HasRate {
		return ""
	}
	return model.FormatAmount(p.Rate, currency)
}

func clockText(t time.Time, loc *time.Location) string { return t.In(loc).Format("15:04") }

func endText(p model.PricedEntry, loc *time.Location) string {
	if p.Entry.Running() {
		return ""
	}
	return clockText(p.End, loc)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// rangeText names the report's days: one date, or "from to to".
func rangeText(r model.Report, sep string) string {
	if r.From == r.To {
		return r.From.String()
	}
	return r.From.String() + sep + r.To.String()
}
