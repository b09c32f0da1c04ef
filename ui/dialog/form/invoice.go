package form

import (
	"strings"

	"tally/model"
	"tally/ui/common"
)

// NewPay records a payment against an issued invoice: the balance by
// default, received today; on a credit note, the credit given back.
func NewPay(sh *common.Shared, h common.Host, inv model.Invoice) *Form {
	today := sh.Snap.Today
	title, left, hint := "Payment of invoice "+inv.Number, inv.Balance(), " is owed"
	if inv.IsCredit() {
		title, left, hint = "Refund of credit note "+inv.Number, -inv.Balance(), " is left to credit"
	}
	f := newForm(sh, h, title)
	amount := newField("Amount", model.FormatAmount(left, inv.Currency), model.FormatAmount(left, inv.Currency)+" "+inv.Currency+hint, func(v string) error {
		a, err := model.ParseAmount(v, inv.Currency)
		if err != nil {
			return err
		}
		paid := inv
		return paid.AddPayment(model.Payment{Date: max(today, inv.Issued), Amount: a})
	})
	date := newField("Date", today.String(), "YYYY-MM-DD, not in the future", func(v string) error {
		d, err := model.ParseDate(v, today)
		if err == nil && d > today {
			err = model.Invalidf("%s is in the future", d)
		}
		return err
	})
	f.add(amount, date)
	f.submit = func() (func() common.Written, error) {
		a, err := model.ParseAmount(amount.value(), inv.Currency)
		if err != nil {
			return nil, err
		}
		d, err := model.ParseDate(date.value(), today)
		if err != nil {
			return nil, err
		}
		return payCmd(sh.Deps.Store, inv.Number, model.Payment{Date: d, Amount: a}), nil
	}
	return f
}

// NewLine adds a line made by hand to a draft: an expense, or a
// discount at a negative price.
func NewLine(sh *common.Shared, h common.Host, inv model.Invoice) *Form {
	f := newForm(sh, h, "Add a line to draft "+inv.Label())
	desc := newField("Description", "", "what it is for: rail tickets, a discount", func(v string) error {
		_, err := model.ManualLine(v, model.QuantityScale, 0)
		return err
	})
	price := newField("Price", "", "each, in "+inv.Currency+"; negative for a discount", parses(func(v string) (int64, error) {
		return model.ParseSignedAmount(v, inv.Currency)
	}))
	quantity := newField("Quantity", "1", "how many", parses(model.ParseQuantity))
	f.add(desc, price, quantity)
	f.submit = func() (func() common.Written, error) {
		p, err := model.ParseSignedAmount(price.value(), inv.Currency)
		if err != nil {
			return nil, err
		}
		q, err := model.ParseQuantity(quantity.value())
		if err != nil {
			return nil, err
		}
		line, err := model.ManualLine(desc.value(), q, p)
		if err != nil {
			return nil, err
		}
		return addLineCmd(sh.Deps.Store, inv, line), nil
	}
	return f
}

// NewVoid voids an issued invoice with the reason it keeps.
func NewVoid(sh *common.Shared, h common.Host, inv model.Invoice) *Form {
	f := newForm(sh, h, "Void invoice "+inv.Number)
	reason := newField("Reason", "", "why: kept with the number, which is never reused", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return model.Invalidf("say why it is void")
		}
		return nil
	})
	f.add(reason)
	f.submit = func() (func() common.Written, error) {
		return voidCmd(sh.Deps.Store, inv.Number, reason.value(), sh.Snap.Today), nil
	}
	return f
}

func voidCmd(s common.Store, number, reason string, today model.Date) func() common.Written {
	return func() common.Written {
		inv, warned, err := s.Void(number, reason, today)
		return common.InvoiceChanged("voided", inv, warned, err)
	}
}

func payCmd(s common.Store, number string, p model.Payment) func() common.Written {
	return func() common.Written {
		inv, warned, err := s.Pay(number, p)
		return common.InvoiceChanged("paid", inv, warned, err)
	}
}

func addLineCmd(s common.Store, inv model.Invoice, line model.InvoiceLine) func() common.Written {
	return func() common.Written {
		warned, err := s.AddInvoiceLine(inv.ID, line)
		return common.InvoiceChanged("added "+line.Description+" to", inv, warned, err)
	}
}
