package export

import (
	"fmt"
	"io"
	"strings"
	"time"

	"tally/model"
)

// timesheetMarkdown writes a timesheet that reads well in an email: a
// title, a section per client with its entries, items and subtotal, then
// the totals per currency.
func timesheetMarkdown(w io.Writer, r model.Report, loc *time.Location) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Timesheet %s\n", rangeText(r, " to "))
	if len(r.Clients) == 0 {
		b.WriteString("\nNothing tracked or charged.\n")
	}
	for _, c := range r.Clients {
		markdownClient(&b, c, loc)
	}
	if len(r.Totals) > 0 {
		b.WriteString("\n## Totals\n\n| Currency | Tracked | Billed | Amount |\n|---|---:|---:|---:|\n")
		for _, t := range r.Totals {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.Currency, model.FormatDuration(t.Tracked), model.FormatDuration(t.Billed), model.FormatAmount(t.Amount, t.Currency))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func markdownClient(b *strings.Builder, c model.ClientReport, loc *time.Location) {
	cur := c.Client.Currency
	fmt.Fprintf(b, "\n## %s\n\n%s, %s\n", mdText(c.Client.Name), cur, mdText(model.DescribePlans(c.Plans, cur)))
	if len(c.Entries) > 0 {
		b.WriteString("\n| Date | Task | Start | End | Time | Billed | Charged | Rate | Amount | Note |\n|---|---|---|---|---:|---:|---:|---:|---:|---|\n")
		for _, p := range c.Entries {
			end := endText(p, loc)
			if end == "" {
				end = "running"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p.Day, mdText(p.Task.Title), clockText(p.Entry.Start, loc), end,
				model.FormatDuration(p.Tracked), model.FormatHours(p.Billed), model.FormatHours(p.Charged), rateText(p, cur), p.AmountText(cur),
				mdText(noteAndTags(p.Entry)))
		}
	}
	if len(c.Lines) > 0 {
		b.WriteString("\n| Time charged | At | Hours | Rate | Amount | Invoice |\n|---|---|---:|---:|---:|---|\n")
		for _, l := range c.Lines {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", mdText(l.Task.Title), l.Label(), model.FormatHours(l.Billed), model.FormatAmount(l.Rate, cur), model.FormatAmount(l.Amount, cur), l.Invoice)
		}
	}
	if len(c.Items) > 0 {
		b.WriteString("\n| Date | Item | Amount | Note |\n|---|---|---:|---|\n")
		for _, it := range c.Items {
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", it.Date, itemName(it), model.FormatAmount(it.Amount, cur), mdText(it.Note))
		}
	}
	if len(c.Fixed) > 0 {
		b.WriteString("\n| Fixed-price task | Price | Tracked, all its time | Effective rate |\n|---|---:|---|---:|\n")
		for _, f := range c.Fixed {
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdText(f.Task.Title), model.FormatAmount(f.Task.Price, cur), f.Progress.BurnText(f.Task), f.Progress.EffectiveText(cur))
		}
	}
	fmt.Fprintf(b, "\n**Subtotal: %s %s** (time %s, items %s; %s tracked, %s billed%s)\n", model.FormatAmount(c.Amount, cur), cur,
		model.FormatAmount(c.TimeAmount, cur), model.FormatAmount(c.Amount-c.TimeAmount, cur), model.FormatDuration(c.Tracked),
		model.FormatDuration(c.Billed), effectiveText(c))
}

// effectiveText is rule 7's effective rate, for a sentence.
func effectiveText(c model.ClientReport) string {
	rate, ok := model.ShownRate(c.Amount, c.Tracked)
	if !ok {
		return ""
	}
	return "; effectively " + model.FormatAmount(rate, c.Client.Currency) + " per tracked hour"
}

// itemName is an item's kind as a heading's word: "Retainer fee",
// "Salary", "Fixed price", "Commission".
func itemName(it model.Item) string {
	label := it.Label()
	return strings.ToUpper(label[:1]) + label[1:]
}

func noteAndTags(e model.Entry) string {
	note := e.Note
	for _, t := range e.Tags {
		note += " +" + t
	}
	return strings.TrimSpace(note)
}

var mdEscaper = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]",
	"<", "&lt;", ">", "&gt;", "\r\n", " ", "\n", " ", "\r", " ",
)

// mdText makes user text safe inside a Markdown table cell or heading.
func mdText(s string) string { return mdEscaper.Replace(model.Printable(s)) }
