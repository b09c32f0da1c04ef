package invoices

import (
	"strings"
	"testing"

	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
	"tally/ui/dialog/exportmenu"
	"tally/ui/uitest"
)

// billed is a year of demo work with Acme Dental's invoiced a month ago
// (2026-0001) and a draft of Brightside Agency's up to today (d2): what
// the Invoices page lists.
func billed(t *testing.T) *common.Shared {
	t.Helper()
	sh, s := uitest.Demo(t)
	rules := sh.Deps.InvoiceRules()
	monthAgo := sh.Snap.Today.AddDays(-30)
	inv, _, err := s.NewDraft(store.DraftRequest{Client: "Acme Dental", From: monthAgo, To: monthAgo}, rules)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Issue(inv.ID, monthAgo, model.Party{Name: "Ana Ruiz"}, model.DefaultNumberFormat, rules); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.NewDraft(store.DraftRequest{Client: "Brightside Agency", From: sh.Snap.Today, To: sh.Snap.Today}, rules); err != nil {
		t.Fatal(err)
	}
	if sh.Bills, err = common.LoadBills(s, sh.Deps); err != nil {
		t.Fatal(err)
	}
	return sh
}

// TestInvoicesViews draws the list, the draft first (what wants doing),
// with its lines beneath, then the issued invoice selected, at each size.
func TestInvoicesViews(t *testing.T) {
	sh := billed(t)
	uitest.Views(t, func() common.Component { return New(sh, &uitest.Host{}) },
		uitest.View{Name: "draft"}, uitest.View{Name: "issued", Keys: []string{"j"}})
}

// Each key offers what the invoice selected can take, and says why not
// otherwise: a draft is issued once the business has a name, an issued
// invoice is frozen, paid or voided, any is rendered.
func TestInvoicesKeys(t *testing.T) {
	sh := billed(t)
	h := &uitest.Host{}
	p := New(sh, h)
	p.SetSize(120, 37)
	p.DataChanged()
	if inv, ok := p.Selected(); !ok || inv.State != model.InvoiceDraft {
		t.Fatalf("selected %+v first; want the draft", inv)
	}
	said := func(k string) string {
		t.Helper()
		p.HandleKey(uitest.Key(k))
		if len(h.Said) == 0 {
			return ""
		}
		last := h.Said[len(h.Said)-1]
		h.Said = nil
		return last
	}
	if got := said("I"); !strings.Contains(got, "set [business] name") {
		t.Errorf("I without a business name: %q", got)
	}
	if got := said("P"); got != "only an issued invoice is paid or voided; I issues a draft" {
		t.Errorf("P on a draft: %q", got)
	}
	sh.Deps.Config.Business = model.Party{Name: "Ana Ruiz"}
	p.HandleKey(uitest.Key("I"))
	ask, ok := h.Opened[len(h.Opened)-1].(*confirm.Confirm)
	if !ok || !strings.HasPrefix(ask.Question(), "Issue draft d2 for Brightside Agency, ") {
		t.Fatalf("I opened %T", h.Opened[len(h.Opened)-1])
	}
	ask.Update(uitest.Key("y"))
	if len(h.Changes) != 1 {
		t.Errorf("yes queued %d writes", len(h.Changes))
	}
	p.HandleKey(uitest.Key("j")) // 2026-0001
	if got := said("a"); got != "an issued invoice is frozen; lines go on a draft" {
		t.Errorf("a on an issued invoice: %q", got)
	}
	if got := said("d"); got != "an issued invoice is voided (V), never deleted" {
		t.Errorf("d on an issued invoice: %q", got)
	}
	p.HandleKey(uitest.Key("R"))
	if _, ok := h.Opened[len(h.Opened)-1].(*exportmenu.RenderMenu); !ok {
		t.Errorf("R opened %T", h.Opened[len(h.Opened)-1])
	}
	for _, k := range []string{"P", "V"} {
		before := len(h.Opened)
		p.HandleKey(uitest.Key(k))
		if len(h.Opened) != before+1 || !strings.Contains(h.Opened[before].(interface{ Title() string }).Title(), "2026-0001") {
			t.Errorf("%s on 2026-0001 opened no form of it", k)
		}
	}
}

// TestFiguresAreNeverCut: a price or an amount as large as tally takes
// shows whole, its column widened for it and the description narrowed,
// at 100 columns as at 130; it was cut to "99999999999…" at any width.
// 0.50 h × 99999999999.99 = 50000000000.00 (49999999999.995 rounded half
// up), and the hand-added line 0.5 × −99999999999.99 = −50000000000.00.
func TestFiguresAreNeverCut(t *testing.T) {
	p := New(billed(t), &uitest.Host{})
	p.SetSize(100, 37)
	inv := model.Invoice{State: model.InvoiceDraft, Currency: "EUR", Lines: []model.InvoiceLine{
		{Kind: model.LineTime, Description: "W", Seconds: 1800, UnitPrice: model.MaxAmount - 1, Amount: model.MaxAmount / 2},
		{Kind: model.LineManual, Description: "Back", Quantity: 500, UnitPrice: 1 - model.MaxAmount, Amount: -model.MaxAmount / 2},
	}}
	view := strings.Join(p.detailLines(inv), "\n")
	for _, want := range []string{" 99999999999.99 ", " 50000000000.00 EUR", " -99999999999.99 ", " -50000000000.00 EUR", " 0.00 EUR"} {
		if !strings.Contains(view, want) {
			t.Errorf("%q is cut:\n%s", want, view)
		}
	}
}

// At 80 columns a line's description too long for its column is cut in
// its middle, so that two lines of one family stay apart (issue 28 item
// 9).
func TestInvoiceLinesStayApartAt80(t *testing.T) {
	p := New(billed(t), &uitest.Host{})
	p.SetSize(80, 24)
	inv := model.Invoice{State: model.InvoiceDraft, Currency: "EUR", Lines: []model.InvoiceLine{
		{Kind: model.LineTime, Description: "Set up the booking page for the clinic", Seconds: 3600, UnitPrice: 1000, Amount: 1000},
		{Kind: model.LineTime, Description: "Set up the booking page for the clinic 2", Seconds: 3600, UnitPrice: 1000, Amount: 1000},
	}}
	lines := p.detailLines(inv)
	if first, second := uitest.Plain(lines[1:2]), uitest.Plain(lines[2:3]); first[5:] == second[5:] { // past the lines' numbers
		t.Errorf("two lines read alike:\n%s\n%s", first, second)
	}
}
