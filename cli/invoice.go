package cli

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"tally/config"
	"tally/export"
	"tally/hub"
	"tally/model"
	"tally/store"
)

func (r *runner) invoiceCommand() *cobra.Command {
	cmd := group("invoice", "Make, issue, render and track invoices")
	var draft draftFlags
	draftCmd := &cobra.Command{
		Use:   "new --client NAME [--week | --month | --from D --to D] [--due 14d] [--reference PO] [--note TEXT]",
		Short: "Make a draft of every uninvoiced line of a client up to the period's end (today by default)",
		Example: "  tally invoice new --client Acme --week\n" +
			"  tally invoice new --client Acme --month --due 30d --reference \"PO 4471\" --note \"Thank you!\"",
		Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.invoiceNew(draft) }),
	}
	draft.bind(draftCmd.Flags())
	var line struct {
		desc             string
		amount, quantity option[string]
	}
	addLine := &cobra.Command{
		Use:     "add-line DRAFT --desc TEXT --amount A [--quantity Q]",
		Short:   "Add an expense (or a discount, with a negative amount) to a draft",
		Example: "  tally invoice add-line d3 --desc \"Train tickets\" --amount 12.50 --quantity 2\n  tally invoice add-line d3 --desc Discount --amount -25",
		Args:    exactArgs(1, "draft (d1)"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error {
			return r.invoiceAddLine(args[0], line.desc, line.amount, line.quantity)
		}),
	}
	addLine.Flags().StringVar(&line.desc, "desc", "", "what the line is for")
	text(addLine.Flags(), &line.amount, "amount", "", "the price of one, negative for a discount")
	text(addLine.Flags(), &line.quantity, "quantity", "1", "how many")
	rmLine := &cobra.Command{Use: "rm-line DRAFT N", Short: "Remove line N (as invoice show numbers them) added by hand to a draft", Args: exactArgs(2, "draft (d1) and line number"), RunE: r.wrap(r.invoiceRemoveLine)}
	var issueDate option[string]
	issue := &cobra.Command{
		Use:   "issue DRAFT [--date D]",
		Short: "Give a draft the next number and lock what it bills (tally invoice void takes it back)",
		Args:  exactArgs(1, "draft (d1)"),
		RunE:  r.wrap(func(_ *cobra.Command, args []string) error { return r.invoiceIssue(args[0], issueDate) }),
	}
	text(issue.Flags(), &issueDate, "date", "", "the issue date (default today; not in the future)")
	var reason string
	void := &cobra.Command{Use: "void NUMBER --reason TEXT", Short: "Void an issued invoice: its number stays, its work is uninvoiced again", Args: exactArgs(1, "invoice number"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error { return r.invoiceVoid(args[0], reason) })}
	void.Flags().StringVar(&reason, "reason", "", "why it is void (kept with it)")
	var payment struct{ amount, date option[string] }
	paid := &cobra.Command{Use: "paid NUMBER --amount A [--date D]", Short: "Record a payment (partial payments add up); on a credit note, the credit given back", Args: exactArgs(1, "invoice number"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error {
			return r.invoicePaid(args[0], payment.amount, payment.date)
		})}
	text(paid.Flags(), &payment.amount, "amount", "", "the amount received")
	text(paid.Flags(), &payment.date, "date", "", "the day it was received (default today)")
	var list invoiceListFlags
	listCmd := &cobra.Command{Use: "list [--unpaid | --overdue] [--client NAME] [--json]", Short: "List drafts and invoices with what is still owed", Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.invoiceList(list) })}
	listCmd.Flags().BoolVar(&list.unpaid, "unpaid", false, "only issued invoices not paid in full")
	listCmd.Flags().BoolVar(&list.overdue, "overdue", false, "only invoices past their due date")
	listCmd.Flags().StringVar(&list.client, "client", "", "only this client's")
	listCmd.Flags().BoolVar(&list.json, "json", false, "print JSON")
	var showJSON bool
	show := &cobra.Command{Use: "show NUMBER|DRAFT [--json]", Short: "Show an invoice, or a draft as the data stand now", Args: exactArgs(1, "invoice number or draft (d1)"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error { return r.invoiceShow(args[0], showJSON) })}
	show.Flags().BoolVar(&showJSON, "json", false, "print JSON")
	rm := &cobra.Command{Use: "rm DRAFT", Short: "Remove a draft", Args: exactArgs(1, "draft (d1)"), RunE: r.wrap(r.invoiceRemove)}
	var render renderFlags
	renderCmd := &cobra.Command{
		Use:   "render NUMBER|DRAFT [--format pdf|html|md] [-o FILE] [--force]",
		Short: "Write an invoice as PDF, printable HTML or Markdown (into the export folder by default)",
		Args:  exactArgs(1, "invoice number or draft (d1)"),
		RunE:  r.wrap(func(_ *cobra.Command, args []string) error { return r.invoiceRender(args[0], render) }),
	}
	text(renderCmd.Flags(), &render.format, "format", "", "pdf, html or md (default: from -o's extension, else pdf)")
	renderCmd.Flags().StringVarP(&render.output, "output", "o", "", "the file to write (- for stdout)")
	renderCmd.Flags().BoolVar(&render.force, "force", false, "replace a file that exists")
	cmd.AddCommand(draftCmd, addLine, rmLine, issue, void, paid, listCmd, show, rm, renderCmd)
	return cmd
}

// draftFlags are invoice new's flags.
type draftFlags struct {
	scope           scope
	note, reference string
	due             option[string]
}

func (d *draftFlags) bind(f *pflag.FlagSet) {
	d.scope.bind(f, "the client to bill")
	text(f, &d.due, "due", "", "days to pay, such as 14d (default the client's --terms, else 14d)")
	f.StringVar(&d.note, "note", "", "a note printed on the invoice, under a heading; line breaks are kept")
	f.StringVar(&d.reference, "reference", "", "the client's reference or purchase order, printed on the invoice")
}

// invoiceListFlags are invoice list's flags.
type invoiceListFlags struct {
	unpaid, overdue, json bool
	client                string
}

// invoiceRules are the report's rules, for drafts.
func (r *runner) invoiceRules() (store.InvoiceRules, error) {
	cfg, err := r.config()
	return store.InvoiceRules{Location: r.env.Location, Now: r.env.Now(), Rounding: cfg.Rounding}, err
}

// invoice reads an invoice by number or draft id, a draft as the data
// stand now.
func (r *runner) invoice(ref string) (model.Invoice, model.Client, error) {
	rules, err := r.invoiceRules()
	if err != nil {
		return model.Invoice{}, model.Client{}, err
	}
	return r.store().Invoice(ref, rules)
}

func (r *runner) invoiceNew(d draftFlags) error {
	if d.scope.client == "" {
		return usageError{fmt.Errorf("invoice new needs --client")}
	}
	from, to, err := r.rangeOf(d.scope.period, "day")
	if err != nil {
		return err
	}
	terms, _, err := parsed(d.due, model.ParseTerms)
	if err != nil {
		return err
	}
	rules, err := r.invoiceRules()
	if err != nil {
		return err
	}
	inv, warned, err := r.store().NewDraft(store.DraftRequest{Client: d.scope.client, From: from, To: to, Terms: terms, Note: d.note, Reference: d.reference}, rules)
	r.warn(warned)
	if err != nil {
		return err
	}
	credit := ""
	if inv.IsCredit() {
		credit = " (a credit note)"
	}
	r.printf("draft %s%s: %s, %s to %s, %s\n", inv.Label(), credit, plural(len(inv.Lines), "line"), inv.From, inv.To, totalOf(inv))
	return nil
}

// draftID reads a draft's name, d3; a bare number is an invoice's.
func draftID(arg string) (int64, error) {
	id, ok := model.ParseDraftRef(arg)
	if !ok {
		return 0, usageError{fmt.Errorf("%q is not a draft: drafts are named d1, d2, … (tally invoice list)", model.Printable(arg))}
	}
	return id, nil
}

func (r *runner) invoiceAddLine(draft, desc string, amount, count option[string]) error {
	id, err := draftID(draft)
	if err != nil {
		return err
	}
	if desc == "" || !amount.given() {
		return usageError{fmt.Errorf("add-line needs --desc and --amount")}
	}
	inv, _, err := r.invoice(draft)
	if err != nil {
		return err
	}
	price, _, err := parsed(amount, func(s string) (int64, error) { return model.ParseSignedAmount(s, inv.Currency) })
	if err != nil {
		return err
	}
	quantity, _, err := parsed(count, model.ParseQuantity)
	if err != nil {
		return err
	}
	if quantity == 0 {
		quantity = model.QuantityScale
	}
	line, err := model.ManualLine(desc, quantity, price)
	if err != nil {
		return err
	}
	// The store holds the lines added by hand within bounds; with the
	// draft's work, the sum is known here.
	inv.Lines = append(inv.Lines, line)
	if err := inv.CheckAmounts("draft " + model.DraftRef(id)); err != nil {
		return err
	}
	warned, err := r.store().AddInvoiceLine(id, line)
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("draft %s: added %s, %s %s\n", model.DraftRef(id), model.Printable(line.Description), model.FormatAmount(line.Amount, inv.Currency), inv.Currency)
	return nil
}

func (r *runner) invoiceRemoveLine(_ *cobra.Command, args []string) error {
	id, err := draftID(args[0])
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		return usageError{fmt.Errorf("%q is not a line number", args[1])}
	}
	rules, err := r.invoiceRules()
	if err != nil {
		return err
	}
	warned, err := r.store().RemoveInvoiceLine(id, n, rules)
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("draft %s: removed line %d\n", model.DraftRef(id), n)
	return nil
}

func (r *runner) invoiceIssue(draft string, date option[string]) error {
	id, err := draftID(draft)
	if err != nil {
		return err
	}
	on, err := r.pastDate(date)
	if err != nil {
		return err
	}
	cfg, err := r.config()
	if err != nil {
		return err
	}
	if strings.TrimSpace(cfg.Business.Name) == "" {
		return model.Invalidf("an invoice needs your name: set [business] name (and address, tax_id, payment) in %s", config.DefaultPath(r.env.Getenv))
	}
	rules, err := r.invoiceRules()
	if err != nil {
		return err
	}
	inv, warned, err := r.issue(id, on, cfg, rules)
	r.warn(warned)
	if err != nil {
		return err
	}
	if inv.IsCredit() {
		r.printf("issued credit note %s: %s\n", inv.Number, totalOf(inv))
		return nil
	}
	r.printf("issued invoice %s: %s, due %s\n", inv.Number, totalOf(inv), inv.Due)
	return nil
}

// issue issues a draft, with a number from the hub when the file syncs.
func (r *runner) issue(id int64, on model.Date, cfg config.Config, rules store.InvoiceRules) (model.Invoice, store.Warnings, error) {
	status, err := r.store().SyncStatus()
	if err != nil || !status.Linked {
		return r.store().Issue(id, on, cfg.Business, cfg.InvoiceNumber, rules)
	}
	ctx, h, done, err := r.linkedHub()
	if err != nil {
		// The hub's failure, not the request's: exit 1.
		return model.Invoice{}, nil, fmt.Errorf("%v (%w)", store.ErrHubNumbers, err)
	}
	defer done()
	return hub.Issue(ctx, h, r.store(), id, on, cfg.Business, cfg.InvoiceNumber, rules)
}

func (r *runner) invoiceVoid(number, reason string) error {
	inv, warned, err := r.store().Void(number, reason, r.today())
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("voided invoice %s; its work is uninvoiced again\n", inv.Number)
	return nil
}

func (r *runner) invoicePaid(number string, received, date option[string]) error {
	if !received.given() {
		return usageError{fmt.Errorf("invoice paid needs --amount")}
	}
	on, err := r.pastDate(date)
	if err != nil {
		return err
	}
	inv, _, err := r.invoice(number)
	if err != nil {
		return err
	}
	amount, _, err := parsed(received, func(s string) (int64, error) { return model.ParseAmount(s, inv.Currency) })
	if err != nil {
		return err
	}
	inv, warned, err := r.store().Pay(number, model.Payment{Date: on, Amount: amount})
	r.warn(warned)
	if err != nil {
		return err
	}
	if inv.IsCredit() {
		r.printf("credit note %s: %s %s refunded, %s %s left to credit\n", inv.Number, model.FormatAmount(amount, inv.Currency), inv.Currency, model.FormatAmount(-inv.Balance(), inv.Currency), inv.Currency)
		return nil
	}
	r.printf("invoice %s: %s received, %s %s still owed\n", inv.Number, model.FormatAmount(amount, inv.Currency), model.FormatAmount(inv.Balance(), inv.Currency), inv.Currency)
	return nil
}

func (r *runner) invoiceRemove(_ *cobra.Command, args []string) error {
	id, err := draftID(args[0])
	if err != nil {
		return err
	}
	warned, err := r.store().RemoveDraft(id)
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("removed draft %s\n", model.DraftRef(id))
	return nil
}

func (r *runner) invoiceList(flags invoiceListFlags) error {
	rules, err := r.invoiceRules()
	if err != nil {
		return err
	}
	billing, err := r.store().Billing(rules, false)
	if err != nil {
		return err
	}
	invoices, clients := billing.Invoices, billing.Clients
	names := map[int64]string{}
	for _, c := range clients {
		names[c.ID] = c.Name
	}
	unpaid, overdue := flags.unpaid, flags.overdue
	if unpaid && overdue {
		return usageError{fmt.Errorf("give --unpaid or --overdue, not both")}
	}
	var only int64
	if flags.client != "" {
		c, err := model.FindClient(clients, flags.client)
		if err != nil {
			return err
		}
		only = c.ID
	}
	today := r.today()
	invoices = slices.DeleteFunc(invoices, func(inv model.Invoice) bool {
		status := inv.Status(today)
		return only != 0 && inv.ClientID != only ||
			unpaid && !inv.Open() ||
			overdue && status != model.StatusOverdue
	})
	if flags.json {
		return export.InvoicesJSON(r.env.Stdout, invoices, names, today)
	}
	if len(invoices) == 0 {
		r.printf("no invoices\n")
		return nil
	}
	t := newTable([]string{"INVOICE", "CLIENT", "ISSUED", "DUE", "STATUS", "TOTAL", "OWED", ""}, 5, 6)
	for _, inv := range invoices {
		issued, due := "", ""
		if inv.State != model.InvoiceDraft {
			issued = inv.Issued.String()
		}
		if inv.State != model.InvoiceDraft && !inv.IsCredit() {
			due = inv.Due.String()
		}
		balance := ""
		if inv.Open() {
			balance = model.FormatAmount(inv.Balance(), inv.Currency)
		}
		t.add(inv.Label(), names[inv.ClientID], issued, due, inv.Status(today), model.FormatAmount(inv.Total(), inv.Currency), balance, inv.Currency)
	}
	if err := t.write(r.env.Stdout); err != nil {
		return err
	}
	// Past due alone, the total is what is overdue: what is owed is
	// lessened by open credit notes too, and is status's figure.
	label := "owed"
	if overdue {
		label = "overdue"
	}
	owed := model.Owed(invoices)
	for _, cur := range slices.Sorted(maps.Keys(owed)) {
		r.printf("%s: %s %s\n", label, model.FormatAmount(owed[cur], cur), cur)
	}
	return nil
}

// plural counts things in words: "1 line", "3 lines".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
