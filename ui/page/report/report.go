// Package report is the Report page (r): a month's or a year's figures
// per client, as an invoice reads them, and the period's sales.
package report

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"tally/model"
	"tally/store"
	"tally/ui/common"
	"tally/ui/dialog/confirm"
	"tally/ui/dialog/form"
)

// Page is a month's (or year's) figures per client as an invoice
// reads them: each client's lines (time × rate = amount), its items and
// its effective rate, then the period's sales, which can be changed here,
// and the totals per currency.
type Page struct {
	*common.Shared
	host   common.Host
	keys   reportKeys
	anchor model.Date // a day of the month or year shown
	year   bool       // a year instead of a month
	doc    common.Document
	sales  []*common.SaleRow // per document line: the sale it shows, if any
}

type reportKeys struct {
	common.PeriodKeys
	Sale, Edit, Delete key.Binding
}

// New shows the month holding today.
func New(sh *common.Shared, h common.Host, today model.Date) *Page {
	return &Page{Shared: sh, host: h, anchor: today, doc: common.NewDocument("sale"), keys: reportKeys{
		PeriodKeys: common.PeriodKeys{Prev: common.Bind("[", "previous period", "["), Next: common.Bind("]", "next period", "]"),
			Period: common.Bind("p", "month / year", "p")},
		Sale:   common.Bind("$", "add a sale", "$"),
		Edit:   common.Bind("e", "edit the sale", "e"),
		Delete: common.Bind("d", "delete the sale", "d", "delete"),
	}}
}

// ShortHelp is the keys the footer offers, the likeliest first: a sale's
// only while one is selected, the scroll only where there is more.
func (v *Page) ShortHelp() []key.Binding {
	k := v.saleKeys()
	moves := v.doc.Keys()
	return []key.Binding{k.Edit, k.Delete, k.Prev, k.Next, k.Period, k.Sale, moves[0], moves[1], common.DashboardKey()}
}

// FullHelp is every key of the page, as help lists them.
func (v *Page) FullHelp() [][]key.Binding {
	k := v.keys
	return [][]key.Binding{v.doc.Keys(), {k.Prev, k.Next, k.Period, k.Sale, k.Edit, k.Delete}}
}

// saleKeys are the keys, those that change a sale enabled only while one
// is selected.
func (v *Page) saleKeys() reportKeys {
	k := v.keys
	k.Edit.SetEnabled(v.selectedSale() != nil)
	k.Delete.SetEnabled(v.selectedSale() != nil)
	return k
}

// SetSize gives the page the cells it draws in.
func (v *Page) SetSize(width, height int) {
	v.doc.SetSize(width, height)
	if v.Snap != nil {
		v.DataChanged()
	}
}

// HandleKey takes a key of the page's, and says whether it was one.
func (v *Page) HandleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.doc.Update(msg) {
		return nil, true
	}
	k := v.keys
	sale := v.selectedSale()
	switch {
	case key.Matches(msg, k.Period):
		v.year = !v.year
	case key.Matches(msg, k.Prev, k.Next):
		by := 1
		if key.Matches(msg, k.Prev) {
			by = -1
		}
		y, m, _ := v.anchor.Civil()
		if v.year {
			v.anchor = model.MakeDate(y+by, 1, 1)
		} else {
			v.anchor = model.MakeDate(y, m+time.Month(by), 1)
		}
	case key.Matches(msg, k.Sale):
		return v.host.Open(form.NewSale(v.Shared, v.host, model.Client{}, nil)), true
	case key.Matches(msg, k.Edit, k.Delete) && sale == nil:
		v.host.Say("select a sale to change it")
		return nil, true
	case key.Matches(msg, k.Edit):
		return v.host.Open(form.NewSale(v.Shared, v.host, sale.Client, &sale.Sale)), true
	case key.Matches(msg, k.Delete):
		return v.host.Open(deleteSaleConfirm(v.Shared, v.host, *sale)), true
	default:
		return nil, false
	}
	v.doc.Top = 0
	return v.host.Reload(), true
}

func (v *Page) selectedSale() *common.SaleRow {
	if v.doc.Cursor < 0 {
		return nil
	}
	return v.sales[v.doc.Cursor]
}

// SelectSale selects the line of sale id, and says whether the report
// shows it.
func (v *Page) SelectSale(id int64) bool {
	for i, sale := range v.sales {
		if sale != nil && sale.Sale.ID == id {
			v.doc.Select(i)
			return true
		}
	}
	return false
}

// Period is the days the page shows, which the app loads.
func (v *Page) Period() store.Days {
	if v.year {
		from := model.PeriodStart(v.anchor, model.Year)
		return store.Days{From: from, To: model.NextPeriod(from, model.Year).AddDays(-1)}
	}
	from, to := model.MonthRange(v.anchor)
	return store.Days{From: from, To: to}
}

// Follow moves the page on to today at midnight, if it showed the old today.
func (v *Page) Follow(old, today model.Date) {
	if v.anchor == old {
		v.anchor = today
	}
}

// Click selects what is at column x, line y of the page.
func (v *Page) Click(_, y int) tea.Cmd {
	v.doc.Click(y)
	return nil
}

// Wheel scrolls by lines.
func (v *Page) Wheel(_, by int) { v.doc.Wheel(by) }

// View draws the page from the shared data; nothing is priced here.
func (v *Page) View() []string {
	return v.doc.View(v.Styles, v.Rev, func() string {
		return "Report · " + v.Snap.Report.From.String() + " to " + v.Snap.Report.To.String()
	})
}

func (v *Page) widths() []int {
	if v.doc.Width < 110 { // narrow: no plan column
		return []int{v.doc.Width - 2 - 58, 0, -8, -8, -9, -14, -13}
	}
	return []int{v.doc.Width - 2 - 76, 16, -8, -8, -9, -15, -14}
}

// labelWidths gives a line's label the first n columns, which the line
// leaves empty (an item: plan, times and rate; a sale: plan and times), so
// that a fee's or a sale's note is not cut short.
func labelWidths(w []int, n int) []int {
	label := -1 // the separators the columns would have put between them
	for _, width := range w[:n] {
		if width != 0 {
			label += max(width, -width) + 1
		}
	}
	return append([]int{label}, w[n:]...)
}

// DataChanged takes the shared data again, after the app replaced it.
func (v *Page) DataChanged() {
	st, r := v.Styles, v.Snap.Report
	w := v.widths()
	var lines []string
	v.sales = v.sales[:0]
	add := func(line string, sale *common.SaleRow) {
		lines = append(lines, line)
		v.sales = append(v.sales, sale)
	}
	for _, c := range r.Clients {
		cur := c.Client.Currency
		add(st.Bold.Render(common.Columns(w, c.Client.Name, c.Plan.Name(), model.FormatDuration(c.Tracked), model.FormatDuration(c.Billed), "",
			model.FormatAmount(c.Amount, cur)+" "+cur, c.EffectiveText())), nil)
		for _, l := range c.Lines {
			add(common.Columns(w, common.FitMiddle("  "+model.Printable(l.Task.Title), w[0]), l.Label(), "", l.QuantityText(), model.FormatAmount(l.Rate, cur), model.FormatAmount(l.Amount, cur)+" "+cur, l.InvoiceText()), nil)
		}
		for _, it := range c.Items {
			add(st.Dim.Render(common.Columns(labelWidths(w, 5), "  "+it.Date.String()[5:]+" "+it.Label()+": "+model.Printable(it.Note),
				model.FormatAmount(it.Amount, cur)+" "+cur, "")), nil)
		}
		for _, f := range c.Fixed {
			add(st.Dim.Render(common.Columns(labelWidths(w, 5), "  fixed "+model.FormatAmount(f.Task.Price, cur)+": "+model.Printable(f.Task.Title)+", "+f.Progress.BurnText(f.Task),
				"", f.Progress.EffectiveText(cur))), nil)
		}
	}
	if len(r.Clients) == 0 {
		add(st.Dim.Render("Nothing tracked or charged in this period."), nil)
	}
	if sales := v.Snap.Sales; len(sales) > 0 {
		add("", nil)
		add(st.Header.Render("SALES"), nil)
		for i := range sales {
			s := &sales[i]
			cur := s.Client.Currency
			add(common.Columns(labelWidths(w, 4), fmt.Sprintf("  %d %s %s %s", s.Sale.ID, s.Sale.Date.String()[5:], s.Client.Name, model.Printable(s.Sale.Note)),
				model.FormatAmount(s.Sale.Amount, cur), model.FormatAmount(s.Commission.Amount, cur)+" "+cur, ""), s)
		}
	}
	add("", nil)
	for _, t := range r.Totals {
		add(st.Bold.Render(common.Columns(w, "TOTAL", "", model.FormatDuration(t.Tracked), model.FormatDuration(t.Billed), "", model.FormatAmount(t.Amount, t.Currency)+" "+t.Currency, "")), nil)
	}
	acts := make([]bool, len(v.sales))
	for i, sale := range v.sales {
		acts[i] = sale != nil
	}
	v.doc.SetLines(common.Columns(w, "CLIENT · LINE", "PLAN", "TRACKED", "BILLED", "RATE", "AMOUNT", "EFFECTIVE"), lines, acts)
}

func removeSaleCmd(s common.Store, id int64) func() common.Written {
	return func() common.Written {
		sale, warned, err := s.RemoveSale(id)
		return common.Written{Text: "removed sale " + common.Itoa(sale.ID) + " (u brings it back)", Err: err, Warnings: warned}
	}
}

func deleteSaleConfirm(sh *common.Shared, h common.Host, s common.SaleRow) *confirm.Confirm {
	q := "Delete sale " + common.Itoa(s.Sale.ID) + " of " + model.FormatAmount(s.Sale.Amount, s.Client.Currency) + " " + s.Client.Currency +
		" for " + s.Client.Name + "? u brings it back."
	return confirm.New(sh, h, "Delete", q, confirm.WriteOnYes(h, removeSaleCmd(sh.Deps.Store, s.Sale.ID)), "kept sale "+common.Itoa(s.Sale.ID))
}
