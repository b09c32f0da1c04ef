package importer

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"tally/model"
)

// Toggl Track's detailed CSV: User, Email, Client, Project, Task,
// Description, Billable, Start date, Start time, End date, End time,
// Duration, Tags and, with rates, "Amount (XXX)". Dates are YYYY-MM-DD and
// times HH:MM:SS in the zone of the user who exported.
func togglRow(row []string, col columns, where string, o Options) (Record, error) {
	rec := Record{Where: where, Client: col.get(row, "client"), Note: col.get(row, "description"),
		Task: taskName(col.get(row, "project"), col.get(row, "task")), Billable: yes(col.get(row, "billable")),
		Tags: splitTags(col.get(row, "tags"))}
	var err error
	if rec.Start, rec.End, err = span(row, col, where, dateFormat{"YYYY-MM-DD", "2006-01-02"}, o.location()); err != nil {
		return rec, err
	}
	if err := amountColumn(&rec, row, col, where, "amount ("); err != nil {
		return rec, err
	}
	rec.Key = key("toggl", col.get(row, "email"), rec)
	return rec, nil
}

// Clockify's detailed CSV: its columns come and go and move with each
// export, so each is found by name. Dates follow the user's locale
// (MM/DD/YYYY unless --date-format says otherwise); times are 12-hour,
// with or without seconds.
func readClockify(r io.Reader, o Options) ([]Record, error) {
	format, err := parseDateFormat(o.DateFormat, "MM/DD/YYYY")
	if err != nil {
		return nil, err
	}
	return readCSV(r, "clockify", o, func(row []string, col columns, where string, o Options) (Record, error) {
		return clockifyRow(row, col, where, format, o)
	})
}

func clockifyRow(row []string, col columns, where string, format dateFormat, o Options) (rec Record, err error) {
	rec = Record{Where: where, Client: col.get(row, "client"), Note: col.get(row, "description"),
		Task: taskName(col.get(row, "project"), col.get(row, "task")), Billable: yes(col.get(row, "billable")),
		Tags: splitTags(col.get(row, "tags"))}
	if rec.Start, rec.End, err = span(row, col, where, format, o.location()); err != nil {
		return rec, err
	}
	if err := amountColumn(&rec, row, col, where, "billable amount ("); err != nil {
		return rec, err
	}
	rec.Key = key("clockify", col.get(row, "email"), rec)
	return rec, nil
}

// span reads the start and end date and time columns.
func span(row []string, col columns, where string, format dateFormat, loc *time.Location) (start, end time.Time, err error) {
	start, err = localTime(col.get(row, "start date"), col.get(row, "start time"), format, loc)
	if err != nil {
		return start, end, recordError(where, "start", col.get(row, "start date")+" "+col.get(row, "start time"), err)
	}
	if col.get(row, "end date") == "" && col.get(row, "end time") == "" {
		return start, end, nil // still running
	}
	end, err = localTime(col.get(row, "end date"), col.get(row, "end time"), format, loc)
	if err != nil {
		return start, end, recordError(where, "end", col.get(row, "end date")+" "+col.get(row, "end time"), err)
	}
	return start, end, nil
}

// amountColumn reads a column such as "Amount (EUR)": what the time
// earned in the source, and in which currency.
func amountColumn(rec *Record, row []string, col columns, where, prefix string) error {
	name, ok := col.find(prefix)
	if !ok || col.get(row, name) == "" {
		return nil
	}
	rec.Currency = currencyCode(strings.TrimSuffix(strings.TrimPrefix(name, prefix), ")"))
	if rec.Currency == "" {
		return nil
	}
	var err error
	if rec.Amount, err = money(col.get(row, name), rec.Currency); err != nil {
		return recordError(where, name, col.get(row, name), err)
	}
	return nil
}

// key is a record's natural key in a spreadsheet export, which has no ids:
// who, when, for whom and what.
func key(tool, user string, rec Record) string {
	return strings.Join([]string{tool, user, rec.Start.UTC().Format(time.RFC3339), rec.End.UTC().Format(time.RFC3339), rec.Client, rec.Task, rec.Note}, "\x1f")
}

// ReadHarvest reads Harvest's time report CSV: Date, Client, Project,
// Project Code, Task, Notes, Hours, Billable?, …, Billable Rate, Billable
// Amount, …, Currency. Numbers follow the account's format ("2.000,0");
// the currency may read "Euro - EUR". Harvest keeps hours, not times: a
// day's rows are laid end to end from 09:00, or early enough to end by
// midnight, so that each row stays on its date; their notes say so.
func ReadHarvest(r io.Reader, o Options) ([]Record, error) {
	format, err := parseDateFormat(o.DateFormat, "YYYY-MM-DD")
	if err != nil {
		return nil, err
	}
	var rows []harvestRow
	seen := map[string]int{}
	_, err = readCSV(r, "harvest", o, func(cells []string, col columns, where string, _ Options) (Record, error) {
		d, err := time.Parse(format.layout, col.get(cells, "date"))
		if err != nil {
			return Record{}, recordError(where, "Date", col.get(cells, "date"), fmt.Errorf("want a date like %s", format.name))
		}
		secs, err := hours(col.get(cells, "hours"))
		if err != nil {
			return Record{}, recordError(where, "Hours", col.get(cells, "hours"), err)
		}
		rec := Record{Where: where, Client: col.get(cells, "client"), Task: taskName(col.get(cells, "project"), col.get(cells, "task")),
			Note: col.get(cells, "notes"), Billable: yes(col.get(cells, "billable?")), Currency: currencyCode(col.get(cells, "currency"))}
		if amount := col.get(cells, "billable amount"); amount != "" && rec.Currency != "" {
			if rec.Amount, err = money(amount, rec.Currency); err != nil {
				return rec, recordError(where, "Billable Amount", amount, err)
			}
		}
		// Harvest has no ids: a row is its day, client, task, notes and
		// hours, counted when the file holds several alike.
		day := model.MakeDate(d.Date())
		rec.Key = strings.Join([]string{"harvest", day.String(), rec.Client, rec.Task, rec.Note, fmt.Sprint(secs)}, "\x1f")
		seen[rec.Key]++
		rec.Key = fmt.Sprint(rec.Key, "\x1f", seen[rec.Key])
		rows = append(rows, harvestRow{rec, day, secs})
		return rec, nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].day < rows[j].day })
	out := make([]Record, 0, len(rows))
	for len(rows) > 0 {
		n := 1
		for n < len(rows) && rows[n].day == rows[0].day {
			n++
		}
		day, err := layOutDay(rows[:n], o.location())
		if err != nil {
			return nil, err
		}
		out = append(out, day...)
		rows = rows[n:]
	}
	return out, nil
}

type harvestRow struct {
	Record
	day     model.Date
	seconds int64
}

// layOutDay lays one day's rows end to end, in the file's order, from
// 09:00 or, when they add up to more than the rest of the day, from as
// early as ends them at midnight. A day whose rows add up to more than it
// has is refused.
func layOutDay(rows []harvestRow, loc *time.Location) ([]Record, error) {
	day := rows[0].day
	var total int64
	for _, rw := range rows {
		total += rw.seconds
	}
	dayStart, dayEnd := day.Start(loc), day.AddDays(1).Start(loc)
	if length := int64(dayEnd.Sub(dayStart) / time.Second); total > length {
		return nil, model.Invalidf("%s: the rows of %s add up to %s, more than the day's %s hours",
			rows[0].Where, day, model.FormatDuration(total), model.FormatDuration(length))
	}
	at, err := day.At(9, 0, loc)
	if err != nil {
		return nil, recordError(rows[0].Where, "Date", day.String(), err)
	}
	if latest := dayEnd.Add(-time.Duration(total) * time.Second); latest.Before(at) {
		at = latest
	}
	laid := "laid out from " + at.In(loc).Format("15:04") + ": Harvest keeps hours, not times"
	out := make([]Record, 0, len(rows))
	for _, rw := range rows {
		rec := rw.Record
		rec.Start, rec.End = at, at.Add(time.Duration(rw.seconds)*time.Second)
		at = rec.End
		if rec.Note == "" {
			rec.Note = "(" + laid + ")"
		} else {
			rec.Note += " (" + laid + ")"
		}
		out = append(out, rec)
	}
	return out, nil
}
