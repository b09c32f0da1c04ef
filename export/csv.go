package export

import (
	"encoding/csv"
	"io"
	"strings"
	"time"

	"tally/model"
)

var csvHeader = []string{"date", "client", "task", "start", "end", "duration", "hours", "billed_hours", "billable", "charged_hours", "rate", "amount", "currency", "note", "tags"}

// timesheetCSV writes docs/design.md#reports-and-exports' timesheet: per client in name order, its
// entries in start order and then its items. Every text cell is guarded so a
// spreadsheet never runs it as a formula.
func timesheetCSV(w io.Writer, r model.Report, loc *time.Location) error {
	out := csv.NewWriter(w)
	out.UseCRLF = true // RFC 4180
	if err := out.Write(csvHeader); err != nil {
		return err
	}
	for _, c := range r.Clients {
		cur := c.Client.Currency
		for _, p := range c.Entries {
			out.Write([]string{
				p.Day.String(), safeCell(c.Client.Name), safeCell(p.Task.Title), clockText(p.Entry.Start, loc), endText(p, loc),
				model.FormatDuration(p.Tracked), model.FormatHours(p.Tracked), model.FormatHours(p.Billed), yesNo(p.Billable),
				model.FormatHours(p.Charged), rateText(p, cur), model.FormatAmount(p.Amount, cur), cur,
				safeCell(p.Entry.Note), safeCell(strings.Join(p.Entry.Tags, ";")),
			})
		}
		for _, it := range c.Items {
			out.Write([]string{
				it.Date.String(), safeCell(c.Client.Name), string(it.Kind), "", "", "", "", "", "yes", "", "",
				model.FormatAmount(it.Amount, cur), cur, safeCell(it.Note), "",
			})
		}
	}
	out.Flush()
	return out.Error()
}

// safeCell neutralises a text cell that a spreadsheet would read as a
// formula (OWASP's CSV injection advice): a leading quote makes it text. A
// leading line feed counts too, since the CSV writer turns it into CR LF.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}
