package form

import (
	"errors"

	"tally/model"
	"tally/ui/common"
)

// Task adds a task to a client's queue or changes its terms.
type Task struct {
	*Form
	name, client, estimate, price, rate, billable *field
	existing                                      *common.TaskRow
}

// NewTask opens on existing, or on a new task of client clientID (to
// choose when 0).
func NewTask(sh *common.Shared, h common.Host, existing *common.TaskRow, clientID int64) *Task {
	f := &Task{Form: newForm(sh, h, "New task"), existing: existing}
	var t model.Task
	clientName := sh.Snap.ClientsByID[clientID].Name
	price, rate := "", ""
	if existing != nil {
		t, clientName = existing.Task, existing.Client.Name
		cur := existing.Client.Currency
		price, rate = common.BlankZero(boolInt64(t.HasPrice), model.FormatAmount(t.Price, cur)), common.BlankZero(boolInt64(t.HasRate), model.FormatAmount(t.Rate, cur))
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
	f.estimate = newField("Estimate", common.BlankZero(t.Estimate, model.FormatSpan(t.Estimate)), "3h, 1:30 or blank", optional(parses(model.ParseDuration)))
	f.price = newField("Fixed price", price, "blank for none", amount)
	f.rate = newField("Own rate / h", rate, "blank: the client's plan", amount)
	f.billable = newChoice("Billable", yesNo(!t.Unbilled), "yes", "no")
	f.add(f.name, f.client, f.estimate, f.price, f.rate, f.billable)
	f.Form.title = f.titleText()
	f.submit = f.build
	return f
}

func (f *Task) titleText() string {
	if f.existing != nil {
		return "Edit task #" + common.Itoa(f.existing.Task.ID)
	}
	return "New task"
}

func boolInt64(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (f *Task) build() (func() common.Written, error) {
	c, err := model.FindClient(activeClients(f.Shared), f.client.value())
	if f.existing != nil {
		c, err = f.existing.Client, nil // a task stays with its client
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
	s := f.Deps.Store
	if f.existing == nil {
		return func() common.Written {
			saved, warned, err := s.AddTask(terms)
			return common.Written{Text: common.SavedText(true, "task #"+common.Itoa(saved.ID)+" "+saved.Title), Err: err, Warnings: warned}
		}, nil
	}
	id := f.existing.Task.ID
	return func() common.Written {
		saved, warned, err := s.EditTask(id, "edit", func(t *model.Task) error {
			// What the form shows; done and the queue position stay as filed.
			t.Title, t.Estimate, t.Price, t.HasPrice, t.Rate, t.HasRate, t.Unbilled =
				terms.Title, terms.Estimate, terms.Price, terms.HasPrice, terms.Rate, terms.HasRate, terms.Unbilled
			return nil
		})
		return common.Written{Text: common.SavedText(false, "task #"+common.Itoa(saved.ID)+" "+saved.Title), Err: err, Warnings: warned}
	}, nil
}
