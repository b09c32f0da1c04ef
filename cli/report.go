package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"tally/export"
	"tally/model"
)

func (r *runner) reportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report [--day D | --week | --month | --from D --to D] [--client NAME] [--json]",
		Short: "What each client owes for a period (this month by default)",
		Args:  noArgs,
		RunE:  r.wrap(r.report),
	}
	addRangeFlags(cmd)
	cmd.Flags().String("client", "", "only this client")
	cmd.Flags().Bool("json", false, "print JSON instead of a table")
	cmd.Flags().Bool("seconds", false, "write times as H:MM:SS, not H:MM")
	cmd.Flags().Bool("team", false, "every person's report from the hub, and the team's totals (members of tally_manager)")
	return cmd
}

func (r *runner) report(cmd *cobra.Command, _ []string) error {
	if team, _ := cmd.Flags().GetBool("team"); team {
		return r.teamReport(cmd)
	}
	rep, err := r.reportFor(cmd, "month", true)
	if err != nil {
		return err
	}
	if asJSON, _ := cmd.Flags().GetBool("json"); asJSON {
		return export.ReportJSON(r.env.Stdout, rep)
	}
	duration := model.FormatDuration
	if seconds, _ := cmd.Flags().GetBool("seconds"); seconds {
		duration = model.FormatClock
	}
	return writeReportTable(r.env.Stdout, rep, duration)
}

// teamReport prices each person's data, rebuilt from the hub, as their
// own report would, and sums the team's totals.
func (r *runner) teamReport(cmd *cobra.Command) error {
	from, to, err := r.rangeOf(cmd, "month")
	if err != nil {
		return err
	}
	if name, _ := cmd.Flags().GetString("client"); name != "" {
		return usageError{errors.New("--team and --client go apart: clients are each person's own")}
	}
	ctx, h, done, err := r.linkedHub()
	if err != nil {
		return err
	}
	defer done()
	dir, err := os.MkdirTemp("", "tally-team-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	team, err := h.Team(ctx, dir)
	if err != nil {
		return err
	}
	var people []export.PersonReport
	for _, m := range team {
		r.warn(m.Left)
		rep, err := r.buildReport(m.Store, from, to, "", true)
		if err != nil {
			return fmt.Errorf("%s's data from the hub: %w", m.Person, err)
		}
		people = append(people, export.PersonReport{Person: m.Person, Report: rep})
	}
	if asJSON, _ := cmd.Flags().GetBool("json"); asJSON {
		return export.TeamReportJSON(r.env.Stdout, from, to, people)
	}
	duration := model.FormatDuration
	if seconds, _ := cmd.Flags().GetBool("seconds"); seconds {
		duration = model.FormatClock
	}
	var reports []model.Report
	for _, p := range people {
		r.printf("== %s ==\n", p.Person)
		if err := writeReportTable(r.env.Stdout, p.Report, duration); err != nil {
			return err
		}
		r.printf("\n")
		reports = append(reports, p.Report)
	}
	r.printf("== team: %d people ==\n", len(people))
	t := newTable([]string{"", "TRACKED", "BILLED", "AMOUNT", ""}, 1, 2, 3)
	for _, total := range model.TeamTotals(reports) {
		t.add("TOTAL", duration(total.Tracked), duration(total.Billed), model.FormatAmount(total.Amount, total.Currency), total.Currency)
	}
	return t.write(r.env.Stdout)
}

// writeReportTable prints the report as an invoice reads: a row per
// client, its lines (hours × rate = amount, one per task and rate), items
// and fixed-price tasks beneath, then totals per currency. Every other
// time is written by duration.
func writeReportTable(out io.Writer, rep model.Report, duration func(int64) string) error {
	fmt.Fprintf(out, "Report %s to %s\n\n", rep.From, rep.To)
	if len(rep.Clients) == 0 {
		fmt.Fprintln(out, "nothing tracked or charged in this period")
		return nil
	}
	t := newTable([]string{"CLIENT", "PLAN", "TRACKED", "BILLED", "RATE", "AMOUNT", "", "EFFECTIVE", "NOTE"}, 2, 3, 4, 5, 7)
	for _, c := range rep.Clients {
		cur := c.Client.Currency
		t.add(c.Client.Name, c.Plan.Name(), duration(c.Tracked), duration(c.Billed), "",
			model.FormatAmount(c.Amount, cur), cur, effectiveRate(c))
		for _, l := range c.Lines {
			t.add("  "+model.Printable(l.Task.Title), l.Label(), "", l.QuantityText(), model.FormatAmount(l.Rate, cur), model.FormatAmount(l.Amount, cur), "", "", l.InvoiceText())
		}
		for _, it := range c.Items {
			t.add("  "+it.Date.String()+" "+strings.ReplaceAll(string(it.Kind), "_", " "), "", "", "", "", model.FormatAmount(it.Amount, cur), "", "", model.Printable(it.Note))
		}
		for _, f := range c.Fixed {
			t.add("  fixed price "+model.FormatAmount(f.Task.Price, cur), "", "", "", "", "", "", f.Progress.EffectiveText(cur), fixedNote(f))
		}
	}
	for _, total := range rep.Totals {
		t.add("TOTAL", "", duration(total.Tracked), duration(total.Billed), "",
			model.FormatAmount(total.Amount, total.Currency), total.Currency)
	}
	return t.write(out)
}

// fixedNote says what a fixed price's task has taken over all its time,
// not only the range's: "Website copy: 16:42 tracked in all, 1:42 over its
// 15:00 estimate", or "30% of its 10:00 estimate" while within it.
func fixedNote(f model.FixedTask) string {
	note := model.Printable(f.Task.Title) + ": " + model.FormatDuration(f.Progress.Tracked) + " tracked in all"
	estimate := model.FormatDuration(f.Task.Estimate)
	switch {
	case f.Task.Estimate <= 0:
		return note
	case f.Progress.Over:
		return note + ", " + model.FormatDuration(f.Progress.Tracked-f.Task.Estimate) + " over its " + estimate + " estimate"
	}
	return note + fmt.Sprintf(", %d%% of its %s estimate", f.Progress.Burn, estimate)
}

// effectiveRate is rule 7's figure: "71.32/h", or "-" with nothing tracked.
func effectiveRate(c model.ClientReport) string {
	rate, ok := c.EffectiveRate()
	if !ok {
		return "-"
	}
	return model.FormatAmount(rate, c.Client.Currency) + "/h"
}
