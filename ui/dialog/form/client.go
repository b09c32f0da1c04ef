package form

import (
	"cmp"
	"slices"
	"strings"

	"tally/model"
	"tally/ui/common"
)

// Client adds a client or changes one: its name, its plan from a
// date on (a change of plan is a new version; the old one keeps pricing
// the work before), and who its invoices are made out to.
type Client struct {
	*Form
	name, currency, from                                *field
	plan, rate, fee, period, included, overage, percent *field
	billingName, address, vat, terms                    *field
	existing                                            *model.Client
}

// NewClient opens on existing, or on a new client when it is nil.
func NewClient(sh *common.Shared, h common.Host, existing *model.Client) *Client {
	today := sh.Snap.Today
	plan, currency, name, billing := model.Plan{Kind: model.Hourly}, "USD", "", model.Billing{}
	f := &Client{Form: newForm(sh, h, "New client"), existing: existing}
	from := today
	if existing != nil {
		plan, currency, name, billing = existing.PlanOn(today), existing.Currency, existing.Name, existing.Billing
		from = existing.ChangeDay(today) // a retainer changes with its next cycle
		f.title = "Edit " + existing.Name + " (a changed plan applies from the date below)"
	}
	amount := optional(func(v string) error { _, err := model.ParseAmount(v, f.currencyCode()); return err })
	fmtAmount := func(v int64) string { return common.BlankZero(v, model.FormatAmount(v, currency)) }
	included := common.BlankZero(plan.Included, model.FormatSpan(plan.Included))
	if plan.Unlimited {
		included = "unlimited"
	}
	f.name = newField("Name", name, "", func(v string) error {
		if err := model.ValidateName("client name", v); err != nil {
			return err
		}
		for _, row := range sh.Snap.Clients {
			if strings.EqualFold(row.Client.Name, v) && (existing == nil || row.Client.ID != existing.ID) {
				return model.Invalidf("a client named %q already exists", row.Client.Name)
			}
		}
		return nil
	})
	f.currency = newField("Currency", currency, "ISO 4217 code, e.g. USD", parses(model.ParseCurrency))
	f.plan = newChoice("Plan", plan.Name(), "hourly", "retainer", model.Salary, "commission", "none")
	f.rate = withVisible(newField("Rate / hour", fmtAmount(plan.Rate), "e.g. 40", amount), f.planIs("hourly", "commission"))
	f.fee = withVisible(newField("Fee", fmtAmount(plan.Fee), "e.g. 1200", amount), f.planIs("retainer", model.Salary))
	f.period = withVisible(newChoice("Period", string(plan.Period), "month", "year"), f.planIs("retainer", model.Salary))
	f.included = withVisible(newField("Included", included, "e.g. 30h, or unlimited", optional(func(v string) error {
		if v == "unlimited" {
			return nil
		}
		return parses(model.ParseDuration)(v)
	})), f.planIs("retainer"))
	f.overage = withVisible(newField("Overage / h", fmtAmount(plan.OverageRate), "e.g. 45", amount), f.planIs("retainer"))
	f.percent = withVisible(newField("Percent", common.BlankZero(plan.PercentBP, model.FormatPercent(plan.PercentBP)), "of sales, e.g. 10",
		optional(parses(model.ParsePercent))), f.planIs("hourly", "retainer", model.Salary, "commission"))
	f.from = newField("From", from.String(), "YYYY-MM-DD: the plan's first day", parses(func(v string) (model.Date, error) { return model.ParseDate(v, today) }))
	f.billingName = newField("Billing name", billing.Name, "on invoices; default the name above", optional(func(v string) error {
		return model.Billing{Name: v}.Check()
	}))
	f.address = newField("Address", strings.Join(billing.Address, "; "), "lines split by ;", optional(func(v string) error {
		return model.Billing{Address: addressLines(v)}.Check()
	}))
	f.vat = newField("VAT %", common.BlankZero(billing.VATBP, model.FormatPercent(billing.VATBP)), "added to invoices, e.g. 20", optional(parses(model.ParsePercent)))
	f.terms = newField("Terms", model.FormatTerms(billing.TermsDays), "days to pay, e.g. 14d", optional(parses(model.ParseTerms)))
	f.add(f.name, f.currency, f.plan, f.rate, f.fee, f.period, f.included, f.overage, f.percent, f.from, f.billingName, f.address, f.vat, f.terms)
	f.submit = f.build
	return f
}

func (f *Client) currencyCode() string {
	code, err := model.ParseCurrency(f.currency.value())
	if err != nil {
		return "USD"
	}
	return code
}

// planIs shows a field only while the plan field holds one of names.
func (f *Client) planIs(names ...string) func() bool {
	return func() bool { return slices.Contains(names, f.plan.value()) }
}

func (f *Client) build() (func() common.Written, error) {
	today, currency := f.Snap.Today, f.currencyCode()
	plan, err := model.ParsePlan(f.plan.value())
	if err != nil {
		return nil, err
	}
	if plan.From, err = model.ParseDate(f.from.value(), today); err != nil {
		return nil, err
	}
	planFields := []*field{f.plan, f.rate, f.fee, f.period, f.included, f.overage, f.percent}
	planChanged := slices.ContainsFunc(planFields, func(fl *field) bool { return fl.shown() && fl.changed() })
	for _, hidden := range planFields {
		if !hidden.shown() {
			hidden.input.SetValue("")
		}
	}
	fields := model.PlanFields{Rate: f.rate.value(), Fee: f.fee.value(), Period: f.period.value(),
		Included: f.included.value(), OverageRate: f.overage.value(), Percent: f.percent.value()}
	if err := fields.Apply(&plan, currency); err != nil {
		return nil, err
	}
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	billing, err := f.billing()
	if err != nil {
		return nil, err
	}
	s, name := f.Deps.Store, f.name.value()
	if f.existing == nil {
		c := model.Client{Name: name, Currency: currency, Plans: []model.Plan{plan}, Billing: billing}
		return func() common.Written {
			saved, warned, err := s.AddClient(c)
			return common.Written{Text: "added client " + saved.Name, Err: err, Warnings: warned}
		}, nil
	}
	old := *f.existing
	return func() common.Written {
		saved, warned, err := s.EditClient(old.Name, func(c *model.Client) error {
			c.Name, c.Currency = name, currency
			c.Billing.Name, c.Billing.Address, c.Billing.VATBP, c.Billing.TermsDays = billing.Name, billing.Address, billing.VATBP, billing.TermsDays
			if planChanged && !samePlan(c.PlanOn(plan.From), plan) {
				plans, err := c.PlanChange(plan)
				if err == nil {
					c.Plans = plans
				}
				return err
			}
			return nil
		})
		return common.Written{Text: "updated client " + saved.Name, Err: err, Warnings: warned}
	}, nil
}

// billing reads the billing fields; email and tax id stay as they are
// (tally client edit sets them).
func (f *Client) billing() (model.Billing, error) {
	var b model.Billing
	if f.existing != nil {
		b = f.existing.Billing
	}
	b.Name, b.Address = strings.TrimSpace(f.billingName.value()), addressLines(f.address.value())
	var err error
	if b.VATBP, err = parseOptional(f.vat.value(), model.ParsePercent); err != nil {
		return b, err
	}
	terms, err := parseOptional(f.terms.value(), func(v string) (int64, error) {
		days, err := model.ParseTerms(v)
		return int64(days), err
	})
	b.TermsDays = int(terms)
	return b, cmp.Or(err, b.Check())
}

// addressLines reads an address typed on one line, its lines split by ;.
func addressLines(v string) []string {
	var lines []string
	for _, l := range strings.Split(v, ";") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// parseOptional parses v, or gives 0 for a blank field.
func parseOptional(v string, parse func(string) (int64, error)) (int64, error) {
	if strings.TrimSpace(v) == "" {
		return 0, nil
	}
	return parse(v)
}

func samePlan(a, b model.Plan) bool {
	a.From, b.From = 0, 0
	return a == b
}
