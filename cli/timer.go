package cli

import (
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	"github.com/spf13/cobra"
	"tally/model"
)

func (r *runner) startCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "start REF [--at 09:15] [--note TEXT] [--tag T]...",
		Short:   "Start the timer on a task, stopping the running one at the same instant",
		Example: "  tally start 12\n  tally start article --client Acme --at 09:15 --note draft --tag writing",
		Args:    atLeastOneArg("task reference"),
		RunE:    r.wrap(r.start),
	}
	cmd.Flags().String("at", "", "start time, HH:MM today or YYYY-MM-DD HH:MM (default now)")
	cmd.Flags().String("note", "", "a note on the entry")
	cmd.Flags().StringArray("tag", nil, "a tag; repeat for more")
	cmd.Flags().String("client", "", "resolve REF among this client's tasks")
	return cmd
}

func (r *runner) stopCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "stop [--at 17:30]", Short: "Stop the running timer", Args: noArgs, RunE: r.wrap(r.stop)}
	cmd.Flags().String("at", "", "stop time, HH:MM today or YYYY-MM-DD HH:MM (default now)")
	return cmd
}

func (r *runner) statusCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status [--format TEMPLATE]",
		Short: "One line about the running timer, for shell prompts and tmux",
		Long: "Prints the running task, elapsed time and amount so far, or \"idle\".\n" +
			"--format takes a Go template over .Client .Task .TaskID .Note .Tags .Start .Elapsed\n" +
			".ElapsedSeconds .Amount .Currency .Forgotten and .Warning, and prints nothing when idle.",
		Example: `  tally status --format '{{.Task}} {{.Elapsed}}{{if .Forgotten}} !{{end}}'`,
		Args:    noArgs,
		RunE:    r.wrap(r.status),
	}
	cmd.Flags().String("format", "", "Go template for the line")
	return cmd
}

// atFlag reads --at, defaulting to now, and refuses the future.
func (r *runner) atFlag(cmd *cobra.Command) (time.Time, error) {
	at, ok, err := valueFlag(cmd, "at", func(s string) (time.Time, error) {
		return model.ParseInstant(s, r.today(), r.env.Location)
	})
	if err != nil || !ok {
		return r.now(), err
	}
	if at.After(r.env.Now()) {
		return at, usageError{fmt.Errorf("--at %s is in the future", at.Format("2006-01-02 15:04"))}
	}
	return at, nil
}

func (r *runner) start(cmd *cobra.Command, args []string) error {
	at, err := r.atFlag(cmd)
	if err != nil {
		return err
	}
	tags, err := tagsFlag(cmd)
	if err != nil {
		return err
	}
	t, clients, err := r.resolveTask(cmd, joined(args))
	if err != nil {
		return err
	}
	note, _ := cmd.Flags().GetString("note")
	started, stopped, err := r.store().Start(t.ID, at, note, tags)
	if err != nil {
		return err
	}
	byID := clientsByID(clients)
	if stopped != nil {
		r.printf("stopped #%d after %s\n", stopped.TaskID, model.FormatDuration(stopped.Tracked(at)))
	}
	r.printf("started %s at %s\n", model.TaskLabel(t, byID), started.Start.In(r.env.Location).Format("15:04"))
	return nil
}

func (r *runner) stop(cmd *cobra.Command, _ []string) error {
	at, err := r.atFlag(cmd)
	if err != nil {
		return err
	}
	e, err := r.store().Stop(at)
	if err != nil {
		return err
	}
	r.printf("stopped #%d at %s after %s\n", e.TaskID, e.End.In(r.env.Location).Format("15:04"), model.FormatDuration(e.Tracked(at)))
	return nil
}

// statusLine is what `tally status` knows about the running timer.
type statusLine struct {
	Client, Task   string
	TaskID         int64
	Note           string
	Tags           []string
	Start          time.Time
	Elapsed        string // h:mm:ss
	ElapsedSeconds int64
	Amount         string // so far, in the client's currency
	Currency       string
	Forgotten      bool
	Warning        string
}

func (r *runner) status(cmd *cobra.Command, _ []string) error {
	var tmpl *template.Template
	if changed(cmd, "format") {
		text, _ := cmd.Flags().GetString("format")
		var err error
		if tmpl, err = template.New("status").Parse(text); err == nil {
			// A dry run names a field that does not exist even while idle.
			err = tmpl.Execute(io.Discard, statusLine{Tags: []string{""}})
		}
		if err != nil {
			return usageError{fmt.Errorf("--format: %v", err)}
		}
	}
	line, running, err := r.statusLine()
	switch {
	case err != nil:
		return err
	case !running && tmpl == nil:
		r.printf("idle\n")
		return nil
	case !running:
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
	var task model.Task
	for _, t := range l.Tasks {
		if t.ID == running.TaskID {
			task = t
		}
	}
	client := clientsByID(l.Clients)[task.ClientID]
	report := model.BuildReport(l, model.ReportOptions{From: day, To: day, Location: r.env.Location, Now: now, Rounding: cfg.Rounding, ClientID: client.ID})
	line := statusLine{Client: client.Name, Task: task.Title, TaskID: task.ID, Note: running.Note, Tags: running.Tags,
		Start: running.Start.In(r.env.Location), ElapsedSeconds: running.Tracked(now), Currency: client.Currency}
	line.Elapsed = model.FormatClock(line.ElapsedSeconds)
	priced, _ := report.Line(running.ID)
	line.Amount = model.FormatAmount(priced.Amount, client.Currency)
	line.Forgotten, line.Warning = model.Forgotten(running, now, r.env.Location, cfg.ForgottenAfter)
	return line, true, nil
}
