package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"tally/model"
)

func (r *runner) logCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "log [--day D | --week | --month | --from D --to D] [--client NAME]",
		Short: "List entries with their ids (today by default)",
		Args:  noArgs,
		RunE:  r.wrap(r.logList),
	}
	addRangeFlags(cmd)
	cmd.Flags().String("client", "", "only this client's entries")
	add := &cobra.Command{
		Use:     "add REF --from 09:00 --to 10:30 [--date D] [--note TEXT] [--tag T]... [--unbilled]",
		Short:   "Record time after the fact",
		Example: "  tally log add article --from 09:00 --to 10:30 --date yesterday --note draft",
		Args:    atLeastOneArg("task reference"),
		RunE:    r.wrap(r.logAdd),
	}
	addEntryFlags(add)
	add.Flags().String("client", "", "resolve REF among this client's tasks")
	edit := &cobra.Command{
		Use:   "edit ID [--from ..] [--to ..] [--date D] [--note ..] [--tag T]... [--unbilled[=false]] [--task REF]",
		Short: "Change an entry",
		Args:  exactArgs(1, "entry id"),
		RunE:  r.wrap(r.logEdit),
	}
	addEntryFlags(edit)
	edit.Flags().String("task", "", "move the entry to another task")
	edit.Flags().String("client", "", "resolve --task among this client's tasks")
	rm := &cobra.Command{Use: "rm ID", Short: "Delete an entry (tally undo brings it back)", Args: exactArgs(1, "entry id"), RunE: r.wrap(r.logRemove)}
	cmd.AddCommand(add, edit, rm)
	return cmd
}

func addEntryFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("from", "", "start, HH:MM (or YYYY-MM-DD HH:MM)")
	f.String("to", "", "end, HH:MM (or YYYY-MM-DD HH:MM for an entry past midnight)")
	f.String("date", "", "the day of --from and --to (default today; for edit, the entry's day)")
	f.String("note", "", "a note")
	f.StringArray("tag", nil, "a tag; repeat for more (edit: replaces the tags)")
	f.Bool("unbilled", false, "the entry is not billed")
	f.Bool("allow-overlap", false, "keep the entry even where it overlaps another")
}

func parseEntryID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError{fmt.Errorf("entry id %q: want a number from tally log", s)}
	}
	return id, nil
}

// instantFlag reads a time flag on day.
func (r *runner) instantFlag(cmd *cobra.Command, name string, day model.Date) (time.Time, bool, error) {
	return valueFlag(cmd, name, func(s string) (time.Time, error) { return model.ParseInstant(s, day, r.env.Location) })
}

// setEntryFields applies the shared entry flags to e; day anchors times
// given as HH:MM.
func (r *runner) setEntryFields(cmd *cobra.Command, e *model.Entry, day model.Date) error {
	if start, ok, err := r.instantFlag(cmd, "from", day); err != nil {
		return err
	} else if ok {
		e.Start = start
	}
	if end, ok, err := r.instantFlag(cmd, "to", day); err != nil {
		return err
	} else if ok {
		e.End = end
	}
	if err := model.CheckSpan(e.Start, e.End, r.env.Now()); err != nil {
		return err
	}
	if changed(cmd, "note") {
		e.Note, _ = cmd.Flags().GetString("note")
	}
	if changed(cmd, "tag") {
		tags, err := tagsFlag(cmd)
		if err != nil {
			return err
		}
		e.Tags = tags
	}
	if changed(cmd, "unbilled") {
		e.Unbilled, _ = cmd.Flags().GetBool("unbilled")
	}
	if changed(cmd, "allow-overlap") {
		e.AllowOverlap, _ = cmd.Flags().GetBool("allow-overlap")
	}
	return nil
}

func (r *runner) logAdd(cmd *cobra.Command, args []string) error {
	if !changed(cmd, "from") || !changed(cmd, "to") {
		return usageError{fmt.Errorf("log add needs --from and --to")}
	}
	day, ok, err := r.dateFlag(cmd, "date")
	if err != nil {
		return err
	}
	if !ok {
		day = r.today()
	}
	t, clients, err := r.resolveTask(cmd, joined(args))
	if err != nil {
		return err
	}
	e := model.Entry{TaskID: t.ID}
	if err := r.setEntryFields(cmd, &e, day); err != nil {
		return err
	}
	if e, err = r.store().AddEntry(e); err != nil {
		return err
	}
	r.printf("added entry %d: %s %s to %s on %s\n", e.ID, r.entryDay(e), r.clock(e.Start), r.clock(e.End), model.TaskLabel(t, clientsByID(clients)))
	return nil
}

func (r *runner) logEdit(cmd *cobra.Command, args []string) error {
	id, err := parseEntryID(args[0])
	if err != nil {
		return err
	}
	var task *model.Task
	if changed(cmd, "task") {
		ref, _ := cmd.Flags().GetString("task")
		t, _, err := r.resolveTask(cmd, ref)
		if err != nil {
			return err
		}
		task = &t
	}
	old, err := r.store().Entry(id)
	if err != nil {
		return err
	}
	if old.Running() && changed(cmd, "to") {
		return usageError{fmt.Errorf("entry %d is running: use tally stop --at to end it", id)}
	}
	day, ok, err := r.dateFlag(cmd, "date")
	if err != nil {
		return err
	}
	if !ok {
		day = r.entryDay(old)
	}
	e, err := r.store().EditEntry(id, func(e *model.Entry) error {
		if task != nil {
			e.TaskID = task.ID
		}
		if e.Running() {
			return r.setRunningFields(cmd, e, day)
		}
		return r.setEntryFields(cmd, e, day)
	})
	if err != nil {
		return err
	}
	r.printf("updated entry %d: %s %s to %s\n", e.ID, r.entryDay(e), r.clock(e.Start), r.endClock(e))
	return nil
}

// setRunningFields changes what a running entry allows: its start, note,
// tags and billing.
func (r *runner) setRunningFields(cmd *cobra.Command, e *model.Entry, day model.Date) error {
	e.End = r.env.Now() // lets the shared checks run; cleared again below
	err := r.setEntryFields(cmd, e, day)
	e.End = time.Time{}
	return err
}

func (r *runner) logRemove(_ *cobra.Command, args []string) error {
	id, err := parseEntryID(args[0])
	if err != nil {
		return err
	}
	e, err := r.store().RemoveEntry(id)
	if err != nil {
		return err
	}
	r.printf("removed entry %d (%s %s to %s)\n", e.ID, r.entryDay(e), r.clock(e.Start), r.endClock(e))
	return nil
}

func (r *runner) entryDay(e model.Entry) model.Date { return model.DateOf(e.Start, r.env.Location) }

func (r *runner) clock(t time.Time) string { return t.In(r.env.Location).Format("15:04") }

func (r *runner) endClock(e model.Entry) string {
	if e.Running() {
		return "now"
	}
	return r.clock(e.End)
}

func (r *runner) logList(cmd *cobra.Command, _ []string) error {
	report, err := r.reportFor(cmd, "day")
	if err != nil {
		return err
	}
	lines := report.Lines()
	if len(lines) == 0 {
		r.printf("no entries from %s to %s\n", report.From, report.To)
		return nil
	}
	t := newTable([]string{"ID", "DATE", "START", "END", "TIME", "CLIENT", "TASK", "AMOUNT", "NOTE"}, 0, 4, 7)
	for _, l := range lines {
		t.add(strconv.FormatInt(l.Entry.ID, 10), l.Day.String(), r.clock(l.Entry.Start), r.endClock(l.Entry), model.FormatDuration(l.Tracked),
			l.Client.Name, "#"+strconv.FormatInt(l.Task.ID, 10)+" "+l.Task.Title, l.AmountText(l.Client.Currency), noteText(l.Entry))
	}
	return t.write(r.env.Stdout)
}

func noteText(e model.Entry) string {
	note := strings.ReplaceAll(e.Note, "\n", " ")
	for _, t := range e.Tags {
		note += " +" + t
	}
	return strings.TrimSpace(note)
}
