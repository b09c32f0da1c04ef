package form

import (
	"errors"

	"tally/model"
	"tally/ui/common"
)

// Sale records a sale (or a refund) for a commission client, or
// changes one.
type Sale struct {
	*Form
	client, amount, refund, date, note *field
	existing                           *model.Sale
	fixed                              model.Client // the client, when the form was opened for one
}

// NewSale opens on existing, or on a new sale of client c (any
// commission client when c is the zero Client).
func NewSale(sh *common.Shared, h common.Host, c model.Client, existing *model.Sale) *Sale {
	today := sh.Snap.Today
	f := &Sale{Form: newForm(sh, h, "New sale"), existing: existing, fixed: c}
	s := model.Sale{Date: today}
	if existing != nil {
		s = *existing
		f.Form.title = "Edit sale " + common.Itoa(s.ID) + " for " + c.Name
	} else if c.ID != 0 {
		f.Form.title = "Sale for " + c.Name
	}
	var commissions []model.Client
	for _, cl := range activeClients(sh) {
		if cl.PlanOn(today).PercentBP > 0 {
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
	amount := common.BlankZero(s.Amount, model.FormatAmount(max(s.Amount, -s.Amount), c.Currency))
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
	f.submit = func() (func() common.Written, error) { return f.build(commissions) }
	return f
}

func (f *Sale) clientOf(commissions []model.Client) (model.Client, error) {
	if f.fixed.ID != 0 {
		return f.fixed, nil
	}
	return model.FindClient(commissions, f.client.value())
}

func (f *Sale) build(commissions []model.Client) (func() common.Written, error) {
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
	day, _ := model.ParseDate(f.date.value(), f.Snap.Today)
	sale := model.Sale{ClientID: c.ID, Date: day, Amount: amount, Note: f.note.value()}
	s := f.Deps.Store
	if f.existing == nil {
		return func() common.Written {
			saved, warned, err := s.AddSale(sale)
			return common.Written{Text: common.SavedText(true, "sale "+common.Itoa(saved.ID)), Err: err, Warnings: warned}
		}, nil
	}
	id := f.existing.ID
	return func() common.Written {
		saved, warned, err := s.EditSale(id, func(old *model.Sale) error {
			old.Date, old.Amount, old.Note = sale.Date, sale.Amount, sale.Note
			return nil
		})
		return common.Written{Text: common.SavedText(false, "sale "+common.Itoa(saved.ID)), Err: err, Warnings: warned}
	}, nil
}
