package ui

import (
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
