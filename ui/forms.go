package ui

import (
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/model"
)

// The app's forms. Each field checks itself as you type; submit builds the
// values with the same model parsers the command line uses and returns one
// store command.

func checkName(what string) func(string, *form) error {
	return func(v string, _ *form) error { return model.ValidateName(what, v) }
}

// parses checks a field by whether parse accepts its value.
func parses[T any](parse func(string) (T, error)) func(string, *form) error {
	return func(v string, _ *form) error {
		_, err := parse(v)
		return err
	}
}

// optional lets a field be left blank, else checks it.
func optional(check func(string, *form) error) func(string, *form) error {
	return func(v string, f *form) error {
		if v == "" {
			return nil
		}
		return check(v, f)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// submitting marks the form as waiting for the store; Update closes it on
// success or shows the store's refusal in it.
func (f *form) submitting(cmd tea.Cmd) (tea.Cmd, error) {
	f.saving = true
	return cmd, nil
}

func newClientForm(a *App, existing *model.Client) *form {
	today := a.snap.today
	f := &form{title: "New client"}
	plan, currency, name := model.Plan{Kind: model.Hourly}, "USD", ""
	if existing != nil {
		plan, currency, name = existing.PlanOn(today), existing.Currency, existing.Name
		f.title = "Edit " + existing.Name + " (a new plan applies from the date below)"
	}
	// A new client's currency is whatever the form says; an existing one's
	// never changes, since that would reprice its history.
	cur := func(f *form) string { return currency }
	f.fields = append(f.fields, newField("name", "Name", name, "", checkName("client name")))
	if existing == nil {
		cur = func(f *form) string { return strings.ToUpper(f.value("currency")) }
		f.fields = append(f.fields, newField("currency", "Currency", currency, "USD", parses(model.ParseCurrency)))
	}
	f.fields = append(f.fields, planFields(plan, currency, cur, today)...)
	f.submit = func(f *form) (tea.Cmd, error) {
		plan, err := planFromForm(f, cur(f), today)
		if err != nil {
			return nil, err
		}
		if existing == nil {
			return f.submitting(addClientCmd(a.deps.Store, model.Client{Name: f.value("name"), Currency: cur(f), Plans: []model.Plan{plan}}))
		}
		return f.submitting(editClientCmd(a.deps.Store, existing.Name, f.value("name"), plan))
	}
	return f
}

// planFields are the plan's fields, each shown only for the plans it
// belongs to, prefilled from plan.
func planFields(plan model.Plan, currency string, cur func(*form) string, today model.Date) []*field {
	amount := optional(func(v string, f *form) error {
		_, err := model.ParseAmount(v, cur(f))
		return err
	})
	date := parses(func(v string) (model.Date, error) { return model.ParseDate(v, today) })
	fmtAmount := func(v int64) string { return blankZero(v, model.FormatAmount(v, currency)) }
	included := blankZero(plan.Included, model.FormatSpan(plan.Included))
	if plan.Unlimited {
		included = "unlimited"
	}
	rated, retainer, commission := kindIs(model.Hourly, model.Commission), kindIs(model.Retainer), kindIs(model.Commission)
	return []*field{
		newChoice("plan", "Plan", string(plan.Kind), "hourly", "retainer", "commission", "none"),
		withVisible(newField("rate", "Rate / hour", fmtAmount(plan.Rate), "e.g. 40", amount), rated),
		withVisible(newField("fee", "Fee", fmtAmount(plan.Fee), "e.g. 1200", amount), retainer),
		withVisible(newChoice("period", "Period", string(plan.Period), "month", "year"), retainer),
		withVisible(newField("included", "Included", included, "e.g. 30h, or unlimited", optional(func(v string, f *form) error {
			if v == "unlimited" {
				return nil
			}
			return parses(model.ParseDuration)(v, f)
		})), retainer),
		withVisible(newField("overage", "Overage / h", fmtAmount(plan.OverageRate), "e.g. 45", amount), retainer),
		withVisible(newField("percent", "Percent", blankZero(plan.PercentBP, model.FormatPercent(plan.PercentBP)), "e.g. 10",
			optional(parses(model.ParsePercent))), commission),
		newField("from", "From", today.String(), "YYYY-MM-DD", date),
	}
}

// kindIs shows a field only while the plan field holds one of kinds.
func kindIs(kinds ...model.PlanKind) func(*form) bool {
	return func(f *form) bool {
		k, _ := model.ParsePlanKind(f.value("plan"))
		for _, want := range kinds {
			if k == want {
				return true
			}
		}
		return false
	}
}

func addClientCmd(s Store, c model.Client) tea.Cmd {
	return changeCmd(func() (string, error) {
		_, err := s.AddClient(c)
		return "added client " + c.Name, err
	})
}

// editClientCmd renames a client and puts plan in force from its date; a
// rename alone adds no plan version.
func editClientCmd(s Store, oldName, newName string, plan model.Plan) tea.Cmd {
	return changeCmd(func() (string, error) {
		_, err := s.EditClient(oldName, func(c *model.Client) error {
			c.Name = newName
			if !samePlan(c.PlanOn(plan.From), plan) {
				c.Plans = c.WithPlan(plan)
			}
			return nil
		})
		return "updated " + newName, err
	})
}

func planFromForm(f *form, currency string, today model.Date) (model.Plan, error) {
	kind, err := model.ParsePlanKind(f.value("plan"))
	if err != nil {
		return model.Plan{}, err
	}
	plan := model.Plan{Kind: kind}
	if plan.From, err = model.ParseDate(f.value("from"), today); err != nil {
		return plan, err
	}
	fields := model.PlanFields{Rate: f.value("rate"), Fee: f.value("fee"), Period: f.value("period"),
		Included: f.value("included"), OverageRate: f.value("overage"), Percent: f.value("percent")}
	if err := fields.Apply(&plan, currency); err != nil {
		return plan, err
	}
	return plan, plan.Validate()
}

func samePlan(a, b model.Plan) bool {
	a.From, b.From = 0, 0
	return a == b
}

func blankZero(v int64, s string) string {
	if v == 0 {
		return ""
	}
	return s
}

func withVisible(fl *field, visible func(*form) bool) *field {
	fl.visible = visible
	return fl
}

func newTaskForm(a *App, existing *taskRow) *form {
	clientName := ""
	if row, ok := a.selectedClient(); ok {
		clientName = row.client.Name
	}
	var t model.Task
	f := &form{title: "New task"}
	if existing != nil {
		t, clientName = existing.task, existing.client.Name
		f.title = "Edit task #" + itoa(t.ID)
	}
	clients := a.activeClients()
	findClient := func(f *form) (model.Client, error) { return model.FindClient(clients, f.value("client")) }
	amount := func(v string, f *form) error {
		c, err := findClient(f)
		if err != nil {
			return errors.New("choose the client first")
		}
		_, err = model.ParseAmount(v, c.Currency)
		return err
	}
	price, rate := "", ""
	if t.HasPrice {
		price = model.FormatAmount(t.Price, existing.client.Currency)
	}
	if t.HasRate {
		rate = model.FormatAmount(t.Rate, existing.client.Currency)
	}
	f.fields = []*field{
		newField("title", "Title", t.Title, "", checkName("task title")),
		newField("client", "Client", clientName, "client name", parses(func(v string) (model.Client, error) {
			return model.FindClient(clients, v)
		})),
		newField("estimate", "Estimate", blankZero(t.Estimate, model.FormatSpan(t.Estimate)), "3h, 1:30 or blank",
			optional(parses(model.ParseDuration))),
		newField("price", "Fixed price", price, "blank for none", optional(amount)),
		newField("rate", "Own rate / h", rate, "blank: the client's plan", optional(amount)),
		newChoice("billable", "Billable", yesNo(!t.Unbilled), "yes", "no"),
	}
	if existing != nil {
		f.fields[1].visible = func(*form) bool { return false }
	}
	f.submit = func(f *form) (tea.Cmd, error) {
		c, err := findClient(f)
		if existing != nil {
			c, err = existing.client, nil // a task stays with its client
		}
		if err != nil {
			return nil, err
		}
		edited, err := taskFromForm(f, t, c)
		if err != nil {
			return nil, err
		}
		if existing == nil {
			return f.submitting(addTaskCmd(a.deps.Store, edited))
		}
		return f.submitting(editTaskCmd(a.deps.Store, edited))
	}
	return f
}

// taskFromForm is base with the form's title and terms, for client c.
func taskFromForm(f *form, base model.Task, c model.Client) (model.Task, error) {
	t := base
	t.Title, t.ClientID, t.Unbilled = f.value("title"), c.ID, f.value("billable") == "no"
	t.Estimate, t.HasPrice, t.HasRate, t.Price, t.Rate = 0, false, false, 0, 0 // a blank field clears its term
	fields := model.TaskFields{Estimate: f.value("estimate"), Price: f.value("price"), Rate: f.value("rate")}
	return t, fields.Apply(&t, c.Currency)
}

func addTaskCmd(s Store, t model.Task) tea.Cmd {
	return changeCmd(func() (string, error) {
		_, err := s.AddTask(t)
		return "added task " + t.Title, err
	})
}

// editTaskCmd writes the form's fields onto the stored task, leaving what
// the form does not show (done, queue position) as the file has it.
func editTaskCmd(s Store, edited model.Task) tea.Cmd {
	return changeCmd(func() (string, error) {
		_, err := s.EditTask(edited.ID, "edit task", func(t *model.Task) error {
			t.Title, t.Estimate, t.Price, t.HasPrice, t.Rate, t.HasRate, t.Unbilled =
				edited.Title, edited.Estimate, edited.Price, edited.HasPrice, edited.Rate, edited.HasRate, edited.Unbilled
			return nil
		})
		return "updated " + edited.Title, err
	})
}

func (a *App) activeClients() []model.Client {
	var out []model.Client
	for _, row := range a.snap.clients {
		out = append(out, row.client)
	}
	return out
}

func newSaleForm(a *App, c model.Client) *form {
	today := a.snap.today
	f := &form{title: "Sale for " + c.Name}
	f.fields = []*field{
		newField("amount", "Amount", "", "e.g. 1200.50", parses(func(v string) (int64, error) { return model.ParseAmount(v, c.Currency) })),
		newField("date", "Date", today.String(), "YYYY-MM-DD", parses(func(v string) (model.Date, error) { return model.ParseDate(v, today) })),
		newField("note", "Note", "", "order number", nil),
	}
	f.submit = func(f *form) (tea.Cmd, error) {
		amount, _ := model.ParseAmount(f.value("amount"), c.Currency)
		day, _ := model.ParseDate(f.value("date"), today)
		sale := model.Sale{ClientID: c.ID, Date: day, Amount: amount, Note: f.value("note")}
		return f.submitting(changeCmd(func() (string, error) {
			_, err := a.deps.Store.AddSale(sale)
			return "added sale of " + model.FormatAmount(amount, c.Currency) + " " + c.Currency, err
		}))
	}
	return f
}

func newStopAtForm(a *App, running model.Entry) *form {
	loc := a.deps.Location
	start := running.Start.In(loc)
	parse := func(v string) (time.Time, error) {
		at, err := model.ParseInstant(v, model.DateOf(start, loc), loc)
		switch {
		case err != nil:
			return at, err
		case at.Before(start):
			return at, model.Invalidf("the timer started at %s", start.Format("Mon 15:04"))
		case at.After(a.deps.Now()):
			return at, model.Invalidf("that is in the future")
		}
		return at, nil
	}
	f := &form{title: "Stop the timer at"}
	f.fields = []*field{newField("at", "Stop at", "", "HH:MM on "+model.DateOf(start, loc).String()+", or YYYY-MM-DD HH:MM", parses(parse))}
	f.submit = func(f *form) (tea.Cmd, error) {
		at, err := parse(f.value("at"))
		if err != nil {
			return nil, err
		}
		return f.submitting(stopCmd(a.deps.Store, at))
	}
	return f
}
