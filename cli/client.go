package cli

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"tally/model"
	"tally/store"
)

func (r *runner) clientCommand() *cobra.Command {
	cmd := group("client", "Add, change and list clients")
	var add struct {
		plan     planFlags
		currency option[string]
	}
	addCmd := &cobra.Command{
		Use:   "add NAME --plan hourly|retainer|commission|none [plan flags]",
		Short: "Add a client with a pay plan",
		Example: "  tally client add Acme --plan hourly --rate 40 --currency USD\n" +
			"  tally client add Agency --plan retainer --fee 1200 --period month --included 30h --overage-rate 45\n" +
			"  tally client add Firm --plan salary --fee 3000 --period month --percent 5\n" +
			"  tally client add Shop --plan commission --percent 10 --rate 15",
		Args: atLeastOneArg("client name"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error { return r.clientAdd(joined(args), add.plan, add.currency) }),
	}
	add.plan.bind(addCmd.Flags())
	text(addCmd.Flags(), &add.currency, "currency", "USD", "ISO 4217 currency code")
	var edit clientEdit
	editCmd := &cobra.Command{
		Use:   "edit NAME [plan flags] [--from DATE] [--rename NEW] [billing flags]",
		Short: "Change a client's plan from a date on (earlier work keeps its price), its billing details, or its name",
		Example: "  tally client edit Acme --rate 45 --from 2027-01-01\n" +
			"  tally client edit Acme --billing-name \"Acme GmbH\" --billing-address \"Hauptstr. 5\" --billing-address \"10115 Berlin\" --vat 19 --terms 30d",
		Args: atLeastOneArg("client name"),
		RunE: r.wrap(func(_ *cobra.Command, args []string) error { return r.clientEdit(joined(args), edit) }),
	}
	edit.bind(editCmd.Flags())
	var all bool
	list := &cobra.Command{Use: "list", Short: "List clients and their current plans", Args: noArgs,
		RunE: r.wrap(func(*cobra.Command, []string) error { return r.clientList(all) })}
	list.Flags().BoolVar(&all, "all", false, "include archived clients")
	var restore, stop bool
	archive := &cobra.Command{Use: "archive NAME [--stop]", Short: "Hide a client from lists and the app; its history stays", Args: atLeastOneArg("client name"),
		Long: "Archives a client: it leaves the lists and the app, its history stays, and its tasks take no new time.\n" +
			"A timer running on one of its tasks is refused, unless --stop stops it now, in the same change.",
		RunE: r.wrap(func(_ *cobra.Command, args []string) error { return r.clientArchive(joined(args), restore, stop) })}
	archive.Flags().BoolVar(&restore, "restore", false, "bring an archived client back")
	archive.Flags().BoolVar(&stop, "stop", false, "stop a timer running on one of its tasks now, then archive")
	cmd.AddCommand(addCmd, editCmd, list, archive, r.clientShowCommand())
	return cmd
}

// planFlags are the flags of a pay plan, which client add and client edit
// share.
type planFlags struct {
	plan, from                                        option[string]
	rate, fee, period, included, overageRate, percent option[string]
}

func (p *planFlags) bind(f *pflag.FlagSet) {
	text(f, &p.plan, "plan", "", "hourly, retainer, salary (a retainer with every hour included), commission or none")
	text(f, &p.rate, "rate", "", "hourly rate (hourly), or base hourly rate (commission)")
	text(f, &p.fee, "fee", "", "retainer fee per period")
	text(f, &p.period, "period", "", "retainer period: month or year")
	text(f, &p.included, "included", "", "retainer hours included per period (30h, 1:30) or unlimited")
	text(f, &p.overageRate, "overage-rate", "", "retainer hourly rate beyond the included hours")
	text(f, &p.percent, "percent", "", "commission percent of each sale: a commission plan's, or on top of any other")
	text(f, &p.from, "from", "", "the date the plan is in force from (default today)")
}

// limitedFlag is a plan flag that some plans lack, and the plans it
// applies to.
type limitedFlag struct {
	flag  option[string]
	plans []model.PlanKind
}

func (p planFlags) limited() []limitedFlag {
	return []limitedFlag{
		{p.rate, []model.PlanKind{model.Hourly, model.Commission}},
		{p.fee, []model.PlanKind{model.Retainer}},
		{p.period, []model.PlanKind{model.Retainer}},
		{p.included, []model.PlanKind{model.Retainer}},
		{p.overageRate, []model.PlanKind{model.Retainer}},
		{p.percent, []model.PlanKind{model.Commission, model.Hourly, model.Retainer}},
	}
}

// given says whether the command line changes the plan.
func (p planFlags) given() bool {
	return anyGiven(p.plan, p.rate, p.fee, p.period, p.included, p.overageRate, p.percent)
}

// planFromFlags builds the plan the flags describe on top of base: the
// plan in force, when editing, so that `--rate 50` alone is enough.
func (r *runner) planFromFlags(p planFlags, base model.Plan, currency string) (model.Plan, error) {
	plan := base
	if named, ok, err := parsed(p.plan, model.ParsePlan); err != nil {
		return plan, err
	} else if ok && named.Name() != base.Name() {
		plan = named
	}
	plan.From = r.today()
	if from, ok, err := r.date(p.from); err != nil {
		return plan, err
	} else if ok {
		plan.From = from
	}
	for _, l := range p.limited() {
		if l.flag.given() && !slices.Contains(l.plans, plan.Kind) {
			return plan, usageError{fmt.Errorf("%s does not apply to the %s plan", l.flag.name(), plan.Kind)}
		}
	}
	if plan.Name() == model.Salary && (p.included.given() || p.overageRate.given()) {
		return plan, usageError{fmt.Errorf("a salary includes every hour: --included and --overage-rate do not apply (use --plan retainer)")}
	}
	fields := model.PlanFields{Rate: p.rate.value, Fee: p.fee.value, Period: p.period.value,
		Included: p.included.value, OverageRate: p.overageRate.value, Percent: p.percent.value}
	if err := fields.Apply(&plan, currency); err != nil {
		return plan, fieldFlagError(err, map[string]option[string]{"rate": p.rate, "fee": p.fee, "overage rate": p.overageRate, "included hours": p.included})
	}
	if err := plan.Validate(); err != nil {
		return plan, usageError{err}
	}
	return plan, nil
}

// fieldFlagError names the flag whose value did not read, as the user
// typed it: flags holds them by the names the model gives the fields.
func fieldFlagError(err error, flags map[string]option[string]) error {
	var field model.FieldError
	if errors.As(err, &field) {
		if o, ok := flags[field.Field]; ok {
			err = fmt.Errorf("%s: %w", o.name(), field.Err)
		}
	}
	return usageError{err}
}

func (r *runner) clientAdd(name string, flags planFlags, currencyFlag option[string]) error {
	currency, _, err := parsed(currencyFlag, model.ParseCurrency)
	if err != nil {
		return err
	}
	if currency == "" {
		currency = "USD"
	}
	if !flags.plan.given() {
		return usageError{fmt.Errorf("missing --plan (hourly, retainer, commission or none)")}
	}
	plan, err := r.planFromFlags(flags, model.Plan{}, currency)
	if err != nil {
		return err
	}
	c, warned, err := r.store().AddClient(model.Client{Name: name, Currency: currency, Plans: []model.Plan{plan}})
	r.warn(warned)
	if err != nil {
		return err
	}
	r.printf("added client %s: %s from %s\n", c.Name, plan.Describe(currency), plan.From)
	return nil
}

// clientEdit is client edit's flags.
type clientEdit struct {
	plan     planFlags
	prorate  option[bool]
	rename   string
	currency option[string]
	billing  billingFlags
}

func (e *clientEdit) bind(f *pflag.FlagSet) {
	e.plan.bind(f)
	toggle(f, &e.prorate, "prorate", "a retainer change inside a running cycle splits it: each part pays its days' share of its fee and included hours")
	f.StringVar(&e.rename, "rename", "", "new name")
	text(f, &e.currency, "currency", "", "new ISO 4217 currency (only while nothing is recorded for the client)")
	e.billing.bind(f)
}

func (r *runner) clientEdit(name string, edit clientEdit) error {
	rename := edit.rename
	currency, newCurrency, err := parsed(edit.currency, model.ParseCurrency)
	if err != nil {
		return err
	}
	billing, planned := edit.billing.given(), edit.plan.given()
	if edit.prorate.given() && !planned {
		return usageError{fmt.Errorf("--prorate splits a retainer cycle for a plan change: give the plan flags that change")}
	}
	if !planned && rename == "" && !newCurrency && !billing {
		return usageError{fmt.Errorf("nothing to change: give plan flags, billing flags, --currency or --rename")}
	}
	var plan model.Plan
	c, warned, err := r.store().EditClient(name, func(c *model.Client) error {
		if rename != "" {
			c.Name = rename
		}
		if err := edit.billing.set(&c.Billing); err != nil {
			return err
		}
		if newCurrency {
			c.Currency = currency
		}
		if !planned {
			return nil
		}
		var err error
		from := r.today()
		if d, ok, _ := r.date(edit.plan.from); ok {
			from = d
		}
		if plan, err = r.planFromFlags(edit.plan, c.PlanOn(from), c.Currency); err != nil {
			return err
		}
		plan.Prorate = edit.prorate.value
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
	case planned && plan.Prorate:
		r.printf("%s: %s from %s, prorated\n", c.Name, plan.Describe(c.Currency), plan.From)
	case planned:
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

func (r *runner) clientList(all bool) error {
	clients, err := r.store().Clients()
	if err != nil {
		return err
	}
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

func (r *runner) clientArchive(name string, restore, stop bool) error {
	switch {
	case restore && stop:
		return usageError{errors.New("--stop goes with archiving, not with --restore")}
	case stop:
		return r.archiveStopping(name)
	}
	c, warned, err := r.store().EditClient(name, func(c *model.Client) error {
		c.Archived = !restore
		return nil
	})
	r.warn(warned)
	if err != nil {
		return wayOut[store.TimerRunsError](err, "stop it first with tally stop, or archive with --stop to stop it now")
	}
	if restore {
		r.printf("restored client %s\n", c.Name)
	} else {
		r.printf("archived client %s\n", c.Name)
	}
	return nil
}

// archiveStopping archives a client, stopping a timer that runs on one of
// its tasks now, in the same change.
func (r *runner) archiveStopping(name string) error {
	when, err := r.timing(timerFlags{})
	if err != nil {
		return err
	}
	c, stopped, warned, err := r.store().ArchiveClient(name, when)
	r.warn(warned)
	if err != nil {
		return wayOut[model.LongEntryError](err, "stop it earlier with tally stop --at TIME, or keep all of it with tally stop --long")
	}
	if stopped != nil {
		r.printf("stopped #%d at %s after %s\n", stopped.TaskID, r.clock(stopped.End), model.FormatDuration(stopped.Tracked(stopped.End)))
	}
	r.printf("archived client %s\n", c.Name)
	return nil
}

// billingFlags are client edit's flags of the details invoices carry.
type billingFlags struct {
	name, email, taxID, vat, terms option[string]
	address                        option[[]string]
}

func (b *billingFlags) bind(f *pflag.FlagSet) {
	text(f, &b.name, "billing-name", "", "the name invoices are made out to (default the client's name)")
	texts(f, &b.address, "billing-address", "a line of the billing address (repeat for each line; \"\" clears it)")
	text(f, &b.email, "email", "", "where invoices are sent")
	text(f, &b.taxID, "tax-id", "", "the client's tax or VAT number")
	text(f, &b.vat, "vat", "", "tax percent added to its invoices, such as 20 (0 for none)")
	text(f, &b.terms, "terms", "", "days it has to pay, such as 14d")
}

func (b billingFlags) given() bool {
	return anyGiven(b.name, b.address, b.email, b.taxID, b.vat, b.terms)
}

// set applies the billing flags given to billing.
func (b billingFlags) set(billing *model.Billing) error {
	for _, f := range []struct {
		flag option[string]
		into *string
	}{{b.name, &billing.Name}, {b.email, &billing.Email}, {b.taxID, &billing.TaxID}} {
		if f.flag.given() {
			*f.into = f.flag.value
		}
	}
	if b.address.given() {
		billing.Address = slices.DeleteFunc(slices.Clone(b.address.value), func(l string) bool { return strings.TrimSpace(l) == "" })
	}
	if vat, ok, err := parsed(b.vat, model.ParsePercent); err != nil {
		return err
	} else if ok {
		billing.VATBP = vat
	}
	if terms, ok, err := parsed(b.terms, model.ParseTerms); err != nil {
		return err
	} else if ok {
		billing.TermsDays = terms
	}
	return billing.Check()
}

// billingText sums up where a client's invoices go.
func billingText(c model.Client) string {
	party := c.BillTo()
	parts := append([]string{party.Name}, party.Address...)
	if c.Billing.VATBP > 0 {
		parts = append(parts, "VAT "+model.FormatPercent(c.Billing.VATBP)+"%")
	}
	if days := model.TermsOf(c.Billing.TermsDays); days > 0 {
		parts = append(parts, "due in "+strconv.Itoa(days)+" days")
	} else {
		parts = append(parts, "due on receipt")
	}
	return model.Printable(strings.Join(parts, ", "))
}
