package form

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
	"tally/ui/uitest"
)

// dialog is what every form is to the app: an overlay that opens with its
// first field focused.
type dialog interface {
	common.Overlay
	Focus() tea.Cmd
}

// TestFormViews draws each form as it opens, new and on a record to
// change, at each size.
func TestFormViews(t *testing.T) {
	sh, _ := uitest.Shared(t)
	today := sh.Snap.Today
	entry := &model.ClientEntry{Client: uitest.Acme, PricedEntry: model.PricedEntry{Day: today, Task: sh.Snap.Tasks[0].Task,
		Entry: model.Entry{ID: 7, TaskID: 1, Start: uitest.Now.Add(-2 * time.Hour), End: uitest.Now.Add(-time.Hour), Note: "inbox", Tags: []string{"mail"}}}}
	sale := &model.Sale{ID: 4, ClientID: uitest.Bakery.ID, Date: today.AddDays(-2), Amount: 25000, Note: "order 9"}
	issued := model.Invoice{ID: 3, Number: "2026-0001", State: model.InvoiceIssued, ClientID: uitest.Acme.ID, Currency: "USD", Issued: today.AddDays(-10), Due: today.AddDays(4),
		Lines: []model.InvoiceLine{{Kind: model.LineTime, Description: "Mail", Seconds: 7200, UnitPrice: 4000, Amount: 8000}}}
	draft := model.Invoice{ID: 5, State: model.InvoiceDraft, ClientID: uitest.Acme.ID, Currency: "USD"}
	forms := []struct {
		name string
		open func(*common.Shared, common.Host) dialog
	}{
		{"client_new", func(sh *common.Shared, h common.Host) dialog { return NewClient(sh, h, nil) }},
		{"client_edit", func(sh *common.Shared, h common.Host) dialog { return NewClient(sh, h, &uitest.Acme) }},
		{"task_new", func(sh *common.Shared, h common.Host) dialog { return NewTask(sh, h, nil, uitest.Acme.ID) }},
		{"task_edit", func(sh *common.Shared, h common.Host) dialog { return NewTask(sh, h, &sh.Snap.Tasks[1], 0) }},
		{"entry_new", func(sh *common.Shared, h common.Host) dialog { return NewEntry(sh, h, today, nil) }},
		{"entry_edit", func(sh *common.Shared, h common.Host) dialog { return NewEntry(sh, h, today, entry) }},
		{"sale_new", func(sh *common.Shared, h common.Host) dialog { return NewSale(sh, h, uitest.Bakery, nil) }},
		{"sale_edit", func(sh *common.Shared, h common.Host) dialog { return NewSale(sh, h, uitest.Bakery, sale) }},
		{"stop_at", func(sh *common.Shared, h common.Host) dialog {
			return NewStopAt(sh, h, sh.Snap.Running.Entry, "Bakery · Listings")
		}},
		{"note", func(sh *common.Shared, h common.Host) dialog {
			return NewNote(sh, h, entry.Entry, "entry 7, Acme · Mail")
		}},
		{"pay", func(sh *common.Shared, h common.Host) dialog { return NewPay(sh, h, issued) }},
		{"line", func(sh *common.Shared, h common.Host) dialog { return NewLine(sh, h, draft) }},
		{"void", func(sh *common.Shared, h common.Host) dialog { return NewVoid(sh, h, issued) }},
	}
	for _, size := range uitest.Sizes {
		for _, f := range forms {
			t.Run(f.name+"_"+size.String(), func(t *testing.T) {
				d := f.open(sh, &uitest.Host{})
				d.Focus()
				uitest.Golden(t, d.View(size.Body()))
			})
		}
	}
}

// Every form is closed by esc, writing nothing, and moved through by tab.
func TestFormsCloseOnEscape(t *testing.T) {
	sh, _ := uitest.Shared(t)
	h := &uitest.Host{}
	f := NewClient(sh, h, nil)
	f.Focus()
	f.Update(uitest.Key("tab"))
	if f.at != 1 {
		t.Errorf("tab moved to field %d", f.at)
	}
	if _, done := f.Update(uitest.Key("esc")); !done || len(h.Changes) != 0 || h.Said[0] != "cancelled; nothing was written" {
		t.Errorf("esc: done %v, %d writes, said %q", done, len(h.Changes), h.Said)
	}
}
