package cli

import (
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"tally/model"
)

func (r *runner) clientShowCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "show NAME",
		Short: "A client's plan history, current cycle, effective rates and open tasks",
		Args:  atLeastOneArg("client name"),
		RunE:  r.wrap(r.clientShow),
	}
}

func (r *runner) clientShow(_ *cobra.Command, args []string) error {
	cfg, err := r.config()
	if err != nil {
		return err
	}
	tasks, clients, err := r.store().OpenTasks()
	if err != nil {
		return err
	}
	c, err := model.FindClient(clients, joined(args))
	if err != nil {
		return err
	}
	today := r.today()
	period, label := r.currentPeriod(c, today)
	yearStart := model.MakeDate(yearOf(today), time.January, 1)
	l, err := r.store().Ledger(min(period.Start, yearStart), today, r.env.Location)
	if err != nil {
		return err
	}
	report := func(from model.Date) model.ClientReport {
		rep := model.BuildReport(l, model.ReportOptions{From: from, To: today, Location: r.env.Location, Now: r.env.Now(), Rounding: cfg.Rounding, ClientID: c.ID, Summary: true})
		if len(rep.Clients) == 0 {
			return model.ClientReport{Client: c}
		}
		return rep.Clients[0]
	}
	title := c.Name + " · " + c.Currency
	if c.Archived {
		title += " · archived"
	}
	r.printf("%s\n\nPlans\n", title)
	current := c.PlanOn(today)
	for _, p := range c.Plans {
		mark := ""
		if p == current {
			mark = "  (in force)"
		}
		r.printf("  from %s  %s%s\n", p.From, p.Describe(c.Currency), mark)
	}
	cycle := report(period.Start)
	if use, ok := cycleUse(cycle, today); ok {
		r.printf("\nCurrent cycle %s to %s: %s\n", use.Start, use.End, retainerUseText(use))
	}
	t := newTable([]string{"", "FROM", "TO", "TRACKED", "AMOUNT", "", "EFFECTIVE"}, 3, 4, 6)
	for _, row := range []struct {
		label string
		from  model.Date
		cr    model.ClientReport
	}{{label, period.Start, cycle}, {"This year", yearStart, report(yearStart)}} {
		t.add(row.label, row.from.String(), today.String(), model.FormatDuration(row.cr.Tracked),
			model.FormatAmount(row.cr.Amount, c.Currency), c.Currency, row.cr.EffectiveText())
	}
	r.printf("\n")
	if err := t.write(r.env.Stdout); err != nil {
		return err
	}
	return r.printOpenTasks(tasks, c)
}

// currentPeriod is the retainer cycle that holds today, or else this
// calendar month: the "now" a client's figures are read for.
func (r *runner) currentPeriod(c model.Client, today model.Date) (model.Cycle, string) {
	if cycle, ok := c.CycleOn(today); ok {
		return cycle, "This cycle"
	}
	from, to := model.MonthRange(today)
	return model.Cycle{Start: from, End: to}, "This month"
}

func cycleUse(cr model.ClientReport, today model.Date) (model.CycleUse, bool) {
	for _, use := range cr.Cycles {
		if use.Start <= today && today <= use.End {
			return use, true
		}
	}
	return model.CycleUse{}, false
}

// retainerUseText is a cycle's use of its included hours for people.
func retainerUseText(use model.CycleUse) string {
	if use.Plan.Unlimited {
		return model.FormatSpan(use.Used) + " used, hours unlimited"
	}
	text := model.FormatSpan(use.Used) + " of " + model.FormatSpan(use.Included) + " used"
	if over := use.Used - use.Included; over > 0 {
		return text + ", " + model.FormatSpan(over) + " over"
	}
	return text + ", " + model.FormatSpan(use.Included-use.Used) + " left"
}

func (r *runner) printOpenTasks(tasks []model.Task, c model.Client) error {
	queue := model.Queue(tasks, c.ID)
	if len(queue) == 0 {
		r.printf("\nNo open tasks.\n")
		return nil
	}
	tracked, err := r.store().TrackedByTask(queue, r.env.Now())
	if err != nil {
		return err
	}
	r.printf("\nOpen tasks\n")
	t := newTable([]string{"ID", "TASK", "PROGRESS", "TERMS"}, 0)
	for _, task := range queue {
		p := model.TaskProgress(task, tracked[task.ID])
		t.add("#"+strconv.FormatInt(task.ID, 10), task.Title, p.Text(task, c.Currency), model.Terms(task, c.PlanOn(r.today()), c.Currency))
	}
	return t.write(r.env.Stdout)
}

func yearOf(d model.Date) int {
	y, _, _ := d.Civil()
	return y
}
