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

type draftMadeMsg struct {
	caveats
	client  model.Client
	invoice model.Invoice
	err     error
}

func (m draftMadeMsg) outcome() (string, error) {
	return "draft " + m.invoice.Label() + " for " + m.client.Name + ": " + model.FormatAmount(m.invoice.Total(), m.invoice.Currency) + " " + m.invoice.Currency, m.err
}

func newDraftCmd(s Store, d Deps, c model.Client, today model.Date) func() written {
	return func() written {
		inv, warned, err := s.NewDraft(store.DraftRequest{Client: c.Name, From: today, To: today}, invoiceRules(d))
		return draftMadeMsg{client: c, invoice: inv, err: err, caveats: caveats{warned}}
	}
}

// invoiceChangedMsg is the result of issuing, voiding, paying or removing.
type invoiceChangedMsg struct {
	caveats
	invoice model.Invoice
	what    string // issued, voided, paid, removed
	err     error
}

func (m invoiceChangedMsg) outcome() (string, error) {
	inv := m.invoice
	switch {
	case m.what == "issued" && inv.IsCredit():
		return "issued credit note " + inv.Number + ": credit " + model.FormatAmount(-inv.Total(), inv.Currency) + " " + inv.Currency, m.err
	case m.what == "issued":
		return "issued invoice " + inv.Number + ", due " + inv.Due.String(), m.err
	case m.what == "paid" && inv.IsCredit():
		return "credit note " + inv.Number + ": " + model.FormatAmount(-inv.Balance(), inv.Currency) + " " + inv.Currency + " left to credit", m.err
	case m.what == "paid":
		if inv.Balance() == 0 {
			return "invoice " + inv.Number + " is paid in full", m.err
		}
		return "invoice " + inv.Number + ": " + model.FormatAmount(inv.Balance(), inv.Currency) + " " + inv.Currency + " still owed", m.err
	}
	return m.what + " " + inv.Label(), m.err
}

func issueCmd(s Store, d Deps, id int64, today model.Date) func() written {
	return func() written {
		issue := s.Issue
		if d.Sync != nil { // the hub gives the number
			issue = func(id int64, on model.Date, business model.Party, format model.NumberFormat, rules store.InvoiceRules) (model.Invoice, store.Warnings, error) {
				return d.Sync.Issue(context.Background(), id, on, business, format, rules)
			}
		}
		inv, warned, err := issue(id, today, d.Config.Business, d.Config.InvoiceNumber, invoiceRules(d))
		return invoiceChangedMsg{invoice: inv, what: "issued", err: err, caveats: caveats{warned}}
	}
}

func voidCmd(s Store, number, reason string, today model.Date) func() written {
	return func() written {
		inv, warned, err := s.Void(number, reason, today)
		return invoiceChangedMsg{invoice: inv, what: "voided", err: err, caveats: caveats{warned}}
	}
}

func payCmd(s Store, number string, p model.Payment) func() written {
	return func() written {
		inv, warned, err := s.Pay(number, p)
		return invoiceChangedMsg{invoice: inv, what: "paid", err: err, caveats: caveats{warned}}
	}
}

func addLineCmd(s Store, inv model.Invoice, line model.InvoiceLine) func() written {
	return func() written {
		warned, err := s.AddInvoiceLine(inv.ID, line)
		return invoiceChangedMsg{invoice: inv, what: "added " + line.Description + " to", err: err, caveats: caveats{warned}}
	}
}

func removeDraftCmd(s Store, inv model.Invoice) func() written {
	return func() written {
		warned, err := s.RemoveDraft(inv.ID)
		return invoiceChangedMsg{invoice: inv, what: "removed", err: err, caveats: caveats{warned}}
	}
}

type renderedMsg struct {
	caveats
	path string
	err  error
}

// The status line names the folder, so the file can be found and sent.
func (m renderedMsg) outcome() (string, error) {
	return "wrote " + filepath.Base(m.path) + " in " + filepath.Dir(m.path), m.err
}

// renderCmd writes invoice inv of client c to path, reading the logo
// the settings name on the way.
func renderCmd(path, format string, inv model.Invoice, c model.Client, set invoice.Settings, today model.Date) func() written {
	return func() written {
		doc, err := invoice.NewDocument(inv, c, set, today)
		if err != nil {
			return renderedMsg{err: err}
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return renderedMsg{err: err}
		}
		if err := invoice.WriteFile(path, format, doc); err != nil {
			return renderedMsg{err: err}
		}
		var warned store.Warnings
		if format == "pdf" {
			if w := invoice.UnshownWarning(doc, filepath.Base(path), "R h"); w != "" {
				warned = append(warned, w)
			}
		}
		return renderedMsg{path: path, caveats: caveats{warned}}
	}
}
