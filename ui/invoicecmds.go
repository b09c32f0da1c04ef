package ui

import (
	"context"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"
	"tally/invoice"
	"tally/model"
	"tally/store"
)

// The invoices' reads and writes, run off the UI goroutine like every
// store call (see cmds.go), and the messages they send back.

// bills is every invoice, drafts worked out, and what each client has not
// been invoiced for. It loads after the snapshot, in a command of its own:
// working out drafts reads each client's history, and the first frame
// should not wait for it.
type bills struct {
	invoices   []model.Invoice
	uninvoiced map[int64]int64
}

// draftOf returns the draft of a client, if it has one.
func (b *bills) draftOf(clientID int64) (model.Invoice, bool) {
	if b == nil {
		return model.Invoice{}, false
	}
	for _, inv := range b.invoices {
		if inv.ClientID == clientID && inv.State == model.InvoiceDraft {
			return inv, true
		}
	}
	return model.Invoice{}, false
}

type billsLoadedMsg struct {
	gen   int
	bills *bills
	err   error
}

func invoiceRules(d Deps) store.InvoiceRules {
	return store.InvoiceRules{Location: d.Location, Now: d.Now(), Rounding: d.Config.Rounding}
}

func billsCmd(s Store, d Deps, gen int) tea.Cmd {
	return func() tea.Msg {
		b, err := s.Billing(invoiceRules(d), true)
		if err != nil {
			return billsLoadedMsg{gen: gen, err: err}
		}
		return billsLoadedMsg{gen: gen, bills: &bills{invoices: b.Invoices, uninvoiced: b.Uninvoiced}}
	}
}

func newDraftCmd(s Store, d Deps, c model.Client, today model.Date) func() Written {
	return func() Written {
		inv, warned, err := s.NewDraft(store.DraftRequest{Client: c.Name, From: today, To: today}, invoiceRules(d))
		text := "draft " + inv.Label() + " for " + c.Name + ": " + model.FormatAmount(inv.Total(), inv.Currency) + " " + inv.Currency
		return Written{Text: text, Err: err, Warnings: warned}
	}
}

// invoiceChanged says what issuing, voiding, paying or changing a draft
// did to inv.
func invoiceChanged(what string, inv model.Invoice, warned store.Warnings, err error) Written {
	cur := inv.Currency
	text := what + " " + inv.Label()
	switch {
	case what == "issued" && inv.IsCredit():
		text = "issued credit note " + inv.Number + ": credit " + model.FormatAmount(-inv.Total(), cur) + " " + cur
	case what == "issued":
		text = "issued invoice " + inv.Number + ", due " + inv.Due.String()
	case what == "paid" && inv.IsCredit():
		text = "credit note " + inv.Number + ": " + model.FormatAmount(-inv.Balance(), cur) + " " + cur + " left to credit"
	case what == "paid" && inv.Balance() == 0:
		text = "invoice " + inv.Number + " is paid in full"
	case what == "paid":
		text = "invoice " + inv.Number + ": " + model.FormatAmount(inv.Balance(), cur) + " " + cur + " still owed"
	}
	return Written{Text: text, Err: err, Warnings: warned}
}

func issueCmd(s Store, d Deps, id int64, today model.Date) func() Written {
	return func() Written {
		issue := s.Issue
		if d.Sync != nil { // the hub gives the number
			issue = func(id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error) {
				return d.Sync.Issue(context.Background(), id, on, business, format, rules)
			}
		}
		inv, warned, err := issue(id, today, d.Config.Business, d.Config.InvoiceNumber, invoiceRules(d))
		return invoiceChanged("issued", inv, warned, err)
	}
}

func voidCmd(s Store, number, reason string, today model.Date) func() Written {
	return func() Written {
		inv, warned, err := s.Void(number, reason, today)
		return invoiceChanged("voided", inv, warned, err)
	}
}

func payCmd(s Store, number string, p model.Payment) func() Written {
	return func() Written {
		inv, warned, err := s.Pay(number, p)
		return invoiceChanged("paid", inv, warned, err)
	}
}

func addLineCmd(s Store, inv model.Invoice, line model.InvoiceLine) func() Written {
	return func() Written {
		warned, err := s.AddInvoiceLine(inv.ID, line)
		return invoiceChanged("added "+line.Description+" to", inv, warned, err)
	}
}

func removeDraftCmd(s Store, inv model.Invoice) func() Written {
	return func() Written {
		warned, err := s.RemoveDraft(inv.ID)
		return invoiceChanged("removed", inv, warned, err)
	}
}

// renderCmd writes invoice inv of client c to path, reading the logo
// the settings name on the way.
func renderCmd(path, format string, inv model.Invoice, c model.Client, set invoice.Settings, today model.Date) func() Written {
	return func() Written {
		doc, err := invoice.NewDocument(inv, c, set, today)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(path), 0o777)
		}
		if err == nil {
			err = invoice.WriteFile(path, format, doc)
		}
		if err != nil {
			return Written{Err: err}
		}
		var warned store.Warnings
		if format == "pdf" {
			if w := invoice.UnshownWarning(doc, filepath.Base(path), "R h"); w != "" {
				warned = append(warned, w)
			}
		}
		// The status line names the folder, so the file can be found and sent.
		return Written{Text: "wrote " + filepath.Base(path) + " in " + filepath.Dir(path), Warnings: warned}
	}
}
