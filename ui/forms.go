package ui

import (
	"errors"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"tally/model"
)

// The app's forms. Each field checks itself with the same model parsers
// the command line uses; submit builds the value and returns one store
// command. An edit writes only what the user changed, onto the record as
// the file holds it then.

// parses checks a field by whether parse accepts its value.
func parses[T any](parse func(string) (T, error)) func(string) error {
	return func(v string) error {
		_, err := parse(v)
		return err
	}
}

// optional lets a field be left blank, else checks it.
func optional(check func(string) error) func(string) error {
	return func(v string) error {
		if v == "" {
			return nil
		}
		return check(v)
	}
}

func checkName(what string) func(string) error {
	return func(v string) error { return model.ValidateName(what, v) }
}

func withVisible(fl *field, visible func() bool) *field {
	fl.visible = visible
	return fl
}

// activeClients are the clients that take new work.
func activeClients(sh *shared) []model.Client {
	var out []model.Client
	for _, row := range sh.snap.clients {
		if !row.client.Archived {
			out = append(out, row.client)
		}
	}
	return out
}

func clientNames(clients []model.Client) []string {
	names := make([]string, len(clients))
	for i, c := range clients {
		names[i] = c.Name
	}
	return names
}

// clientForm adds a client or changes one: its name, and its plan from a
// date on (a change of plan is a new version; the old one keeps pricing
// the work before).
type clientForm struct {
	*form
	name, currency, from                                *field
	plan, rate, fee, period, included, overage, percent *field
	existing                                            *model.Client
}

func newClientForm(sh *shared, h host, existing *model.Client) *clientForm {
	today := sh.snap.today
	plan, currency, name := model.Plan{Kind: model.Hourly}, "USD", ""
	f := &clientForm{form: newForm(sh, h, "New client"), existing: existing}
	if existing != nil {
		plan, currency, name = existing.PlanOn(today), existing.Currency, existing.Name
		f.title = "Edit " + existing.Name + " (a changed plan applies from the date below)"
	}
	amount := optional(func(v string) error { _, err := model.ParseAmount(v, f.currencyCode()); return err })
	fmtAmount := func(v int64) string { return blankZero(v, model.FormatAmount(v, currency)) }
	included := blankZero(plan.Included, model.FormatSpan(plan.Included))
	if plan.Unlimited {
		included = "unlimited"
	}
	f.name = newField("Name", name, "", func(v string) error {
		if err := model.ValidateName("client name", v); err != nil {
			return err
		}
		for _, row := range sh.snap.clients {
			if strings.EqualFold(row.client.Name, v) && (existing == nil || row.client.ID != existing.ID) {
				return model.Invalidf("a client named %q already exists", row.client.Name)
			}
		}
		return nil
	})
	f.currency = newField("Currency", currency, "ISO 4217 code, e.g. USD", parses(model.ParseCurrency))
	f.plan = newChoice("Plan", string(plan.Kind), "hourly", "retainer", "commission", "none")
	f.rate = withVisible(newField("Rate / hour", fmtAmount(plan.Rate), "e.g. 40", amount), f.kindIs(model.Hourly, model.Commission))
	f.fee = withVisible(newField("Fee", fmtAmount(plan.Fee), "e.g. 1200", amount), f.kindIs(model.Retainer))
	f.period = withVisible(newChoice("Period", string(plan.Period), "month", "year"), f.kindIs(model.Retainer))
	f.included = withVisible(newField("Included", included, "e.g. 30h, or unlimited", optional(func(v string) error {
		if v == "unlimited" {
			return nil
		}
		return parses(model.ParseDuration)(v)
	})), f.kindIs(model.Retainer))
	f.overage = withVisible(newField("Overage / h", fmtAmount(plan.OverageRate), "e.g. 45", amount), f.kindIs(model.Retainer))
	f.percent = withVisible(newField("Percent", blankZero(plan.PercentBP, model.FormatPercent(plan.PercentBP)), "e.g. 10",
		optional(parses(model.ParsePercent))), f.kindIs(model.Commission))
	f.from = newField("From", today.String(), "YYYY-MM-DD: the plan's first day", parses(func(v string) (model.Date, error) { return model.ParseDate(v, today) }))
	f.add(f.name, f.currency, f.plan, f.rate, f.fee, f.period, f.included, f.overage, f.percent, f.from)
	f.submit = f.build
	return f
}

func (f *clientForm) currencyCode() string {
	code, err := model.ParseCurrency(f.currency.value())
	if err != nil {
		return "USD"
	}
	return code
}

// kindIs shows a field only while the plan field holds one of kinds.
func (f *clientForm) kindIs(kinds ...model.PlanKind) func() bool {
	return func() bool {
		k, _ := model.ParsePlanKind(f.plan.value())
		for _, want := range kinds {
			if k == want {
				return true
			}
		}
		return false
	}
}

func (f *clientForm) build() (tea.Cmd, error) {
	today, currency := f.sh.snap.today, f.currencyCode()
	kind, err := model.ParsePlanKind(f.plan.value())
	if err != nil {
		return nil, err
	}
	plan := model.Plan{Kind: kind}
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
	s, name := f.sh.deps.Store, f.name.value()
	if f.existing == nil {
		c := model.Client{Name: name, Currency: currency, Plans: []model.Plan{plan}}
		return func() tea.Msg {
			saved, err := s.AddClient(c)
			return clientSavedMsg{client: saved, what: "added", err: err}
		}, nil
	}
	old := *f.existing
	return func() tea.Msg {
		saved, err := s.EditClient(old.Name, func(c *model.Client) error {
			c.Name, c.Currency = name, currency
			if planChanged && !samePlan(c.PlanOn(plan.From), plan) {
				c.Plans = c.WithPlan(plan)
			}
			return nil
		})
		return clientSavedMsg{client: saved, what: "updated", err: err}
	}, nil
}

func samePlan(a, b model.Plan) bool {
	a.From, b.From = 0, 0
	return a == b
}

// taskForm adds a task to a client's queue or changes its terms.
type taskForm struct {
	*form
	name, client, estimate, price, rate, billable *field
	existing                                      *taskRow
}

func newTaskForm(sh *shared, h host, existing *taskRow, clientID int64) *taskForm {
	f := &taskForm{form: newForm(sh, h, "New task"), existing: existing}
	var t model.Task
	clientName := sh.snap.clientsByID[clientID].Name
	price, rate := "", ""
	if existing != nil {
		t, clientName = existing.task, existing.client.Name
		cur := existing.client.Currency
		price, rate = blankZero(boolInt64(t.HasPrice), model.FormatAmount(t.Price, cur)), blankZero(boolInt64(t.HasRate), model.FormatAmount(t.Rate, cur))
	}
	clients := activeClients(sh)
	findClient := func() (model.Client, error) { return model.FindClient(clients, f.client.value()) }
	amount := optional(func(v string) error {
		c, err := findClient()
		if err != nil {
			return errors.New("choose the client first")
		}
		_, err = model.ParseAmount(v, c.Currency)
		return err
	})
	f.name = newField("Title", t.Title, "", checkName("task title"))
	f.client = withVisible(newField("Client", clientName, "client name (tab completes)", parses(func(v string) (model.Client, error) {
		return model.FindClient(clients, v)
	})).withSuggestions(clientNames(clients)), func() bool { return existing == nil })
	f.estimate = newField("Estimate", blankZero(t.Estimate, model.FormatSpan(t.Estimate)), "3h, 1:30 or blank", optional(parses(model.ParseDuration)))
	f.price = newField("Fixed price", price, "blank for none", amount)
	f.rate = newField("Own rate / h", rate, "blank: the client's plan", amount)
	f.billable = newChoice("Billable", yesNo(!t.Unbilled), "yes", "no")
	f.add(f.name, f.client, f.estimate, f.price, f.rate, f.billable)
	f.form.title = f.titleText()
	f.submit = f.build
	return f
}

func (f *taskForm) titleText() string {
	if f.existing != nil {
		return "Edit task #" + itoa(f.existing.task.ID)
	}
	return "New task"
}

func boolInt64(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (f *taskForm) build() (tea.Cmd, error) {
	c, err := model.FindClient(activeClients(f.sh), f.client.value())
	if f.existing != nil {
		c, err = f.existing.client, nil // a task stays with its client
	}
	if err != nil {
		return nil, err
	}
	var terms model.Task
	terms.Title, terms.ClientID, terms.Unbilled = f.name.value(), c.ID, f.billable.value() == "no"
	fields := model.TaskFields{Estimate: f.estimate.value(), Price: f.price.value(), Rate: f.rate.value()}
	if err := fields.Apply(&terms, c.Currency); err != nil {
		return nil, err
	}
	s := f.sh.deps.Store
	if f.existing == nil {
		return func() tea.Msg {
			saved, err := s.AddTask(terms)
			return taskSavedMsg{task: saved, added: true, err: err}
		}, nil
	}
	id := f.existing.task.ID
	return func() tea.Msg {
		saved, err := s.EditTask(id, "edit", func(t *model.Task) error {
			// What the form shows; done and the queue position stay as filed.
			t.Title, t.Estimate, t.Price, t.HasPrice, t.Rate, t.HasRate, t.Unbilled =
				terms.Title, terms.Estimate, terms.Price, terms.HasPrice, terms.Rate, terms.HasRate, terms.Unbilled
			return nil
		})
		return taskSavedMsg{task: saved, err: err}
	}, nil
}

// saleForm records a sale (or a refund) for a commission client, or
// changes one.
type saleForm struct {
	*form
	client, amount, refund, date, note *field
	existing                           *model.Sale
	fixed                              model.Client // the client, when the form was opened for one
}

func newSaleForm(sh *shared, h host, c model.Client, existing *model.Sale) *saleForm {
	today := sh.snap.today
	f := &saleForm{form: newForm(sh, h, "New sale"), existing: existing, fixed: c}
	s := model.Sale{Date: today}
	if existing != nil {
		s = *existing
		f.form.title = "Edit sale " + itoa(s.ID) + " for " + c.Name
	} else if c.ID != 0 {
		f.form.title = "Sale for " + c.Name
	}
	var commissions []model.Client
	for _, cl := range activeClients(sh) {
		if cl.PlanOn(today).Kind == model.Commission {
			commissions = append(commissions, cl)
		}
	}
	f.client = withVisible(newField("Client", "", "a commission client (tab completes)", parses(func(v string) (model.Client, error) {
		return model.FindClient(commissions, v)
	})).withSuggestions(clientNames(commissions)), func() bool { return c.ID == 0 })
	currency := func() string {
		if cl, err := f.clientOf(commissions); err == nil {
			return cl.Currency
		}
		return "USD"
	}
	amount := blankZero(s.Amount, model.FormatAmount(max(s.Amount, -s.Amount), c.Currency))
	f.amount = newField("Amount", amount, "e.g. 1200.50", func(v string) error {
		a, err := model.ParseAmount(v, currency())
		if err == nil && a == 0 {
			err = errors.New("a sale must have an amount")
		}
		return err
	})
	f.refund = newChoice("Refund", yesNo(s.Amount < 0), "no", "yes")
	f.date = newField("Date", s.Date.String(), "YYYY-MM-DD, not in the future", func(v string) error {
		d, err := model.ParseDate(v, today)
		if err == nil && d > today {
			err = model.Invalidf("%s is in the future", d)
		}
		return err
	})
	f.note = newField("Note", s.Note, "order number", nil)
	f.add(f.client, f.amount, f.refund, f.date, f.note)
	f.submit = func() (tea.Cmd, error) { return f.build(commissions) }
	return f
}

func (f *saleForm) clientOf(commissions []model.Client) (model.Client, error) {
	if f.fixed.ID != 0 {
		return f.fixed, nil
	}
	return model.FindClient(commissions, f.client.value())
}

func (f *saleForm) build(commissions []model.Client) (tea.Cmd, error) {
	c, err := f.clientOf(commissions)
	if err != nil {
		return nil, err
	}
	amount, err := model.ParseAmount(f.amount.value(), c.Currency)
	if err != nil {
		return nil, err
	}
	if f.refund.value() == "yes" {
		amount = -amount
	}
	day, _ := model.ParseDate(f.date.value(), f.sh.snap.today)
	sale := model.Sale{ClientID: c.ID, Date: day, Amount: amount, Note: f.note.value()}
	s := f.sh.deps.Store
	if f.existing == nil {
		return func() tea.Msg {
			saved, err := s.AddSale(sale)
			return saleSavedMsg{sale: saved, added: true, err: err}
		}, nil
	}
	id := f.existing.ID
	return func() tea.Msg {
		saved, err := s.EditSale(id, func(old *model.Sale) error {
			old.Date, old.Amount, old.Note = sale.Date, sale.Amount, sale.Note
			return nil
		})
		return saleSavedMsg{sale: saved, err: err}
	}, nil
}

// stopAtForm stops a forgotten timer at a time the user types.
type stopAtForm struct {
	*form
	at *field
}

func newStopAtForm(sh *shared, h host, running model.Entry) *stopAtForm {
	loc := sh.deps.Location
	start := running.Start.In(loc)
	day := model.DateOf(start, loc)
	f := &stopAtForm{form: newForm(sh, h, "Stop the timer at")}
	check := func(v string) error {
		at, err := model.ParseInstant(v, day, loc)
		switch {
		case err != nil:
			return err
		case at.Before(start):
			return model.Invalidf("the timer started at %s", start.Format("Mon 15:04"))
		case at.After(sh.live.now):
			return model.Invalidf("that is in the future")
		}
		return nil
	}
	f.at = newField("Stop at", "", "HH:MM on "+day.String()+", or YYYY-MM-DD HH:MM", check)
	f.add(f.at)
	f.submit = func() (tea.Cmd, error) {
		at, err := model.ParseInstant(f.at.value(), day, loc)
		if err != nil {
			return nil, err
		}
		return stopCmd(sh.deps.Store, at, 0), nil // the user chose the length
	}
	return f
}

// tagsText and parseTags show tags as words separated by spaces.
func tagsText(tags []string) string { return strings.Join(tags, " ") }

func parseTags(v string) ([]string, error) {
	tags := strings.Fields(v)
	return tags, model.ValidateTags(tags)
}
