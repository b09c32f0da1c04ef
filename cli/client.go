package cli

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"tally/model"
)

func (r *runner) clientCommand() *cobra.Command {
	cmd := group("client", "Add, change and list clients")
	add := &cobra.Command{
		Use:   "add NAME --plan hourly|retainer|commission|none [plan flags]",
		Short: "Add a client with a pay plan",
		Example: "  tally client add Acme --plan hourly --rate 40 --currency USD\n" +
			"  tally client add Agency --plan retainer --fee 1200 --period month --included 30h --overage-rate 45\n" +
			"  tally client add Firm --plan salary --fee 3000 --period month --percent 5\n" +
			"  tally client add Shop --plan commission --percent 10 --rate 15",
		Args: atLeastOneArg("client name"),
		RunE: r.wrap(r.clientAdd),
	}
	addPlanFlags(add)
	add.Flags().String("currency", "USD", "ISO 4217 currency code")
	edit := &cobra.Command{
		Use:   "edit NAME [plan flags] [--from DATE] [--rename NEW] [billing flags]",
		Short: "Change a client's plan from a date on (earlier work keeps its price), its billing details, or its name",
		Example: "  tally client edit Acme --rate 45 --from 2027-01-01\n" +
			"  tally client edit Acme --billing-name \"Acme GmbH\" --billing-address \"Hauptstr. 5\" --billing-address \"10115 Berlin\" --vat 19 --terms 30d",
		Args: atLeastOneArg("client name"),
		RunE: r.wrap(r.clientEdit),
	}
	addPlanFlags(edit)
	edit.Flags().Bool("prorate", false, "a retainer change inside a running cycle splits it: each part pays its days' share of its fee and included hours")
	edit.Flags().String("rename", "", "new name")
	edit.Flags().String("currency", "", "new ISO 4217 currency (only while nothing is recorded for the client)")
	addBillingFlags(edit)
	list := &cobra.Command{Use: "list", Short: "List clients and their current plans", Args: noArgs, RunE: r.wrap(r.clientList)}
	list.Flags().Bool("all", false, "include archived clients")
	archive := &cobra.Command{Use: "archive NAME", Short: "Hide a client from lists and the app; its history stays", Args: atLeastOneArg("client name"), RunE: r.wrap(r.clientArchive)}
	archive.Flags().Bool("restore", false, "bring an archived client back")
	cmd.AddCommand(add, edit, list, archive, r.clientShowCommand())
	return cmd
}

func addPlanFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("plan", "", "hourly, retainer, salary (a retainer with every hour included), commission or none")
	f.String("rate", "", "hourly rate (hourly), or base hourly rate (commission)")
	f.String("fee", "", "retainer fee per period")
	f.String("period", "", "retainer period: month or year")
	f.String("included", "", "retainer hours included per period (30h, 1:30) or unlimited")
	f.String("overage-rate", "", "retainer hourly rate beyond the included hours")
	f.String("percent", "", "commission percent of each sale: a commission plan's, or on top of any other")
	f.String("from", "", "the date the plan is in force from (default today)")
}

// planFlagKinds says which plans each plan flag applies to.
var planFlagKinds = map[string][]model.PlanKind{
	"rate":         {model.Hourly, model.Commission},
	"fee":          {model.Retainer},
	"period":       {model.Retainer},
	"included":     {model.Retainer},
	"overage-rate": {model.Retainer},
	"percent":      {model.Commission, model.Hourly, model.Retainer},
}

func planFlagsGiven(cmd *cobra.Command) bool {
	for name := range planFlagKinds {
		if changed(cmd, name) {
			return true
		}
	}
	return changed(cmd, "plan")
}

// planFromFlags builds the plan the flags describe on top of base: the
// plan in force, when editing, so that `--rate 50` alone is enough.
func (r *runner) planFromFlags(cmd *cobra.Command, base model.Plan, currency string) (model.Plan, error) {
	p := base
	if named, ok, err := valueFlag(cmd, "plan", model.ParsePlan); err != nil {
		return p, err
	} else if ok && named.Name() != base.Name() {
		p = named
	}
	p.From = r.today()
	if from, ok, err := r.dateFlag(cmd, "from"); err != nil {
		return p, err
	} else if ok {
		p.From = from
	}
	for name, kinds := range planFlagKinds {
		if changed(cmd, name) && !planAccepts(kinds, p.Kind) {
			return p, usageError{fmt.Errorf("--%s does not apply to the %s plan", name, p.Kind)}
		}
	}
	if p.Name() == model.Salary && (changed(cmd, "included") || changed(cmd, "overage-rate")) {
		return p, usageError{fmt.Errorf("a salary includes every hour: --included and --overage-rate do not apply (use --plan retainer)")}
	}
	if err := readPlanValues(cmd, &p, currency); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, usageError{err}
	}
	return p, nil
}

func planAccepts(kinds []model.PlanKind, kind model.PlanKind) bool {
	for _, k := range kinds {
		if k == kind {
			return true
		}
	}
	return false
}

func readPlanValues(cmd *cobra.Command, p *model.Plan, currency string) error {
	get := func(name string) string { v, _ := cmd.Flags().GetString(name); return v }
	fields := model.PlanFields{Rate: get("rate"), Fee: get("fee"), Period: get("period"),
		Included: get("included"), OverageRate: get("overage-rate"), Percent: get("percent")}
	if err := fields.Apply(p, currency); err != nil {
		return fieldFlagError(err)
	}
	return nil
}

// fieldFlags are the flags of the plan's and a task's fields, by the
// names the model gives them.
var fieldFlags = map[string]string{"rate": "--rate", "fee": "--fee", "overage rate": "--overage-rate",
	"included hours": "--included", "estimate": "--estimate", "price": "--price"}

// fieldFlagError names the flag whose value did not read, as the user
// typed it.
func fieldFlagError(err error) error {
	var field model.FieldError
	if errors.As(err, &field) && fieldFlags[field.Field] != "" {
		err = fmt.Errorf("%s: %w", fieldFlags[field.Field], field.Err)
	}
	return usageError{err}
}

func (r *runner) clientAdd(cmd *cobra.Command, args []string) error {
	currency, _, err := valueFlag(cmd, "currency", model.ParseCurrency)
	if err != nil {
		return err
	}
	if currency == "" {
		currency = "USD"
	}
	if !changed(cmd, "plan") {
		return usageError{fmt.Errorf("missing --plan (hourly, retainer, commission or none)")}
	}
	plan, err := r.planFromFlags(cmd, model.Plan{}, currency)
	if err != nil {
		return err
	}
	c, warned, err := r.store().AddClient(model.Client{Name: joined(args), Currency: currency, Plans: []model.Plan{plan}})
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("added client %s: %s from %s\n", c.Name, plan.Describe(currency), plan.From)
	return nil
}

func (r *runner) clientEdit(cmd *cobra.Command, args []string) error {
	rename, _ := cmd.Flags().GetString("rename")
	currency, newCurrency, err := valueFlag(cmd, "currency", model.ParseCurrency)
	if err != nil {
		return err
	}
	billing := billingFlagsGiven(cmd)
	if changed(cmd, "prorate") && !planFlagsGiven(cmd) {
		return usageError{fmt.Errorf("--prorate splits a retainer cycle for a plan change: give the plan flags that change")}
	}
	if !planFlagsGiven(cmd) && rename == "" && !newCurrency && !billing {
		return usageError{fmt.Errorf("nothing to change: give plan flags, billing flags, --currency or --rename")}
	}
	var plan model.Plan
	c, warned, err := r.store().EditClient(joined(args), func(c *model.Client) error {
		if rename != "" {
			c.Name = rename
		}
		if err := setBilling(cmd, &c.Billing); err != nil {
			return err
		}
		if newCurrency {
			c.Currency = currency
		}
		if !planFlagsGiven(cmd) {
			return nil
		}
		var err error
		from := r.today()
		if d, ok, _ := r.dateFlag(cmd, "from"); ok {
			from = d
		}
		if plan, err = r.planFromFlags(cmd, c.PlanOn(from), c.Currency); err != nil {
			return err
		}
		plan.Prorate, _ = cmd.Flags().GetBool("prorate")
		plans, err := c.PlanChange(plan)
		if err != nil {
			return err
		}
		c.Plans, plan = plans, model.Client{Plans: plans}.PlanOn(plan.From)
		return nil
	})
	r.warn(warned)
	if err != nil {
		return err
	}
	switch {
	case planFlagsGiven(cmd) && plan.Prorate:
		r.printf("%s: %s from %s, prorated\n", c.Name, plan.Describe(c.Currency), plan.From)
	case planFlagsGiven(cmd):
		r.printf("%s: %s from %s\n", c.Name, plan.Describe(c.Currency), plan.From)
	case newCurrency:
		r.printf("%s now bills in %s\n", c.Name, c.Currency)
	case billing:
		r.printf("%s: invoices go to %s\n", c.Name, billingText(c))
	default:
		r.printf("renamed client to %s\n", c.Name)
	}
	return nil
}

func (r *runner) clientList(cmd *cobra.Command, _ []string) error {
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
	all, _ := cmd.Flags().GetBool("all")
	t := newTable([]string{"CLIENT", "CURRENCY", "PLAN", "SINCE"})
	hidden := 0
	for _, c := range clients {
		if c.Archived && !all {
			hidden++
			continue
		}
		plan := c.PlanOn(r.today())
		name := c.Name
		if c.Archived {
			name += " (archived)"
		}
		t.add(name, c.Currency, plan.Describe(c.Currency), plan.From.String())
	}
	switch {
	case hidden > 0 && hidden == len(clients):
		r.printf("no clients but archived ones: tally client list --all shows them\n")
		return nil
	case len(clients) == 0:
		r.printf("no clients yet: add one with\n  tally client add NAME --plan hourly --rate 40 [--currency USD]\n" +
			"(tally client add --help shows retainers, commission and the rest)\n")
		return nil
	}
	return t.write(r.env.Stdout)
}

func (r *runner) clientArchive(cmd *cobra.Command, args []string) error {
	restore, _ := cmd.Flags().GetBool("restore")
	c, warned, err := r.store().EditClient(joined(args), func(c *model.Client) error {
		c.Archived = !restore
		return nil
	})
	r.warn(warned)
	if err != nil {
		return err
	}
	if restore {
		r.printf("restored client %s\n", c.Name)
	} else {
		r.printf("archived client %s\n", c.Name)
	}
	return nil
}

// billingFlags are client edit's flags of the details invoices carry.
var billingFlags = []string{"billing-name", "billing-address", "email", "tax-id", "vat", "terms"}

func addBillingFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("billing-name", "", "the name invoices are made out to (default the client's name)")
	f.StringArray("billing-address", nil, "a line of the billing address (repeat for each line; \"\" clears it)")
	f.String("email", "", "where invoices are sent")
	f.String("tax-id", "", "the client's tax or VAT number")
	f.String("vat", "", "tax percent added to its invoices, such as 20 (0 for none)")
	f.String("terms", "", "days it has to pay, such as 14d")
}

func billingFlagsGiven(cmd *cobra.Command) bool {
	return slices.ContainsFunc(billingFlags, func(name string) bool { return changed(cmd, name) })
}

// setBilling applies the billing flags given to b.
func setBilling(cmd *cobra.Command, b *model.Billing) error {
	text := func(name string, into *string) {
		if changed(cmd, name) {
			*into, _ = cmd.Flags().GetString(name)
		}
	}
	text("billing-name", &b.Name)
	text("email", &b.Email)
	text("tax-id", &b.TaxID)
	if changed(cmd, "billing-address") {
		lines, _ := cmd.Flags().GetStringArray("billing-address")
		b.Address = slices.DeleteFunc(lines, func(l string) bool { return strings.TrimSpace(l) == "" })
	}
	if vat, ok, err := valueFlag(cmd, "vat", model.ParsePercent); err != nil {
		return err
	} else if ok {
		b.VATBP = vat
	}
	if terms, ok, err := valueFlag(cmd, "terms", model.ParseTerms); err != nil {
		return err
	} else if ok {
		b.TermsDays = terms
	}
	return b.Check()
}

// billingText sums up where a client's invoices go.
func billingText(c model.Client) string {
	party := c.BillTo()
	parts := append([]string{party.Name}, party.Address...)
	if c.Billing.VATBP > 0 {
		parts = append(parts, "VAT "+model.FormatPercent(c.Billing.VATBP)+"%")
	}
	parts = append(parts, "due in "+strconv.Itoa(cmp.Or(c.Billing.TermsDays, model.DefaultTermsDays))+" days")
	return model.Printable(strings.Join(parts, ", "))
}
