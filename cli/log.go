package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"tally/model"
)

func (r *runner) logCommand() *cobra.Command {
	var list scope
	cmd := &cobra.Command{
		Use:   "log [--day D | --week | --month | --from D --to D] [--client NAME]",
		Short: "List entries with their ids (today by default)",
		Args:  noArgs,
		RunE:  r.wrap(func(*cobra.Command, []string) error { return r.logList(list) }),
	}
	list.bind(cmd.Flags(), "only this client's entries")
	var add struct {
		entry  entryFields
		client string
	}
	addCmd := &cobra.Command{
		Use:     "add REF --from 09:00 --to 10:30 [--date D] [--note TEXT] [--tag T]... [--unbilled]",
		Short:   "Record time after the fact",
		Example: "  tally log add article --from 09:00 --to 10:30 --date yesterday --note draft",
		Args:    atLeastOneArg("task reference"),
		RunE:    r.wrap(func(_ *cobra.Command, args []string) error { return r.logAdd(joined(args), add.client, add.entry) }),
	}
	add.entry.bind(addCmd.Flags())
	addCmd.Flags().StringVar(&add.client, "client", "", "resolve REF among this client's tasks")
	var edit entryEdit
	editCmd := &cobra.Command{
		Use:   "edit ID [--from ..] [--to ..] [--date D] [--note ..] [--tag T]... [--unbilled[=false]] [--task REF]",
		Short: "Change an entry",
		Args:  exactArgs(1, "entry id"),
		RunE:  r.wrap(func(_ *cobra.Command, args []string) error { return r.logEdit(args[0], edit) }),
	}
	edit.entry.bind(editCmd.Flags())
	text(editCmd.Flags(), &edit.task, "task", "", "move the entry to another task")
	editCmd.Flags().StringVar(&edit.client, "client", "", "resolve --task among this client's tasks")
	rm := &cobra.Command{Use: "rm ID", Short: "Delete an entry (tally undo brings it back)", Args: exactArgs(1, "entry id"), RunE: r.wrap(r.logRemove)}
	cmd.AddCommand(addCmd, editCmd, rm)
	return cmd
}

// entryFields are the flags log add and log edit share.
type entryFields struct {
	from, to, date, note   option[string]
	tags                   option[[]string]
	unbilled, allowOverlap option[bool]
	long                   bool
}

func (e *entryFields) bind(f *pflag.FlagSet) {
	text(f, &e.from, "from", "", "start, HH:MM (or YYYY-MM-DD HH:MM)")
	text(f, &e.to, "to", "", "end, HH:MM (or YYYY-MM-DD HH:MM for an entry past midnight)")
	text(f, &e.date, "date", "", "the day of --from and --to (default today; for edit, alone: move the entry to that day)")
	text(f, &e.note, "note", "", "a note")
	texts(f, &e.tags, "tag", "a tag; repeat for more (edit: replaces the tags)")
	toggle(f, &e.unbilled, "unbilled", "the entry is not billed")
	toggle(f, &e.allowOverlap, "allow-overlap", "keep the entry even where it overlaps another")
	f.BoolVar(&e.long, "long", false, "keep an entry longer than [timer] forgotten_after")
}

// entryEdit is log edit's flags: the shared fields, and the task to move
// the entry to.
type entryEdit struct {
	entry  entryFields
	task   option[string]
	client string
}

// changes says whether the flags change anything.
func (e entryEdit) changes() bool {
	f := e.entry
	return anyGiven(f.from, f.to, f.date, f.note, f.tags, f.unbilled, f.allowOverlap, e.task)
}

// parseID reads the id of a record what, "12" or "#12", as the command
// list shows it.
func parseID(s, what, list string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(s, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError{fmt.Errorf("%s id %q: want a number from %s", what, s, list)}
	}
	return id, nil
}

// instant reads a time flag on day.
func (r *runner) instant(o option[string], day model.Date) (time.Time, bool, error) {
	return parsed(o, func(s string) (time.Time, error) { return model.ParseInstant(s, day, r.env.Location) })
}

// setEntryFields applies the shared entry flags to e; day anchors times
// given as HH:MM, and a --date without times moves the entry to that day.
func (r *runner) setEntryFields(f entryFields, e *model.Entry, day model.Date) error {
	start, hasStart, err := r.instant(f.from, day)
	if err != nil {
		return err
	}
	end, hasEnd, err := r.instant(f.to, day)
	if err != nil {
		return err
	}
	if f.date.given() && !hasStart && !hasEnd && e.ID != 0 {
		if *e, err = model.MoveToDay(*e, day, r.env.Location); err != nil {
			return err
		}
	}
	if hasStart {
		e.Start = start
	}
	if hasEnd {
		e.End = end
	}
	if err := r.checkLength(f.long, *e); err != nil {
		return err
	}
	if f.note.given() {
		e.Note = f.note.value
	}
	if f.tags.given() {
		if e.Tags, err = validTags(f.tags); err != nil {
			return err
		}
	}
	if f.unbilled.given() {
		e.Unbilled = f.unbilled.value
	}
	if f.allowOverlap.given() {
		e.AllowOverlap = f.allowOverlap.value
	}
	return nil
}

// checkLength refuses an entry that ends before it starts or in the
// future, and one longer than [timer] forgotten_after unless long.
func (r *runner) checkLength(long bool, e model.Entry) error {
	if e.Running() {
		return model.CheckSpan(e.Start, e.Start.Add(time.Second), r.env.Now().Add(time.Second))
	}
	if err := model.CheckSpan(e.Start, e.End, r.env.Now()); err != nil {
		return err
	}
	cfg, err := r.config()
	if err != nil {
		return err
	}
	if long {
		return nil
	}
	return wayOut[model.LongEntryError](model.CheckLength(e.Start, e.End, cfg.ForgottenAfter), "check --from and --to, or keep it with --long")
}

func (r *runner) logAdd(ref, client string, f entryFields) error {
	if !f.from.given() || !f.to.given() {
		return usageError{fmt.Errorf("log add needs --from and --to")}
	}
	day, ok, err := r.date(f.date)
	if err != nil {
		return err
	}
	if !ok {
		day = r.today()
	}
	t, clients, err := r.resolveTask(ref, client)
	if err != nil {
		return err
	}
	e := model.Entry{TaskID: t.ID}
	if err := r.setEntryFields(f, &e, day); err != nil {
		return err
	}
	e, warned, err := r.store().AddEntry(e)
	r.warn(warned)
	if err != nil {
		return wayOut[model.OverlapError](err, "use --allow-overlap to keep both")
	}
	r.printf("added entry %d: %s on %s\n", e.ID, r.spanText(e), model.TaskLabel(t, clientsByID(clients)))
	return nil
}

func (r *runner) logEdit(arg string, edit entryEdit) error {
	id, err := parseID(arg, "entry", "tally log")
	if err != nil {
		return err
	}
	if !edit.changes() {
		return usageError{fmt.Errorf("nothing to change: give --from, --to, --date, --note, --tag, --unbilled or --task")}
	}
	var task *model.Task
	if edit.task.given() {
		t, _, err := r.resolveTask(edit.task.value, edit.client)
		if err != nil {
			return err
		}
		task = &t
	}
	old, err := r.store().Entry(id)
	if err != nil {
		return err
	}
	if old.Running() && edit.entry.to.given() {
		return usageError{fmt.Errorf("entry %d is running: use tally stop --at to end it", id)}
	}
	day, ok, err := r.date(edit.entry.date)
	if err != nil {
		return err
	}
	if !ok {
		day = r.entryDay(old)
	}
	e, warned, err := r.store().EditEntry(id, func(e *model.Entry) error {
		if task != nil {
			e.TaskID = task.ID
		}
		return r.setEntryFields(edit.entry, e, day)
	})
	r.warn(warned)
	if err != nil {
		return wayOut[model.OverlapError](err, "use --allow-overlap to keep both")
	}
	r.printf("updated entry %d: %s\n", e.ID, r.spanText(e))
	return nil
}

func (r *runner) logRemove(_ *cobra.Command, args []string) error {
	id, err := parseID(args[0], "entry", "tally log")
	if err != nil {
		return err
	}
	e, warned, err := r.store().RemoveEntry(id)
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("removed entry %d (%s)\n", e.ID, r.spanText(e))
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

// spanText is an entry's day and times; one that ends on a later day names
// both dates, so a span across midnight is never read as a short one.
func (r *runner) spanText(e model.Entry) string {
	text := r.entryDay(e).String() + " " + r.clock(e.Start) + " to "
	if !e.Running() && model.DateOf(e.End, r.env.Location) != r.entryDay(e) {
		text += model.DateOf(e.End, r.env.Location).String() + " "
	}
	return text + r.endClock(e) + " (" + model.FormatDuration(e.Tracked(r.env.Now())) + ")"
}

func (r *runner) logList(s scope) error {
	cfg, err := r.config()
	if err != nil {
		return err
	}
	report, err := r.reportFor(s, "day", false)
	if err != nil {
		return err
	}
	entries := report.Entries()
	if len(entries) == 0 {
		r.printf("no entries from %s to %s\n", report.From, report.To)
		return nil
	}
	l := entryLog{rounding: cfg.Rounding.Step > 0}
	t := l.table()
	for i, e := range entries {
		l.add(t, e, r)
		if i+1 == len(entries) || entries[i+1].Day != e.Day {
			l.totals(t, e.Day.String(), "day total", l.day)
			l.day = nil
		}
	}
	if report.From != report.To {
		l.totals(t, "", "TOTAL", l.all)
	}
	return t.write(r.env.Stdout)
}

// entryLog lays out `tally log`: the entries with their currency, billed
// time beside tracked when rounding is on, and totals per day and per
// currency.
type entryLog struct {
	rounding bool
	day, all []model.CurrencyTotal
}

func (l *entryLog) table() *table {
	header := []string{"ID", "DATE", "START", "END", "TIME", "BILLED", "CLIENT", "TASK", "AMOUNT", "", "NOTE"}
	right := []int{0, 4, 5, 8}
	if !l.rounding {
		header = slices.Delete(header, 5, 6)
		right = []int{0, 4, 7}
	}
	return newTable(header, right...)
}

func (l *entryLog) cells(cells ...string) []string {
	if !l.rounding {
		return slices.Delete(cells, 5, 6)
	}
	return cells
}

func (l *entryLog) add(t *table, e model.ClientEntry, r *runner) {
	cur := e.Client.Currency
	t.add(l.cells(strconv.FormatInt(e.Entry.ID, 10), e.Day.String(), r.clock(e.Entry.Start), r.endClock(e.Entry),
		model.FormatDuration(e.Tracked), model.FormatDuration(e.Billed), e.Client.Name, "#"+strconv.FormatInt(e.Task.ID, 10)+" "+e.Task.Title,
		e.AmountText(cur), cur, noteText(e.Entry))...)
	for _, sums := range []*[]model.CurrencyTotal{&l.day, &l.all} {
		*sums = addTo(*sums, model.CurrencyTotal{Currency: cur, Tracked: e.Tracked, Billed: e.Billed, Amount: e.Amount})
	}
}

func (l *entryLog) totals(t *table, day, label string, sums []model.CurrencyTotal) {
	for _, s := range sums {
		t.add(l.cells("", day, "", "", model.FormatDuration(s.Tracked), model.FormatDuration(s.Billed), label, "",
			model.FormatAmount(s.Amount, s.Currency), s.Currency, "")...)
	}
}

// addTo adds one currency's figures to a list of totals kept in currency
// order.
func addTo(totals []model.CurrencyTotal, add model.CurrencyTotal) []model.CurrencyTotal {
	i, found := slices.BinarySearchFunc(totals, add.Currency, func(t model.CurrencyTotal, cur string) int { return strings.Compare(t.Currency, cur) })
	if !found {
		return slices.Insert(totals, i, add)
	}
	totals[i].Tracked += add.Tracked
	totals[i].Billed += add.Billed
	totals[i].Amount += add.Amount
	return totals
}

func noteText(e model.Entry) string {
	note := model.Printable(e.Note)
	for _, t := range e.Tags {
		note += " +" + t
	}
	return strings.TrimSpace(note)
}
