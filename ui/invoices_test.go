package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/ui/common"
)

// TestInvoiceFromTheDashboard follows a client's work from i on the
// dashboard to a paid invoice: the draft opens in the Invoices view, I
// issues it, R renders it (asking before it replaces the file), P records
// the payment, and V refuses a paid invoice.
func TestInvoiceFromTheDashboard(t *testing.T) {
	a, _, s := newTestApp(t, 120, 40)
	dir := t.TempDir()
	a.Deps.Config.ExportDir = dir
	owed := a.Bills.Uninvoiced[a.dashboard.Clients()[0].Client.ID]
	if owed == 0 {
		t.Fatal("the demo's first client has nothing to invoice")
	}
	press(t, a, "j", "i")
	if a.view != viewInvoices {
		t.Fatalf("i did not open the Invoices view: %s", a.message)
	}
	draft, ok := a.invoices.Selected()
	if !ok || draft.State != model.InvoiceDraft || draft.Subtotal() != owed {
		t.Fatalf("selected %+v, want the new draft of %d", draft, owed)
	}
	if !strings.Contains(lineWith(a, "Draft "+draft.Label()), "Acme Dental") {
		t.Errorf("the draft's lines are not shown:\n%s", screen(a))
	}
	// a adds a line by hand: rail tickets at 12.50.
	press(t, a, "a")
	a.Update(tea.PasteMsg{Content: "Rail tickets"})
	press(t, a, "tab")
	a.Update(tea.PasteMsg{Content: "12.50"})
	press(t, a, "enter")
	if got, _ := a.invoices.Selected(); got.Total() != owed+1250 || a.overlay != nil {
		t.Fatalf("after adding a line: %d (%q), want %d", got.Total(), a.message, owed+1250)
	}
	owed += 1250
	// i again opens the same draft, writing nothing.
	press(t, a, "esc", "i")
	if a.view != viewInvoices || !strings.Contains(a.message, "is open") {
		t.Errorf("a second i: view %d, %q", a.view, a.message)
	}

	press(t, a, "I")
	if !strings.Contains(a.message, "[business] name") || a.overlay != nil {
		t.Errorf("issue without a business name: %q", a.message)
	}
	a.Deps.Config.Business = model.Party{Name: "Ana Ruiz"}
	press(t, a, "I", "y")
	inv, _ := a.invoices.Selected()
	if inv.Number != "2026-0001" || inv.State != model.InvoiceIssued || !strings.Contains(a.message, "issued invoice 2026-0001") {
		t.Fatalf("after I y: %+v %q", inv.Label(), a.message)
	}
	if a.Bills.Uninvoiced[inv.ClientID] != 0 {
		t.Errorf("the client still has %d to invoice", a.Bills.Uninvoiced[inv.ClientID])
	}

	press(t, a, "R", "m")
	path := filepath.Join(dir, "2026-0001-Acme-Dental.md")
	if _, err := os.Stat(path); err != nil || !strings.Contains(a.message, "in "+dir) {
		t.Fatalf("render: %v, %q", err, a.message)
	}
	os.WriteFile(path, []byte("mine"), 0o600)
	press(t, a, "R", "m", "n")
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Error("n replaced the file")
	}
	press(t, a, "R", "m", "y")
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "# Invoice 2026-0001") {
		t.Errorf("y did not replace the file: %.40s", b)
	}

	press(t, a, "P", "enter")
	if inv, _ := a.invoices.Selected(); inv.Status(a.Snap.Today) != "paid" {
		t.Errorf("after paying the balance: %s (%q)", inv.Status(a.Snap.Today), a.message)
	}
	press(t, a, "V", "x", "enter")
	if f, ok := a.overlay.(openForm); !ok || f.Err() == nil || !strings.Contains(f.Err().Error(), "has payments") {
		t.Errorf("void of a paid invoice: %v", a.overlay)
	}
	press(t, a, "esc")
	still, err := s.Owed()
	if err != nil || still["USD"] != 0 {
		t.Errorf("still owed %v %v", still, err)
	}
}

// TestPeriodsDoNotReadTheInvoicesAgain: moving a view's period reads the
// snapshot again, not the invoices, which follow no period and can take
// long on years never invoiced; a change reads both.
func TestPeriodsDoNotReadTheInvoicesAgain(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	gen := a.billsGen
	press(t, a, "w", "[", "[", "r", "p")
	if a.billsGen != gen {
		t.Errorf("the invoices were read %d more times for periods", a.billsGen-gen)
	}
	press(t, a, "esc", "space") // a change: the timer stops
	if a.billsGen == gen {
		t.Error("a change did not read the invoices again")
	}
}

// TestRenderingAnEmojiWarns: an emoji on an invoice panicked inside fpdf
// and killed the app on R p. The PDF is written, with a placeholder, and
// the status line names the character and the HTML render.
func TestRenderingAnEmojiWarns(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	dir := t.TempDir()
	a.Deps.Config.ExportDir = dir
	press(t, a, "j", "i", "a")
	a.Update(tea.PasteMsg{Content: "Party 🎉"})
	press(t, a, "tab")
	a.Update(tea.PasteMsg{Content: "12.50"})
	press(t, a, "enter", "R", "p")
	draft, _ := a.invoices.Selected()
	path := filepath.Join(dir, "draft-"+draft.Label()+"-Acme-Dental.pdf")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("R p wrote no PDF: %v (%q)", err, a.message)
	}
	for _, want := range []string{"draws � for 1 character its fonts lack: 🎉 (U+1F389)", "R h"} {
		if !strings.Contains(a.message, want) {
			t.Errorf("the status line %q does not say %q", a.message, want)
		}
	}
}

// TestCreditNotesInTheInvoicesView: the view's "owed" is model.Owed, the
// figure status and invoice list show: 200.00 less 50.00 paid, less a
// credit note of 100.00, is 50.00 EUR; the credit note says so.
func TestCreditNotesInTheInvoicesView(t *testing.T) {
	a, _, _ := newTestApp(t, 120, 40)
	day := model.MakeDate
	client := a.dashboard.Clients()[0].Client.ID
	invoice := model.Invoice{ID: 1, Number: "2026-0001", State: model.InvoiceIssued, ClientID: client, Currency: "EUR",
		Issued: day(2026, 11, 10), Due: day(2026, 12, 10), Lines: []model.InvoiceLine{{Kind: model.LineCommission, Description: "Commission", Amount: 20000}},
		Payments: []model.Payment{{Date: day(2026, 11, 12), Amount: 5000}}}
	credit := model.Invoice{ID: 2, Number: "2026-0002", State: model.InvoiceIssued, ClientID: client, Currency: "EUR",
		Issued: day(2026, 11, 27), Due: day(2026, 12, 11), Lines: []model.InvoiceLine{{Kind: model.LineCommission, Description: "Commission, refund", Amount: -10000}}}
	a.Update(billsLoadedMsg{gen: a.billsGen, bills: &common.Bills{Invoices: []model.Invoice{invoice, credit}}})
	press(t, a, "v")
	view := screen(a)
	for _, want := range []string{"Invoices · owed 50.00 EUR", "partially paid", "credit"} {
		if !strings.Contains(view, want) {
			t.Errorf("the view does not show %q:\n%s", want, view)
		}
	}
	if line := lineWith(a, "credit   "); !strings.Contains(line, "100.00 EUR") {
		t.Errorf("the credit note's detail: %q\n%s", line, screen(a))
	}
}
