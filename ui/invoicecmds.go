package ui

import (
	"context"

	"tally/model"
	"tally/store"
	"tally/ui/common"
)

// The invoices' reads and writes, run off the UI goroutine like every
// store call (see cmds.go), and the messages they send back.

func newDraftCmd(s common.Store, d common.Deps, c model.Client, today model.Date) func() common.Written {
	return func() common.Written {
		inv, warned, err := s.NewDraft(store.DraftRequest{Client: c.Name, From: today, To: today}, d.InvoiceRules())
		text := "draft " + inv.Label() + " for " + c.Name + ": " + model.FormatAmount(inv.Total(), inv.Currency) + " " + inv.Currency
		return common.Written{Text: text, Err: err, Warnings: warned}
	}
}

func issueCmd(s common.Store, d common.Deps, id int64, today model.Date) func() common.Written {
	return func() common.Written {
		issue := s.Issue
		if d.Sync != nil { // the hub gives the number
			issue = func(id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error) {
				return d.Sync.Issue(context.Background(), id, on, business, format, rules)
			}
		}
		inv, warned, err := issue(id, today, d.Config.Business, d.Config.InvoiceNumber, d.InvoiceRules())
		return common.InvoiceChanged("issued", inv, warned, err)
	}
}

func removeDraftCmd(s common.Store, inv model.Invoice) func() common.Written {
	return func() common.Written {
		warned, err := s.RemoveDraft(inv.ID)
		return common.InvoiceChanged("removed", inv, warned, err)
	}
}
