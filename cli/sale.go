package cli

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"tally/model"
)

func (r *runner) saleCommand() *cobra.Command {
	cmd := group("sale", "Record, list, change and remove sales for commission clients")
	var add struct {
		sale       saleFields
		client, of string
	}
	addCmd := &cobra.Command{
		Use:     "add --client NAME --amount 1200 [--refund [--of SALE]] [--date D] [--note TEXT]",
		Short:   "Record a sale (or a refund); the client's commission is charged on its date",
		Example: "  tally sale add --client Shop --amount 1200.50 --note \"order 1041\"\n  tally sale add --refund --of 4 --amount 80 --note \"order 1041, part returned\"",
		Args:    noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error {
			if add.of != "" {
				return r.refundAdd(add.client, add.of, add.sale)
			}
			return r.saleAdd(add.client, add.sale)
		}),
	}
	add.sale.bind(addCmd.Flags())
	addCmd.Flags().StringVar(&add.client, "client", "", "the commission client")
	addCmd.Flags().StringVar(&add.of, "of", "", "the sale a refund takes back (its id): its commission at that sale's percent, all of it unless --amount")
	var list scope
	listCmd := &cobra.Command{
		Use:   "list [--day D | --week | --month | --from D --to D] [--client NAME]",
		Short: "List sales with their ids and commissions (this month by default)",
		Args:  noArgs,
		RunE:  r.wrap(func(*cobra.Command, []string) error { return r.saleList(list) }),
	}
	list.bind(listCmd.Flags(), "only this client's sales")
	var edit saleFields
	editCmd := &cobra.Command{
		Use:   "edit ID [--amount A] [--refund[=false]] [--date D] [--note TEXT]",
		Short: "Change a sale",
		Args:  exactArgs(1, "sale id"),
		RunE:  r.wrap(func(_ *cobra.Command, args []string) error { return r.saleEdit(args[0], edit) }),
	}
	edit.bind(editCmd.Flags())
	rm := &cobra.Command{Use: "rm ID", Short: "Delete a sale (tally undo brings it back)", Args: exactArgs(1, "sale id"), RunE: r.wrap(r.saleRemove)}
	cmd.AddCommand(addCmd, listCmd, editCmd, rm)
	return cmd
}

// saleFields are the flags sale add and sale edit share.
type saleFields struct {
	amount, date, note option[string]
	refund             option[bool]
}

func (s *saleFields) bind(f *pflag.FlagSet) {
	text(f, &s.amount, "amount", "", "the sale's amount, such as 1200.50")
	toggle(f, &s.refund, "refund", "a refund: its commission is taken back")
	text(f, &s.date, "date", "", "the sale's date (default today; not in the future)")
	text(f, &s.note, "note", "", "a note, such as the order number")
}

// setSaleFields applies the sale flags to s, whose client bills in
// currency. A sale is never zero.
func (r *runner) setSaleFields(f saleFields, s *model.Sale, currency string) error {
	if f.date.given() {
		day, err := r.pastDate(f.date)
		if err != nil {
			return err
		}
		s.Date = day
	}
	amount, ok, err := parsed(f.amount, func(v string) (int64, error) {
		a, err := model.ParseAmount(v, currency)
		if err != nil && strings.HasPrefix(strings.TrimSpace(v), "-") {
			err = fmt.Errorf("%w (a refund is the amount with --refund)", err)
		}
		return a, err
	})
	if err != nil {
		return err
	}
	if !ok {
		amount = max(s.Amount, -s.Amount)
	}
	refund := s.Amount < 0
	if f.refund.given() {
		refund = f.refund.value
	}
	if amount == 0 {
		return usageError{fmt.Errorf("--amount 0: a sale must have an amount")}
	}
	if s.Amount = amount; refund {
		s.Amount = -amount
	}
	if f.note.given() {
		s.Note = f.note.value
	}
	return nil
}

func (r *runner) saleAdd(client string, f saleFields) error {
	if client == "" || !f.amount.given() {
		return usageError{fmt.Errorf("sale add needs --client and --amount")}
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	c, err := model.FindClient(clients, client)
	if err != nil {
		return err
	}
	sale := model.Sale{ClientID: c.ID, Date: r.today()}
	if err := r.setSaleFields(f, &sale, c.Currency); err != nil {
		return err
	}
	sale, warned, err := r.store().AddSale(sale)
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("added %s\n", saleText(sale, c))
	return nil
}

// refundAdd records a refund of sale of (all of it unless --amount) at
// the percent that sale earned, so that the two net to 0.00.
func (r *runner) refundAdd(client, of string, f saleFields) error {
	if !f.refund.value {
		return usageError{fmt.Errorf("--of names the sale a refund takes back: give --refund")}
	}
	id, err := parseID(of, "sale", "tally sale list")
	if err != nil {
		return err
	}
	sale, err := r.store().Sale(id)
	if err != nil {
		return err
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	c := clientsByID(clients)[sale.ClientID]
	refund := model.Sale{Date: r.today(), Amount: -sale.Amount}
	if client != "" {
		named, err := model.FindClient(clients, client)
		if err != nil {
			return err
		}
		refund.ClientID = named.ID
	}
	if err := r.setSaleFields(f, &refund, c.Currency); err != nil {
		return err
	}
	refund, warned, err := r.store().AddRefund(id, refund)
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("added %s\n", saleText(refund, c))
	return nil
}

// saleText describes a sale and what it earns.
func saleText(s model.Sale, c model.Client) string {
	what := "sale"
	if s.Amount < 0 {
		what = "refund"
	}
	commission := model.CommissionItem(s, c.PlanOn(s.Date), c.Currency)
	return fmt.Sprintf("%s %d for %s on %s: %s %s, commission %s", what, s.ID, c.Name, s.Date,
		model.FormatAmount(s.Amount, c.Currency), c.Currency, model.FormatAmount(commission.Amount, c.Currency))
}

func (r *runner) saleList(s scope) error {
	from, to, err := r.rangeOf(s.period, "month")
	if err != nil {
		return err
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	var only int64
	if s.client != "" {
		c, err := model.FindClient(clients, s.client)
		if err != nil {
			return err
		}
		only = c.ID
	}
	sales, err := r.store().Sales(from, to)
	if err != nil {
		return err
	}
	byID := clientsByID(clients)
	t := newTable([]string{"ID", "DATE", "CLIENT", "AMOUNT", "COMMISSION", "", "NOTE"}, 0, 3, 4)
	type sums struct{ sales, commission int64 }
	totals := map[string]*sums{}
	for _, s := range sales {
		c := byID[s.ClientID]
		if only != 0 && c.ID != only {
			continue
		}
		commission := model.CommissionItem(s, c.PlanOn(s.Date), c.Currency)
		t.add(strconv.FormatInt(s.ID, 10), s.Date.String(), c.Name, model.FormatAmount(s.Amount, c.Currency),
			model.FormatAmount(commission.Amount, c.Currency), c.Currency, model.Printable(s.Note))
		if totals[c.Currency] == nil {
			totals[c.Currency] = &sums{}
		}
		totals[c.Currency].sales += s.Amount
		totals[c.Currency].commission += commission.Amount
	}
	if len(totals) == 0 {
		r.printf("no sales from %s to %s\n", from, to)
		return nil
	}
	for _, cur := range slices.Sorted(maps.Keys(totals)) {
		t.add("", "", "TOTAL", model.FormatAmount(totals[cur].sales, cur), model.FormatAmount(totals[cur].commission, cur), cur, "")
	}
	return t.write(r.env.Stdout)
}

func (r *runner) saleEdit(arg string, f saleFields) error {
	id, err := parseID(arg, "sale", "tally sale list")
	if err != nil {
		return err
	}
	if !anyGiven(f.amount, f.refund, f.date, f.note) {
		return usageError{fmt.Errorf("nothing to change: give --amount, --refund, --date or --note")}
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	byID := clientsByID(clients)
	sale, warned, err := r.store().EditSale(id, func(s *model.Sale) error {
		return r.setSaleFields(f, s, byID[s.ClientID].Currency)
	})
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("updated %s\n", saleText(sale, byID[sale.ClientID]))
	return nil
}

func (r *runner) saleRemove(_ *cobra.Command, args []string) error {
	id, err := parseID(args[0], "sale", "tally sale list")
	if err != nil {
		return err
	}
	sale, warned, err := r.store().RemoveSale(id)
	r.warn(warned)
	if err != nil {
		return err
	}
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	r.printf("removed %s\n", saleText(sale, clientsByID(clients)[sale.ClientID]))
	return nil
}
