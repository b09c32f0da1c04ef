// Package export writes reports and timesheets (CSV, JSON, Markdown) over
// model values to an io.Writer; it knows nothing of files or the store.
package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"tally/model"
)

// The JSON shapes of docs/design.md#reports-and-exports: money as decimal strings, durations in
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
	Plans          []planJSON  `json:"plans,omitempty"`
	TrackedSeconds int64       `json:"tracked_seconds"`
	BilledSeconds  int64       `json:"billed_seconds"`
	TimeAmount     string      `json:"time_amount"`
	Lines          []lineJSON  `json:"lines"`
	EffectiveRate  *string     `json:"effective_rate"` // null when nothing was tracked
	Items          []itemJSON  `json:"items"`
	FixedTasks     []fixedJSON `json:"fixed_tasks"`
	Amount         string      `json:"amount"`
	Entries        []entryJSON `json:"entries,omitempty"`
}

type planJSON struct {
	From        string `json:"from"`
	Description string `json:"description"`
}

// lineJSON is a line of rule 3: quantity × rate = amount, to the cent;
// or the part of an invoice's line a range holds (part_of, that line's
// quantity), whose amount is its entries' shares of it (rule 10).
type lineJSON struct {
	Kind          string `json:"kind"`
	Task          string `json:"task"`
	Rate          string `json:"rate"`
	BilledSeconds int64  `json:"billed_seconds"`
	Quantity      string `json:"quantity"` // hours, to 0.01
	Amount        string `json:"amount"`
	Invoice       string `json:"invoice,omitempty"` // the issued invoice that billed it
	PartOf        string `json:"part_of,omitempty"` // the quantity of the invoice's whole line, of which this is part
}

type itemJSON struct {
	Kind    string `json:"kind"`
	Date    string `json:"date"`
	Amount  string `json:"amount"`
	Note    string `json:"note"`
	Invoice string `json:"invoice,omitempty"` // the issued invoice that billed it
}

// fixedJSON is a fixed-price task's progress over all its time (docs/pay.md
// rule 5).
type fixedJSON struct {
	Task            string  `json:"task"`
	Price           string  `json:"price"`
	Done            bool    `json:"done"`
	TrackedSeconds  int64   `json:"tracked_seconds"`
	EstimateSeconds int64   `json:"estimate_seconds"` // 0 without an estimate
	BurnPercent     int64   `json:"burn_percent"`     // 0 without an estimate
	OverEstimate    bool    `json:"over_estimate"`
	EffectiveRate   *string `json:"effective_rate"` // null before any time is tracked
}

type totalJSON struct {
	Currency       string `json:"currency"`
	TrackedSeconds int64  `json:"tracked_seconds"`
	Amount         string `json:"amount"`
}

// ReportJSON writes the report in the `tally report --json` shape.
func ReportJSON(w io.Writer, r model.Report) error {
	return WriteJSON(w, reportShape(r, nil))
}

// PersonReport is one person's report within a team's.
type PersonReport struct {
	Person string
	Report model.Report
}

type teamJSON struct {
	From   string       `json:"from"`
	To     string       `json:"to"`
	People []personJSON `json:"people"`
	Totals []totalJSON  `json:"totals"`
}

type personJSON struct {
	Person string     `json:"person"`
	Report reportJSON `json:"report"`
}

// TeamReportJSON writes `tally report --team --json`: each person's
// report, then the team's totals per currency.
func TeamReportJSON(w io.Writer, from, to model.Date, people []PersonReport) error {
	out := teamJSON{From: from.String(), To: to.String(), People: []personJSON{}}
	for _, p := range people {
		out.People = append(out.People, personJSON{p.Person, reportShape(p.Report, nil)})
	}
	totals, err := TeamTotals(people)
	if err != nil {
		return err
	}
	out.Totals = totalsShape(totals)
	return WriteJSON(w, out)
}

// TeamTotals sums the people's reports by currency, as
// model.TeamTotals does, naming the person whose figures would take a
// total past what tally can hold.
func TeamTotals(people []PersonReport) ([]model.CurrencyTotal, error) {
	reports := make([]model.Report, len(people))
	for i, p := range people {
		reports[i] = p.Report
	}
	totals, err := model.TeamTotals(reports)
	var tooLarge model.TotalTooLarge
	if errors.As(err, &tooLarge) {
		return nil, fmt.Errorf("%w once %s's figures are added: their rows on the hub hold amounts tally refuses, which it took before it bounded them as tally does", err, people[tooLarge.Report].Person)
	}
	return totals, err
}

// reportShape is the report as JSON; a timesheet adds each client's plan
// versions and entries through more.
func reportShape(r model.Report, more func(model.ClientReport, *clientJSON)) reportJSON {
	out := reportJSON{From: r.From.String(), To: r.To.String(), Clients: []clientJSON{}, Totals: []totalJSON{}}
	for _, c := range r.Clients {
		cur := c.Client.Currency
		cj := clientJSON{
			Client: c.Client.Name, Currency: cur, Plan: c.Plan.Name(),
			TrackedSeconds: c.Tracked, BilledSeconds: c.Billed,
			TimeAmount: model.FormatAmount(c.TimeAmount, cur), Amount: model.FormatAmount(c.Amount, cur),
			Lines: []lineJSON{}, Items: []itemJSON{}, FixedTasks: []fixedJSON{},
		}
		for _, l := range c.Lines {
			cj.Lines = append(cj.Lines, lineJSON{Kind: string(l.Kind), Task: l.Task.Title, Rate: model.FormatAmount(l.Rate, cur),
				BilledSeconds: l.Billed, Quantity: model.FormatHours(l.Billed), Amount: model.FormatAmount(l.Amount, cur), Invoice: l.Invoice, PartOf: partOf(l)})
		}
		if rate, ok := c.EffectiveRate(); ok {
			text := model.FormatAmount(rate, cur)
			cj.EffectiveRate = &text
		}
		for _, it := range c.Items {
			cj.Items = append(cj.Items, itemJSON{Kind: string(it.Kind), Date: it.Date.String(), Amount: model.FormatAmount(it.Amount, cur), Note: it.Note, Invoice: it.Invoice})
		}
		for _, f := range c.Fixed {
			fj := fixedJSON{Task: f.Task.Title, Price: model.FormatAmount(f.Task.Price, cur), Done: f.Task.Done, TrackedSeconds: f.Progress.Tracked,
				EstimateSeconds: f.Task.Estimate, BurnPercent: f.Progress.Burn, OverEstimate: f.Progress.Over}
			if f.Progress.HasEffective {
				text := model.FormatAmount(f.Progress.Effective, cur)
				fj.EffectiveRate = &text
			}
			cj.FixedTasks = append(cj.FixedTasks, fj)
		}
		if more != nil {
			more(c, &cj)
		}
		out.Clients = append(out.Clients, cj)
	}
	out.Totals = totalsShape(r.Totals)
	return out
}

func totalsShape(totals []model.CurrencyTotal) []totalJSON {
	out := []totalJSON{}
	for _, t := range totals {
		out = append(out, totalJSON{Currency: t.Currency, TrackedSeconds: t.Tracked, Amount: model.FormatAmount(t.Amount, t.Currency)})
	}
	return out
}

// WriteJSON writes v as every JSON output of tally is written: indented
// two spaces, with no HTML escaping.
func WriteJSON(w io.Writer, v any) error {
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
	ChargedSeconds int64    `json:"charged_seconds"`
	Billable       bool     `json:"billable"`
	Pricing        string   `json:"pricing"`
	Rate           *string  `json:"rate"` // null when no hourly rate applied
	Amount         string   `json:"amount"`
	Note           string   `json:"note"`
	Tags           []string `json:"tags"`
}

// timesheetJSON writes the report shape with each client's plan versions
// and entries added.
func timesheetJSON(w io.Writer, r model.Report, loc *time.Location) error {
	return WriteJSON(w, reportShape(r, func(c model.ClientReport, cj *clientJSON) {
		for _, p := range c.Plans {
			cj.Plans = append(cj.Plans, planJSON{From: p.From.String(), Description: p.Describe(c.Client.Currency)})
		}
		cj.Entries = make([]entryJSON, 0, len(c.Entries))
		for _, p := range c.Entries {
			cj.Entries = append(cj.Entries, pricedJSON(p, c.Client.Currency, loc))
		}
	}))
}

func pricedJSON(p model.PricedEntry, currency string, loc *time.Location) entryJSON {
	e := entryJSON{
		ID: p.Entry.ID, Date: p.Day.String(), TaskID: p.Task.ID, Task: p.Task.Title,
		Start: p.Entry.Start.In(loc).Format(time.RFC3339), TrackedSeconds: p.Tracked, BilledSeconds: p.Billed,
		ChargedSeconds: p.Charged, Billable: p.Billable, Pricing: string(p.Pricing), Amount: model.FormatAmount(p.Amount, currency),
		Note: p.Entry.Note, Tags: p.Entry.Tags,
	}
	if !p.Entry.Running() {
		end := p.End.In(loc).Format(time.RFC3339)
		e.End = &end
	}
	if p.HasRate {
		rate := model.FormatAmount(p.Rate, currency)
		e.Rate = &rate
	}
	if e.Tags == nil {
		e.Tags = []string{}
	}
	return e
}

// partOf is the quantity of the invoice's line a line is part of, or "".
func partOf(l model.Line) string {
	if l.Of == 0 {
		return ""
	}
	return model.FormatHours(l.Of)
}
