// Package invoices is the Invoices page (v): drafts and invoices, what
// wants doing first, and the selected one's lines.
package invoices

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
	"tally/ui/dialog/exportmenu"
	"tally/ui/dialog/form"
)

// Page lists drafts and invoices, those that want something done
// first (drafts, overdue, unpaid), and shows the selected one's lines
// beneath: a draft as the data stand now, an issued one as it was frozen.
// From here a draft is issued, any invoice rendered, an issued one paid
// or voided.
type Page struct {
	*common.Shared
	host          common.Host
	keys          invoiceKeys
	list          common.List
	rows          []model.Invoice
	want          func(model.Invoice) bool // the invoice to select once the bills load: a draft just made
	width, height int
	memo          common.Memo
}

type invoiceKeys struct {
	common.ListKeys
	Issue, Line, Render, Pay, Void, Delete key.Binding
}

// New lists the invoices once they have loaded.
func New(sh *common.Shared, h common.Host) *Page {
	return &Page{Shared: sh, host: h, keys: invoiceKeys{
		ListKeys: common.NewListKeys(),
		Issue:    common.Bind("I", "issue the draft", "I"),
		Line:     common.Bind("a", "add a line (an expense, a discount)", "a"),
		Render:   common.Bind("R", "render PDF / HTML / Markdown", "R"),
		Pay:      common.Bind("P", "record a payment", "P"),
		Void:     common.Bind("V", "void", "V"),
		Delete:   common.Bind("d", "delete the draft", "d", "delete"),
	}}
}

// ShortHelp offers what the selected invoice can take: a draft is issued
// or deleted, an issued one paid or voided, any rendered.
func (v *Page) ShortHelp() []key.Binding {
	k := v.keys
	inv, ok := v.Selected()
	draft, issued := ok && inv.State == model.InvoiceDraft, ok && inv.State == model.InvoiceIssued
	k.Issue.SetEnabled(draft)
	k.Line.SetEnabled(draft)
	k.Delete.SetEnabled(draft)
	k.Render.SetEnabled(ok)
	k.Pay.SetEnabled(issued && inv.Open())
	k.Void.SetEnabled(issued && inv.Paid() == 0)
	return []key.Binding{k.Issue, k.Render, k.Line, k.Pay, k.Void, k.Delete, common.DashboardKey()}
}

// FullHelp is every key of the page, as help lists them.
func (v *Page) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{k.Bindings(), {k.Issue, k.Line, k.Render, k.Pay, k.Void, k.Delete}}
}

// SetSize gives the page the cells it draws in.
func (v *Page) SetSize(width, height int) {
	v.width, v.height = width, height
	v.list.SetHeight(v.listHeight() - 3)
}

// listHeight is the list's box: up to half the view, the rest shows the
// selected invoice.
func (v *Page) listHeight() int {
	return max(min(len(v.rows)+3, v.height/2), 5)
}

// statusOrder puts what wants doing first.
func statusOrder(status string) int {
	switch status {
	case string(model.InvoiceDraft):
		return 0
	case model.StatusOverdue:
		return 1
	case model.StatusUnpaid, model.StatusPartly, model.StatusCredit:
		return 2
	case model.StatusPaid, model.StatusRefunded:
		return 3
	}
	return 4 // void
}

// DataChanged takes the shared data again, after the app replaced it.
func (v *Page) DataChanged() {
	if v.Bills == nil {
		return
	}
	selected := v.want
	if sel, ok := v.Selected(); ok && selected == nil {
		selected = withID(sel.ID)
	}
	today := v.Snap.Today
	v.rows = slices.Clone(v.Bills.Invoices)
	slices.SortStableFunc(v.rows, func(a, b model.Invoice) int {
		return cmp.Or(cmp.Compare(statusOrder(a.Status(today)), statusOrder(b.Status(today))), cmp.Compare(b.ID, a.ID))
	})
	v.list.SetRows(common.Ones(len(v.rows)))
	v.SetSize(v.width, v.height)
	if selected == nil {
		return
	}
	if i := slices.IndexFunc(v.rows, selected); i >= 0 {
		v.list.Sel = i
		v.list.Scroll()
		v.want = nil
	}
}

// ShowInvoice selects invoice id, now or once it has loaded.
func (v *Page) ShowInvoice(id int64) { v.selectWhen(withID(id)) }

// ShowDraftOf selects a client's draft, now or once it has loaded.
func (v *Page) ShowDraftOf(clientID int64) {
	v.selectWhen(func(inv model.Invoice) bool { return inv.ClientID == clientID && inv.State == model.InvoiceDraft })
}

func (v *Page) selectWhen(want func(model.Invoice) bool) {
	v.want = want
	if v.Bills != nil {
		v.DataChanged()
	}
}

func withID(id int64) func(model.Invoice) bool {
	return func(inv model.Invoice) bool { return inv.ID == id }
}

// Selected is the invoice selected, if the list has any.
func (v *Page) Selected() (model.Invoice, bool) {
	if v.list.Sel < len(v.rows) {
		return v.rows[v.list.Sel], true
	}
	return model.Invoice{}, false
}

// HandleKey takes a key of the page's, and says whether it was one.
func (v *Page) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.list.Update(msg, v.keys.ListKeys) {
		return nil, true
	}
	k := v.keys
	if !key.Matches(msg, k.Issue, k.Line, k.Render, k.Pay, k.Void, k.Delete) {
		return nil, false
	}
	inv, ok := v.Selected()
	if !ok {
		v.host.Say("no invoice selected; i on a client in the dashboard makes a draft")
		return nil, true
	}
	d := v.Deps
	draft := inv.State == model.InvoiceDraft
	switch {
	case key.Matches(msg, k.Render):
		return v.host.Open(exportmenu.NewRender(v.Shared, v.host, inv)), true
	case key.Matches(msg, k.Issue) && !draft:
		v.host.Say(inv.Label() + " is issued already")
	case key.Matches(msg, k.Issue) && strings.TrimSpace(d.Config.Business.Name) == "":
		v.host.Say("set [business] name in " + cmp.Or(d.ConfigPath, "config.toml") + " to issue invoices: they need your name (the app reads the file again when it changes)")
	case key.Matches(msg, k.Issue):
		q := fmt.Sprintf("Issue draft %s for %s, %s %s, dated today? It takes the next number and locks its work; only void takes it back.",
			inv.Label(), v.clientName(inv), model.FormatAmount(inv.Total(), inv.Currency), inv.Currency)
		return v.host.Open(confirm.New(v.Shared, v.host, "Issue", q, confirm.WriteOnYes(v.host, issueCmd(d.Store, d, inv.ID, v.Snap.Today)), "draft "+inv.Label()+" stays a draft")), true
	case key.Matches(msg, k.Line) && !draft:
		v.host.Say("an issued invoice is frozen; lines go on a draft")
	case key.Matches(msg, k.Line):
		return v.host.Open(form.NewLine(v.Shared, v.host, inv)), true
	case key.Matches(msg, k.Delete) && !draft:
		v.host.Say("an issued invoice is voided (V), never deleted")
	case key.Matches(msg, k.Delete):
		q := fmt.Sprintf("Delete draft %s for %s? Its work stays uninvoiced; u brings the draft back.", inv.Label(), v.clientName(inv))
		return v.host.Open(confirm.New(v.Shared, v.host, "Delete", q, confirm.WriteOnYes(v.host, removeDraftCmd(d.Store, inv)), "kept draft "+inv.Label())), true
	case inv.State != model.InvoiceIssued:
		v.host.Say("only an issued invoice is paid or voided; I issues a draft")
	case key.Matches(msg, k.Pay):
		return v.host.Open(form.NewPay(v.Shared, v.host, inv)), true
	case key.Matches(msg, k.Void):
		return v.host.Open(form.NewVoid(v.Shared, v.host, inv)), true
	}
	return nil, true
}

func (v *Page) clientName(inv model.Invoice) string {
	return v.Snap.ClientsByID[inv.ClientID].Name
}

// Click selects what is at column x, line y of the page.
func (v *Page) Click(_, y int) tea.Cmd {
	v.list.Click(y - 2) // the box's top and the header
	return nil
}

// Wheel scrolls by rows, the selection with them.
func (v *Page) Wheel(_, by int) { v.list.Wheel(by) }

// View draws the page from the shared data; nothing is priced here.
func (v *Page) View() []string {
	loaded := v.Bills != nil
	id := fmt.Sprint(v.Rev, v.list.Sel, v.list.Top, v.width, v.height, loaded)
	return v.memo.Get(id, func() []string {
		st := v.Styles
		if !loaded {
			return common.Box(st, "Invoices", []string{st.Dim.Render(" working out drafts and what is owed…")}, v.width, v.height, true)
		}
		listH := v.listHeight()
		top := common.Box(st, v.title(), v.listLines(), v.width, listH, true)
		inv, ok := v.Selected()
		detail := []string{st.Dim.Render(" No invoices yet. i on a client in the dashboard (esc) makes a draft of its uninvoiced work.")}
		title := "Invoice"
		if ok {
			title, detail = v.detailTitle(inv), v.detailLines(inv)
		}
		return append(top, common.Box(st, title, detail, v.width, v.height-listH, false)...)
	})
}

// title sums up what is owed (model.Owed: less what credit notes
// credit), per currency, and what is overdue.
func (v *Page) title() string {
	owed, overdue := model.Owed(v.rows), map[string]int64{}
	for _, inv := range v.rows {
		if inv.Status(v.Snap.Today) == model.StatusOverdue {
			overdue[inv.Currency] += inv.Balance()
		}
	}
	var parts []string
	for _, cur := range slices.Sorted(maps.Keys(owed)) {
		part := model.FormatAmount(owed[cur], cur) + " " + cur
		if overdue[cur] > 0 {
			part += " (" + model.FormatAmount(overdue[cur], cur) + " overdue)"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "Invoices"
	}
	return "Invoices · owed " + strings.Join(parts, ", ")
}

func (v *Page) widths() []int {
	inner := v.width - 3 // the marker's column
	if inner < 90 {      // narrow: no issue date
		return []int{10, inner - 62, 0, 10, 14, -18}
	}
	return []int{10, inner - 73, 10, 10, 14, -18}
}

func (v *Page) listLines() []string {
	st := v.Styles
	w := v.widths()
	out := []string{st.Header.Render(" " + common.Columns(w, "INVOICE", "CLIENT", "ISSUED", "DUE", "STATUS", "TOTAL"))}
	if len(v.rows) == 0 {
		return append(out, st.Dim.Render(" none yet"))
	}
	return append(out, v.list.Draw(func(i int, selected bool) []string {
		inv := v.rows[i]
		issued, due := "", ""
		if inv.State != model.InvoiceDraft {
			issued = inv.Issued.String()
		}
		if inv.State != model.InvoiceDraft && !inv.IsCredit() {
			due = inv.Due.String()
		}
		status := inv.Status(v.Snap.Today)
		line := common.Columns(w, inv.Label(), v.clientName(inv), issued, due, status, model.FormatAmount(inv.Total(), inv.Currency)+" "+inv.Currency)
		switch {
		case selected:
			return []string{st.SelectedRow(st.Glyphs.Marker+line, v.width-2)}
		case status == "overdue":
			return []string{st.Warning.Render(" " + line)}
		case status == "void":
			return []string{st.Dim.Render(" " + line)}
		}
		return []string{" " + line}
	})...)
}

func (v *Page) detailTitle(inv model.Invoice) string {
	title := common.InvoiceTitle(inv) + " · " + v.clientName(inv) + " · " + inv.From.String() + " to " + inv.To.String()
	if inv.State == model.InvoiceIssued && !inv.IsCredit() {
		title += " · due " + inv.Due.String()
	}
	return title
}

// detailWidths are the columns of an invoice's lines within inner: each
// column of figures as wide as its widest figure, at least as its
// heading, so that no figure is cut (a price of 99999999999.99 was, at
// any width), and the description taking what they leave.
func detailWidths(inv model.Invoice, inner int) []int {
	cur := inv.Currency
	price, amount := 12, 18
	widen := func(a int64) { amount = max(amount, len(model.FormatAmount(a, cur)+" "+cur)) }
	for _, l := range inv.Lines {
		price = max(price, len(model.FormatAmount(l.Price(), cur)))
		widen(l.Amount)
	}
	for _, a := range []int64{inv.Subtotal(), inv.Tax(), inv.Total(), inv.Balance(), -inv.Balance()} {
		widen(a)
	}
	for _, p := range inv.Payments {
		widen(-p.Amount)
	}
	return []int{-3, inner - 20 - price - amount, -10, -price, -amount}
}

// detailLines are the invoice's lines, then its tax, total and payments.
func (v *Page) detailLines(inv model.Invoice) []string {
	st := v.Styles
	cur := inv.Currency
	w := detailWidths(inv, v.width-2)
	head := []string{st.Header.Render(common.Columns(w, "#", "DESCRIPTION", "QUANTITY", "UNIT PRICE", "AMOUNT"))}
	var out []string
	for i, l := range inv.Lines {
		out = append(out, " "+common.Columns(w, common.Itoa(int64(i+1)), common.FitMiddle(model.Printable(l.Description), w[1]), l.QuantityText(), model.FormatAmount(l.Price(), cur), model.FormatAmount(l.Amount, cur)+" "+cur))
	}
	lines := out
	out = nil
	total := func(label string, amount int64, style func(...string) string) {
		out = append(out, style(" "+common.Columns(w, "", label, "", "", model.FormatAmount(amount, cur)+" "+cur)))
	}
	plain := func(s ...string) string { return strings.Join(s, "") }
	total("subtotal", inv.Subtotal(), plain)
	if inv.TaxBP > 0 {
		total("VAT "+model.FormatPercent(inv.TaxBP)+"%", inv.Tax(), plain)
	}
	total("total", inv.Total(), st.Bold.Render)
	paid, owed, sign := "paid ", "owed", int64(1)
	if inv.IsCredit() {
		paid, owed, sign = "refunded ", "credit", -1
	}
	for _, p := range inv.Payments {
		total(paid+p.Date.String(), -p.Amount, st.Dim.Render)
	}
	if inv.State == model.InvoiceIssued {
		total(owed, sign*inv.Balance(), st.Money.Render)
	}
	if inv.State == model.InvoiceVoid {
		out = append(out, st.Dim.Render(" void since "+inv.Voided.String()+": "+model.Printable(inv.Reason)))
	}
	if inv.State == model.InvoiceDraft {
		out = append(out, "", st.Dim.Render(" A draft follows the data until it is issued (I). R renders it into "+v.Deps.Config.ExportDir+"."))
	}
	// The totals stay in view: a long invoice's last lines give way.
	if room := v.height - v.listHeight() - 2 - len(head) - len(out); len(lines) > room {
		more := len(lines) - room + 1
		lines = append(lines[:max(room-1, 0)], st.Dim.Render(fmt.Sprintf(" … and %d more lines (R renders them all)", more)))
	}
	return slices.Concat(head, lines, out)
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
