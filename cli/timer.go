package cli

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"tally/model"
	"tally/store"
)

func (r *runner) startCommand() *cobra.Command {
	var start struct {
		timer        timerFlags
		note, client string
		tags         option[[]string]
	}
	cmd := &cobra.Command{
		Use:     "start REF [--at 09:15] [--note TEXT] [--tag T]... [--long]",
		Short:   "Start the timer on a task, stopping the running one at the same instant",
		Example: "  tally start 12\n  tally start article --client Acme --at 09:15 --note draft --tag writing",
		Args:    atLeastOneArg("task reference"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error {
			return r.start(joined(args), start.client, start.note, start.tags, start.timer)
		}),
	}
	start.timer.bind(cmd.Flags(), "start time")
	cmd.Flags().StringVar(&start.note, "note", "", "a note on the entry")
	texts(cmd.Flags(), &start.tags, "tag", "a tag; repeat for more")
	cmd.Flags().StringVar(&start.client, "client", "", "resolve REF among this client's tasks")
	return cmd
}

func (r *runner) stopCommand() *cobra.Command {
	var timer timerFlags
	var note option[string]
	cmd := &cobra.Command{Use: "stop [--at 17:30] [--note TEXT] [--long]", Short: "Stop the running timer", Args: noArgs,
		Example: "  tally stop\n  tally stop --at 17:30 --note 'sent the draft'",
		RunE:    r.wrap(func(*cobra.Command, []string) error { return r.stop(timer, note.orNil()) })}
	timer.bind(cmd.Flags(), "stop time")
	text(cmd.Flags(), &note, "note", "", "the stopped entry's note, in place of the one it has")
	return cmd
}

func (r *runner) continueCommand() *cobra.Command {
	var timer timerFlags
	var note option[string]
	cmd := &cobra.Command{
		Use:   "continue [--at 09:15] [--note TEXT] [--long]",
		Short: "Start the last stopped task again, with its note and tags",
		Args:  noArgs,
		RunE:  r.wrap(func(*cobra.Command, []string) error { return r.continueTask(timer, note.orNil()) }),
	}
	timer.bind(cmd.Flags(), "start time")
	text(cmd.Flags(), &note, "note", "", "a note of its own, in place of the last entry's")
	return cmd
}

// timerFlags are the flags of every command that may stop the running
// timer: when, and --long to close an entry that ran longer than
// [timer] forgotten_after.
type timerFlags struct {
	at   option[string]
	long bool
}

func (t *timerFlags) bind(f *pflag.FlagSet, what string) {
	text(f, &t.at, "at", "", what+", HH:MM today or YYYY-MM-DD HH:MM (default now)")
	f.BoolVar(&t.long, "long", false, "keep a running entry that ran longer than [timer] forgotten_after")
}

func (r *runner) statusCommand() *cobra.Command {
	var format option[string]
	cmd := &cobra.Command{
		Use:   "status [--format TEMPLATE]",
		Short: "One line about the running timer, for shell prompts and tmux",
		Long: "Prints the running task, elapsed time and amount so far, or \"idle\".\n\n" +
			"--format takes a Go template and prints nothing when idle. Its fields are display strings:\n" +
			"  .Client .Task .TaskID  the client, the task's title and its id (\"12\")\n" +
			"  .Note .Tags            the entry's note and its tags joined with commas\n" +
			"  .Start                 when it started, HH:MM\n" +
			"  .Elapsed               h:mm:ss so far (.ElapsedSeconds: a number)\n" +
			"  .Amount .Currency      earned so far (\"12.50\") and the client's currency\n" +
			"  .Forgotten .Warning    true, and why, when the timer looks forgotten\n" +
			"  .Unpaid                what issued invoices are owed (\"26.00 EUR\"); shown while idle too\n\n" +
			"A prompt that starts no process at all: tally prompt bash|zsh|fish|tmux|starship|waybar.",
		Example: `  tally status --format '{{.Task}} {{.Elapsed}}{{if .Forgotten}} !{{end}}'`,
		Args:    noArgs,
		// status is what a prompt asks when the state file is stale, so
		// it puts the file right.
		RunE: r.wrap(func(*cobra.Command, []string) error {
			if err := r.status(format); err != nil {
				return err
			}
			return r.refreshState()
		}),
	}
	text(cmd.Flags(), &format, "format", "", "Go template for the line")
	return cmd
}

// timing reads --at (default: now, read once the file is locked) and
// --long, and refuses a time in the future.
func (r *runner) timing(flags timerFlags) (store.Timing, error) {
	cfg, err := r.config()
	if err != nil {
		return store.Timing{}, err
	}
	t := store.Timing{MaxLength: cfg.ForgottenAfter}
	if flags.long {
		t.MaxLength = 0
	}
	at, ok, err := parsed(flags.at, func(s string) (time.Time, error) {
		return model.ParseInstant(s, r.today(), r.env.Location)
	})
	if err != nil || !ok {
		return t, err
	}
	if at.After(r.env.Now()) {
		return t, usageError{fmt.Errorf("--at %s is in the future", at.Format("2006-01-02 15:04"))}
	}
	t.At = at
	return t, nil
}

// wayOut adds what to type to an entry refused with an E: its length, or
// an overlap.
func wayOut[E error](err error, how string) error {
	var refusal E
	if errors.As(err, &refusal) {
		return fmt.Errorf("%w; %s", err, how)
	}
	return err
}

func (r *runner) start(ref, client, note string, tagged option[[]string], timer timerFlags) error {
	when, err := r.timing(timer)
	if err != nil {
		return err
	}
	tags, err := validTags(tagged)
	if err != nil {
		return err
	}
	started, err := r.store().StartRef(ref, client, note, tags, when)
	r.warn(started.Warnings)
	if err != nil {
		return wayOut[model.LongEntryError](err, "stop it earlier with tally stop --at TIME, or keep all of it with --long")
	}
	if started.Already {
		r.printf("%s already running since %s\n", model.TaskLabel(started.Task, clientsByID(started.Clients)), r.clock(started.Entry.Start))
		return nil
	}
	r.printStarted(started.Entry, started.Stopped, model.TaskLabel(started.Task, clientsByID(started.Clients)))
	return nil
}

func (r *runner) printStarted(started model.Entry, stopped *model.Entry, label string) {
	if stopped != nil {
		r.printf("stopped #%d after %s\n", stopped.TaskID, model.FormatDuration(stopped.Tracked(stopped.End)))
	}
	r.printf("started %s at %s\n", label, r.clock(started.Start))
}

func (r *runner) continueTask(timer timerFlags, note *string) error {
	when, err := r.timing(timer)
	if err != nil {
		return err
	}
	started, stopped, warned, err := r.store().Continue(when, note)
	r.warn(warned)
	if err != nil {
		return wayOut[model.LongEntryError](err, "stop it earlier with tally stop --at TIME, or keep all of it with --long")
	}
	t, clients, err := r.store().FindTask("#"+strconv.FormatInt(started.TaskID, 10), "")
	if err != nil {
		return err
	}
	r.printStarted(started, stopped, model.TaskLabel(t, clientsByID(clients))+noteSuffix(started))
	return nil
}

func noteSuffix(e model.Entry) string {
	if text := noteText(e); text != "" {
		return ": " + text
	}
	return ""
}

func (r *runner) stop(timer timerFlags, note *string) error {
	when, err := r.timing(timer)
	if err != nil {
		return err
	}
	e, kept, warned, err := r.store().Stop(when, note)
	r.warn(warned)
	if err != nil {
		return wayOut[model.LongEntryError](err, "stop it earlier with --at TIME, or keep all of it with --long")
	}
	if !kept {
		r.printf("stopped #%d in the second it started; nothing was tracked\n", e.TaskID)
		return nil
	}
	said := ""
	if note != nil { // what was asked, said back
		said = noteSuffix(e)
	}
	r.printf("stopped #%d at %s after %s%s\n", e.TaskID, r.clock(e.End), model.FormatDuration(e.Tracked(e.End)), said)
	return nil
}

// statusLine is what `tally status` knows about the running timer, as the
// strings a prompt shows.
type statusLine struct {
	Client, Task, TaskID string
	Note, Tags           string
	Start                string // HH:MM
	Elapsed              string // h:mm:ss
	ElapsedSeconds       int64
	Amount, Currency     string // so far, in the client's currency
	Forgotten            bool
	Warning              string
	Unpaid               string // what issued invoices are owed: "26.00 EUR", or ""
}

func (r *runner) status(format option[string]) error {
	var tmpl *template.Template
	if format.given() {
		var err error
		if tmpl, err = template.New("status").Parse(format.value); err == nil {
			// A dry run names a field that does not exist even while idle.
			err = tmpl.Execute(io.Discard, statusLine{})
		}
		if err != nil {
			return usageError{fmt.Errorf("--format: %v", err)}
		}
	}
	line, running, err := r.statusLine()
	// Only a template that asks for what is owed reads the invoices; it
	// is shown while idle too.
	asksUnpaid := tmpl != nil && strings.Contains(tmpl.Root.String(), ".Unpaid")
	if err == nil && asksUnpaid {
		line.Unpaid, err = r.unpaid()
	}
	switch {
	case err != nil:
		return err
	case !running && tmpl == nil:
		r.printf("idle\n")
		return nil
	case !running && !asksUnpaid:
		return nil
	case tmpl != nil:
		if err := tmpl.Execute(r.env.Stdout, line); err != nil {
			return usageError{fmt.Errorf("--format: %v", err)}
		}
		r.printf("\n")
		return nil
	}
	text := strings.Join([]string{line.Client, line.Task, line.Elapsed, line.Amount + " " + line.Currency}, " · ")
	if line.Forgotten {
		text += " · " + line.Warning
	}
	r.printf("%s\n", text)
	return nil
}

// unpaid is what issued invoices are owed, per currency: "26.00 EUR +
// 1,200 JPY", or "" when nothing is.
func (r *runner) unpaid() (string, error) {
	owed, err := r.store().Owed()
	var parts []string
	for _, cur := range slices.Sorted(maps.Keys(owed)) {
		if owed[cur] != 0 {
			parts = append(parts, model.FormatAmount(owed[cur], cur)+" "+cur)
		}
	}
	return strings.Join(parts, " + "), err
}

func (r *runner) statusLine() (statusLine, bool, error) {
	cfg, err := r.config()
	if err != nil {
		return statusLine{}, false, err
	}
	l, running, ok, err := r.store().RunningLedger(r.env.Location)
	if err != nil || !ok {
		return statusLine{}, false, err
	}
	now := r.env.Now()
	day := model.DateOf(running.Start, r.env.Location)
	task := l.Tasks[0] // the running entry's, first
	client := l.Clients[0]
	report := model.BuildReport(l, model.ReportOptions{From: day, To: day, Location: r.env.Location, Now: now, Rounding: cfg.Rounding, ClientID: client.ID})
	priced, _ := report.Entry(running.ID)
	line := statusLine{Client: client.Name, Task: task.Title, TaskID: strconv.FormatInt(task.ID, 10), Note: model.Printable(running.Note),
		Tags: strings.Join(running.Tags, ","), Start: r.clock(running.Start), ElapsedSeconds: running.Tracked(now),
		Amount: model.FormatAmount(priced.Amount, client.Currency), Currency: client.Currency}
	line.Elapsed = model.FormatClock(line.ElapsedSeconds)
	line.Forgotten, line.Warning = model.Forgotten(running, now, r.env.Location, cfg.ForgottenAfter)
	return line, true, nil
}
