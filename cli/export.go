package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"tally/export"
)

// exportFlags are export's flags.
type exportFlags struct {
	scope         scope
	output, split string
	format        option[string]
}

func (r *runner) exportCommand() *cobra.Command {
	var flags exportFlags
	cmd := &cobra.Command{
		Use:   "export [--day D | --week | --month | --from D --to D] [--client NAME] [--format csv|json|md] [-o FILE | --split DIR]",
		Short: "Write a timesheet (today's by default) to stdout, a file, or one file per client",
		Example: "  tally export --format csv -o today.csv\n" +
			"  tally export --month --format md --split ~/timesheets",
		Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.export(flags) }),
	}
	f := cmd.Flags()
	flags.scope.bind(f, "only this client")
	text(f, &flags.format, "format", "", "csv, json or md (default: from -o's extension, else csv)")
	f.StringVarP(&flags.output, "output", "o", "", "write to FILE, atomically, instead of stdout")
	f.StringVar(&flags.split, "split", "", "write one file per client into DIR")
	return cmd
}

func (r *runner) export(flags exportFlags) error {
	output, split := flags.output, flags.split
	if output != "" && split != "" {
		return usageError{fmt.Errorf("give -o or --split, not both")}
	}
	format, err := formatOf(flags.format, output, export.ParseFormat, export.CSV)
	if err != nil {
		return err
	}
	rep, err := r.reportFor(flags.scope, "day", false)
	if err != nil {
		return err
	}
	switch {
	case split != "":
		paths, err := export.WriteSplit(split, format, rep, r.env.Location)
		for _, p := range paths {
			r.printf("wrote %s\n", p)
		}
		if len(paths) == 0 && err == nil {
			r.printf("nothing tracked or charged from %s to %s; no files written\n", rep.From, rep.To)
		}
		return err
	case output != "":
		if err := export.WriteFile(output, format, rep, r.env.Location); err != nil {
			return err
		}
		r.printf("wrote %s\n", output)
		return nil
	}
	return export.Timesheet(r.env.Stdout, format, rep, r.env.Location)
}

// formatOf reads --format through parse, or else the format the output
// file's extension names, or else fallback: export's and invoice
// render's.
func formatOf[F any](format option[string], output string, parse func(string) (F, error), fallback F) (F, error) {
	if f, ok, err := parsed(format, parse); ok || err != nil {
		return f, err
	}
	if f, err := parse(strings.TrimPrefix(filepath.Ext(output), ".")); err == nil {
		return f, nil
	}
	return fallback, nil
}
