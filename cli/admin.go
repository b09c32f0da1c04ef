package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"tally/model"
)

func (r *runner) saleCommand() *cobra.Command {
	cmd := group("sale", "Record sales for commission clients")
	add := &cobra.Command{
		Use:     "add --client NAME --amount 1200 [--date D] [--note TEXT]",
		Short:   "Record a sale; the client's commission is charged on its date",
		Example: "  tally sale add --client Shop --amount 1200.50 --note \"order 1041\"",
		Args:    noArgs,
		RunE:    r.wrap(r.saleAdd),
	}
	add.Flags().String("client", "", "the commission client")
	add.Flags().String("amount", "", "the sale's amount")
	add.Flags().String("date", "", "the sale's date (default today)")
	add.Flags().String("note", "", "a note")
	cmd.AddCommand(add)
	return cmd
}

func (r *runner) saleAdd(cmd *cobra.Command, _ []string) error {
	name, _ := cmd.Flags().GetString("client")
	if name == "" || !changed(cmd, "amount") {
		return usageError{fmt.Errorf("sale add needs --client and --amount")}
	}
	day, ok, err := r.dateFlag(cmd, "date")
	if err != nil {
		return err
	}
	if !ok {
		day = r.today()
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	c, err := model.FindClient(clients, name)
	if err != nil {
		return err
	}
	amount, _, err := valueFlag(cmd, "amount", func(s string) (int64, error) { return model.ParseAmount(s, c.Currency) })
	if err != nil {
		return err
	}
	note, _ := cmd.Flags().GetString("note")
	sale, err := r.store().AddSale(model.Sale{ClientID: c.ID, Date: day, Amount: amount, Note: note})
	if err != nil {
		return err
	}
	plan := c.PlanOn(day)
	r.printf("added sale %d for %s on %s: %s %s, commission %s\n", sale.ID, c.Name, day, model.FormatAmount(amount, c.Currency),
		c.Currency, model.FormatAmount(model.PercentOf(amount, plan.PercentBP), c.Currency))
	return nil
}

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

func (r *runner) checkCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the database's pages and tally's own rules",
		Args:  noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error {
			problems, err := r.store().Check()
			if err != nil {
				return err
			}
			if len(problems) > 0 {
				r.printf("%s\n", strings.Join(problems, "\n"))
				return fmt.Errorf("check found %d problems in %s", len(problems), r.store().Path())
			}
			r.printf("ok: %s is consistent\n", r.store().Path())
			return nil
		}),
	}
}

func (r *runner) undoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "undo",
		Short: "Undo the last change (again to step further back)",
		Args:  noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error {
			label, err := r.store().Undo()
			if err != nil {
				return err
			}
			r.printf("undid: %s\n", label)
			return nil
		}),
	}
}
