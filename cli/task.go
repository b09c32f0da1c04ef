package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"tally/model"
)

func (r *runner) taskCommand() *cobra.Command {
	cmd := group("task", "Add, change, finish and list tasks")
	var add taskFields
	addCmd := &cobra.Command{
		Use:     "add TITLE --client NAME [--estimate 3h] [--price 300 | --rate 55] [--unbilled]",
		Short:   "Add a task to the end of a client's queue",
		Example: "  tally task add Write article --client Acme --estimate 3h\n  tally task add \"Landing page\" --client Bid --price 300",
		Args:    atLeastOneArg("task title"),
		RunE:    r.wrap(func(_ *cobra.Command, args []string) error { return r.taskAdd(args, add) }),
	}
	add.bind(addCmd.Flags())
	var list struct {
		client string
		all    bool
	}
	listCmd := &cobra.Command{Use: "list [--client NAME] [--all]", Short: "List open tasks in queue order", Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.taskList(list.client, list.all) })}
	listCmd.Flags().StringVar(&list.client, "client", "", "only this client's tasks")
	listCmd.Flags().BoolVar(&list.all, "all", false, "include done tasks")
	var done struct {
		date   option[string]
		timer  timerFlags // --long alone: a task is done today, whenever it stops
		client string
	}
	doneCmd := &cobra.Command{Use: "done REF [--date D] [--long]", Short: "Mark a task done (a fixed price is charged on that day)", Args: atLeastOneArg("task reference"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error {
			return r.taskDone(joined(args), done.client, done.date, done.timer)
		})}
	text(doneCmd.Flags(), &done.date, "date", "", "the day it was done (default today)")
	doneCmd.Flags().BoolVar(&done.timer.long, "long", false, "stop its running timer even if it ran longer than [timer] forgotten_after")
	doneCmd.Flags().StringVar(&done.client, "client", "", "resolve REF among this client's tasks")
	var edit taskEdit
	editCmd := &cobra.Command{Use: "edit REF [--title T] [--estimate D] [--price P | --rate R] [--no-price] [--no-rate] [--unbilled] [--open]", Short: "Change a task", Args: atLeastOneArg("task reference"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error { return r.taskEdit(joined(args), edit) })}
	edit.bind(editCmd.Flags())
	cmd.AddCommand(addCmd, listCmd, doneCmd, editCmd)
	return cmd
}

// taskFields are the flags task add and task edit share.
type taskFields struct {
	client                option[string]
	estimate, price, rate option[string]
	unbilled              option[bool]
}

func (t *taskFields) bind(f *pflag.FlagSet) {
	text(f, &t.client, "client", "", "the client (for edit: where to look the task up)")
	text(f, &t.estimate, "estimate", "", "estimated time, such as 3h or 1:30")
	text(f, &t.price, "price", "", "fixed price for the whole task")
	text(f, &t.rate, "rate", "", "hourly rate for this task, outside the client's plan")
	toggle(f, &t.unbilled, "unbilled", "time on this task is not billed")
}

// apply sets what the fields say on t, whose client bills in currency.
func (t taskFields) apply(task *model.Task, currency string) error {
	if t.price.given() && t.rate.given() {
		return usageError{fmt.Errorf("give --price or --rate, not both")}
	}
	if err := (model.TaskFields{Estimate: t.estimate.value, Price: t.price.value, Rate: t.rate.value}).Apply(task, currency); err != nil {
		return fieldFlagError(err, map[string]option[string]{"estimate": t.estimate, "price": t.price, "rate": t.rate})
	}
	if t.unbilled.given() {
		task.Unbilled = t.unbilled.value
	}
	return nil
}

// taskEdit is task edit's flags: the shared fields and what only a
// change does.
type taskEdit struct {
	taskFields
	title                 option[string]
	noPrice, noRate, open bool
}

func (t *taskEdit) bind(f *pflag.FlagSet) {
	t.taskFields.bind(f)
	text(f, &t.title, "title", "", "new title")
	f.BoolVar(&t.noPrice, "no-price", false, "drop the fixed price")
	f.BoolVar(&t.noRate, "no-rate", false, "drop the task's own rate")
	f.BoolVar(&t.open, "open", false, "reopen a done task")
}

// resolveTask finds REF, narrowed to a client's tasks when client is
// given.
func (r *runner) resolveTask(ref, client string) (model.Task, []model.Client, error) {
	return r.store().FindTask(ref, client)
}

func (r *runner) taskAdd(args []string, fields taskFields) error {
	if fields.client.value == "" {
		return usageError{fmt.Errorf("missing --client")}
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	c, err := model.FindClient(clients, fields.client.value)
	if err != nil {
		return err
	}
	t := model.Task{ClientID: c.ID, Title: joined(args)}
	if err := fields.apply(&t, c.Currency); err != nil {
		return err
	}
	t, warned, err := r.store().AddTask(t)
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("added #%d %s for %s\n", t.ID, t.Title, c.Name)
	return nil
}

func (r *runner) taskList(client string, all bool) error {
	list := r.store().OpenTasks
	if all {
		list = r.store().Tasks
	}
	tasks, clients, err := list()
	if err != nil {
		return err
	}
	tracked, err := r.store().TrackedByTask(tasks, r.env.Now())
	if err != nil {
		return err
	}
	var clientID int64
	if client != "" {
		c, err := model.FindClient(clients, client)
		if err != nil {
			return err
		}
		clientID = c.ID
	}
	table := newTable([]string{"ID", "CLIENT", "TASK", "TRACKED", "ESTIMATE", "BURN", "TERMS", "EFFECTIVE", "STATUS"}, 0, 3, 4, 5, 7)
	for _, c := range clients {
		if c.Archived || clientID != 0 && c.ID != clientID {
			continue
		}
		for _, t := range tasksToList(tasks, c.ID, all) {
			p := model.TaskProgress(t, tracked[t.ID])
			table.add("#"+strconv.FormatInt(t.ID, 10), c.Name, t.Title, model.FormatDuration(p.Tracked), estimateText(t),
				burnText(t, p), model.Terms(t, c.PlanOn(r.today()), c.Currency), p.EffectiveText(c.Currency), statusText(t))
		}
	}
	return table.write(r.env.Stdout)
}

func tasksToList(tasks []model.Task, clientID int64, all bool) []model.Task {
	list := model.Queue(tasks, clientID)
	if all {
		for _, t := range tasks {
			if t.Done && t.ClientID == clientID {
				list = append(list, t)
			}
		}
	}
	return list
}

func estimateText(t model.Task) string {
	if t.Estimate == 0 {
		return "-"
	}
	return model.FormatDuration(t.Estimate)
}

// burnText is the tracked share of the estimate, flagged when over it.
func burnText(t model.Task, p model.Progress) string {
	switch {
	case t.Estimate == 0:
		return "-"
	case p.Over:
		return strconv.FormatInt(p.Burn, 10) + "% OVER"
	}
	return strconv.FormatInt(p.Burn, 10) + "%"
}

func statusText(t model.Task) string {
	if t.Done {
		return "done " + t.DoneOn.String()
	}
	return "open"
}

func clientsByID(clients []model.Client) map[int64]model.Client {
	m := make(map[int64]model.Client, len(clients))
	for _, c := range clients {
		m[c.ID] = c
	}
	return m
}

func (r *runner) taskDone(ref, client string, date option[string], timer timerFlags) error {
	day, err := r.pastDate(date)
	if err != nil {
		return err
	}
	when, err := r.timing(timer)
	if err != nil {
		return err
	}
	t, _, err := r.resolveTask(ref, client)
	if err != nil {
		return err
	}
	t, stopped, warned, err := r.store().Finish(t.ID, day, when)
	r.warn(warned)
	if err != nil {
		return wayOut[model.LongEntryError](err, "stop it first with tally stop --at TIME, or keep all of it with --long")
	}
	if stopped != nil {
		r.printf("stopped #%d after %s\n", t.ID, model.FormatDuration(stopped.Tracked(stopped.End)))
	}
	r.printf("done #%d %s on %s\n", t.ID, t.Title, day)
	return nil
}

func (r *runner) taskEdit(ref string, edit taskEdit) error {
	found, clients, err := r.resolveTask(ref, edit.client.value)
	if err != nil {
		return err
	}
	client := clientsByID(clients)[found.ClientID]
	currency := client.Currency
	t, warned, err := r.store().EditTask(found.ID, "edit", func(t *model.Task) error {
		if edit.title.given() {
			t.Title = edit.title.value
		}
		if err := edit.apply(t, currency); err != nil {
			return err
		}
		if edit.noPrice {
			t.HasPrice, t.Price = false, 0
		}
		if edit.noRate {
			t.HasRate, t.Rate = false, 0
		}
		if edit.open {
			t.Done, t.DoneOn = false, 0
		}
		return nil
	})
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("updated #%d %s (%s)\n", t.ID, t.Title, model.Terms(t, client.PlanOn(r.today()), currency))
	return nil
}
