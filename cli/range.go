package cli

import (
	"fmt"
	"iter"

	"github.com/spf13/pflag"
	"tally/model"
	"tally/store"
)

// period is the period flags of docs/design.md#the-command-line.
type period struct {
	day, from, to option[string]
	week, month   bool
}

func (p *period) bind(f *pflag.FlagSet) {
	text(f, &p.day, "day", "", "one day (with --week or --month: the week or month containing it)")
	f.BoolVar(&p.week, "week", false, "this week (or the week of --day)")
	f.BoolVar(&p.month, "month", false, "this month (or the month of --day)")
	text(f, &p.from, "from", "", "first day of a custom range")
	text(f, &p.to, "to", "", "last day of a custom range (default today)")
}

// scope is what a command over a period looks at: the period flags and
// --client.
type scope struct {
	period period
	client string
}

func (s *scope) bind(f *pflag.FlagSet, clientUsage string) {
	s.period.bind(f)
	f.StringVar(&s.client, "client", "", clientUsage)
}

// rangeOf reads the period flags; without any, it returns the default
// period, "day" or "month", around today.
func (r *runner) rangeOf(p period, fallback string) (model.Date, model.Date, error) {
	cfg, err := r.config()
	if err != nil {
		return 0, 0, err
	}
	custom := p.from.given() || p.to.given()
	if count(p.week, p.month, custom) > 1 || custom && p.day.given() {
		return 0, 0, usageError{fmt.Errorf("choose one of --day, --week, --month or --from/--to")}
	}
	anchor, hasDay, err := r.date(p.day)
	if err != nil {
		return 0, 0, err
	}
	if !hasDay {
		anchor = r.today()
	}
	switch {
	case custom:
		return r.customRange(p)
	case p.week:
		from := model.WeekStart(anchor, cfg.WeekStart)
		return from, from.AddDays(6), nil
	case p.month || !hasDay && fallback == "month":
		from, to := model.MonthRange(anchor)
		return from, to, nil
	}
	return anchor, anchor, nil
}

func (r *runner) customRange(p period) (model.Date, model.Date, error) {
	from, hasFrom, err := r.date(p.from)
	if err != nil {
		return 0, 0, err
	}
	if !hasFrom {
		return 0, 0, usageError{fmt.Errorf("--to needs --from")}
	}
	to, hasTo, err := r.date(p.to)
	if err != nil {
		return 0, 0, err
	}
	if !hasTo {
		to = r.today()
	}
	if to < from {
		return 0, 0, usageError{fmt.Errorf("--to %s is before --from %s", to, from)}
	}
	if to-from > 366*20 {
		return 0, 0, usageError{fmt.Errorf("the range %s to %s is longer than 20 years", from, to)}
	}
	return from, to, nil
}

func count(flags ...bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}

// reportFor builds the report that a command's period flags and --client
// ask for; without period flags it covers fallback ("day" or "month"). A
// summary holds no entries: what a report prints, not a timesheet.
func (r *runner) reportFor(s scope, fallback string, summary bool) (model.Report, error) {
	from, to, err := r.rangeOf(s.period, fallback)
	if err != nil {
		return model.Report{}, err
	}
	return r.buildReport(r.store(), from, to, s.client, summary)
}

// buildReport loads and prices the range, as every report and export does.
// A summary reads the range's entries one at a time rather than holding
// them.
func (r *runner) buildReport(st *store.Store, from, to model.Date, clientName string, summary bool) (model.Report, error) {
	cfg, err := r.config()
	if err != nil {
		return model.Report{}, err
	}
	options := func(clients []model.Client) (model.ReportOptions, error) {
		o := model.ReportOptions{From: from, To: to, Location: r.env.Location, Now: r.env.Now(), Rounding: cfg.Rounding, Summary: summary}
		if clientName != "" {
			c, err := model.FindClient(clients, clientName)
			if err != nil {
				return o, err
			}
			o.ClientID = c.ID
		}
		return o, nil
	}
	if summary {
		return st.Summarize(from, to, r.env.Location, func(l model.Ledger, entries iter.Seq[model.Entry]) (model.Report, error) {
			o, err := options(l.Clients)
			if err != nil {
				return model.Report{}, err
			}
			return model.BuildSummary(l, entries, o), nil
		})
	}
	l, err := st.Ledger(from, to, r.env.Location)
	if err != nil {
		return model.Report{}, err
	}
	o, err := options(l.Clients)
	if err != nil {
		return model.Report{}, err
	}
	return model.BuildReport(l, o), nil
}
