// Package export writes reports and timesheets (CSV, JSON, Markdown) over
// model values to an io.Writer; it knows nothing of files or the store.
package export

import (
	"encoding/json"
	"io"
	"time"

	"tally/model"
)

// The JSON shapes of DESIGN §4: money as decimal strings, durations in
// seconds, dates as YYYY-MM-DD.

type reportJSON struct {
	From    string       `json:"from"`
	To      string       `json:"to"`
	Clients []clientJSON `json:"clients"`
	Totals  []totalJSON  `json:"totals"`
}

type clientJSON struct {
	Client         string      `json:"client"`
	Currency       string      `json:"currency"`
	Plan           string      `json:"plan"`
	TrackedSeconds int64       `json:"tracked_seconds"`
	BilledSeconds  int64       `json:"billed_seconds"`
	TimeAmount     string      `json:"time_amount"`
	Items          []itemJSON  `json:"items"`
	Amount         string      `json:"amount"`
	Entries        []entryJSON `json:"entries,omitempty"`
}

type itemJSON struct {
	Kind   string `json:"kind"`
	Date   string `json:"date"`
	Amount string `json:"amount"`
	Note   string `json:"note"`
}

type totalJSON struct {
	Currency       string `json:"currency"`
	TrackedSeconds int64  `json:"tracked_seconds"`
	Amount         string `json:"amount"`
}

// ReportJSON writes the report in the `tally report --json` shape.
func ReportJSON(w io.Writer, r model.Report) error {
	return writeJSON(w, reportShape(r, nil))
}

func reportShape(r model.Report, entries func(model.ClientReport) []entryJSON) reportJSON {
	out := reportJSON{From: r.From.String(), To: r.To.String(), Clients: []clientJSON{}, Totals: []totalJSON{}}
	for _, c := range r.Clients {
		cur := c.Client.Currency
		cj := clientJSON{
			Client: c.Client.Name, Currency: cur, Plan: string(c.Plan.Kind),
			TrackedSeconds: c.Tracked, BilledSeconds: c.Billed,
			TimeAmount: model.FormatAmount(c.TimeAmount, cur), Amount: model.FormatAmount(c.Amount, cur),
			Items: []itemJSON{},
		}
		for _, it := range c.Items {
			cj.Items = append(cj.Items, itemJSON{Kind: string(it.Kind), Date: it.Date.String(), Amount: model.FormatAmount(it.Amount, cur), Note: it.Note})
		}
		if entries != nil {
			cj.Entries = entries(c)
		}
		out.Clients = append(out.Clients, cj)
	}
	for _, t := range r.Totals {
		out.Totals = append(out.Totals, totalJSON{Currency: t.Currency, TrackedSeconds: t.Tracked, Amount: model.FormatAmount(t.Amount, t.Currency)})
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type entryJSON struct {
	ID             int64    `json:"id"`
	Date           string   `json:"date"`
	TaskID         int64    `json:"task_id"`
	Task           string   `json:"task"`
	Start          string   `json:"start"`
	End            *string  `json:"end"` // null while running
	TrackedSeconds int64    `json:"tracked_seconds"`
	BilledSeconds  int64    `json:"billed_seconds"`
	Billable       bool     `json:"billable"`
	Pricing        string   `json:"pricing"`
	Rate           *string  `json:"rate"` // null when no hourly rate applied
	Amount         string   `json:"amount"`
	Note           string   `json:"note"`
	Tags           []string `json:"tags"`
}

// timesheetJSON writes the report shape with each client's entries added.
func timesheetJSON(w io.Writer, r model.Report, loc *time.Location) error {
	return writeJSON(w, reportShape(r, func(c model.ClientReport) []entryJSON {
		entries := make([]entryJSON, 0, len(c.Lines))
		for _, l := range c.Lines {
			entries = append(entries, lineJSON(l, c.Client.Currency, loc))
		}
		return entries
	}))
}

func lineJSON(l model.Line, currency string, loc *time.Location) entryJSON {
	e := entryJSON{
		ID: l.Entry.ID, Date: l.Day.String(), TaskID: l.Task.ID, Task: l.Task.Title,
		Start: l.Entry.Start.In(loc).Format(time.RFC3339), TrackedSeconds: l.Tracked, BilledSeconds: l.Billed,
		Billable: l.Billable, Pricing: string(l.Kind), Amount: model.FormatAmount(l.Amount, currency),
		Note: l.Entry.Note, Tags: l.Entry.Tags,
	}
	if !l.Entry.Running() {
		end := l.End.In(loc).Format(time.RFC3339)
		e.End = &end
	}
	if l.HasRate {
		rate := model.FormatAmount(l.Rate, currency)
		e.Rate = &rate
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e
}
