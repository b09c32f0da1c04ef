package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"tally/store"
)

func (r *runner) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database, safe while tally runs elsewhere",
		Args:  exactArgs(1, "backup file"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error {
			if err := r.store().Backup(args[0]); err != nil {
				return err
			}
			r.printf("backed up %s to %s\n", r.store().Path(), args[0])
			return nil
		}),
	}
}

func (r *runner) restoreCommand() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:     "restore BACKUP [--force]",
		Short:   "Put a backup in place of the database, once the backup passes check; the old file is kept beside it",
		Example: "  tally restore ~/.local/share/tally/tally.db.2026-11-26.bak",
		Args:    exactArgs(1, "backup file"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error {
			done, err := r.store().Restore(args[0], force)
			if err != nil {
				return err
			}
			r.warn(done.Warnings)
			if done.Kept != "" {
				r.printf("kept the replaced file as %s\n", done.Kept)
			}
			for _, number := range done.Dropped {
				r.printf("dropped invoice %s, issued after this backup; its number stays taken\n", number)
			}
			r.printf("restored %s from %s\n", r.store().Path(), args[0])
			return nil
		}),
	}
	cmd.Flags().BoolVar(&force, "force", false, "restore a backup that lacks invoices issued since; their numbers stay taken")
	return cmd
}

func (r *runner) checkCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the database's pages and tally's own rules, and that no entry lies after now",
		Args:  noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error {
			problems, err := r.store().Check()
			if err != nil {
				return err
			}
			if len(problems) == 0 {
				// A sound file may still hold an entry that breaks a rule every
				// change keeps: one after now, which a fast clock made.
				cfg, err := r.config()
				if err != nil {
					return err
				}
				if problems, err = r.store().RuleBreaks(cfg.MaxOffset); err != nil {
					return err
				}
			}
			if len(problems) > 0 {
				r.printf("%s\n", strings.Join(problems, "\n"))
				found := fmt.Sprintf("%d problems", len(problems))
				if len(problems) == 1 {
					found = "a problem"
				}
				return fmt.Errorf("check found %s in %s", found, r.store().Path())
			}
			r.printf("ok: %s is consistent\n", r.store().Path())
			return nil
		}),
	}
}

func (r *runner) undoCommand() *cobra.Command {
	return r.journalCommand("undo", "Undo the last change, whoever made it (again to step further back)", "undid", (*store.Store).Undo)
}

func (r *runner) redoCommand() *cobra.Command {
	return r.journalCommand("redo", "Make again the change the last undo reverted", "redid", (*store.Store).Redo)
}

// journalCommand is undo's or redo's: step moves through the journal, and
// what it did is said as done.
func (r *runner) journalCommand(use, short, done string, step func(*store.Store) (store.Undone, error)) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error {
			undone, err := step(r.store())
			r.warn(undone.Warnings)
			if err != nil {
				return err
			}
			r.printf("%s: %s%s\n", done, undone.Label, originText(undone))
			return nil
		}),
	}
}

// originText says who made a change, when tally knows.
func originText(done store.Undone) string {
	if done.Origin == "" {
		return ""
	}
	return " (made by " + done.Origin + ")"
}
