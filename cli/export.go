package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"tally/export"
)

func (r *runner) exportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export [--day D | --week | --month | --from D --to D] [--client NAME] [--format csv|json|md] [-o FILE | --split DIR]",
		Short: "Write a timesheet (today's by default) to stdout, a file, or one file per client",
		Example: "  tally export --format csv -o today.csv\n" +
			"  tally export --month --format md --split ~/timesheets",
		Args: noArgs,
		RunE: r.wrap(r.export),
	}
	addRangeFlags(cmd)
	cmd.Flags().String("client", "", "only this client")
	cmd.Flags().String("format", "", "csv, json or md (default: from -o's extension, else csv)")
	cmd.Flags().StringP("output", "o", "", "write to FILE, atomically, instead of stdout")
	cmd.Flags().String("split", "", "write one file per client into DIR")
	return cmd
}

func (r *runner) export(cmd *cobra.Command, _ []string) error {
	output, _ := cmd.Flags().GetString("output")
	split, _ := cmd.Flags().GetString("split")
	if output != "" && split != "" {
		return usageError{fmt.Errorf("give -o or --split, not both")}
	}
	format, err := exportFormat(cmd, output)
	if err != nil {
		return err
	}
	rep, err := r.reportFor(cmd, "day", false)
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

// exportFormat reads --format, or guesses it from the output file's name.
func exportFormat(cmd *cobra.Command, output string) (export.Format, error) {
	if f, ok, err := valueFlag(cmd, "format", export.ParseFormat); ok || err != nil {
		return f, err
	}
	if ext := strings.TrimPrefix(filepath.Ext(output), "."); ext != "" {
		if f, err := export.ParseFormat(ext); err == nil {
			return f, nil
		}
	}
	return export.CSV, nil
}
