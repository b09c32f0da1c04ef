package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"tally/export"
	"tally/model"
)

// reportFlags are report's flags.
type reportFlags struct {
	scope               scope
	json, seconds, team bool
}

func (r *runner) reportCommand() *cobra.Command {
	var flags reportFlags
	cmd := &cobra.Command{
		Use:   "report [--day D | --week | --month | --from D --to D] [--client NAME] [--json]",
		Short: "What each client owes for a period (this month by default)",
		Args:  noArgs,
		RunE:  r.wrap(func(*cobra.Command, []string) error { return r.report(flags) }),
	}
	f := cmd.Flags()
	flags.scope.bind(f, "only this client")
	f.BoolVar(&flags.json, "json", false, "print JSON instead of a table")
	f.BoolVar(&flags.seconds, "seconds", false, "write times as H:MM:SS, not H:MM")
	f.BoolVar(&flags.team, "team", false, "every person's report from the hub, and the team's totals (members of tally_manager)")
	return cmd
}

// duration is how the report writes its times.
func (f reportFlags) duration() func(int64) string {
	if f.seconds {
		return model.FormatClock
	}
	return model.FormatDuration
}

func (r *runner) report(flags reportFlags) error {
	if flags.team {
		return r.teamReport(flags)
	}
	rep, err := r.reportFor(flags.scope, "month", true)
	if err != nil {
		return err
	}
	if flags.json {
		return export.ReportJSON(r.env.Stdout, rep)
	}
	return writeReportTable(r.env.Stdout, rep, flags.duration())
}

// teamReport prices each person's data, rebuilt from the hub, as their
// own report would, and sums the team's totals.
func (r *runner) teamReport(flags reportFlags) error {
	from, to, err := r.rangeOf(flags.scope.period, "month")
	if err != nil {
		return err
	}
	if flags.scope.client != "" {
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
	if flags.json {
		return export.TeamReportJSON(r.env.Stdout, from, to, people)
	}
	totals, err := export.TeamTotals(people)
	if err != nil {
		return err
	}
	duration := flags.duration()
	for _, p := range people {
		r.printf("== %s ==\n", p.Person)
		if err := writeReportTable(r.env.Stdout, p.Report, duration); err != nil {
			return err
		}
		r.printf("\n")
	}
	r.printf("== team: %d people ==\n", len(people))
	t := newTable([]string{"", "TRACKED", "BILLED", "AMOUNT", ""}, 1, 2, 3)
	for _, total := range totals {
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
			model.FormatAmount(c.Amount, cur), cur, c.EffectiveText())
		for _, l := range c.Lines {
			t.add("  "+model.Printable(l.Task.Title), l.Label(), "", l.QuantityText(), model.FormatAmount(l.Rate, cur), model.FormatAmount(l.Amount, cur), "", "", l.InvoiceText())
		}
		for _, it := range c.Items {
			t.add("  "+it.Date.String()+" "+it.Label(), "", "", "", "", model.FormatAmount(it.Amount, cur), "", "", itemNote(it))
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

// itemNote is an item's note, and the invoice that billed it, if one has.
func itemNote(it model.Item) string {
	if it.Invoice == "" {
		return model.Printable(it.Note)
	}
	return model.Printable(it.Note) + ", on " + it.Invoice
}
