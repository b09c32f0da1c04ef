package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	"tally/model"
)

func (r *runner) taskCommand() *cobra.Command {
	cmd := group("task", "Add, change, finish and list tasks")
	add := &cobra.Command{
		Use:     "add TITLE --client NAME [--estimate 3h] [--price 300 | --rate 55] [--unbilled]",
		Short:   "Add a task to the end of a client's queue",
		Example: "  tally task add Write article --client Acme --estimate 3h\n  tally task add \"Landing page\" --client Bid --price 300",
		Args:    atLeastOneArg("task title"),
		RunE:    r.wrap(r.taskAdd),
	}
	addTaskFlags(add)
	list := &cobra.Command{Use: "list [--client NAME] [--all]", Short: "List open tasks in queue order", Args: noArgs, RunE: r.wrap(r.taskList)}
	list.Flags().String("client", "", "only this client's tasks")
	list.Flags().Bool("all", false, "include done tasks")
	done := &cobra.Command{Use: "done REF [--date D] [--long]", Short: "Mark a task done (a fixed price is charged on that day)", Args: atLeastOneArg("task reference"), RunE: r.wrap(r.taskDone)}
	done.Flags().String("date", "", "the day it was done (default today)")
	done.Flags().Bool("long", false, "stop its running timer even if it ran longer than [timer] forgotten_after")
	done.Flags().String("client", "", "resolve REF among this client's tasks")
	edit := &cobra.Command{Use: "edit REF [--title T] [--estimate D] [--price P | --rate R] [--no-price] [--no-rate] [--unbilled] [--open]", Short: "Change a task", Args: atLeastOneArg("task reference"), RunE: r.wrap(r.taskEdit)}
	addTaskFlags(edit)
	edit.Flags().String("title", "", "new title")
	edit.Flags().Bool("no-price", false, "drop the fixed price")
	edit.Flags().Bool("no-rate", false, "drop the task's own rate")
	edit.Flags().Bool("open", false, "reopen a done task")
	cmd.AddCommand(add, list, done, edit)
	return cmd
}

func addTaskFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("client", "", "the client (for edit: where to look the task up)")
	f.String("estimate", "", "estimated time, such as 3h or 1:30")
	f.String("price", "", "fixed price for the whole task")
	f.String("rate", "", "hourly rate for this task, outside the client's plan")
	f.Bool("unbilled", false, "time on this task is not billed")
}

// resolveTask finds REF, narrowed by --client when the command has it.
func (r *runner) resolveTask(cmd *cobra.Command, ref string) (model.Task, []model.Client, error) {
	name, _ := cmd.Flags().GetString("client")
	return r.store().FindTask(ref, name)
}

// applyTaskFlags sets what the shared task flags say on t.
func applyTaskFlags(cmd *cobra.Command, t *model.Task, currency string) error {
	if changed(cmd, "price") && changed(cmd, "rate") {
		return usageError{fmt.Errorf("give --price or --rate, not both")}
	}
	get := func(name string) string { v, _ := cmd.Flags().GetString(name); return v }
	if err := (model.TaskFields{Estimate: get("estimate"), Price: get("price"), Rate: get("rate")}).Apply(t, currency); err != nil {
		return fieldFlagError(err)
	}
	if changed(cmd, "unbilled") {
		t.Unbilled, _ = cmd.Flags().GetBool("unbilled")
	}
	return nil
}

func (r *runner) taskAdd(cmd *cobra.Command, args []string) error {
	name, _ := cmd.Flags().GetString("client")
	if name == "" {
		return usageError{fmt.Errorf("missing --client")}
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	c, err := model.FindClient(clients, name)
	if err != nil {
		return err
	}
	t := model.Task{ClientID: c.ID, Title: joined(args)}
	if err := applyTaskFlags(cmd, &t, c.Currency); err != nil {
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

func (r *runner) taskList(cmd *cobra.Command, _ []string) error {
	list := r.store().OpenTasks
	if all, _ := cmd.Flags().GetBool("all"); all {
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
	if name, _ := cmd.Flags().GetString("client"); name != "" {
		c, err := model.FindClient(clients, name)
		if err != nil {
			return err
		}
		clientID = c.ID
	}
	all, _ := cmd.Flags().GetBool("all")
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

func (r *runner) taskDone(cmd *cobra.Command, args []string) error {
	day, err := r.pastDateFlag(cmd, "date")
	if err != nil {
		return err
	}
	when, err := r.timing(cmd)
	if err != nil {
		return err
	}
	t, _, err := r.resolveTask(cmd, joined(args))
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

func (r *runner) taskEdit(cmd *cobra.Command, args []string) error {
	ref, clients, err := r.resolveTask(cmd, joined(args))
	if err != nil {
		return err
	}
	client := clientsByID(clients)[ref.ClientID]
	currency := client.Currency
	t, warned, err := r.store().EditTask(ref.ID, "edit task", func(t *model.Task) error {
		if changed(cmd, "title") {
			t.Title, _ = cmd.Flags().GetString("title")
		}
		if err := applyTaskFlags(cmd, t, currency); err != nil {
			return err
		}
		if v, _ := cmd.Flags().GetBool("no-price"); v {
			t.HasPrice, t.Price = false, 0
		}
		if v, _ := cmd.Flags().GetBool("no-rate"); v {
			t.HasRate, t.Rate = false, 0
		}
		if v, _ := cmd.Flags().GetBool("open"); v {
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
